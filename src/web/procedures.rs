//! The catalog's pages: search results with filters and paging, and one procedure's page.

use actix_web::http::header::{CONTENT_ENCODING, VARY};
use actix_web::{HttpResponse, web};
use maud::{Markup, PreEscaped, html};
use serde::Deserialize;

use super::context::Ctx;
use super::format;
use super::forms::{Choice, Errors, error_summary, select};
use super::i18n::args;
use super::layout;
use crate::api::procedures::accepts_gzip;
use crate::domain::procedure::{Channel, ChannelTerms, OnlineLevel, Tier, TimeStatus};
use crate::error::Error;
use crate::service::catalog::fields;
use crate::service::catalog::procedures::parse_code;
use crate::service::catalog::search::{self, CatalogQuery, Listing, PageRequest};
use crate::service::catalog::views::ProcedureSummary;
use crate::service::site::offices::{self, ReceivingOffice};
use crate::service::site::procedure_page::{self, ProcedurePage};
use crate::state::db;

/// Hits per page.
pub const PER_PAGE: usize = 20;
/// The last page reachable by number (deeper pages: narrow the search).
pub const MAX_PAGE: usize = 50;

/// The search page's parameters (`/procedures?q=&field=&tier=&level=&office=&page=`).
#[derive(Debug, Default, Deserialize)]
pub struct SearchParams {
    /// Words or a code.
    #[serde(default)]
    pub q: String,
    /// Field code.
    #[serde(default)]
    pub field: String,
    /// Tier token.
    #[serde(default)]
    pub tier: String,
    /// Online level token.
    #[serde(default)]
    pub level: String,
    /// Office agency code.
    #[serde(default)]
    pub office: String,
    /// Page number from 1.
    #[serde(default)]
    pub page: String,
}

fn non_empty(s: &str) -> Option<String> {
    let s = s.trim();
    (!s.is_empty()).then(|| s.to_owned())
}

#[derive(Deserialize)]
struct ListingBody {
    items: Vec<ProcedureSummary>,
    total: usize,
}

/// `GET /procedures`.
pub async fn search(ctx: Ctx) -> Result<HttpResponse, Error> {
    let params: SearchParams =
        serde_urlencoded::from_str(ctx.req.query_string()).unwrap_or_default();
    let mut errors = Errors::default();
    let tier = non_empty(&params.tier).and_then(|t| {
        let parsed = Tier::from_token(&t);
        if parsed.is_none() {
            errors.add("tier", ctx.t("search-filter-invalid"));
        }
        parsed
    });
    let level = non_empty(&params.level).and_then(|t| {
        let parsed = OnlineLevel::from_token(&t);
        if parsed.is_none() {
            errors.add("level", ctx.t("search-filter-invalid"));
        }
        parsed
    });
    let page = match non_empty(&params.page) {
        None => 1,
        Some(p) => match p.parse::<usize>() {
            Ok(n @ 1..=MAX_PAGE) => n,
            _ => {
                errors.add("page", ctx.t("search-page-invalid"));
                1
            }
        },
    };
    let query = CatalogQuery {
        q: non_empty(&params.q),
        field: non_empty(&params.field),
        tier,
        channel: None,
        legacy_level: None,
        online_level: level,
        published: None,
        office: non_empty(&params.office),
        as_of: None,
    };
    // The same operation as the API's listing; the key keeps the site's answers apart from
    // the API's in the snapshot's memory of answers.
    let key = format!(
        "site&{}&limit={}",
        serde_urlencoded::to_string([
            ("q", query.q.as_deref().unwrap_or_default()),
            ("field", query.field.as_deref().unwrap_or_default()),
            ("tier", tier.map(|t| t.as_str()).unwrap_or_default()),
            ("level", level.map(|l| l.as_str()).unwrap_or_default()),
            ("office", query.office.as_deref().unwrap_or_default()),
        ])
        .unwrap_or_default(),
        page * PER_PAGE
    );
    let listing = search::list(&ctx.state, &key, move |_| {
        Ok((
            query,
            PageRequest {
                limit: page * PER_PAGE,
                cursor: None,
            },
        ))
    })
    .await;
    let body = match listing {
        Ok(Listing::Kept(answer)) => String::from_utf8_lossy(&answer.plain()).into_owned(),
        Ok(Listing::Built(body)) => body,
        Err(e) => match Errors::from_error(&e, ctx.lang, |_| None) {
            Some(found) => {
                for (field, message) in found.iter() {
                    errors.add(field, message);
                }
                r#"{"items":[],"total":0}"#.to_owned()
            }
            None => return Err(e),
        },
    };
    let listing: ListingBody = serde_json::from_str(&body).map_err(Error::internal)?;
    let hits: Vec<ProcedureSummary> = listing
        .items
        .into_iter()
        .skip((page - 1) * PER_PAGE)
        .collect();
    let codes: Vec<String> = hits.iter().map(|h| h.code.clone()).collect();
    let today = crate::domain::today();
    let (all_fields, all_offices, fees) = db(&ctx.state, move |conn| {
        Ok((
            fields::list(conn)?,
            offices::public_offices(conn, today)?,
            offices::fees_of(conn, &codes, today)?,
        ))
    })
    .await?;

    let any = ctx.t("form-any");
    let field_choices: Vec<Choice> = std::iter::once(Choice {
        value: "",
        label: &any,
        hint: None,
    })
    .chain(all_fields.iter().map(|f| Choice {
        value: &f.code,
        label: &f.name,
        hint: None,
    }))
    .collect();
    let tier_words: Vec<(&str, String)> = [
        Tier::Province,
        Tier::District,
        Tier::Commune,
        Tier::Ministry,
        Tier::Other,
    ]
    .iter()
    .map(|t| (t.as_str(), format::tier(&ctx, *t)))
    .collect();
    let tier_choices: Vec<Choice> = std::iter::once(Choice {
        value: "",
        label: &any,
        hint: None,
    })
    .chain(tier_words.iter().map(|(v, l)| Choice {
        value: v,
        label: l,
        hint: None,
    }))
    .collect();
    let level_words: Vec<(&str, String)> =
        [OnlineLevel::Full, OnlineLevel::Partial, OnlineLevel::None]
            .iter()
            .map(|l| (l.as_str(), format::online_level(&ctx, Some(*l))))
            .collect();
    let level_choices: Vec<Choice> = std::iter::once(Choice {
        value: "",
        label: &any,
        hint: None,
    })
    .chain(level_words.iter().map(|(v, l)| Choice {
        value: v,
        label: l,
        hint: None,
    }))
    .collect();
    let office_choices: Vec<Choice> = std::iter::once(Choice {
        value: "",
        label: &any,
        hint: None,
    })
    .chain(all_offices.iter().map(|(code, name)| Choice {
        value: code,
        label: name,
        hint: None,
    }))
    .collect();

    let total = listing.total;
    let pages = total.div_ceil(PER_PAGE).clamp(1, MAX_PAGE);
    let link_to = |n: usize| {
        let mut out = form_urlencoded::Serializer::new(String::new());
        for (k, v) in [
            ("q", &params.q),
            ("field", &params.field),
            ("tier", &params.tier),
            ("level", &params.level),
            ("office", &params.office),
        ] {
            if !v.trim().is_empty() {
                out.append_pair(k, v.trim());
            }
        }
        out.append_pair("page", &n.to_string());
        format!("/procedures?{}", out.finish())
    };
    let title = match non_empty(&params.q) {
        Some(q) => ctx.t_args("search-title-for", &args(&[("q", q.into())])),
        None => ctx.t("search-title"),
    };
    let main = html! {
        (layout::breadcrumbs(&ctx, &[("/", &ctx.t("nav-home")), ("", &ctx.t("nav-procedures"))]))
        (error_summary(&ctx, &errors))
        h1.heading-xl { (title) }
        form action="/procedures" method="get" role="search" {
            label.label for="q" { (ctx.t("search-label")) }
            div.hint id="q-hint" { (ctx.t("search-hint")) }
            div.search-row.form-group {
                input #q.input type="search" name="q" value=(params.q) autocomplete="off" aria-describedby="q-hint";
                button.button type="submit" { (ctx.t("search-button")) }
            }
            div.search-layout {
                div.filters {
                    h2.heading-m { (ctx.t("search-filters")) }
                    (select(&ctx, "field", &ctx.t("search-field"), None, &field_choices, Some(params.field.trim()), &errors))
                    (select(&ctx, "tier", &ctx.t("search-tier"), None, &tier_choices, Some(params.tier.trim()), &errors))
                    (select(&ctx, "level", &ctx.t("search-level"), None, &level_choices, Some(params.level.trim()), &errors))
                    (select(&ctx, "office", &ctx.t("search-office"), None, &office_choices, Some(params.office.trim()), &errors))
                    button.button.button-secondary type="submit" { (ctx.t("search-apply-filters")) }
                }
                div {
                    p.result-count aria-live="polite" {
                        (ctx.t_args("search-count", &args(&[("count", total.into()), ("shown", format::grouped(total as i64).into())])))
                    }
                    @if hits.is_empty() {
                        div.callout {
                            p { (ctx.t("search-none")) }
                            ul { li { (ctx.t("search-none-accents")) } li { (ctx.t("search-none-fewer")) } }
                        }
                    } @else {
                        ol.results start=((page - 1) * PER_PAGE + 1) {
                            @for (hit, (fees, fee_text)) in hits.iter().zip(fees.iter()) {
                                (hit_item(&ctx, hit, fees, fee_text))
                            }
                        }
                    }
                    @if pages > 1 {
                        nav.pagination aria-label=(ctx.t("search-pages")) {
                            @if page > 1 {
                                a href=(link_to(page - 1)) rel="prev" { "← " (ctx.t("search-previous")) }
                            } @else { span {} }
                            span.muted { (ctx.t_args("search-page-of", &args(&[("page", page.into()), ("pages", pages.into())]))) }
                            @if page < pages {
                                a href=(link_to(page + 1)) rel="next" { (ctx.t("search-next")) " →" }
                            }
                        }
                    }
                }
            }
        }
    };
    let status = if errors.is_empty() {
        actix_web::http::StatusCode::OK
    } else {
        actix_web::http::StatusCode::BAD_REQUEST
    };
    Ok(layout::page_with(&ctx, status, &title, main))
}

fn hit_item(
    ctx: &Ctx,
    hit: &ProcedureSummary,
    fees: &[crate::domain::procedure::Fee],
    fee_text: &str,
) -> Markup {
    let online = hit.channels.is_empty() || hit.channels.contains(&Channel::Online);
    let online = online && hit.online_level.is_some_and(|l| l != OnlineLevel::None);
    html! {
        li.result {
            h2 { a href={ "/procedures/" (hit.code) } { (hit.name) } }
            dl.result-meta {
                dt { (ctx.t("procedure-field")) } dd { (hit.field_name) }
                dt { (ctx.t("procedure-time")) }
                dd { @match &hit.processing_time { Some(t) => (format::processing_time(ctx, t)), None => (ctx.t("fee-unknown")) } }
                dt { (ctx.t("procedure-fee")) } dd { (format::fees(ctx, fees, fee_text)) }
                dt { (ctx.t("procedure-online")) }
                dd {
                    @if online { strong.tag { (ctx.t("search-online-yes")) } }
                    @else { span.tag.tag-grey { (ctx.t("search-online-no")) } }
                }
                dt { (ctx.t("procedure-code")) } dd { (hit.code) }
            }
        }
    }
}

/// How many receiving offices are listed open; more fold under "show all N offices".
pub const OFFICES_OPEN: usize = 3;

/// `GET /procedures/{code}`: the page is read and rendered once per catalog snapshot and
/// language (`service::site::procedure_page`); only the frame around it is drawn per request.
pub async fn procedure(ctx: Ctx, path: web::Path<String>) -> Result<HttpResponse, Error> {
    let code = parse_code(&path)?;
    let page = procedure_page::procedure_page(&ctx.state, code).await?;
    let main = page.rendered(ctx.lang, |page| procedure_main(&ctx, page).into_string());
    let title = &page.procedure.name;
    if !ctx.req.query_string().is_empty() {
        return Ok(layout::page(&ctx, title, PreEscaped(main.to_owned())));
    }
    // Without a query string the whole document is the same for every request in a
    // language: kept and gzipped once, where compressing it per request cost more than
    // everything else the page does.
    let document = page.document(ctx.lang, || {
        layout::document(&ctx, title, PreEscaped(main.to_owned())).into_string()
    });
    let mut builder = HttpResponse::Ok();
    layout::headers(&ctx, &mut builder);
    builder.insert_header((VARY, "Accept-Encoding, Accept-Language, Cookie"));
    let gzipped = if accepts_gzip(&ctx.req) {
        document.gzipped().await
    } else {
        None
    };
    Ok(match gzipped {
        Some(body) => builder.insert_header((CONTENT_ENCODING, "gzip")).body(body),
        None => builder.body(document.plain()),
    })
}

/// The page's content: the same for every request in a language until the catalog, the
/// offices or the units change.
fn procedure_main(ctx: &Ctx, page: &ProcedurePage) -> Markup {
    let out = &page.procedure;
    let receiving = &page.receiving;
    let online_here: Vec<_> = receiving.iter().filter(|o| o.takes_online).collect();
    let hours = ctx.state.settings.calendar.office_hours.join(", ");
    // Per channel only where the channels differ (1.008564: 40 days in person, 6 online).
    let differ = |same: &dyn Fn(&ChannelTerms, &ChannelTerms) -> bool| {
        out.channel_terms
            .windows(2)
            .any(|pair| !same(&pair[0], &pair[1]))
    };
    let times_differ = differ(&|a, b| a.processing_time == b.processing_time);
    let fees_differ = differ(&|a, b| a.fees == b.fees);
    html! {
        (layout::breadcrumbs(ctx, &[("/", &ctx.t("nav-home")), ("/procedures", &ctx.t("nav-procedures")), ("", &out.name)]))
        span.caption { (out.field.name) }
        h1.heading-xl { (out.name) }
        dl.summary-list {
            (row(&ctx.t("procedure-code"), html! { (out.code) }))
            (row(&ctx.t("procedure-time"), html! {
                @if times_differ {
                    ul.list { @for terms in &out.channel_terms {
                        li { (format::channel(ctx, terms.channel)) ": "
                            @match &terms.processing_time { Some(t) => (format::processing_time(ctx, t)), None => (ctx.t("fee-unknown")) } }
                    } }
                } @else {
                    @match &out.processing_time { Some(t) => (format::processing_time(ctx, t)), None => (ctx.t("fee-unknown")) }
                }
                @if out.time_status == TimeStatus::UnitAssumed { br; span.muted { (ctx.t("procedure-time-assumed")) } }
                @if !out.time_text.trim().is_empty() { br; span.muted.prose { (out.time_text) } }
            }))
            (row(&ctx.t("procedure-fee"), html! {
                @if fees_differ {
                    ul.list { @for terms in &out.channel_terms {
                        li { (format::channel(ctx, terms.channel)) ": " (format::fees(ctx, &terms.fees, &terms.fee_text)) }
                    } }
                } @else {
                    (format::fees(ctx, &out.fees, &out.fee_text))
                    @if !out.fee_text.trim().is_empty() && !out.fees.is_empty() { br; span.muted.prose { (out.fee_text) } }
                }
            }))
            (row(&ctx.t("procedure-channels"), html! {
                @if out.channels.is_empty() { (ctx.t("fee-unknown")) }
                @for (i, c) in out.channels.iter().enumerate() { @if i > 0 { ", " } (format::channel(ctx, *c)) }
            }))
            (row(&ctx.t("procedure-online-level"), html! {
                (format::online_level(ctx, out.online_level))
                br;
                span.muted { (ctx.t("procedure-legacy-level")) " " (format::legacy_level(ctx, out.legacy_level)) }
            }))
            (row(&ctx.t("procedure-tiers"), html! {
                @for (i, t) in out.tiers.iter().enumerate() { @if i > 0 { ", " } (format::tier(ctx, *t)) }
            }))
        }
        @if let Some(first) = online_here.first() {
            a.button.button-start href={ "/apply/" (out.code) } role="button" draggable="false" { (ctx.t("procedure-apply")) }
            @if online_here.len() == 1 { p.hint { (ctx.t_args("procedure-apply-at", &args(&[("office", first.name.clone().into())]))) } }
        }
        h2.heading-l { (ctx.t("procedure-documents")) }
        @if out.documents.is_empty() {
            p { (ctx.t("procedure-no-documents")) }
        } @else {
            div.table-wrap tabindex="0" role="region" aria-label=(ctx.t("table-scroll")) {
                table.table {
                    caption.visually-hidden { (ctx.t("procedure-documents")) }
                    thead { tr {
                        th scope="col" { (ctx.t("procedure-document")) }
                        th.num scope="col" { (ctx.t("procedure-originals")) }
                        th.num scope="col" { (ctx.t("procedure-copies")) }
                    } }
                    tbody {
                        @for d in &out.documents {
                            tr {
                                td {
                                    (d.name)
                                    @if let Some(form) = d.form.as_deref().filter(|f| !f.trim().is_empty()) {
                                        br;
                                        span.muted { (ctx.t("procedure-form")) " "
                                            @if form.starts_with("http://") || form.starts_with("https://") {
                                                a href=(form) { (ctx.t("procedure-form-download")) }
                                            } @else { (form) }
                                        }
                                    }
                                }
                                td.num { (d.originals) }
                                td.num { (d.copies) }
                            }
                        }
                    }
                }
            }
        }
        h2.heading-l { (ctx.t("procedure-where")) }
        @if receiving.is_empty() {
            p { (ctx.t("procedure-where-none")) }
        } @else {
            p { (ctx.t_args("procedure-where-count", &args(&[("count", receiving.len().into())]))) " "
                (ctx.t_args("procedure-where-hours", &args(&[("hours", hours.clone().into())]))) }
            @if receiving.len() <= OFFICES_OPEN {
                (office_list(ctx, receiving))
            } @else {
                details.offices {
                    summary { (ctx.t_args("procedure-where-all", &args(&[("count", receiving.len().into())]))) }
                    (office_list(ctx, receiving))
                }
            }
        }
        @if !out.result.trim().is_empty() {
            h2.heading-l { (ctx.t("procedure-result")) }
            p.prose { (out.result) }
        }
        @if !out.conditions.trim().is_empty() {
            h2.heading-l { (ctx.t("procedure-conditions")) }
            p.prose { (out.conditions) }
        }
        @if !out.subjects.trim().is_empty() {
            h2.heading-l { (ctx.t("procedure-subjects")) }
            p.prose { (out.subjects) }
        }
        @if !out.legal_basis.trim().is_empty() {
            h2.heading-l { (ctx.t("procedure-legal-basis")) }
            p.prose { (out.legal_basis) }
        }
        @if !out.implementing_agency.trim().is_empty() {
            h2.heading-l { (ctx.t("procedure-agency")) }
            p.prose { (out.implementing_agency) }
        }
        p.muted {
            (ctx.t_args("procedure-in-force", &args(&[("date", format::date(out.effective_from).into())])))
            @if !out.decision_no.trim().is_empty() { " · " (ctx.t("procedure-decision")) " " (out.decision_no) }
        }
    }
}

/// The receiving offices, one line each: name, unit, and whether it takes the procedure
/// online.
fn office_list(ctx: &Ctx, receiving: &[ReceivingOffice]) -> Markup {
    html! {
        ul.office-list {
            @for o in receiving {
                li {
                    strong { (o.name) }
                    @if o.takes_online { " " span.tag { (ctx.t("search-online-yes")) } }
                    br;
                    span.muted { (o.unit_name) }
                }
            }
        }
    }
}

fn row(label: &str, value: Markup) -> Markup {
    html! { div.summary-row { dt { (label) } dd { (value) } } }
}
