//! The printable slips 01–05 of an application, as A5 HTML.

use chrono::NaiveDateTime;

use super::scope::{to_events, visible};
use super::views::{Details, event_office_ids};
use crate::db::applications as store;
use crate::db::{self as dbmod, DbConnection, offices, units, users};
use crate::domain::account::Binding;
use crate::domain::application::{Action, Channel, Delivery, Payload, Status, timeliness};
use crate::domain::calendar::to_local;
use crate::error::{Code, Error};
use crate::service::Staff;
use crate::service::applications::tracking::Links;
use crate::slips::{self, ApologyLine, DocumentLine, Form, HandoverLine, SlipData};

fn local(t: NaiveDateTime) -> NaiveDateTime {
    to_local(t.and_utc())
}

fn channel_vi(channel: &str) -> &'static str {
    match Channel::from_token(channel) {
        Some(Channel::Online) => "Trực tuyến",
        Some(Channel::Postal) => "Bưu chính",
        _ => "Trực tiếp",
    }
}

fn delivery_vi(delivery: Delivery) -> &'static str {
    match delivery {
        Delivery::InPerson => "Trực tiếp tại Bộ phận một cửa",
        Delivery::Postal => "Qua dịch vụ bưu chính",
        Delivery::Electronic => "Trực tuyến",
    }
}

fn time_vi(amount: Option<i64>, unit: Option<&str>) -> Option<String> {
    let unit = match unit? {
        "working_days" => "ngày làm việc",
        "calendar_days" => "ngày",
        "working_hours" => "giờ làm việc",
        "months" => "tháng",
        _ => return None,
    };
    Some(format!("{:02} {unit}", amount?))
}

/// A printable slip of an application the staff member may see: 01 receipt and appointment
/// with the tracking PIN and a QR code that opens the public status page by its link token,
/// 02 supplement request, 03 refusal, 04 apology with the new date, 05 processing control
/// slip. A slip the application has no content for (03 before a refusal…) is 404.
///
/// Slip 01 is the applicant's copy, handed over at the receiving desk: only the receiving
/// office's staff and administrators print it (403 for the processing agency and officials).
/// Its PIN and link are made again from the server secret and the application's nonce, so it
/// can be printed again at any time; whoever may print it could open the tracking view with
/// the applicant's ID number anyway.
pub fn slip(
    conn: &mut DbConnection,
    staff: &Staff,
    code: &str,
    form: Form,
    links: &Links<'_>,
) -> Result<String, Error> {
    Ok(slips::render(
        form,
        &slip_data(conn, staff, code, form, links)?,
    ))
}

/// What [`slip`] prints, for a face that renders it itself (the staff pages add a print
/// button); the same access rules.
pub fn slip_data(
    conn: &mut DbConnection,
    staff: &Staff,
    code: &str,
    form: Form,
    links: &Links<'_>,
) -> Result<SlipData, Error> {
    let row = visible(conn, staff, code)?;
    if form == Form::Receipt && !receives(conn, staff, &row.receiving_office_id)? {
        return Err(Error::Forbidden);
    }
    let (tracking_url, pin) = match form {
        Form::Receipt => (
            links.status_page(&row.code, &row.pin_nonce),
            Some(links.pin(&row.code, &row.pin_nonce)),
        ),
        _ => (String::new(), None),
    };
    let event_rows = store::events(conn, row.id)?;
    let events = to_events(&event_rows)?;
    let details: Details = serde_json::from_str(&row.details).map_err(Error::internal)?;
    let mut ids = event_office_ids(&event_rows);
    ids.push(row.receiving_office_id.clone());
    let names: std::collections::HashMap<String, String> = {
        let mut sorted = ids.clone();
        sorted.sort();
        sorted.dedup();
        offices::by_ids(conn, &sorted)?
            .into_iter()
            .map(|o| (o.row.id, o.row.name))
            .collect()
    };
    let office = offices::by_ids(conn, std::slice::from_ref(&row.receiving_office_id))?
        .into_iter()
        .next()
        .ok_or(Error::NotFound(Code::OfficeNotFound))?;
    let unit = units::find(conn, &row.unit_id)?;
    let name_of = |id: &str| names.get(id).cloned().unwrap_or_default();
    let status = Status::try_from(row.status).map_err(|e| Error::internal(anyhow::anyhow!(e)))?;
    let receiver = events
        .iter()
        .find(|e| e.to == Status::Received)
        .and_then(|e| e.actor.user_id.clone());
    let clerk_name = match receiver {
        Some(id) => users::find_by_id(conn, &id)?.map(|u| u.row.display_name),
        None => None,
    };
    let due_local = row.promised_at.or(row.due_at).map(local);
    let missing_items = events
        .iter()
        .rev()
        .find_map(|e| match &e.payload {
            Payload::RequestSupplement { items } => Some(items.clone()),
            _ => None,
        })
        .unwrap_or_default();
    let refusal_reasons = events
        .iter()
        .find_map(|e| match &e.payload {
            Payload::Refuse { reasons } => Some(reasons.clone()),
            _ => None,
        })
        .unwrap_or_default();
    let apology = events.iter().find_map(|e| match &e.payload {
        Payload::Apologize { new_due_at } => Some(ApologyLine {
            reason: e.note.clone().unwrap_or_default(),
            new_due_at: local(*new_due_at),
            issued_at: local(e.at),
            issuing_office: e
                .actor
                .office_id
                .as_deref()
                .map(name_of)
                .unwrap_or_default(),
        }),
        _ => None,
    });
    let apologized = row.promised_at.is_some();
    let judge = |at: NaiveDateTime| {
        row.due_at
            .map(|due| timeliness(local(at).date(), local(due).date(), apologized))
    };
    let mut handovers: Vec<HandoverLine> = events
        .iter()
        .filter_map(|e| match &e.payload {
            Payload::HandOver {
                from_office_id,
                to_office_id,
            }
            | Payload::Transfer {
                from_office_id,
                to_office_id,
            } => Some(HandoverLine {
                giver_office: name_of(from_office_id),
                receiver_office: name_of(to_office_id),
                given_at: local(e.at),
                received_at: Some(local(e.at)),
                due_at: row.due_at.map(local),
                timeliness: judge(e.at),
                note: e.note.clone(),
            }),
            _ => None,
        })
        .collect();
    if let Some(resolved) = events
        .iter()
        .find(|e| e.payload.action() == Action::Resolve)
    {
        handovers.push(HandoverLine {
            giver_office: resolved
                .actor
                .office_id
                .as_deref()
                .map(name_of)
                .unwrap_or_default(),
            receiver_office: name_of(&row.receiving_office_id),
            given_at: local(resolved.at),
            received_at: Some(local(resolved.at)),
            due_at: row.due_at.map(local),
            timeliness: judge(resolved.at),
            note: Some("Trả kết quả giải quyết về Bộ phận một cửa".into()),
        });
    }
    let available = match form {
        Form::Receipt => row.received_at.is_some(),
        Form::SupplementRequest => !missing_items.is_empty(),
        Form::Refusal => status == Status::Refused,
        Form::Apology => apology.is_some(),
        Form::ControlSlip => row.received_at.is_some(),
    };
    if !available {
        return Err(Error::NotFound(Code::SlipNotAvailable));
    }
    let data = SlipData {
        code: row.code.clone(),
        office_name: office.row.name.clone(),
        unit_name: unit
            .as_ref()
            .map(|u| u.full_name.clone())
            .unwrap_or(office.unit_name),
        place_name: unit.map(|u| u.name),
        procedure_code: row.procedure_code.clone(),
        procedure_name: details.procedure_name,
        processing_time_vi: time_vi(row.limit_amount, row.limit_unit.as_deref()),
        applicant_name: row.applicant_name.clone(),
        applicant_address: details.address,
        applicant_phone: details.phone.clone(),
        applicant_email: details.email.clone(),
        received_at: row.received_at.map(local),
        due_at: due_local,
        documents: details
            .documents
            .iter()
            .map(|d| DocumentLine {
                name: d.name.clone(),
                originals: d.originals,
                copies: d.copies,
            })
            .collect(),
        channel_vi: channel_vi(&row.channel).to_owned(),
        delivery_vi: row
            .delivery
            .as_deref()
            .and_then(Delivery::from_token)
            .map(|d| delivery_vi(d).to_owned()),
        clerk_name,
        issued_at: local(dbmod::now()),
        tracking_url,
        pin,
        missing_items,
        refusal_reasons,
        apology,
        handovers,
    };
    Ok(data)
}

/// Whether the staff member works at the receiving office (or administers everything).
fn receives(
    conn: &mut DbConnection,
    staff: &Staff,
    receiving_office_id: &str,
) -> Result<bool, Error> {
    Ok(match &staff.binding {
        Binding::Admin => true,
        Binding::Office { office_code, .. } => {
            offices::find_id_by_code(conn, office_code)?.as_deref() == Some(receiving_office_id)
        }
        Binding::Unit { .. } => false,
    })
}
