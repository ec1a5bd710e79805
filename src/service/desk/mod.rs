//! The reception desk of a clerk's office: the day's queues, opening an application by its
//! code (typed, or scanned from a slip's barcode or QR code), and the desk intake
//! ([`intake`]).

pub mod intake;

use chrono::{DateTime, Duration, NaiveDate, Utc};

use crate::db::desk::{self as store, DeskRow, Queue};
use crate::db::{DbConnection, applications, offices, read_snapshot};
use crate::domain::application::AppCode;
use crate::domain::calendar::from_local;
use crate::error::{Code, Error};
use crate::service::Staff;
use crate::service::applications::scope::Scope;

/// The rows a queue shows on the day's page; the rest are a "see all" away.
pub const DAY_ROWS: i64 = 10;
/// Rows on one page of a whole queue.
pub const PAGE_ROWS: i64 = 50;

/// One of the day's queues, as the pages name them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Section {
    /// Filed online, waiting to be received (status 1).
    Waiting,
    /// A supplement came back for an application waiting for one.
    SupplementsBack,
    /// The result is ready to hand back (status 9).
    ResultsReady,
    /// Due today (Vietnam time).
    DueToday,
}

impl Section {
    /// Every section, in the order of the page.
    pub const ALL: [Section; 4] = [
        Self::Waiting,
        Self::SupplementsBack,
        Self::ResultsReady,
        Self::DueToday,
    ];

    /// The token in addresses.
    pub fn token(self) -> &'static str {
        match self {
            Self::Waiting => "waiting",
            Self::SupplementsBack => "supplements",
            Self::ResultsReady => "results",
            Self::DueToday => "due-today",
        }
    }

    /// The section a token names.
    pub fn from_token(token: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.token() == token)
    }
}

/// An application in a queue.
#[derive(Debug, Clone)]
pub struct Item {
    /// Its code.
    pub code: String,
    /// The procedure's code and name as filed.
    pub procedure_code: String,
    /// The procedure's name.
    pub procedure_name: String,
    /// The applicant.
    pub applicant: String,
    /// `online`, `in_person`, `postal`.
    pub channel: String,
    /// The national status.
    pub status: i32,
    /// When it was filed.
    pub submitted_at: DateTime<Utc>,
    /// Its due date (the apology's new date when there is one).
    pub due_at: Option<DateTime<Utc>>,
}

/// A queue's page: its rows and how many it holds in all.
#[derive(Debug, Clone)]
pub struct Listing {
    /// Which queue.
    pub section: Section,
    /// How many in all.
    pub total: i64,
    /// The rows shown.
    pub items: Vec<Item>,
}

/// The office's day.
#[derive(Debug, Clone)]
pub struct Day {
    /// The office's name.
    pub office_name: String,
    /// Its agency code.
    pub office_code: String,
    /// Today, in Vietnam.
    pub today: NaiveDate,
    /// Each section with its first rows.
    pub sections: Vec<Listing>,
}

fn item(row: DeskRow) -> Item {
    let procedure_name = serde_json::from_str::<serde_json::Value>(&row.details)
        .ok()
        .and_then(|d| d["procedure_name"].as_str().map(str::to_owned))
        .unwrap_or_default();
    Item {
        code: row.code,
        procedure_code: row.procedure_code,
        procedure_name,
        applicant: row.applicant_name,
        channel: row.channel,
        status: row.status,
        submitted_at: row.submitted_at.and_utc(),
        due_at: row.promised_at.or(row.due_at).map(|t| t.and_utc()),
    }
}

/// The clerk's office (id), or 403 for anyone not bound to one office.
fn office_of(conn: &mut DbConnection, staff: &Staff) -> Result<String, Error> {
    match Scope::of(conn, staff)? {
        Scope::Office(id) => Ok(id),
        _ => Err(Error::Forbidden),
    }
}

fn queue_of(section: Section, today: NaiveDate) -> Queue {
    match section {
        Section::Waiting => Queue::Waiting,
        Section::SupplementsBack => Queue::SupplementsBack,
        Section::ResultsReady => Queue::ResultsReady,
        Section::DueToday => {
            let start = from_local(today.and_hms_opt(0, 0, 0).unwrap_or_default()).naive_utc();
            Queue::DueBetween(start, start + Duration::days(1))
        }
    }
}

fn listing(
    conn: &mut DbConnection,
    office_id: &str,
    section: Section,
    today: NaiveDate,
    limit: i64,
    offset: i64,
) -> Result<Listing, Error> {
    let (rows, total) = store::queue(conn, office_id, queue_of(section, today), limit, offset)?;
    Ok(Listing {
        section,
        total,
        items: rows.into_iter().map(item).collect(),
    })
}

/// The day at the clerk's office on `today` (Vietnam's date): each queue's first rows and
/// its length, read in one snapshot.
pub fn day(conn: &mut DbConnection, staff: &Staff, today: NaiveDate) -> Result<Day, Error> {
    read_snapshot(conn, |conn| {
        let office_id = office_of(conn, staff)?;
        let office = offices::by_ids(conn, std::slice::from_ref(&office_id))?
            .into_iter()
            .next()
            .ok_or(Error::NotFound(Code::OfficeNotFound))?;
        let mut sections = Vec::with_capacity(Section::ALL.len());
        for section in Section::ALL {
            sections.push(listing(conn, &office_id, section, today, DAY_ROWS, 0)?);
        }
        Ok(Day {
            office_name: office.row.name,
            office_code: office.row.code,
            today,
            sections,
        })
    })
}

/// One whole queue of the clerk's office, page `page` (from 1) of [`PAGE_ROWS`] rows.
pub fn section(
    conn: &mut DbConnection,
    staff: &Staff,
    section: Section,
    today: NaiveDate,
    page: i64,
) -> Result<Listing, Error> {
    let page = page.clamp(1, 10_000);
    read_snapshot(conn, |conn| {
        let office_id = office_of(conn, staff)?;
        listing(
            conn,
            &office_id,
            section,
            today,
            PAGE_ROWS,
            (page - 1) * PAGE_ROWS,
        )
    })
}

/// The application code in what a desk's scanner or a clerk typed: the code itself, in any
/// case and with stray spaces, or a tracking link (`…/track/{code}?t=…`, or the API's
/// `…/tracking/{code}`) as slip 01's QR code holds it.
pub fn code_in(typed: &str) -> Option<String> {
    let typed = typed.trim();
    let tail = ["/track/", "/tracking/"]
        .iter()
        .find_map(|marker| typed.rfind(marker).map(|i| &typed[i + marker.len()..]));
    let raw = match tail {
        Some(tail) => tail.split(['?', '#', '/']).next().unwrap_or_default(),
        None => typed,
    };
    let raw = percent_decoded(raw);
    let code: String = raw
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_uppercase();
    AppCode::parse(&code).map(|_| code)
}

fn percent_decoded(raw: &str) -> String {
    form_urlencoded::parse(format!("x={raw}").as_bytes())
        .next()
        .map(|(_, v)| v.into_owned())
        .unwrap_or_else(|| raw.to_owned())
}

/// Opens an application by what was typed or scanned: its code when the clerk's office
/// receives or handles it; 422 on the field `code` otherwise (not a code, or none here).
pub fn open(conn: &mut DbConnection, staff: &Staff, typed: &str) -> Result<String, Error> {
    let unknown = || {
        Error::field(
            "code",
            "unknown",
            "không có hồ sơ nào có mã này tại bộ phận",
            "no application with this code at this office",
        )
    };
    let Some(code) = code_in(typed) else {
        if typed.trim().is_empty() {
            return Err(Error::field(
                "code",
                "required",
                "hãy nhập hoặc quét mã hồ sơ",
                "type or scan the application's code",
            ));
        }
        return Err(Error::field(
            "code",
            "pattern",
            "mã hồ sơ có dạng H56.14-251103-0001",
            "an application code looks like H56.14-251103-0001",
        ));
    };
    let scope = Scope::of(conn, staff)?;
    match applications::find(conn, &code)? {
        Some(row) if scope.covers(&row) => Ok(code),
        _ => Err(unknown()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_read_from_what_a_scanner_types() {
        let code = Some("H56.14-251103-0001".to_owned());
        assert_eq!(code_in("H56.14-251103-0001"), code);
        assert_eq!(code_in("  h56.14-251103-0001 \n"), code);
        assert_eq!(code_in("H56.14 - 251103 - 0001"), code);
        assert_eq!(
            code_in("https://dvc.example.gov.vn/track/H56.14-251103-0001?t=9f2c4e1a"),
            code
        );
        assert_eq!(
            code_in("http://localhost:8080/api/v1/tracking/H56.14-251103-0001"),
            code
        );
        assert_eq!(code_in("hello"), None);
        assert_eq!(code_in(""), None);
    }
}
