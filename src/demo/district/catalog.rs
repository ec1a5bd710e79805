//! The procedures: the invented catalog (read from `procedures.txt`, with levels, times and
//! documents by field), and the catalog in force as the desks will receive it.

use anyhow::Context;
use chrono::NaiveDateTime;

use crate::db::procedures::{CatalogFilter, VersionRow};
use crate::db::{DbConnection, fields, procedures, write_transaction};
use crate::domain::procedure::{
    Channel, Document, OnlineLevel, ProcedureCode, ProcedureDraft, ProcessingTime, Tier,
    TimeStatus, TimeUnit, field_code_for,
};

use super::{DISTRICT_NAME, procedure_code, since};

/// One invented procedure: its field, whether the district and the communes provide it, and
/// its name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Entry {
    field: &'static str,
    district: bool,
    commune: bool,
    name: &'static str,
}

/// The invented procedures, from `procedures.txt`.
pub(super) fn entries() -> Vec<Entry> {
    let mut field = "";
    let mut list = Vec::new();
    for line in include_str!("../procedures.txt").lines() {
        if line.starts_with("//") || line.trim().is_empty() {
            continue;
        }
        if let Some(name) = line.strip_prefix("# ") {
            field = name;
            continue;
        }
        let (tier, name) = line.split_once(' ').unwrap_or(("d", line));
        list.push(Entry {
            field,
            district: tier != "c",
            commune: tier != "d",
            name,
        });
    }
    list
}

/// Legacy levels of the invented procedures, in their order: 102 at level 2, 101 at level 3,
/// 159 at level 4 and 3 never classified, spread over the fields by a fixed shuffle. The first
/// ten (the ones the load scripts submit online) are at level 3 or 4.
pub(super) fn legacy_levels(n: usize) -> Vec<Option<u8>> {
    let mut levels: Vec<Option<u8>> = std::iter::repeat_n(Some(2), 102)
        .chain(std::iter::repeat_n(Some(3), 101))
        .chain(std::iter::repeat_n(Some(4), 159))
        .chain(std::iter::repeat_n(None, n.saturating_sub(362)))
        .take(n)
        .collect();
    fastrand::Rng::with_seed(98).shuffle(&mut levels);
    for i in 0..10.min(n) {
        if !matches!(levels[i], Some(3 | 4))
            && let Some(j) = (10..n).find(|&j| levels[j] == Some(4))
        {
            levels.swap(i, j);
        }
    }
    levels
}

/// The current (Decree 42/2022) level that goes with a legacy level.
pub(super) fn online_level(legacy: Option<u8>) -> OnlineLevel {
    match legacy {
        Some(4) => OnlineLevel::Full,
        Some(3) => OnlineLevel::Partial,
        _ => OnlineLevel::None,
    }
}

/// Processing times by field: amount and unit, taken in turn.
pub(super) fn times(field: &str) -> &'static [(f64, TimeUnit)] {
    use TimeUnit::{CalendarDays, WorkingDays, WorkingHours};
    match field {
        "Hộ tịch" => &[
            (1.0, WorkingDays),
            (3.0, WorkingDays),
            (5.0, WorkingDays),
            (8.0, WorkingHours),
        ],
        "Chứng thực" => &[(4.0, WorkingHours), (8.0, WorkingHours), (2.0, WorkingDays)],
        "Đất đai" => &[
            (30.0, WorkingDays),
            (10.0, WorkingDays),
            (15.0, CalendarDays),
            (20.0, WorkingDays),
        ],
        "Xây dựng" => &[
            (15.0, CalendarDays),
            (20.0, CalendarDays),
            (7.0, WorkingDays),
            (30.0, CalendarDays),
        ],
        "Giải quyết khiếu nại" | "Giải quyết tố cáo" | "Tiếp công dân" | "Xử lý đơn thư" => {
            &[
                (30.0, CalendarDays),
                (45.0, CalendarDays),
                (10.0, WorkingDays),
            ]
        }
        f if f.contains("hộ kinh doanh") || f.contains("hợp tác xã") => {
            &[(3.0, WorkingDays), (5.0, WorkingDays)]
        }
        _ => &[
            (10.0, WorkingDays),
            (15.0, WorkingDays),
            (7.0, WorkingDays),
            (20.0, WorkingDays),
            (5.0, WorkingDays),
        ],
    }
}

/// The documents of invented procedure `i`: one or two, named as the field asks.
pub(super) fn documents(field: &str, i: usize) -> Vec<Document> {
    let doc = |name: &str, originals, copies| Document {
        name: name.to_owned(),
        originals,
        copies,
        form: None,
        presentation: Default::default(),
        case: None,
        optional: false,
    };
    // The load scripts submit the first ten online with a single "Tờ khai".
    if i < 10 {
        return vec![doc("Tờ khai", 1, 0)];
    }
    let (first, second) = match field {
        "Hộ tịch" => ("Tờ khai", "Giấy tờ chứng minh nhân thân"),
        "Chứng thực" => ("Bản chính giấy tờ, văn bản", "Dự thảo hợp đồng, giao dịch"),
        "Đất đai" => (
            "Đơn đăng ký biến động đất đai, tài sản gắn liền với đất",
            "Giấy chứng nhận đã cấp",
        ),
        "Xây dựng" => (
            "Đơn đề nghị cấp giấy phép xây dựng",
            "Bản vẽ thiết kế xây dựng",
        ),
        f if f.contains("hộ kinh doanh") || f.contains("hợp tác xã") => (
            "Giấy đề nghị đăng ký",
            "Bản sao giấy tờ pháp lý của cá nhân",
        ),
        _ => ("Đơn đề nghị", "Bản sao giấy tờ tùy thân"),
    };
    let mut list = vec![doc(first, 1, 0)];
    if i % 2 == 1 {
        list.push(doc(second, 0, 1));
    }
    list
}

/// The draft of invented procedure `i`.
pub(super) fn draft(i: usize, entry: &Entry, legacy: Option<u8>) -> anyhow::Result<ProcedureDraft> {
    let code = ProcedureCode::parse(&procedure_code(i)).context("procedure code")?;
    let level = online_level(legacy);
    let mut tiers = Vec::new();
    if entry.district {
        tiers.push(Tier::District);
    }
    if entry.commune {
        tiers.push(Tier::Commune);
    }
    let mut channels = vec![Channel::InPerson, Channel::Postal];
    if level != OnlineLevel::None {
        channels.push(Channel::Online);
    }
    let options = times(entry.field);
    let (amount, unit) = options[i % options.len()];
    let body = if entry.district {
        format!("Ủy ban nhân dân huyện {DISTRICT_NAME}")
    } else {
        "Ủy ban nhân dân cấp xã".to_owned()
    };
    Ok(ProcedureDraft {
        code,
        name: entry.name.to_owned(),
        field_code: field_code_for(entry.field),
        field_name: entry.field.to_owned(),
        tiers,
        channels,
        documents: documents(entry.field, i),
        processing_time: Some(ProcessingTime {
            amount,
            unit: Some(unit),
        }),
        time_text: format!("{amount} {}", unit.portal_name()),
        fees: Vec::new(),
        fee_text: String::new(),
        result: String::new(),
        legal_basis: String::new(),
        conditions: String::new(),
        legacy_level: legacy,
        online_level: Some(level),
        published: true,
        decision_no: "9802/QĐ-UBND".into(),
        issuing_body: "Ủy ban nhân dân tỉnh Thử Nghiệm".into(),
        competent_authority: body.clone(),
        implementing_agency: body,
        subjects: "Công dân Việt Nam, Tổ chức".into(),
        kind: String::new(),
        result_code: String::new(),
        source_url: String::new(),
        channel_terms: Vec::new(),
        time_status: TimeStatus::Stated,
        documents_raw: String::new(),
        document_problems: Vec::new(),
    })
}

/// Stores the invented procedures that are not there yet.
pub(super) fn create_procedures(conn: &mut DbConnection, now: NaiveDateTime) -> anyhow::Result<()> {
    let list = entries();
    let levels = legacy_levels(list.len());
    write_transaction(conn, |conn| -> anyhow::Result<()> {
        for (i, entry) in list.iter().enumerate() {
            if procedures::latest(conn, &procedure_code(i))?.is_some() {
                continue;
            }
            let draft = draft(i, entry, levels[i])?;
            fields::ensure(conn, &draft.field_code, &draft.field_name, now)?;
            procedures::create(conn, &VersionRow::from_draft(&draft, 1, since(), now)?)?;
        }
        Ok(())
    })
}

/// A procedure as the desks receive it: code, tiers, levels, published.
pub(super) struct Offered {
    pub(super) code: String,
    pub(super) district: bool,
    pub(super) commune: bool,
    pub(super) legacy_level: Option<i32>,
    pub(super) online_level: Option<String>,
    pub(super) published: bool,
}

/// The catalog in force on the first day, as the desks will receive it. From a national
/// export the centre takes the district tier; the portal's current export has none (districts
/// were abolished in 2025), so then the province tier stands in for it.
pub(super) fn offered(conn: &mut DbConnection) -> anyhow::Result<Vec<Offered>> {
    let listed = procedures::list(
        conn,
        &CatalogFilter {
            as_of: Some(since()),
            ..CatalogFilter::default()
        },
    )?;
    let has = |tiers: &str, tier: Tier| tiers.split(',').any(|t| t == tier.as_str());
    let district_tier = if listed.iter().any(|r| has(&r.tiers, Tier::District)) {
        Tier::District
    } else {
        Tier::Province
    };
    Ok(listed
        .into_iter()
        .map(|r| Offered {
            district: has(&r.tiers, district_tier),
            commune: has(&r.tiers, Tier::Commune),
            code: r.code,
            legacy_level: r.legacy_level,
            online_level: r.online_level,
            published: r.published,
        })
        .filter(|o| o.district || o.commune)
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::demo::district::PROCEDURES;

    #[test]
    fn the_invented_catalog_has_the_bulletins_shape() {
        let list = entries();
        assert_eq!(list.len(), PROCEDURES);
        let names: std::collections::HashSet<_> = list.iter().map(|e| e.name).collect();
        assert_eq!(names.len(), PROCEDURES, "names are distinct");
        let at_center = list.iter().filter(|e| e.district).count();
        let at_communes = list.iter().filter(|e| e.commune).count();
        assert!(at_center > 350, "{at_center}");
        assert!(at_communes > 125, "{at_communes}");
        let levels = legacy_levels(list.len());
        let count = |l| levels.iter().filter(|&&x| x == l).count();
        assert_eq!(
            (count(Some(2)), count(Some(3)), count(Some(4)), count(None)),
            (102, 101, 159, 3)
        );
        for i in 0..10 {
            assert!(list[i].commune, "{}", list[i].name);
            assert!(matches!(levels[i], Some(3 | 4)));
        }
        for field in [
            "Đất đai",
            "Chứng thực",
            "Hộ tịch",
            "Bảo trợ xã hội",
            "Tư pháp",
            "Xây dựng",
            "Giáo dục và Đào tạo",
        ] {
            assert!(list.iter().any(|e| e.field == field), "{field}");
        }
    }

    #[test]
    fn drafts_have_times_channels_and_documents() {
        let list = entries();
        let levels = legacy_levels(list.len());
        for (i, entry) in list.iter().enumerate() {
            let d = draft(i, entry, levels[i]).unwrap();
            assert!((1..=2).contains(&d.documents.len()));
            assert!(d.processing_time.is_some());
            assert_eq!(
                d.channels.contains(&Channel::Online),
                matches!(levels[i], Some(3 | 4))
            );
        }
    }
}
