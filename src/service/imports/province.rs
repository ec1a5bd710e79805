//! Import files for a whole province from the national data already loaded (units and the
//! catalog): a provincial public-service centre, one public-service centre per commune, the
//! procedures each receives by tier, and a clerk and a specialist per office with an
//! official for the province. The files are the templates of the imports, to be edited
//! (real agency codes, addresses, names) and then imported; nothing is written here.

use chrono::NaiveDate;

use super::{availability, offices, staff};
use crate::db::procedures::{self, CatalogFilter};
use crate::db::{DbConnection, units};
use crate::error::{Code, Error};

/// The three files, as CSV.
#[derive(Debug, Clone)]
pub struct ProvinceFiles {
    /// The province's name.
    pub province: String,
    /// `offices.csv`.
    pub offices: String,
    /// `availability.csv`.
    pub availability: String,
    /// `staff.csv`.
    pub staff: String,
    /// Offices, availability rows and accounts in them.
    pub counts: (usize, usize, usize),
}

fn writer(columns: &[super::Column]) -> csv::Writer<Vec<u8>> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let _ = w.write_record(columns.iter().map(|c| c.header));
    w
}

fn finish(w: csv::Writer<Vec<u8>>) -> Result<String, Error> {
    let bytes = w
        .into_inner()
        .map_err(|e| Error::internal(anyhow::anyhow!("{e}")))?;
    String::from_utf8(bytes).map_err(Error::internal)
}

/// The files for province `code` (a unit valid on `opened_on`): offices opened that day,
/// receiving from that day the procedures in force then whose tiers include theirs.
pub fn files(
    conn: &mut DbConnection,
    code: &str,
    opened_on: NaiveDate,
) -> Result<ProvinceFiles, Error> {
    let province = units::find_valid_on(conn, code, opened_on)?
        .filter(|u| u.level == "province")
        .ok_or(Error::NotFound(Code::UnitNotFound))?;
    let communes = units::children_valid_on(conn, std::slice::from_ref(&province.code), opened_on)?;
    let mut tier = |tier: &str| {
        procedures::list(
            conn,
            &CatalogFilter {
                as_of: Some(opened_on),
                tier: Some(tier.to_owned()),
                ..CatalogFilter::default()
            },
        )
    };
    let at_province = tier("province")?;
    let at_commune = tier("commune")?;
    // "Trung tâm … tỉnh Bắc Ninh", "… phường Bắc Giang": the unit's kind in lower case.
    let lower = |name: &str| {
        let mut chars = name.chars();
        chars
            .next()
            .map(|c| c.to_lowercase().chain(chars).collect::<String>())
            .unwrap_or_default()
    };
    let err = |e: csv::Error| Error::internal(anyhow::anyhow!("{e}"));
    let day = opened_on.to_string();

    let mut o = writer(offices::COLUMNS);
    let mut a = writer(availability::COLUMNS);
    let mut s = writer(staff::COLUMNS);
    let mut counts = (0, 0, 0);
    let centre = format!("TTPV.{}", province.code);
    let mut desks = vec![(
        centre.clone(),
        format!(
            "Trung tâm Phục vụ hành chính công {}",
            lower(&province.full_name)
        ),
        "province_service_center",
        province.code.clone(),
        &at_province,
        format!("tinh{}", province.code),
    )];
    for commune in &communes {
        desks.push((
            format!("TTPV.{}.{}", province.code, commune.code),
            format!(
                "Trung tâm Phục vụ hành chính công {}",
                lower(&commune.full_name)
            ),
            "commune_service_center",
            commune.code.clone(),
            &at_commune,
            format!("x{}", commune.code),
        ));
    }
    for (office, name, kind, unit, procedures, slug) in &desks {
        o.write_record([
            office.as_str(),
            name,
            kind,
            unit,
            &day,
            "",
            "",
            "",
            "",
            "07:30-11:30, 13:30-17:00",
        ])
        .map_err(err)?;
        counts.0 += 1;
        for p in procedures.iter() {
            let level = p.online_level.as_deref().unwrap_or("");
            let legacy = p.legacy_level.map(|l| l.to_string()).unwrap_or_default();
            a.write_record([office.as_str(), &p.code, &day, "", level, &legacy, "có"])
                .map_err(err)?;
            counts.1 += 1;
        }
        for (prefix, role, title) in [
            ("mc", "clerk", "Cán bộ một cửa"),
            ("cv", "specialist", "Chuyên viên"),
        ] {
            s.write_record([
                format!("{prefix}.{slug}").as_str(),
                &format!("{title} {name}"),
                role,
                office,
                "",
            ])
            .map_err(err)?;
            counts.2 += 1;
        }
    }
    s.write_record([
        format!("ld.tinh{}", province.code).as_str(),
        &format!("Lãnh đạo {}", province.full_name),
        "official",
        "",
        &province.code,
    ])
    .map_err(err)?;
    counts.2 += 1;
    Ok(ProvinceFiles {
        province: province.full_name,
        offices: finish(o)?,
        availability: finish(a)?,
        staff: finish(s)?,
        counts,
    })
}
