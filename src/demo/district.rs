//! The demo district, shaped like a real reform bulletin: "21/21 commune desks opened (18/18
//! after the merger), 100% of procedures published, 365 procedures: 102 at level 2, 101 at
//! level 3, 159 at level 4".
//!
//! Province 98 (invented) holds one district, 980 Huyện An Lạc, with 21 communes, each with a
//! modern reception desk opened during 2019. On 2020-02-01 three pairs of communes merge (recorded
//! through the same code path as `POST /units/reorganizations`), leaving 18; the merged-away
//! communes' desks close and each merged commune opens its own. The district has a public
//! administration centre and a processing agency (its departments). The 365 procedures are
//! invented but named like real ones; `--catalog` puts the national portal's export in their
//! place through the import code path.

use chrono::{Duration, NaiveDate, NaiveDateTime};

use anyhow::{Context, bail};

use crate::db::procedures::{CatalogFilter, VersionRow};
use crate::db::{DbConnection, fields, offices, procedures, units, write_transaction};
use crate::domain::procedure::{
    Channel, Document, OnlineLevel, ProcedureCode, ProcedureDraft, ProcessingTime, Tier, TimeUnit,
    field_code_for,
};
use crate::domain::text::fold;
use crate::domain::unit::{ReorganizationKind, Succession, UnitLevel};
use crate::import::procedures::{Format, ImportReport, import, read};
use crate::service::units::{FromIn, NewUnitIn, ReorganizationIn, reorganize};

/// The province's code; no real unit uses it.
pub const PROVINCE: &str = "98";
/// The district's code (GSO style, three digits; no real district uses it).
pub const DISTRICT: &str = "980";
/// The district's name.
pub const DISTRICT_NAME: &str = "An Lạc";
/// The processing agency's agency code (the district's departments).
pub const AGENCY: &str = "P98.00";
/// The district public administration centre's agency code.
pub const CENTER: &str = "T98.00";
/// How many communes the district had before the merger.
pub const COMMUNES: usize = 21;
/// How many invented procedures the district provides.
pub const PROCEDURES: usize = 365;

/// The agency code of commune desk `i` (0-based): 0–20 are the original communes' desks,
/// 21–23 the merged communes'.
pub fn desk_code(i: usize) -> String {
    format!("B98.{:02}", i + 1)
}

/// The GSO-style code of commune `i` (0-based; 21–23 are the merged communes).
pub fn commune_code(i: usize) -> String {
    format!("98{:03}", i + 1)
}

/// The code of invented procedure `i` (0-based).
pub fn procedure_code(i: usize) -> String {
    format!("1.98{i:04}")
}

/// The first day of the merged communes.
pub fn merged_on() -> NaiveDate {
    NaiveDate::from_ymd_opt(2020, 2, 1).unwrap_or_default()
}

/// When the records begin: units and procedure versions are valid from this day.
fn since() -> NaiveDate {
    NaiveDate::from_ymd_opt(2018, 1, 1).unwrap_or_default()
}

/// The day the district centre opened.
fn center_opened() -> NaiveDate {
    NaiveDate::from_ymd_opt(2018, 10, 1).unwrap_or_default()
}

/// The day commune `i`'s desk opened: one after another from March to November 2019.
fn desk_opened(i: usize) -> NaiveDate {
    NaiveDate::from_ymd_opt(2019, 3, 1).unwrap_or_default() + Duration::days(13 * i as i64)
}

/// The communes before the merger: kind and name.
const COMMUNE_NAMES: [(&str, &str); COMMUNES] = [
    ("Thị trấn", "An Lạc"),
    ("Xã", "An Bình"),
    ("Xã", "An Hòa"),
    ("Xã", "An Phú"),
    ("Xã", "Bình Minh"),
    ("Xã", "Đông Hưng"),
    ("Xã", "Đông Sơn"),
    ("Xã", "Hòa Lợi"),
    ("Xã", "Hưng Đạo"),
    ("Xã", "Hợp Thành"),
    ("Xã", "Minh Tân"),
    ("Xã", "Nam Sơn"),
    ("Xã", "Phú Lộc"),
    ("Xã", "Quang Trung"),
    ("Xã", "Tân Lập"),
    ("Xã", "Tân Tiến"),
    ("Xã", "Thanh Lương"),
    ("Xã", "Thanh Vân"),
    ("Xã", "Trung Hòa"),
    ("Xã", "Vĩnh Phúc"),
    ("Xã", "Yên Ninh"),
];

/// The merger of 2020-02-01: which two communes (0-based) become which new one.
const MERGES: [([usize; 2], &str); 3] = [
    ([14, 15], "Tân Thành"),
    ([16, 17], "Thanh Sơn"),
    ([19, 20], "Vĩnh Yên"),
];

/// The title of the merger's resolution (invented).
const MERGER_TITLE: &str =
    "Nghị quyết số 9801/NQ-UBTVQH14 về sắp xếp đơn vị hành chính cấp xã thuộc huyện An Lạc";

/// A procedure of the district as the generator uses it: code, name, field code, processing
/// time amount and unit.
pub type DistrictProcedure = (String, String, String, Option<f64>, Option<String>);

/// A desk that receives applications (the centre counts as one).
#[derive(Debug, Clone)]
pub struct Desk {
    /// The office's id.
    pub id: String,
    /// Its current agency code.
    pub code: String,
    /// Its unit's id.
    pub unit_id: String,
    /// The day it opened.
    pub opened_on: NaiveDate,
    /// The first day it no longer receives, if it closed.
    pub closed_on: Option<NaiveDate>,
    /// Indexes into [`Place::procedures`] of the procedures it receives.
    pub procedures: Vec<usize>,
}

impl Desk {
    /// Whether it receives the public on `day`.
    pub fn is_open(&self, day: NaiveDate) -> bool {
        self.opened_on <= day && self.closed_on.is_none_or(|c| c > day)
    }
}

/// The district as the generator sees it.
#[derive(Debug, Clone)]
pub struct Place {
    /// Every desk, open or closed.
    pub desks: Vec<Desk>,
    /// The processing agency's id.
    pub agency_id: String,
    /// The procedures any desk receives.
    pub procedures: Vec<DistrictProcedure>,
}

impl Place {
    /// A desk open on `day` and a procedure it receives there (any desk when none is open yet).
    pub fn pick(&self, rng: &mut fastrand::Rng, day: NaiveDate) -> (&Desk, usize) {
        let open: Vec<&Desk> = self
            .desks
            .iter()
            .filter(|d| d.is_open(day) && !d.procedures.is_empty())
            .collect();
        let desk = if open.is_empty() {
            let any: Vec<&Desk> = self
                .desks
                .iter()
                .filter(|d| !d.procedures.is_empty())
                .collect();
            any[rng.usize(0..any.len())]
        } else {
            open[rng.usize(0..open.len())]
        };
        (desk, desk.procedures[rng.usize(0..desk.procedures.len())])
    }
}

/// One invented procedure: its field, whether the district and the communes provide it, and
/// its name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Entry {
    field: &'static str,
    district: bool,
    commune: bool,
    name: &'static str,
}

/// The invented procedures, from `procedures.txt`.
fn entries() -> Vec<Entry> {
    let mut field = "";
    let mut list = Vec::new();
    for line in include_str!("procedures.txt").lines() {
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
fn legacy_levels(n: usize) -> Vec<Option<u8>> {
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
fn online_level(legacy: Option<u8>) -> OnlineLevel {
    match legacy {
        Some(4) => OnlineLevel::Full,
        Some(3) => OnlineLevel::Partial,
        _ => OnlineLevel::None,
    }
}

/// Processing times by field: amount and unit, taken in turn.
fn times(field: &str) -> &'static [(f64, TimeUnit)] {
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
fn documents(field: &str, i: usize) -> Vec<Document> {
    let doc = |name: &str, originals, copies| Document {
        name: name.to_owned(),
        originals,
        copies,
        form: None,
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
fn draft(i: usize, entry: &Entry, legacy: Option<u8>) -> anyhow::Result<ProcedureDraft> {
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
    })
}

/// Stores the invented procedures that are not there yet.
fn create_procedures(conn: &mut DbConnection, now: NaiveDateTime) -> anyhow::Result<()> {
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
struct Offered {
    code: String,
    district: bool,
    commune: bool,
    legacy_level: Option<i32>,
    online_level: Option<String>,
    published: bool,
}

/// The catalog in force on the first day, as the desks will receive it. From a national
/// export the centre takes the district tier; the portal's current export has none (districts
/// were abolished in 2025), so then the province tier stands in for it.
fn offered(conn: &mut DbConnection) -> anyhow::Result<Vec<Offered>> {
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

/// Builds the district into an empty database, unless it is there already. With `catalog`
/// (the portal's CSV export), its procedures are imported and received instead of the invented
/// ones; the import's summary is returned.
pub fn ensure(
    conn: &mut DbConnection,
    now: NaiveDateTime,
    catalog: Option<&[u8]>,
) -> anyhow::Result<Option<ImportReport>> {
    if offices::find_id_by_code(conn, AGENCY)?.is_some() {
        if catalog.is_some() {
            bail!("the demo district exists already: --catalog only applies to an empty database");
        }
        return Ok(None);
    }
    let report = match catalog {
        Some(bytes) => {
            let rows = read(bytes, Format::Csv)?;
            Some(import(conn, rows, since(), false, |_| {})?)
        }
        None => {
            create_procedures(conn, now)?;
            None
        }
    };
    let offered = offered(conn)?;
    write_transaction(conn, |conn| build(conn, now, &offered))?;
    Ok(report)
}

fn unit_row(
    code: &str,
    name: &str,
    level: UnitLevel,
    kind: &str,
    parent: Option<&str>,
    now: NaiveDateTime,
) -> units::UnitRow {
    let full_name = format!("{kind} {name}");
    units::UnitRow {
        id: uuid::Uuid::new_v4().to_string(),
        code: code.to_owned(),
        name: name.to_owned(),
        name_folded: fold(&full_name),
        full_name,
        level: level.as_str().to_owned(),
        kind: kind.to_owned(),
        parent_code: parent.map(str::to_owned),
        valid_from: Some(since()),
        valid_to: None,
        version: 1,
        created_at: now,
        updated_at: now,
    }
}

struct NewDesk<'a> {
    code: &'a str,
    name: &'a str,
    unit_id: &'a str,
    kind: &'a str,
    opened_on: NaiveDate,
    closed_on: Option<NaiveDate>,
}

fn add_office(
    conn: &mut DbConnection,
    desk: &NewDesk<'_>,
    now: NaiveDateTime,
) -> anyhow::Result<String> {
    let id = uuid::Uuid::new_v4().to_string();
    offices::insert(
        conn,
        &offices::NewOffice {
            id: &id,
            code: desk.code,
            name: desk.name,
            unit_id: desk.unit_id,
            kind: desk.kind,
            opened_on: Some(desk.opened_on),
            closed_on: desk.closed_on,
            version: 1,
            created_at: now,
            updated_at: now,
        },
    )?;
    Ok(id)
}

/// Makes `list` available at an office from `from` (until the day before `closed_on`).
fn make_available(
    conn: &mut DbConnection,
    office_id: &str,
    list: &[&Offered],
    from: NaiveDate,
    closed_on: Option<NaiveDate>,
    now: NaiveDateTime,
) -> anyhow::Result<()> {
    for p in list {
        offices::set_availability(
            conn,
            &offices::AvailabilityRow {
                office_id: office_id.to_owned(),
                procedure_code: p.code.clone(),
                available_from: from,
                available_to: closed_on.and_then(|d| d.pred_opt()),
                online_level: p.online_level.clone(),
                legacy_level: p.legacy_level,
                posted: p.published,
                updated_at: now,
            },
        )?;
    }
    Ok(())
}

fn desk_name(kind: &str, name: &str) -> String {
    format!(
        "Bộ phận tiếp nhận và trả kết quả UBND {} {name}",
        kind.to_lowercase()
    )
}

/// The units, the offices, the merger and the availability rows, in one transaction.
fn build(conn: &mut DbConnection, now: NaiveDateTime, offered: &[Offered]) -> anyhow::Result<()> {
    units::insert(
        conn,
        &unit_row(
            PROVINCE,
            "Thử Nghiệm",
            UnitLevel::Province,
            "Tỉnh",
            None,
            now,
        ),
    )?;
    let district = unit_row(
        DISTRICT,
        DISTRICT_NAME,
        UnitLevel::District,
        "Huyện",
        Some(PROVINCE),
        now,
    );
    units::insert(conn, &district)?;
    add_office(
        conn,
        &NewDesk {
            code: AGENCY,
            name: &format!("Các phòng chuyên môn thuộc UBND huyện {DISTRICT_NAME}"),
            unit_id: &district.id,
            kind: "processing_agency",
            opened_on: since(),
            closed_on: None,
        },
        now,
    )?;
    let at_center: Vec<&Offered> = offered.iter().filter(|p| p.district).collect();
    let at_communes: Vec<&Offered> = offered.iter().filter(|p| p.commune).collect();
    let center = add_office(
        conn,
        &NewDesk {
            code: CENTER,
            name: &format!("Trung tâm Hành chính công huyện {DISTRICT_NAME}"),
            unit_id: &district.id,
            kind: "district_center",
            opened_on: center_opened(),
            closed_on: None,
        },
        now,
    )?;
    make_available(conn, &center, &at_center, center_opened(), None, now)?;
    let merged_away: Vec<usize> = MERGES.iter().flat_map(|(pair, _)| *pair).collect();
    for (i, (kind, name)) in COMMUNE_NAMES.iter().enumerate() {
        let commune = unit_row(
            &commune_code(i),
            name,
            UnitLevel::Commune,
            kind,
            Some(DISTRICT),
            now,
        );
        units::insert(conn, &commune)?;
        // A merged-away commune's desk receives until its commune's last day.
        let closed_on = merged_away.contains(&i).then(merged_on);
        let id = add_office(
            conn,
            &NewDesk {
                code: &desk_code(i),
                name: &desk_name(kind, name),
                unit_id: &commune.id,
                kind: "commune_reception",
                opened_on: desk_opened(i),
                closed_on,
            },
            now,
        )?;
        make_available(conn, &id, &at_communes, desk_opened(i), closed_on, now)?;
    }
    for (k, (pair, name)) in MERGES.iter().enumerate() {
        let i = COMMUNES + k;
        let merge = ReorganizationIn {
            kind: ReorganizationKind::Merge,
            effective_on: merged_on(),
            title: MERGER_TITLE.to_owned(),
            predecessors: pair.iter().map(|&p| commune_code(p)).collect(),
            successors: vec![NewUnitIn {
                code: commune_code(i),
                name: (*name).to_owned(),
                full_name: None,
                level: Some(UnitLevel::Commune),
                kind: "Xã".to_owned(),
                parent_code: Some(DISTRICT.to_owned()),
                valid_from: None,
                from: pair
                    .iter()
                    .map(|&p| FromIn {
                        code: commune_code(p),
                        succession: Succession::Full,
                    })
                    .collect(),
            }],
        };
        let result = reorganize(conn, &merge).map_err(|e| anyhow::anyhow!("{e}"))?;
        let successor = result.successors.first().context("merged commune")?;
        let unit_id = units::find_id_valid_on(conn, &successor.code, merged_on())?
            .context("merged commune")?;
        let id = add_office(
            conn,
            &NewDesk {
                code: &desk_code(i),
                name: &desk_name("Xã", name),
                unit_id: &unit_id,
                kind: "commune_reception",
                opened_on: merged_on(),
                closed_on: None,
            },
            now,
        )?;
        make_available(conn, &id, &at_communes, merged_on(), None, now)?;
    }
    Ok(())
}

/// Reads the district back: its desks (the centre and every commune desk, open or closed),
/// what each receives, and the processing agency.
pub fn load(conn: &mut DbConnection) -> anyhow::Result<Place> {
    let agency_id = offices::find_id_by_code(conn, AGENCY)?.context("the demo district")?;
    let filter = offices::OfficeFilter {
        unit: Some(DISTRICT.to_owned()),
        ..offices::OfficeFilter::default()
    };
    let (views, _) = offices::list(conn, &filter, None, 10_000)?;
    let mut index: std::collections::BTreeMap<String, usize> = std::collections::BTreeMap::new();
    let mut rows = Vec::new();
    for view in views {
        if view.row.kind == "processing_agency" {
            continue;
        }
        let codes: Vec<String> = offices::availability(conn, &view.row.id, None)?
            .into_iter()
            .map(|a| a.procedure_code)
            .collect();
        for code in &codes {
            let next = index.len();
            index.entry(code.clone()).or_insert(next);
        }
        rows.push((view.row, codes));
    }
    let mut list = vec![None; index.len()];
    for (code, &i) in &index {
        let row = procedures::latest(conn, code)?.context("procedure")?;
        list[i] = Some((
            code.clone(),
            row.name,
            row.field_code,
            row.time_amount,
            row.time_unit,
        ));
    }
    let procedures: Vec<DistrictProcedure> = list.into_iter().flatten().collect();
    let desks: Vec<Desk> = rows
        .into_iter()
        .map(|(row, codes)| Desk {
            procedures: codes.iter().filter_map(|c| index.get(c).copied()).collect(),
            id: row.id,
            code: row.code,
            unit_id: row.unit_id,
            opened_on: row.opened_on.unwrap_or_else(since),
            closed_on: row.closed_on,
        })
        .collect();
    anyhow::ensure!(
        desks.iter().any(|d| !d.procedures.is_empty()),
        "no desk of the demo district receives any procedure"
    );
    Ok(Place {
        desks,
        agency_id,
        procedures,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

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

    #[test]
    fn desks_merge_on_the_first_of_february() {
        let merged: Vec<usize> = MERGES.iter().flat_map(|(p, _)| *p).collect();
        assert_eq!(merged.len(), 6);
        assert_eq!(COMMUNES - merged.len() + MERGES.len(), 18);
        assert!(desk_opened(COMMUNES - 1) < NaiveDate::from_ymd_opt(2019, 12, 31).unwrap());
    }
}
