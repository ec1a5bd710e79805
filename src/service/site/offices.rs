//! Where to go for a procedure: the offices that receive it today.

use chrono::NaiveDate;

use crate::db::DbConnection;
use crate::domain::procedure::{Channel, OnlineLevel};
use crate::error::Error;

/// An office that receives a procedure.
#[derive(Debug, Clone, PartialEq)]
pub struct ReceivingOffice {
    /// Agency code.
    pub code: String,
    /// Name.
    pub name: String,
    /// The administrative unit it serves.
    pub unit_name: String,
    /// The online level there (Decree 42/2022), when set.
    pub online_level: Option<OnlineLevel>,
    /// The legacy level there (Decree 43/2011), when set.
    pub legacy_level: Option<i32>,
    /// Whether it takes the procedure online: the procedure accepts the online channel and
    /// the office does not say `none` (the rule submission applies).
    pub takes_online: bool,
}

/// The offices that receive `code` on `on`; `channels` are the procedure's.
pub fn receiving(
    conn: &mut DbConnection,
    code: &str,
    channels: &[Channel],
    on: NaiveDate,
) -> Result<Vec<ReceivingOffice>, Error> {
    let online_channel = channels.is_empty() || channels.contains(&Channel::Online);
    Ok(crate::db::site::receiving(conn, code, on)?
        .into_iter()
        .map(|row| {
            let online_level = row
                .online_level
                .as_deref()
                .and_then(OnlineLevel::from_token);
            ReceivingOffice {
                takes_online: online_channel && online_level != Some(OnlineLevel::None),
                code: row.office_code,
                name: row.office_name,
                unit_name: row.unit_name,
                online_level,
                legacy_level: row.legacy_level,
            }
        })
        .collect())
}

/// The open offices that receive the public today, (agency code, name), for the search
/// filter.
pub fn public_offices(
    conn: &mut DbConnection,
    on: NaiveDate,
) -> Result<Vec<(String, String)>, Error> {
    Ok(crate::db::site::public_offices(conn, on)?
        .into_iter()
        .map(|(_, code, name)| (code, name))
        .collect())
}

/// The fees of each procedure in force on `on`, in the order of `codes` (the search page
/// shows them beside each hit; the listing does not carry them).
pub fn fees_of(
    conn: &mut DbConnection,
    codes: &[String],
    on: NaiveDate,
) -> Result<Vec<(Vec<crate::domain::procedure::Fee>, String)>, Error> {
    codes
        .iter()
        .map(|code| {
            Ok(match crate::db::procedures::in_force(conn, code, on)? {
                Some(row) => {
                    let details = row.details().map_err(Error::internal)?;
                    (details.fees, details.fee_text)
                }
                None => (Vec::new(), String::new()),
            })
        })
        .collect()
}
