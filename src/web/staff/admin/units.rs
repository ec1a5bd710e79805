//! `/staff/admin/units`: the unit tree on a date (provinces, then each unit's children), the
//! reorganisations recorded (the latest first, with how many units ended and began and their
//! first links), and a merge or rename recorded through the operation `POST
//! /api/v1/units/reorganizations` runs (keyed, so a form sent twice records it once).

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use chrono::NaiveDate;
use maud::html;
use serde::Deserialize;
use validator::Validate;

use super::{admin_only, encode, non_empty, parse_date, refusal};
use crate::domain::unit::{ReorganizationKind, Succession, UnitLevel};
use crate::error::Error;
use crate::service::idempotency::Keyed;
use crate::service::units::{self, NewUnitIn, ReorganizationIn, UnitOut, UnitQuery};
use crate::state::db;
use crate::web::forms::{Choice, Errors, TextInput, button, error_summary, radios, textarea};
use crate::web::i18n::args;
use crate::web::staff::SignedIn;
use crate::web::{format, layout};

/// Units shown per level page, reorganisations per page, links shown per reorganisation.
const UNITS: i64 = 200;
const REORGANIZATIONS: i64 = 20;
const LINKS: i64 = 6;

pub(super) fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/admin/units", web::get().to(tree))
        .route("/admin/units/reorganize", web::get().to(reorganize_form))
        .route("/admin/units/reorganize", web::post().to(reorganize));
}

#[derive(Debug, Default, Deserialize)]
struct TreeParams {
    #[serde(default)]
    parent: String,
    #[serde(default)]
    as_of: String,
    #[serde(default)]
    page: String,
}

/// `GET /staff/admin/units?parent=01&as_of=2025-06-30&page=2`.
async fn tree(signed: SignedIn) -> Result<HttpResponse, Error> {
    admin_only(&signed)?;
    let ctx = &signed.ctx;
    let params: TreeParams = serde_urlencoded::from_str(ctx.req.query_string()).unwrap_or_default();
    let mut errors = Errors::default();
    let as_of = match non_empty(&params.as_of) {
        None => crate::domain::today(),
        Some(text) => parse_date(&text).unwrap_or_else(|| {
            errors.add("as_of", ctx.t("admin-date-invalid"));
            crate::domain::today()
        }),
    };
    let page: i64 = params.page.parse().unwrap_or(1).clamp(1, 1000);
    let parent = non_empty(&params.parent);
    let (trail, children, total, (reorganizations, reorganization_count)) =
        db(&ctx.state, move |conn| {
            let mut trail: Vec<UnitOut> = Vec::new();
            let mut next = parent.clone();
            while let Some(code) = next.take().filter(|_| trail.len() < 3) {
                let unit = units::get(conn, &code, Some(as_of))?;
                next = unit.parent_code.clone();
                trail.insert(0, unit);
            }
            let query = UnitQuery {
                as_of: Some(as_of),
                level: parent.is_none().then_some(UnitLevel::Province),
                parent: parent.clone(),
                q: None,
            };
            let (children, total) = units::list(conn, query, None, UNITS)?;
            let found =
                units::reorganizations(conn, (page - 1) * REORGANIZATIONS, REORGANIZATIONS, LINKS)?;
            Ok::<_, Error>((trail, children, total, found))
        })
        .await?;
    let title = ctx.t("admin-units-title");
    let at = |code: Option<&str>| match code {
        Some(code) => format!("/staff/admin/units?parent={}&as_of={as_of}", encode(code)),
        None => format!("/staff/admin/units?as_of={as_of}"),
    };
    let top = ctx.t("admin-units-country");
    let kind_names =
        |kind: ReorganizationKind| ctx.t(&format!("admin-reorganization-{}", kind.as_str()));
    let pages = (reorganization_count + REORGANIZATIONS - 1) / REORGANIZATIONS;
    let main = html! {
        (error_summary(ctx, &errors))
        h1.heading-xl { (title) }
        p { a.button href="/staff/admin/units/reorganize" { (ctx.t("admin-units-record")) } }
        h2.heading-l #tree { (ctx.t("admin-units-tree")) }
        form.filters.admin-filters method="get" action="/staff/admin/units#tree" {
            @if let Some(p) = trail.last() { input type="hidden" name="parent" value=(p.code); }
            (TextInput::new("as_of", &ctx.t("admin-units-as-of")).value(&as_of.to_string())
                .hint(&ctx.t("admin-date-hint")).width("width-10").errors(ctx, &errors).render())
            button.button.button-secondary type="submit" { (ctx.t("admin-units-show")) }
        }
        nav.breadcrumbs aria-label=(ctx.t("admin-units-trail")) {
            ol {
                @if trail.is_empty() {
                    li aria-current="page" { (top) }
                } @else {
                    li { a href=(at(None)) { (top) } }
                }
                @for (i, unit) in trail.iter().enumerate() {
                    @if i + 1 == trail.len() {
                        li aria-current="page" { (unit.full_name) }
                    } @else {
                        li { a href=(at(Some(&unit.code))) { (unit.full_name) } }
                    }
                }
            }
        }
        p { (ctx.t_args("admin-units-count", &args(&[("count", total.into()), ("date", format::date(as_of).into())]))) }
        @if !children.is_empty() {
            ul.unit-list {
                @for unit in &children {
                    li {
                        @if unit.level == UnitLevel::Commune {
                            span.unit-name { (unit.full_name) }
                        } @else {
                            a.unit-name href=(at(Some(&unit.code))) { (unit.full_name) }
                        }
                        " "
                        span.muted { (unit.code)
                            @if let Some(from) = unit.valid_from { " · " (ctx.t("admin-units-from")) " " (format::date(from)) }
                        }
                    }
                }
            }
            @if total > UNITS {
                p.muted { (ctx.t_args("admin-units-more", &args(&[("count", UNITS.into())]))) }
            }
        }
        h2.heading-l #reorganizations { (ctx.t("admin-units-reorganizations")) }
        p { (ctx.t_args("admin-units-reorganization-count", &args(&[("count", reorganization_count.into())]))) }
        ul.results {
            @for r in &reorganizations {
                li.result {
                    h3.heading-s { (r.reorganization.title) }
                    dl.result-meta {
                        dt { (ctx.t("admin-units-kind")) } dd { (kind_names(r.reorganization.kind)) }
                        dt { (ctx.t("admin-units-effective")) } dd { (format::date(r.reorganization.effective_on)) }
                        dt { (ctx.t("admin-units-sides")) }
                        dd { (ctx.t_args("admin-units-sides-count", &args(&[("ended", r.ended.into()), ("began", r.began.into())]))) }
                    }
                    @if !r.links.is_empty() {
                        ul.plain-list.links-list {
                            @for link in &r.links {
                                li {
                                    (link.predecessor.full_name) " (" (link.predecessor.code) ") → "
                                    (link.successor.full_name) " (" (link.successor.code) ")"
                                    @if link.succession == Succession::Partial { " " span.tag.tag-grey { (ctx.t("admin-units-partial")) } }
                                }
                            }
                            @if (r.links.len() as i64) < r.ended.max(r.began) {
                                li.muted { (ctx.t("admin-units-links-more")) }
                            }
                        }
                    }
                }
            }
        }
        @if pages > 1 {
            nav.pagination aria-label=(ctx.t("admin-paging")) {
                @if page > 1 {
                    a href={ (at(trail.last().map(|u| u.code.as_str()))) "&page=" (page - 1) "#reorganizations" } rel="prev" { (ctx.t("admin-previous-page")) }
                }
                span { (ctx.t_args("admin-page-of", &args(&[("page", page.into()), ("pages", pages.into())]))) }
                @if page < pages {
                    a href={ (at(trail.last().map(|u| u.code.as_str()))) "&page=" (page + 1) "#reorganizations" } rel="next" { (ctx.t("admin-next-page")) }
                }
            }
        }
    };
    Ok(signed.page(&title, main))
}

/// The reorganisation form's fields.
#[derive(Debug, Default, Deserialize)]
struct ReorganizeForm {
    #[serde(default)]
    csrf: String,
    /// A retry key made when the form was shown.
    #[serde(default)]
    key: String,
    #[serde(default)]
    kind: String,
    #[serde(default)]
    effective_on: String,
    #[serde(default)]
    title: String,
    #[serde(default)]
    predecessors: String,
    #[serde(default)]
    successor_code: String,
    #[serde(default)]
    successor_kind: String,
    #[serde(default)]
    successor_name: String,
    /// The new unit's parent, when not the first predecessor's.
    #[serde(default)]
    successor_parent: String,
}

/// `GET /staff/admin/units/reorganize`.
async fn reorganize_form(signed: SignedIn) -> Result<HttpResponse, Error> {
    admin_only(&signed)?;
    let given = ReorganizeForm {
        kind: "merge".into(),
        key: uuid::Uuid::new_v4().to_string(),
        ..ReorganizeForm::default()
    };
    Ok(form_page(
        &signed,
        &given,
        &Errors::default(),
        StatusCode::OK,
    ))
}

fn form_page(
    signed: &SignedIn,
    given: &ReorganizeForm,
    errors: &Errors,
    status: StatusCode,
) -> HttpResponse {
    let ctx = &signed.ctx;
    let title = ctx.t("admin-reorganize-title");
    let (merge, rename) = (
        ctx.t("admin-reorganization-merge"),
        ctx.t("admin-reorganization-rename"),
    );
    let (merge_hint, rename_hint) = (
        ctx.t("admin-reorganize-merge-hint"),
        ctx.t("admin-reorganize-rename-hint"),
    );
    let kinds = [
        Choice {
            value: "merge",
            label: &merge,
            hint: Some(&merge_hint),
        },
        Choice {
            value: "rename",
            label: &rename,
            hint: Some(&rename_hint),
        },
    ];
    let main = html! {
        (layout::breadcrumbs(ctx, &[("/staff/admin/units", &ctx.t("admin-units-title")), ("", &title)]))
        (error_summary(ctx, errors))
        h1.heading-xl { (title) }
        p.lead { (ctx.t("admin-reorganize-lead")) }
        form.narrow-form method="post" action="/staff/admin/units/reorganize" novalidate {
            (signed.csrf_field())
            input type="hidden" name="key" value=(given.key);
            (radios(ctx, "kind", &ctx.t("admin-units-kind"), None, &kinds, Some(&given.kind), errors))
            (TextInput::new("effective_on", &ctx.t("admin-units-effective")).value(&given.effective_on)
                .hint(&ctx.t("admin-reorganize-effective-hint")).width("width-10").errors(ctx, errors).render())
            (TextInput::new("title", &ctx.t("admin-reorganize-decision")).value(&given.title)
                .hint(&ctx.t("admin-reorganize-decision-hint")).errors(ctx, errors).render())
            (textarea(ctx, "predecessors", &ctx.t("admin-reorganize-predecessors"),
                Some(&ctx.t("admin-reorganize-predecessors-hint")), &given.predecessors, errors))
            fieldset.fieldset {
                legend.fieldset-legend.heading-m { (ctx.t("admin-reorganize-successor")) }
                (TextInput::new("successor_code", &ctx.t("admin-reorganize-successor-code")).value(&given.successor_code)
                    .hint(&ctx.t("admin-reorganize-successor-code-hint")).width("width-10").inputmode("numeric")
                    .errors(ctx, errors).render())
                (TextInput::new("successor_kind", &ctx.t("admin-reorganize-successor-kind")).value(&given.successor_kind)
                    .hint(&ctx.t("admin-reorganize-successor-kind-hint")).width("width-20").errors(ctx, errors).render())
                (TextInput::new("successor_name", &ctx.t("admin-reorganize-successor-name")).value(&given.successor_name)
                    .hint(&ctx.t("admin-reorganize-successor-name-hint")).errors(ctx, errors).render())
                (TextInput::new("successor_parent", &ctx.t("admin-reorganize-successor-parent")).value(&given.successor_parent)
                    .hint(&ctx.t("admin-reorganize-successor-parent-hint")).width("width-10").inputmode("numeric")
                    .errors(ctx, errors).render())
            }
            (button(&ctx.t("admin-reorganize-button")))
        }
    };
    signed.page_with(status, &title, main)
}

/// The form's field for an operation's field name.
fn form_field(name: &str) -> Option<&'static str> {
    Some(match name {
        "kind" => "kind",
        "effective_on" => "effective_on",
        "title" => "title",
        "code" | "successors[0].code" => "successor_code",
        "successors[0].kind" => "successor_kind",
        "successors[0].name" | "successors[0].full_name" => "successor_name",
        "parent_code" | "successors[0].parent_code" => "successor_parent",
        n if n.starts_with("predecessors") => "predecessors",
        n if n.starts_with("successors") => "successor_code",
        _ => return None,
    })
}

/// `POST /staff/admin/units/reorganize`.
async fn reorganize(
    signed: SignedIn,
    form: web::Form<ReorganizeForm>,
) -> Result<HttpResponse, Error> {
    admin_only(&signed)?;
    signed.verify_csrf(&form.csrf)?;
    let mut given = form.into_inner();
    let ctx = &signed.ctx;
    let mut errors = Errors::default();
    let kind = match given.kind.as_str() {
        "merge" => Some(ReorganizationKind::Merge),
        "rename" => Some(ReorganizationKind::Rename),
        _ => {
            errors.add("kind", ctx.t("admin-reorganize-kind-missing"));
            None
        }
    };
    let effective_on: Option<NaiveDate> = parse_date(&given.effective_on);
    if effective_on.is_none() {
        errors.add("effective_on", ctx.t("admin-date-invalid"));
    }
    let predecessors: Vec<String> = given
        .predecessors
        .split(|c: char| c == ',' || c == ';' || c.is_whitespace())
        .filter(|c| !c.is_empty())
        .map(str::to_owned)
        .collect();
    if predecessors.is_empty() {
        errors.add(
            "predecessors",
            ctx.t("admin-reorganize-predecessors-missing"),
        );
    }
    for (field, key) in [
        ("title", "admin-reorganize-decision-missing"),
        ("successor_code", "admin-reorganize-successor-code-missing"),
        ("successor_kind", "admin-reorganize-successor-kind-missing"),
        ("successor_name", "admin-reorganize-successor-name-missing"),
    ] {
        let value = match field {
            "title" => &given.title,
            "successor_code" => &given.successor_code,
            "successor_kind" => &given.successor_kind,
            _ => &given.successor_name,
        };
        if value.trim().is_empty() {
            errors.add(field, ctx.t(key));
        }
    }
    if given.key.len() < 16 || given.key.len() > 100 {
        given.key = uuid::Uuid::new_v4().to_string();
    }
    let (Some(kind), Some(effective_on), true) = (kind, effective_on, errors.is_empty()) else {
        return Ok(form_page(
            &signed,
            &given,
            &errors,
            StatusCode::UNPROCESSABLE_ENTITY,
        ));
    };
    let body = ReorganizationIn {
        kind,
        effective_on,
        title: given.title.trim().to_owned(),
        predecessors,
        successors: vec![NewUnitIn {
            code: given.successor_code.trim().to_owned(),
            name: given.successor_name.trim().to_owned(),
            full_name: None,
            level: None,
            kind: given.successor_kind.trim().to_owned(),
            parent_code: non_empty(&given.successor_parent),
            valid_from: None,
            from: Vec::new(),
        }],
    };
    let outcome = match body.validate() {
        Err(e) => Err(Error::from(e)),
        Ok(()) => {
            let keyed = Keyed::for_user(
                &signed.caller.user.row.id,
                Some(given.key.clone()),
                "/staff/admin/units/reorganize",
                &body,
            )?;
            crate::service::catalog::write(&ctx.state, move |conn| {
                units::reorganize_once(conn, &keyed, &body)
            })
            .await
        }
    };
    match outcome {
        Ok(_) => Ok(signed.redirect("/staff/admin/units?done=reorganized#reorganizations")),
        Err(e) => {
            let found = refusal(&signed, e, form_field, "successor_code")?;
            Ok(form_page(
                &signed,
                &given,
                &found,
                StatusCode::UNPROCESSABLE_ENTITY,
            ))
        }
    }
}
