//! One application as its staff page shows it: the staff view with its history and clock,
//! its files, the actions the viewer may take now, and what those actions' forms choose from
//! (the procedure's documents, the offices to hand over or transfer to, the fields' names).

use std::collections::HashMap;

use super::Urgency;
use crate::db::{self as dbmod, DbConnection, fields, offices, procedures, read_snapshot};
use crate::domain::application::{Action, Status, apology_in_time, offered};
use crate::domain::calendar::to_local;
use crate::error::{Code, Error};
use crate::service::Staff;
use crate::service::applications::scope::{Scope, actor_of, load};
use crate::service::applications::views::{ApplicationWithEvents, with_events};
use crate::service::calendar::cache::CalendarCache;
use crate::service::files::{FileOut, files_of};

/// An office an application can go to: agency code, name, whether it processes only.
#[derive(Debug, Clone)]
pub struct Destination {
    /// Agency code.
    pub code: String,
    /// Name.
    pub name: String,
    /// A processing agency (does not receive the public).
    pub processing: bool,
}

/// Everything the application's page shows.
#[derive(Debug, Clone)]
pub struct ApplicationPage {
    /// The application with its events and clock.
    pub app: ApplicationWithEvents,
    /// Its files.
    pub files: Vec<FileOut>,
    /// The actions the viewer may take now (each still decided when taken).
    pub offered: Vec<Action>,
    /// The procedure's documents (names), in the version it was filed under.
    pub documents: Vec<String>,
    /// Offices open today, by name, for a hand-over or a transfer.
    pub destinations: Vec<Destination>,
    /// Office names by agency code (those the page names).
    pub office_names: HashMap<String, String>,
    /// The field's name.
    pub field_name: Option<String>,
    /// How close it is to its due instant.
    pub urgency: Urgency,
    /// The apology with a new date was given already.
    pub apologized: bool,
    /// At least one working day is left before the due instant: an apology may still come.
    pub apology_in_time: bool,
}

/// Reads an application's page for a clerk or specialist of an office that receives or
/// handles it (others: 404, as the API answers).
pub fn application_page(
    conn: &mut DbConnection,
    calendar: &CalendarCache,
    staff: &Staff,
    code: &str,
) -> Result<ApplicationPage, Error> {
    let calendar = calendar.current(conn)?;
    read_snapshot(conn, |conn| {
        let loaded = load(conn, code)?;
        let scope = Scope::of(conn, staff)?;
        if !scope.covers(&loaded.row) {
            return Err(Error::NotFound(Code::ApplicationNotFound));
        }
        let office_id = match &scope {
            Scope::Office(id) => Some(id.clone()),
            Scope::All | Scope::Units(_) => None,
        };
        let now = dbmod::now();
        let row = &loaded.row;
        let app = with_events(conn, &calendar, row, now)?;
        let files = files_of(conn, row.id, &row.code)?;
        let offered = offered(&loaded.state, &actor_of(staff, office_id));
        let documents = procedures::versions(conn, &row.procedure_code)?
            .into_iter()
            .find(|v| v.version_no == row.procedure_version)
            .map(|v| v.details().map(|d| d.documents))
            .transpose()
            .map_err(Error::internal)?
            .unwrap_or_default()
            .into_iter()
            .map(|d| d.name)
            .collect();
        let moving = offered.contains(&Action::HandOver) || offered.contains(&Action::Transfer);
        let today = to_local(now.and_utc()).date();
        let destinations = if moving {
            let filter = offices::OfficeFilter {
                open_on: Some(today),
                ..Default::default()
            };
            let (views, _) = offices::list(conn, &filter, None, 1000)?;
            let mut list: Vec<Destination> = views
                .into_iter()
                .map(|v| Destination {
                    processing: v.row.kind == "processing_agency",
                    code: v.row.code,
                    name: v.row.name,
                })
                .collect();
            list.sort_by(|a, b| b.processing.cmp(&a.processing).then(a.name.cmp(&b.name)));
            list
        } else {
            Vec::new()
        };
        let mut ids: Vec<String> = vec![
            row.receiving_office_id.clone(),
            row.handling_office_id.clone(),
        ];
        ids.dedup();
        let office_names = offices::by_ids(conn, &ids)?
            .into_iter()
            .map(|v| (v.row.code, v.row.name))
            .collect();
        let field_name = fields::find(conn, &row.field_code)?.map(|f| f.name);
        let status =
            Status::try_from(row.status).map_err(|e| Error::internal(anyhow::anyhow!(e)))?;
        Ok(ApplicationPage {
            urgency: Urgency::of(&calendar, status, row.due_at, now),
            apologized: row.promised_at.is_some(),
            apology_in_time: row
                .due_at
                .is_some_and(|due| apology_in_time(&calendar, now, due)),
            app,
            files,
            offered,
            documents,
            destinations,
            office_names,
            field_name,
        })
    })
}
