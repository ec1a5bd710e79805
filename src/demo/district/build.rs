//! Building the district: the units, the offices, the merger and the availability rows, in
//! one transaction.

use anyhow::Context;
use chrono::NaiveDateTime;

use crate::db::{DbConnection, units};
use crate::domain::unit::{ReorganizationKind, Succession, UnitLevel};
use crate::service::units::{FromIn, NewUnitIn, ReorganizationIn, reorganize};

use super::catalog::Offered;
use super::communes::{COMMUNE_NAMES, MERGER_TITLE, MERGES, unit_row};
use super::desks::{NewDesk, add_office, desk_name, make_available};
use super::{
    AGENCY, CENTER, COMMUNES, DISTRICT, DISTRICT_NAME, PROVINCE, center_opened, commune_code,
    desk_code, desk_opened, merged_on, since,
};

/// The units, the offices, the merger and the availability rows, in one transaction.
pub(super) fn build(
    conn: &mut DbConnection,
    now: NaiveDateTime,
    offered: &[Offered],
) -> anyhow::Result<()> {
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
