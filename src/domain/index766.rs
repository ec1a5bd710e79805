//! The indicators of Decision 766/QĐ-TTg (2022) on serving citizens and businesses that the
//! data supports: publicity, processing progress, online service and satisfaction. Each is a
//! share with its formula and inputs, never a bare number (docs/REPORTS.md).

use serde::Serialize;
use utoipa::ToSchema;

use super::progress::{Ratio, ReformProgress};
use super::report::Counts;

/// One indicator.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct Indicator {
    /// Stable key.
    #[schema(example = "on_time_rate")]
    pub key: &'static str,
    /// The Decision's indicator group.
    pub group: Group,
    /// Its name in Vietnamese.
    pub name_vi: &'static str,
    /// Its name in English.
    pub name_en: &'static str,
    /// How it is computed.
    pub formula: &'static str,
    /// What the numerator counts.
    pub numerator_is: &'static str,
    /// What the denominator counts.
    pub denominator_is: &'static str,
    /// The value and its inputs.
    #[serde(flatten)]
    pub ratio: Ratio,
}

/// The Decision's groups of indicators that the data reaches.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Group {
    /// Công khai, minh bạch.
    Publicity,
    /// Tiến độ, kết quả giải quyết.
    Progress,
    /// Dịch vụ công trực tuyến.
    Online,
    /// Mức độ hài lòng.
    Satisfaction,
}

/// The indicators of a unit: `counts` from the results report of a period, `progress` from
/// the reform-progress report on its last day.
pub fn indicators(counts: &Counts, progress: &ReformProgress) -> Vec<Indicator> {
    let levels = &progress.online_levels;
    vec![
        Indicator {
            key: "published",
            group: Group::Publicity,
            name_vi: "Tỷ lệ thủ tục hành chính được công khai",
            name_en: "Procedures published",
            formula: "published ÷ provided",
            numerator_is: "procedures provided by the unit, published and posted at every desk that receives them",
            denominator_is: "procedures provided by the unit on the period's last day",
            ratio: progress.published,
        },
        Indicator {
            key: "on_time_rate",
            group: Group::Progress,
            name_vi: "Tỷ lệ hồ sơ giải quyết đúng hạn",
            name_en: "Applications resolved on time",
            formula: "(resolved early + resolved on time) ÷ resolved with a due date",
            numerator_is: "applications resolved in the period by their due date's day, without an apology",
            denominator_is: "applications resolved in the period, less those without any processing time (shown apart)",
            ratio: Ratio::new(
                counts.resolved_early + counts.resolved_on_time,
                counts.resolved_with_deadline(),
            ),
        },
        Indicator {
            key: "in_progress_on_time",
            group: Group::Progress,
            name_vi: "Tỷ lệ hồ sơ đang giải quyết trong hạn",
            name_en: "Applications in progress within their time",
            formula: "in progress on time ÷ in progress with a due date",
            numerator_is: "applications open at the period's end and not past their due date's day",
            denominator_is: "applications open at the period's end, less those without any processing time (shown apart)",
            ratio: Ratio::new(
                counts.in_progress_on_time,
                counts.in_progress_with_deadline(),
            ),
        },
        Indicator {
            key: "procedures_online",
            group: Group::Online,
            name_vi: "Tỷ lệ thủ tục hành chính cung cấp dịch vụ công trực tuyến",
            name_en: "Procedures offered online",
            formula: "(full + partial) ÷ provided",
            numerator_is: "procedures provided with a full or partial online service",
            denominator_is: "procedures provided by the unit on the period's last day",
            ratio: Ratio::new(levels.full + levels.partial, levels.total),
        },
        Indicator {
            key: "procedures_full_online",
            group: Group::Online,
            name_vi: "Tỷ lệ thủ tục hành chính cung cấp dịch vụ công trực tuyến toàn trình",
            name_en: "Procedures offered fully online",
            formula: "full ÷ provided",
            numerator_is: "procedures provided with a full online service",
            denominator_is: "procedures provided by the unit on the period's last day",
            ratio: Ratio::new(levels.full, levels.total),
        },
        Indicator {
            key: "applications_online",
            group: Group::Online,
            name_vi: "Tỷ lệ hồ sơ nộp trực tuyến",
            name_en: "Applications filed online",
            formula: "new online ÷ (new online + new in person or postal)",
            numerator_is: "applications received in the period that were filed online",
            denominator_is: "applications received in the period",
            ratio: Ratio::new(counts.new_online, counts.new_online + counts.new_in_person),
        },
        Indicator {
            key: "satisfaction",
            group: Group::Satisfaction,
            name_vi: "Tỷ lệ hài lòng của người dân, doanh nghiệp",
            name_en: "Applicants satisfied",
            formula: "ratings of 4 or 5 ÷ ratings",
            numerator_is: "ratings given in the period as satisfied or very satisfied",
            denominator_is: "ratings given in the period",
            ratio: Ratio::new(counts.satisfied, counts.rated),
        },
    ]
}

/// The digitisation indicators (Decision 766's "số hóa hồ sơ, kết quả"), from counts of
/// the stored files: `received` applications received in the period and `received_digitised`
/// those with a file of their documents; `resolved` and `resolved_digitised` likewise with a
/// result file.
pub fn digitisation(
    received: u64,
    received_digitised: u64,
    resolved: u64,
    resolved_digitised: u64,
) -> Vec<Indicator> {
    vec![
        Indicator {
            key: "applications_digitised",
            group: Group::Online,
            name_vi: "Tỷ lệ hồ sơ được số hóa",
            name_en: "Applications whose documents were digitised",
            formula: "received with a document file ÷ received",
            numerator_is: "applications received in the period with a file of their documents (uploaded online, sent as a supplement or scanned at the desk)",
            denominator_is: "applications received in the period",
            ratio: Ratio::new(received_digitised, received),
        },
        Indicator {
            key: "results_digitised",
            group: Group::Online,
            name_vi: "Tỷ lệ kết quả giải quyết được số hóa",
            name_en: "Results digitised",
            formula: "resolved with a result file ÷ resolved",
            numerator_is: "applications resolved in the period whose result was attached as a file",
            denominator_is: "applications resolved in the period",
            ratio: Ratio::new(resolved_digitised, resolved),
        },
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_indicator_reads_its_inputs() {
        let counts = Counts {
            new_online: 3,
            new_in_person: 1,
            resolved_total: 4,
            resolved_early: 1,
            resolved_on_time: 2,
            resolved_late: 1,
            in_progress_total: 2,
            in_progress_on_time: 1,
            in_progress_overdue: 1,
            rated: 5,
            satisfied: 4,
            ..Counts::default()
        };
        let progress = ReformProgress {
            desks: Vec::new(),
            published: Ratio::new(9, 10),
            commune_desks: Default::default(),
            district_centers: Default::default(),
            legacy_levels: Default::default(),
            online_levels: super::super::progress::OnlineLevels {
                full: 2,
                partial: 3,
                none: 5,
                not_classified: 0,
                total: 10,
            },
        };
        let all = indicators(&counts, &progress);
        let share = |key: &str| all.iter().find(|i| i.key == key).unwrap().ratio.share;
        assert_eq!(share("published"), Some(0.9));
        assert_eq!(share("on_time_rate"), Some(0.75));
        assert_eq!(share("in_progress_on_time"), Some(0.5));
        assert_eq!(share("procedures_online"), Some(0.5));
        assert_eq!(share("procedures_full_online"), Some(0.2));
        assert_eq!(share("applications_online"), Some(0.75));
        assert_eq!(share("satisfaction"), Some(0.8));
        let digitised = digitisation(4, 3, 0, 0);
        assert_eq!(digitised[0].ratio.share, Some(0.75));
        assert_eq!(digitised[1].ratio.share, None, "nothing resolved: no share");
        assert_eq!(
            indicators(&Counts::default(), &progress)[1].ratio.share,
            None,
            "nothing resolved: no rate"
        );
    }
}
