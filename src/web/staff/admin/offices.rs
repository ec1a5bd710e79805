//! `/staff/admin/offices`: the offices (search, a page at a time), a new office, and one
//! office's page: its details to edit, and the procedures it receives, each with its online
//! level, added from a search over the catalog (by code or accent-free name) or by code, and
//! removed (its row ends yesterday; the history stays).

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use chrono::Duration;
use maud::{Markup, html};
use serde::Deserialize;

use super::{admin_only, encode, non_empty, parse_date, refusal};
use crate::db::offices::OfficeView;
use crate::domain::procedure::OnlineLevel;
use crate::error::Error;
use crate::service::catalog::search::{self, CatalogQuery, Listing, PageRequest};
use crate::service::offices::{
    self as service, AgencyCode, NewOfficeInput, OfficeKind, OfficeProcedures, OfficeQuery,
    OfficeUpdate,
};
use crate::service::version::Expected;
use crate::state::db;
use crate::web::forms::{Choice, Errors, TextInput, button, error_summary, select};
use crate::web::i18n::args;
use crate::web::staff::SignedIn;
use crate::web::{format, layout};

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
        .route("/admin/offices/new", web::get().to(new_form))
        .route("/admin/offices/{code}", web::get().to(office))
        .route("/admin/offices/{code}", web::post().to(edit))
        .route(
            "/admin/offices/{code}/procedures",
            web::post().to(add_procedure),
        )
        .route(
            "/admin/offices/{code}/procedures/remove",
            web::post().to(remove_procedure),
        );
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

/// Up to [`HITS`] procedures of today's catalog matching `q` (a code or words, accents and
/// case aside): (code, name).
async fn catalog_hits(signed: &SignedIn, q: &str) -> Result<Vec<(String, String)>, Error> {
    #[derive(Deserialize)]
    struct Hit {
        code: String,
        name: String,
    }
    #[derive(Deserialize)]
    struct Body {
        items: Vec<Hit>,
    }
    let query = CatalogQuery {
        q: Some(q.to_owned()),
        field: None,
        tier: None,
        channel: None,
        legacy_level: None,
        online_level: None,
        published: None,
        office: None,
        as_of: None,
    };
    let key = format!("admin&q={}&limit={HITS}", encode(q));
    let listing = search::list(&signed.ctx.state, &key, move |_| {
        Ok((
            query,
            PageRequest {
                limit: HITS,
                cursor: None,
            },
        ))
    })
    .await?;
    let body = match listing {
        Listing::Kept(answer) => String::from_utf8_lossy(&answer.plain()).into_owned(),
        Listing::Built(body) => body,
    };
    let body: Body = serde_json::from_str(&body).map_err(Error::internal)?;
    Ok(body.items.into_iter().map(|h| (h.code, h.name)).collect())
}

/// `GET /staff/admin/offices/{code}` (`?q=` searches the catalog for procedures to add).
async fn office(signed: SignedIn, path: web::Path<String>) -> Result<HttpResponse, Error> {
    admin_only(&signed)?;
    let code = path.into_inner();
    let (office, procedures) = db(&signed.ctx.state, move |conn| {
        Ok::<_, Error>((
            service::get(conn, &code)?,
            service::procedures(conn, &code, None)?,
        ))
    })
    .await?;
    let given = OfficeForm::of(&office);
    office_page(
        &signed,
        &office,
        &procedures,
        &given,
        &Errors::default(),
        StatusCode::OK,
    )
    .await
}

async fn office_page(
    signed: &SignedIn,
    office: &OfficeView,
    procedures: &OfficeProcedures,
    given: &OfficeForm,
    errors: &Errors,
    status: StatusCode,
) -> Result<HttpResponse, Error> {
    let ctx = &signed.ctx;
    let q = ctx.query_param("q").unwrap_or_default();
    let hits = match non_empty(&q) {
        Some(q) => Some(catalog_hits(signed, &q).await?),
        None => None,
    };
    let href = office_href(&office.row.code);
    let today = crate::domain::today();
    let (current, ended): (Vec<_>, Vec<_>) = procedures.items.iter().partition(|p| {
        p.terms
            .available_to
            .is_none_or(|to| to >= today && to >= p.terms.available_from)
    });
    let title = office.row.name.clone();
    let level_names: Vec<(OnlineLevel, String)> = LEVELS
        .iter()
        .map(|l| (*l, format::online_level(ctx, Some(*l))))
        .collect();
    let level_choices: Vec<Choice> = level_names
        .iter()
        .map(|(l, n)| Choice {
            value: l.as_str(),
            label: n,
            hint: None,
        })
        .collect();
    let add_form = |code: &str, name: &str, level: Option<OnlineLevel>, label: &str| {
        html! {
            form.inline-add method="post" action={ (href) "/procedures" } {
                (signed.csrf_field())
                input type="hidden" name="procedure_code" value=(code);
                label.visually-hidden for={ "level-" (code) } { (ctx.t("admin-offices-online")) " – " (name) }
                select.select.select-inline id={ "level-" (code) } name="online_level" {
                    @for (l, n) in &level_names {
                        option value=(l.as_str()) selected[level == Some(*l)] { (n) }
                    }
                }
                " "
                button.button.button-secondary.button-small type="submit" { (label) }
            }
        }
    };
    let main = html! {
        (layout::breadcrumbs(ctx, &[("/staff/admin/offices", &ctx.t("admin-offices-title")), ("", &title)]))
        (error_summary(ctx, errors))
        span.caption { (office.row.code) " · " (office.unit_name) }
        h1.heading-xl { (title) }
        h2.heading-l #add { (ctx.t("admin-offices-add")) }
        form.search-form method="get" action={ (href) "#add" } role="search" {
            label.label for="q" { (ctx.t("admin-offices-catalog-search")) }
            div.hint #q-hint { (ctx.t("admin-offices-catalog-hint")) }
            div.search-row {
                input.input #q name="q" type="search" value=(q) aria-describedby="q-hint";
                button.button type="submit" { (ctx.t("admin-search")) }
            }
        }
        @if let Some(hits) = &hits {
            @if hits.is_empty() {
                p { (ctx.t("admin-offices-no-hits")) }
            } @else {
                ul.results {
                    @for (code, name) in hits {
                        li.result {
                            p { strong { (code) } " " (name) }
                            (add_form(code, name, Some(OnlineLevel::Full), &ctx.t("admin-offices-add-button")))
                        }
                    }
                }
            }
        }
        form.narrow-form method="post" action={ (href) "/procedures" } novalidate {
            (signed.csrf_field())
            (TextInput::new("procedure_code", &ctx.t("admin-offices-procedure-code")).value(&given.add_code)
                .hint(&ctx.t("admin-offices-procedure-code-hint")).width("width-10").errors(ctx, errors).render())
            (select(ctx, "online_level", &ctx.t("admin-offices-online"), None, &level_choices, Some("full"), errors))
            (button(&ctx.t("admin-offices-add-button")))
        }
        h2.heading-l #procedures { (ctx.t("admin-offices-procedures")) }
        p { (ctx.t_args("admin-offices-procedures-count", &args(&[("count", (current.len() as i64).into())]))) }
        @if !current.is_empty() {
            ul.office-procedures {
                @for p in &current {
                    li {
                        p.procedure-line {
                            strong { (p.terms.procedure_code) } " " (p.procedure_name)
                            " " span.muted { (ctx.t("admin-offices-from")) " " (format::date(p.terms.available_from)) }
                        }
                        div.procedure-actions {
                            (add_form(&p.terms.procedure_code, &p.procedure_name, p.terms.online_level, &ctx.t("admin-offices-set-level")))
                            form method="post" action={ (href) "/procedures/remove" } {
                                (signed.csrf_field())
                                input type="hidden" name="procedure_code" value=(p.terms.procedure_code);
                                button.button.button-warning.button-small type="submit"
                                    aria-label={ (ctx.t("admin-offices-remove")) " " (p.terms.procedure_code) } {
                                    (ctx.t("admin-offices-remove"))
                                }
                            }
                        }
                    }
                }
            }
        }
        @if !ended.is_empty() {
            details.offices {
                summary { (ctx.t_args("admin-offices-ended", &args(&[("count", (ended.len() as i64).into())]))) }
                ul.plain-list {
                    @for p in &ended {
                        li { strong { (p.terms.procedure_code) } " " (p.procedure_name) " – "
                            (p.terms.available_to.map(format::date).unwrap_or_default()) }
                    }
                }
            }
        }
        h2.heading-l #details { (ctx.t("admin-offices-details")) }
        form.narrow-form method="post" action=(href) novalidate {
            (signed.csrf_field())
            input type="hidden" name="version" value=(given.version);
            (office_fields(signed, given, errors, false))
            (button(&ctx.t("admin-offices-save")))
        }
    };
    Ok(signed.page_with(status, &title, main))
}

/// `POST /staff/admin/offices/{code}`: the details changed.
async fn edit(
    signed: SignedIn,
    path: web::Path<String>,
    form: web::Form<OfficeForm>,
) -> Result<HttpResponse, Error> {
    admin_only(&signed)?;
    signed.verify_csrf(&form.csrf)?;
    let code = path.into_inner();
    let given = form.into_inner();
    let mut errors = Errors::default();
    let (kind, opened_on, closed_on) = read_office(&signed, &given, &mut errors);
    let outcome = match kind {
        Some(kind) if errors.is_empty() => {
            let change = OfficeUpdate {
                name: Some(given.name.trim().to_owned()),
                kind: Some(kind),
                unit_code: Some(given.unit_code.trim().to_owned()),
                opened_on,
                closed_on,
                ..OfficeUpdate::default()
            };
            let (code, expected) = (code.clone(), Expected::Field(given.version));
            crate::service::catalog::write(&signed.ctx.state, move |conn| {
                service::update(conn, &code, expected, change)
            })
            .await
        }
        _ => Err(Error::Validation(Vec::new())),
    };
    match outcome {
        Ok(office) => Ok(signed.redirect(&format!(
            "{}?done=office-saved#details",
            office_href(&office.row.code)
        ))),
        Err(e) => {
            if !matches!(&e, Error::Validation(issues) if issues.is_empty()) {
                let found = refusal(&signed, e, |_| None, "name")?;
                for (field, message) in found.iter() {
                    errors.add(field, message);
                }
            }
            again(&signed, code, given, errors).await
        }
    }
}

/// The office's page again with the form as sent and its errors (422).
async fn again(
    signed: &SignedIn,
    code: String,
    mut given: OfficeForm,
    errors: Errors,
) -> Result<HttpResponse, Error> {
    let (office, procedures) = db(&signed.ctx.state, move |conn| {
        Ok::<_, Error>((
            service::get(conn, &code)?,
            service::procedures(conn, &code, None)?,
        ))
    })
    .await?;
    if given.version == 0 {
        // A refused "add": the details form shows the office as it is.
        given = OfficeForm {
            add_code: std::mem::take(&mut given.add_code),
            ..OfficeForm::of(&office)
        };
    }
    office_page(
        signed,
        &office,
        &procedures,
        &given,
        &errors,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await
}

/// The add/change form of a procedure at the office.
#[derive(Debug, Deserialize)]
struct ProcedureForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    procedure_code: String,
    #[serde(default)]
    online_level: String,
}

/// `POST /staff/admin/offices/{code}/procedures`: receives a procedure from today at an online
/// level (or changes the level of one it receives).
async fn add_procedure(
    signed: SignedIn,
    path: web::Path<String>,
    form: web::Form<ProcedureForm>,
) -> Result<HttpResponse, Error> {
    admin_only(&signed)?;
    signed.verify_csrf(&form.csrf)?;
    let code = path.into_inner();
    let form = form.into_inner();
    let procedure = form.procedure_code.trim().to_owned();
    let level = OnlineLevel::from_token(&form.online_level);
    let mut errors = Errors::default();
    if procedure.is_empty() {
        errors.add(
            "procedure_code",
            signed.ctx.t("admin-offices-procedure-missing"),
        );
    }
    if level.is_none() {
        errors.add("online_level", signed.ctx.t("admin-offices-level-missing"));
    }
    if errors.is_empty() {
        let (office, entry) = (code.clone(), procedure.clone());
        let today = crate::domain::today();
        let done = crate::service::catalog::write(&signed.ctx.state, move |conn| {
            service::receive(
                conn,
                &office,
                &entry,
                level.unwrap_or(OnlineLevel::None),
                today,
            )
        })
        .await;
        match done {
            Ok(_) => {
                return Ok(signed.redirect(&format!(
                    "{}?done=office-procedure-set#procedures",
                    office_href(&code)
                )));
            }
            Err(e) => {
                let found = refusal(
                    &signed,
                    e,
                    |f| f.ends_with("procedure_code").then_some("procedure_code"),
                    "procedure_code",
                )?;
                for (field, message) in found.iter() {
                    errors.add(field, message);
                }
            }
        }
    }
    let given = OfficeForm {
        add_code: procedure,
        ..OfficeForm::default()
    };
    again(&signed, code, given, errors).await
}

/// `POST /staff/admin/offices/{code}/procedures/remove`: the office stops receiving it today
/// (its row ends yesterday).
async fn remove_procedure(
    signed: SignedIn,
    path: web::Path<String>,
    form: web::Form<ProcedureForm>,
) -> Result<HttpResponse, Error> {
    admin_only(&signed)?;
    signed.verify_csrf(&form.csrf)?;
    let code = path.into_inner();
    let (office, procedure) = (code.clone(), form.procedure_code.trim().to_owned());
    let yesterday = crate::domain::today() - Duration::days(1);
    crate::service::catalog::write(&signed.ctx.state, move |conn| {
        service::end_procedure(conn, &office, &procedure, yesterday)
    })
    .await?;
    Ok(signed.redirect(&format!(
        "{}?done=office-procedure-removed#procedures",
        office_href(&code)
    )))
}
