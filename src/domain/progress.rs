//! The reform-progress report's figures, computed from what a unit has on a date: which of its
//! units have a one-stop desk operating, how many of its procedures are published, how many
//! its desks receive, and how its procedures split by online level. Pure: the query gathers the
//! facts, this counts them (formulas in docs/REPORTS.md).

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::procedure::OnlineLevel;
use super::unit::UnitLevel;

/// A share: numerator ÷ denominator.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Ratio {
    /// What is counted.
    #[schema(example = 18)]
    pub numerator: u64,
    /// Out of.
    #[schema(example = 18)]
    pub denominator: u64,
    /// numerator ÷ denominator, rounded to 4 decimals; `null` when the denominator is 0.
    #[schema(example = 1.0)]
    pub share: Option<f64>,
}

impl Ratio {
    /// The ratio of two counts.
    pub fn new(numerator: u64, denominator: u64) -> Self {
        let share = (denominator > 0)
            .then(|| (numerator as f64 / denominator as f64 * 10_000.0).round() / 10_000.0);
        Self {
            numerator,
            denominator,
            share,
        }
    }

    /// `18/18 (100%)`, or `0/0` without a share.
    pub fn text(&self) -> String {
        match self.share {
            Some(share) => format!(
                "{}/{} ({}%)",
                self.numerator,
                self.denominator,
                percent(share)
            ),
            None => format!("{}/{}", self.numerator, self.denominator),
        }
    }
}

/// A share as a percentage with at most two decimals (`100`, `94.44`).
pub fn percent(share: f64) -> String {
    let text = format!("{:.2}", share * 100.0);
    text.trim_end_matches('0').trim_end_matches('.').to_owned()
}

/// Units of one tier with a one-stop desk operating, out of the units of that tier.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct DeskCoverage {
    /// The tier.
    pub tier: UnitLevel,
    /// Units with at least one desk of the tier's kind open that day ÷ units valid that day.
    #[serde(flatten)]
    pub ratio: Ratio,
}

/// The office kinds that are a tier's one-stop desk.
pub fn desk_kinds(tier: UnitLevel) -> &'static [&'static str] {
    match tier {
        UnitLevel::Commune => &["commune_reception", "commune_service_center"],
        UnitLevel::District => &["district_center"],
        UnitLevel::Province => &["province_service_center"],
    }
}

/// The tiers a unit's report covers: its own and those below it.
pub fn tiers_of(level: UnitLevel) -> &'static [UnitLevel] {
    match level {
        UnitLevel::Province => &[UnitLevel::Commune, UnitLevel::District, UnitLevel::Province],
        UnitLevel::District => &[UnitLevel::Commune, UnitLevel::District],
        UnitLevel::Commune => &[UnitLevel::Commune],
    }
}

/// Procedures received at a group of desks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, ToSchema)]
pub struct Received {
    /// Desks of the group open that day.
    #[schema(example = 18)]
    pub desks: u64,
    /// Distinct procedures received (available and posted) at any of them.
    #[schema(example = 146)]
    pub procedures: u64,
    /// The fewest one desk receives.
    pub per_desk_min: Option<u64>,
    /// The most one desk receives.
    pub per_desk_max: Option<u64>,
}

impl Received {
    /// Counts the procedure codes each desk receives.
    pub fn of(per_desk: &[BTreeSet<String>]) -> Self {
        let all: BTreeSet<&String> = per_desk.iter().flatten().collect();
        Self {
            desks: per_desk.len() as u64,
            procedures: all.len() as u64,
            per_desk_min: per_desk.iter().map(|s| s.len() as u64).min(),
            per_desk_max: per_desk.iter().map(|s| s.len() as u64).max(),
        }
    }
}

/// Procedures by legacy online level (Decree 43/2011); the five counts add up to `total`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, ToSchema)]
pub struct LegacyLevels {
    /// Level 1: information only.
    pub level_1: u64,
    /// Level 2: forms to download.
    pub level_2: u64,
    /// Level 3: online submission.
    pub level_3: u64,
    /// Level 4: online payment and result.
    pub level_4: u64,
    /// No legacy level recorded.
    pub not_classified: u64,
    /// Every procedure provided.
    pub total: u64,
}

/// Procedures by current online level (Decree 42/2022); the four counts add up to `total`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, ToSchema)]
pub struct OnlineLevels {
    /// Toàn trình.
    pub full: u64,
    /// Một phần.
    pub partial: u64,
    /// Not online.
    pub none: u64,
    /// No current level recorded.
    pub not_classified: u64,
    /// Every procedure provided.
    pub total: u64,
}

/// One procedure the unit provides, as the report sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Provided {
    /// Legacy level at the unit.
    pub legacy_level: Option<i32>,
    /// Current level at the unit.
    pub online_level: Option<OnlineLevel>,
    /// Published in the catalog and posted wherever the unit receives it.
    pub published: bool,
}

/// A procedure's levels at a unit: the highest any of the unit's offices offers it at, or the
/// catalog's when no office states one.
pub fn levels_at_unit(
    offices: &[(Option<i32>, Option<OnlineLevel>)],
    catalog: (Option<i32>, Option<OnlineLevel>),
) -> (Option<i32>, Option<OnlineLevel>) {
    let rank = |l: &OnlineLevel| match l {
        OnlineLevel::None => 0,
        OnlineLevel::Partial => 1,
        OnlineLevel::Full => 2,
    };
    let legacy = offices.iter().filter_map(|o| o.0).max().or(catalog.0);
    let online = offices
        .iter()
        .filter_map(|o| o.1)
        .max_by_key(rank)
        .or(catalog.1);
    (legacy, online)
}

/// Published ÷ provided, and the split by both classifications.
pub fn tally(provided: &[Provided]) -> (Ratio, LegacyLevels, OnlineLevels) {
    let mut legacy = LegacyLevels::default();
    let mut online = OnlineLevels::default();
    let mut published = 0;
    for p in provided {
        if p.published {
            published += 1;
        }
        match p.legacy_level {
            Some(1) => legacy.level_1 += 1,
            Some(2) => legacy.level_2 += 1,
            Some(3) => legacy.level_3 += 1,
            Some(4) => legacy.level_4 += 1,
            _ => legacy.not_classified += 1,
        }
        match p.online_level {
            Some(OnlineLevel::Full) => online.full += 1,
            Some(OnlineLevel::Partial) => online.partial += 1,
            Some(OnlineLevel::None) => online.none += 1,
            None => online.not_classified += 1,
        }
    }
    let total = provided.len() as u64;
    legacy.total = total;
    online.total = total;
    (Ratio::new(published, total), legacy, online)
}

/// The report's figures for one unit on one date.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct ReformProgress {
    /// Per tier at and below the unit, communes first.
    pub desks: Vec<DeskCoverage>,
    /// Procedures published ÷ procedures provided by the unit.
    pub published: Ratio,
    /// What the commune desks receive.
    pub commune_desks: Received,
    /// What the district centres receive.
    pub district_centers: Received,
    /// Procedures provided by the unit, by legacy level.
    pub legacy_levels: LegacyLevels,
    /// Procedures provided by the unit, by current level.
    pub online_levels: OnlineLevels,
}

/// A figure of a line: a ratio or a count.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Figure {
    /// numerator ÷ denominator.
    Ratio(Ratio),
    /// A count.
    Count(u64),
}

/// One line of the report as people read it, in both languages.
#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    /// A stable key.
    pub key: &'static str,
    /// The Vietnamese label.
    pub vi: String,
    /// The English label.
    pub en: String,
    /// The figure.
    pub figure: Figure,
}

fn tier_names(tier: UnitLevel) -> (&'static str, &'static str, &'static str) {
    match tier {
        UnitLevel::Commune => (
            "desks_commune",
            "Xã có bộ phận một cửa hiện đại hoạt động",
            "Communes with a modern one-stop desk operating",
        ),
        UnitLevel::District => (
            "desks_district",
            "Huyện có Trung tâm Hành chính công hoạt động",
            "Districts with a public administration centre operating",
        ),
        UnitLevel::Province => (
            "desks_province",
            "Tỉnh có Trung tâm phục vụ hành chính công hoạt động",
            "Provinces with a public service centre operating",
        ),
    }
}

impl ReformProgress {
    /// The figures as labelled lines, in reading order; level splits end with their totals.
    pub fn lines(&self) -> Vec<Line> {
        let line = |key, vi: &str, en: &str, figure| Line {
            key,
            vi: vi.to_owned(),
            en: en.to_owned(),
            figure,
        };
        let mut lines = Vec::new();
        for d in &self.desks {
            let (key, vi, en) = tier_names(d.tier);
            lines.push(line(key, vi, en, Figure::Ratio(d.ratio)));
        }
        lines.push(line(
            "published",
            "Thủ tục hành chính được công khai",
            "Procedures published",
            Figure::Ratio(self.published),
        ));
        let c = &self.commune_desks;
        let d = &self.district_centers;
        lines.extend([
            line(
                "received_commune",
                "Thủ tục tiếp nhận tại bộ phận một cửa cấp xã",
                "Procedures received at the commune desks",
                Figure::Count(c.procedures),
            ),
            line(
                "received_commune_min",
                "Ít nhất tại một bộ phận một cửa cấp xã",
                "Fewest at one commune desk",
                Figure::Count(c.per_desk_min.unwrap_or(0)),
            ),
            line(
                "received_district",
                "Thủ tục tiếp nhận tại Trung tâm Hành chính công cấp huyện",
                "Procedures received at the district centre",
                Figure::Count(d.procedures),
            ),
        ]);
        let l = &self.legacy_levels;
        lines.extend([
            line(
                "legacy_level_1",
                "Mức độ 1",
                "Level 1",
                Figure::Count(l.level_1),
            ),
            line(
                "legacy_level_2",
                "Mức độ 2",
                "Level 2",
                Figure::Count(l.level_2),
            ),
            line(
                "legacy_level_3",
                "Mức độ 3",
                "Level 3",
                Figure::Count(l.level_3),
            ),
            line(
                "legacy_level_4",
                "Mức độ 4",
                "Level 4",
                Figure::Count(l.level_4),
            ),
            line(
                "legacy_not_classified",
                "Chưa phân loại mức độ",
                "Level not classified",
                Figure::Count(l.not_classified),
            ),
            line(
                "legacy_total",
                "Tổng số thủ tục do đơn vị cung cấp (theo mức độ)",
                "Procedures provided by the unit (by level)",
                Figure::Count(l.total),
            ),
        ]);
        let o = &self.online_levels;
        lines.extend([
            line(
                "online_full",
                "Dịch vụ công trực tuyến toàn trình",
                "Fully online",
                Figure::Count(o.full),
            ),
            line(
                "online_partial",
                "Dịch vụ công trực tuyến một phần",
                "Partly online",
                Figure::Count(o.partial),
            ),
            line(
                "online_none",
                "Không cung cấp trực tuyến",
                "Not online",
                Figure::Count(o.none),
            ),
            line(
                "online_not_classified",
                "Chưa phân loại dịch vụ công trực tuyến",
                "Online service not classified",
                Figure::Count(o.not_classified),
            ),
            line(
                "online_total",
                "Tổng số thủ tục do đơn vị cung cấp (dịch vụ công trực tuyến)",
                "Procedures provided by the unit (online service)",
                Figure::Count(o.total),
            ),
        ]);
        lines
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn provided(legacy: Option<i32>, online: Option<OnlineLevel>, published: bool) -> Provided {
        Provided {
            legacy_level: legacy,
            online_level: online,
            published,
        }
    }

    #[test]
    fn ratios_round_and_survive_an_empty_denominator() {
        assert_eq!(Ratio::new(18, 18).share, Some(1.0));
        assert_eq!(Ratio::new(17, 18).share, Some(0.9444));
        assert_eq!(Ratio::new(0, 0).share, None);
        assert_eq!(Ratio::new(17, 18).text(), "17/18 (94.44%)");
        assert_eq!(Ratio::new(21, 21).text(), "21/21 (100%)");
        assert_eq!(Ratio::new(0, 0).text(), "0/0");
    }

    #[test]
    fn the_bulletins_levels_show_their_remainder() {
        let mut list = Vec::new();
        for (level, online, n) in [
            (Some(2), Some(OnlineLevel::None), 102),
            (Some(3), Some(OnlineLevel::Partial), 101),
            (Some(4), Some(OnlineLevel::Full), 159),
            (None, Some(OnlineLevel::None), 3),
        ] {
            list.extend(std::iter::repeat_n(provided(level, online, true), n));
        }
        list[0].published = false;
        let (published, legacy, online) = tally(&list);
        assert_eq!(published, Ratio::new(364, 365));
        assert_eq!(
            legacy,
            LegacyLevels {
                level_1: 0,
                level_2: 102,
                level_3: 101,
                level_4: 159,
                not_classified: 3,
                total: 365
            }
        );
        assert_eq!((online.full, online.partial, online.none), (159, 101, 105));
        assert_eq!(online.not_classified, 0);
    }

    #[test]
    fn a_unit_offers_a_procedure_at_its_best_office_level() {
        let catalog = (Some(2), Some(OnlineLevel::None));
        assert_eq!(levels_at_unit(&[], catalog), catalog);
        assert_eq!(
            levels_at_unit(
                &[
                    (Some(3), Some(OnlineLevel::Partial)),
                    (Some(4), Some(OnlineLevel::Full)),
                    (None, None)
                ],
                catalog
            ),
            (Some(4), Some(OnlineLevel::Full))
        );
        assert_eq!(
            levels_at_unit(&[(None, None)], (None, None)),
            (None, None),
            "nothing recorded anywhere stays unclassified"
        );
    }

    #[test]
    fn received_counts_distinct_codes_and_the_spread() {
        let desk = |codes: &[&str]| codes.iter().map(|c| (*c).to_owned()).collect();
        let r = Received::of(&[desk(&["a", "b"]), desk(&["b", "c", "d"])]);
        assert_eq!(
            r,
            Received {
                desks: 2,
                procedures: 4,
                per_desk_min: Some(2),
                per_desk_max: Some(3)
            }
        );
        assert_eq!(Received::of(&[]), Received::default());
    }

    #[test]
    fn lines_cover_every_tier_and_keep_totals_last() {
        let report = ReformProgress {
            desks: tiers_of(UnitLevel::District)
                .iter()
                .map(|&tier| DeskCoverage {
                    tier,
                    ratio: Ratio::new(1, 1),
                })
                .collect(),
            published: Ratio::new(1, 1),
            commune_desks: Received::default(),
            district_centers: Received::default(),
            legacy_levels: LegacyLevels::default(),
            online_levels: OnlineLevels::default(),
        };
        let keys: Vec<_> = report.lines().iter().map(|l| l.key).collect();
        assert_eq!(keys[..2], ["desks_commune", "desks_district"]);
        assert_eq!(keys.last(), Some(&"online_total"));
        assert!(
            report
                .lines()
                .iter()
                .all(|l| !l.vi.is_empty() && !l.en.is_empty())
        );
    }

    fn any_level() -> impl Strategy<Value = Option<i32>> {
        prop_oneof![Just(None), (0..6i32).prop_map(Some)]
    }

    fn any_online() -> impl Strategy<Value = Option<OnlineLevel>> {
        prop_oneof![
            Just(None),
            Just(Some(OnlineLevel::Full)),
            Just(Some(OnlineLevel::Partial)),
            Just(Some(OnlineLevel::None)),
        ]
    }

    proptest! {
        #[test]
        fn splits_add_up_to_the_total(
            items in proptest::collection::vec((any_level(), any_online(), any::<bool>()), 0..300)
        ) {
            let list: Vec<_> = items.into_iter().map(|(l, o, p)| provided(l, o, p)).collect();
            let (published, legacy, online) = tally(&list);
            let n = list.len() as u64;
            prop_assert_eq!(legacy.total, n);
            prop_assert_eq!(
                legacy.level_1 + legacy.level_2 + legacy.level_3 + legacy.level_4
                    + legacy.not_classified,
                n
            );
            prop_assert_eq!(online.full + online.partial + online.none + online.not_classified, n);
            prop_assert_eq!(published.denominator, n);
            prop_assert!(published.numerator <= n);
        }
    }
}
