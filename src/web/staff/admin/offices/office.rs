//! One office's page: the procedures it receives (added from a catalog search or by code,
//! their online level changed, removed) and its details.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use chrono::Duration;
use maud::html;
use serde::Deserialize;

use super::{HITS, LEVELS, OfficeForm, office_fields, office_href, read_office};
use crate::db::offices::OfficeView;
use crate::domain::procedure::OnlineLevel;
use crate::error::Error;
use crate::service::catalog::search::{self, CatalogQuery, Listing, PageRequest};
use crate::service::offices::{self as service, OfficeProcedures, OfficeUpdate};
use crate::service::version::Expected;
use crate::state::db;
use crate::web::forms::{Choice, Errors, TextInput, button, error_summary, select};
use crate::web::i18n::args;
use crate::web::staff::SignedIn;
use crate::web::staff::admin::{admin_only, encode, non_empty, refusal};
use crate::web::{format, layout};

pub(super) fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/admin/offices/{code}", web::get().to(office))
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
