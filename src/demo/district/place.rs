//! The district as the generator sees it: its desks, what each receives, and the processing
//! agency, read back from the database.

use anyhow::Context;
use chrono::NaiveDate;

use crate::db::{DbConnection, offices, procedures};

use super::{AGENCY, DISTRICT, since};

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
