//! `/staff/admin/offices`: the offices (search, a page at a time), a new office, and one
//! office's page: its details to edit, and the procedures it receives, each with its online
//! level, added from a search over the catalog (by code or accent-free name) or by code, and
//! removed (its row ends yesterday; the history stays). One office's page is in [`office`].

mod office;

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use maud::{Markup, html};
use serde::Deserialize;

use super::{admin_only, encode, non_empty, parse_date, refusal};
use crate::db::offices::OfficeView;
use crate::domain::procedure::OnlineLevel;
use crate::error::Error;
use crate::service::offices::{
    self as service, AgencyCode, NewOfficeInput, OfficeKind, OfficeQuery,
};
use crate::state::db;
use crate::web::forms::{Choice, Errors, TextInput, button, error_summary, select};
use crate::web::i18n::args;
use crate::web::layout;
use crate::web::staff::SignedIn;

/// Offices per page, and catalog hits shown.
const PER_PAGE: i64 = 50;
const HITS: usize = 10;

const KINDS: [OfficeKind; 5] = [
    OfficeKind::CommuneServiceCenter,
    OfficeKind::CommuneReception,
    OfficeKind::ProvinceServiceCenter,
    OfficeKind::DistrictCenter,
    OfficeKind::ProcessingAgency,
];

const LEVELS: [OnlineLevel; 3] = [OnlineLevel::Full, OnlineLevel::Partial, OnlineLevel::None];

pub(super) fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/admin/offices", web::get().to(list))
        .route("/admin/offices", web::post().to(create))
        .route("/admin/offices/new", web::get().to(new_form));
    office::routes(cfg);
}

fn kind_name(signed: &SignedIn, kind: &str) -> String {
    signed.ctx.t(&format!("admin-office-kind-{kind}"))
}

fn office_href(code: &str) -> String {
    format!("/staff/admin/offices/{}", encode(code))
}

#[derive(Debug, Default, Deserialize)]
struct ListParams {
    #[serde(default)]
    q: String,
    #[serde(default)]
    after: String,
}

/// `GET /staff/admin/offices`.
async fn list(signed: SignedIn) -> Result<HttpResponse, Error> {
    admin_only(&signed)?;
    let ctx = &signed.ctx;
    let params: ListParams = serde_urlencoded::from_str(ctx.req.query_string()).unwrap_or_default();
    let query = OfficeQuery {
        q: non_empty(&params.q),
        after: non_empty(&params.after),
        limit: PER_PAGE + 1,
        ..OfficeQuery::default()
    };
    let (mut rows, total) = db(&ctx.state, move |conn| service::list(conn, &query)).await?;
    let more = rows.len() as i64 > PER_PAGE;
    rows.truncate(PER_PAGE as usize);
    let next = more.then(|| {
        let last = rows.last().map(|o| o.row.code.as_str()).unwrap_or_default();
        format!(
            "/staff/admin/offices?q={}&after={}",
            encode(&params.q),
            encode(last)
        )
    });
    let title = ctx.t("admin-offices-title");
    let main = html! {
        h1.heading-xl { (title) }
        p { a.button href="/staff/admin/offices/new" { (ctx.t("admin-offices-new")) } }
        form.search-form method="get" action="/staff/admin/offices" role="search" {
            label.label for="q" { (ctx.t("admin-offices-search")) }
            div.search-row {
                input.input #q name="q" type="search" value=(params.q);
                button.button type="submit" { (ctx.t("admin-search")) }
            }
        }
        p { (ctx.t_args("admin-offices-count", &args(&[("count", total.into())]))) }
        @if !rows.is_empty() {
            div.table-wrap {
                table.table {
                    caption.visually-hidden { (title) }
                    thead { tr {
                        th scope="col" { (ctx.t("admin-offices-code")) }
                        th scope="col" { (ctx.t("admin-offices-name")) }
                        th scope="col" { (ctx.t("admin-offices-kind")) }
                        th scope="col" { (ctx.t("admin-offices-unit")) }
                    } }
                    tbody {
                        @for o in &rows {
                            tr {
                                td { a href=(office_href(&o.row.code)) { (o.row.code) } }
                                td { (o.row.name) }
                                td { (kind_name(&signed, &o.row.kind)) }
                                td { (o.unit_name) " (" (o.unit_code) ")" }
                            }
                        }
                    }
                }
            }
        }
        @if let Some(next) = next {
            nav.pagination aria-label=(ctx.t("admin-paging")) {
                a href=(next) rel="next" { (ctx.t("admin-next-page")) }
            }
        }
    };
    Ok(signed.page(&title, main))
}

/// The office form's fields (new and edit).
#[derive(Debug, Default, Deserialize)]
struct OfficeForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    code: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    kind: String,
    #[serde(default)]
    unit_code: String,
    #[serde(default)]
    opened_on: String,
    #[serde(default)]
    closed_on: String,
    #[serde(default)]
    version: i64,
    /// The procedure code of a refused "add", shown again in its field (never sent).
    #[serde(skip)]
    add_code: String,
}

impl OfficeForm {
    fn of(office: &OfficeView) -> Self {
        let row = &office.row;
        Self {
            code: row.code.clone(),
            name: row.name.clone(),
            kind: row.kind.clone(),
            unit_code: office.unit_code.clone(),
            opened_on: row.opened_on.map(|d| d.to_string()).unwrap_or_default(),
            closed_on: row.closed_on.map(|d| d.to_string()).unwrap_or_default(),
            version: row.version,
            ..Self::default()
        }
    }
}

/// The fields of the office form; `new` adds the code.
fn office_fields(signed: &SignedIn, given: &OfficeForm, errors: &Errors, new: bool) -> Markup {
    let ctx = &signed.ctx;
    let names: Vec<(OfficeKind, String)> = KINDS
        .iter()
        .map(|k| (*k, kind_name(signed, k.as_str())))
        .collect();
    let choose = ctx.t("admin-choose");
    let choices: Vec<Choice> = std::iter::once(Choice {
        value: "",
        label: &choose,
        hint: None,
    })
    .chain(names.iter().map(|(k, n)| Choice {
        value: k.as_str(),
        label: n,
        hint: None,
    }))
    .collect();
    let date_hint = ctx.t("admin-date-hint");
    html! {
        @if new {
            (TextInput::new("code", &ctx.t("admin-offices-code")).value(&given.code)
                .hint(&ctx.t("admin-offices-code-hint")).width("width-20").errors(ctx, errors).render())
        }
        (TextInput::new("name", &ctx.t("admin-offices-name")).value(&given.name).errors(ctx, errors).render())
        (select(ctx, "kind", &ctx.t("admin-offices-kind"), None, &choices, Some(&given.kind), errors))
        (TextInput::new("unit_code", &ctx.t("admin-offices-unit-code")).value(&given.unit_code)
            .hint(&ctx.t("admin-offices-unit-code-hint")).width("width-10").inputmode("numeric")
            .errors(ctx, errors).render())
        (TextInput::new("opened_on", &ctx.t("admin-offices-opened")).value(&given.opened_on)
            .hint(&date_hint).width("width-10").errors(ctx, errors).render())
        (TextInput::new("closed_on", &ctx.t("admin-offices-closed")).value(&given.closed_on)
            .hint(&date_hint).width("width-10").errors(ctx, errors).render())
    }
}

/// Reads the kind and dates of the form, noting what is wrong.
fn read_office(
    signed: &SignedIn,
    given: &OfficeForm,
    errors: &mut Errors,
) -> (
    Option<OfficeKind>,
    Option<chrono::NaiveDate>,
    Option<chrono::NaiveDate>,
) {
    let ctx = &signed.ctx;
    if given.name.trim().is_empty() || given.name.chars().count() > 300 {
        errors.add("name", ctx.t("admin-offices-name-missing"));
    }
    let kind = OfficeKind::from_token(&given.kind);
    if kind.is_none() {
        errors.add("kind", ctx.t("admin-offices-kind-missing"));
    }
    if given.unit_code.trim().is_empty() {
        errors.add("unit_code", ctx.t("admin-offices-unit-missing"));
    }
    let mut date = |field: &str, text: &str| match non_empty(text) {
        None => None,
        Some(t) => {
            let day = parse_date(&t);
            if day.is_none() {
                errors.add(field, ctx.t("admin-date-invalid"));
            }
            day
        }
    };
    let opened = date("opened_on", &given.opened_on);
    let closed = date("closed_on", &given.closed_on);
    if let (Some(o), Some(c)) = (opened, closed)
        && c < o
    {
        errors.add("closed_on", ctx.t("admin-offices-closed-before"));
    }
    (kind, opened, closed)
}

/// `GET /staff/admin/offices/new`.
async fn new_form(signed: SignedIn) -> Result<HttpResponse, Error> {
    admin_only(&signed)?;
    Ok(new_page(
        &signed,
        &OfficeForm::default(),
        &Errors::default(),
        StatusCode::OK,
    ))
}

fn new_page(
    signed: &SignedIn,
    given: &OfficeForm,
    errors: &Errors,
    status: StatusCode,
) -> HttpResponse {
    let ctx = &signed.ctx;
    let title = ctx.t("admin-offices-new-title");
    let main = html! {
        (layout::breadcrumbs(ctx, &[("/staff/admin/offices", &ctx.t("admin-offices-title")), ("", &title)]))
        (error_summary(ctx, errors))
        h1.heading-xl { (title) }
        form.narrow-form method="post" action="/staff/admin/offices" novalidate {
            (signed.csrf_field())
            (office_fields(signed, given, errors, true))
            (button(&ctx.t("admin-offices-create")))
        }
    };
    signed.page_with(status, &title, main)
}

/// `POST /staff/admin/offices`.
async fn create(signed: SignedIn, form: web::Form<OfficeForm>) -> Result<HttpResponse, Error> {
    admin_only(&signed)?;
    signed.verify_csrf(&form.csrf)?;
    let given = form.into_inner();
    let mut errors = Errors::default();
    let code = match AgencyCode::parse(given.code.trim()) {
        Ok(code) => Some(code),
        Err(_) => {
            errors.add("code", signed.ctx.t("admin-offices-code-invalid"));
            None
        }
    };
    let (kind, opened_on, closed_on) = read_office(&signed, &given, &mut errors);
    let (Some(code), Some(kind), true) = (code, kind, errors.is_empty()) else {
        return Ok(new_page(
            &signed,
            &given,
            &errors,
            StatusCode::UNPROCESSABLE_ENTITY,
        ));
    };
    let input = NewOfficeInput {
        code,
        name: given.name.trim().to_owned(),
        unit_code: given.unit_code.trim().to_owned(),
        kind,
        opened_on,
        closed_on,
    };
    let made = crate::service::catalog::write(&signed.ctx.state, move |conn| {
        service::create(conn, &input)
    })
    .await;
    match made {
        Ok(office) => Ok(signed.redirect(&format!(
            "{}?done=office-created",
            office_href(&office.row.code)
        ))),
        Err(e) => {
            let errors = refusal(&signed, e, |_| None, "code")?;
            Ok(new_page(
                &signed,
                &given,
                &errors,
                StatusCode::UNPROCESSABLE_ENTITY,
            ))
        }
    }
}
