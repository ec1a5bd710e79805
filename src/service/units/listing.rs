//! The reorganisations recorded, the latest first, each with how many units ended and began
//! and its first links (the administrator's page lists them).

use std::collections::HashMap;

use serde::Serialize;

use super::{ReorganizationOut, UnitOut};
use crate::db::DbConnection;
use crate::db::units;
use crate::domain::unit::Succession;
use crate::error::Error;

/// One link of a reorganisation: a unit that ended, one that began, and how much went over.
#[derive(Debug, Serialize)]
pub struct LinkOut {
    /// The unit that ended.
    pub predecessor: UnitOut,
    /// The unit that began.
    pub successor: UnitOut,
    /// All of the predecessor or part of it.
    pub succession: Succession,
}

/// A reorganisation with its size and its first links.
#[derive(Debug, Serialize)]
pub struct ReorganizationSummary {
    /// The event.
    pub reorganization: ReorganizationOut,
    /// Distinct units that ended.
    pub ended: i64,
    /// Distinct units that began.
    pub began: i64,
    /// Its first links (all of them for a small reorganisation).
    pub links: Vec<LinkOut>,
}

/// One page of reorganisations (the latest first, `per_page` from `offset`) with up to
/// `links` links each, and how many reorganisations there are in all.
pub fn reorganizations(
    conn: &mut DbConnection,
    offset: i64,
    per_page: i64,
    links: i64,
) -> Result<(Vec<ReorganizationSummary>, i64), Error> {
    let (rows, total) = units::reorganizations_page(conn, offset.max(0), per_page.clamp(1, 100))?;
    let mut out = Vec::with_capacity(rows.len());
    for row in &rows {
        let (ended, began) = units::reorganization_sides(conn, &row.id)?;
        let found = units::links_of_reorganization(conn, &row.id, links.clamp(0, 200))?;
        let mut ids: Vec<String> = found
            .iter()
            .flat_map(|l| [l.predecessor_id.clone(), l.successor_id.clone()])
            .collect();
        ids.sort();
        ids.dedup();
        let by_id: HashMap<String, units::UnitRow> = units::by_ids(conn, &ids)?
            .into_iter()
            .map(|u| (u.id.clone(), u))
            .collect();
        let links = found
            .iter()
            .filter_map(|l| {
                Some(LinkOut {
                    predecessor: UnitOut::from(by_id.get(&l.predecessor_id)?),
                    successor: UnitOut::from(by_id.get(&l.successor_id)?),
                    succession: Succession::from_token(&l.succession).unwrap_or(Succession::Full),
                })
            })
            .collect();
        out.push(ReorganizationSummary {
            reorganization: ReorganizationOut::from(row),
            ended,
            began,
            links,
        });
    }
    Ok((out, total))
}
