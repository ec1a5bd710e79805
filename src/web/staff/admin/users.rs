//! `/staff/admin/users`: the accounts (filtered by role, office and state, a page at a time),
//! a new account, and one account's page: disable or enable it, and reset its password.
//!
//! A new account and a reset get a generated one-time password, shown once on the page that
//! answers the POST (`Cache-Control: no-store`) and stored only as its hash: a redirect
//! would have to carry it somewhere. The reset form carries the account's version, so the
//! same form sent again (a reload) is refused instead of making a second password.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use maud::{Markup, html};
use serde::Deserialize;

use super::{admin_only, encode, no_store, non_empty, refusal};
use crate::db::users::UserView;
use crate::domain::account::{Role, normalize_username};
use crate::error::{Code, Error};
use crate::service::users::{self as accounts, AccountChanges, AccountQuery, one_time};
use crate::service::version::Expected;
use crate::state::db;
use crate::web::format;
use crate::web::forms::{Choice, Errors, TextInput, button, error_summary, radios, select};
use crate::web::i18n::args;
use crate::web::staff::SignedIn;

/// Accounts per page.
const PER_PAGE: i64 = 50;

pub(super) fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/admin/users", web::get().to(list))
        .route("/admin/users", web::post().to(create))
        .route("/admin/users/new", web::get().to(new_form))
        .route("/admin/users/{username}", web::get().to(account))
        .route("/admin/users/{username}/active", web::post().to(set_active))
        .route("/admin/users/{username}/password", web::post().to(reset));
}

const ROLES: [Role; 4] = [Role::Admin, Role::Clerk, Role::Specialist, Role::Official];

fn role_name(signed: &SignedIn, role: Role) -> String {
    signed.ctx.t(&format!("staff-role-{}", role.as_str()))
}

/// The list's filters, as the query string has them.
#[derive(Debug, Default, Deserialize)]
struct ListParams {
    #[serde(default)]
    role: String,
    #[serde(default)]
    office: String,
    #[serde(default)]
    active: String,
    #[serde(default)]
    after: String,
}

/// `GET /staff/admin/users`.
async fn list(signed: SignedIn) -> Result<HttpResponse, Error> {
    admin_only(&signed)?;
    let ctx = &signed.ctx;
    let params: ListParams = serde_urlencoded::from_str(ctx.req.query_string()).unwrap_or_default();
    let mut errors = Errors::default();
    let role = match params.role.as_str() {
        "" => None,
        r => match r.parse::<Role>() {
            Ok(role) => Some(role),
            Err(_) => {
                errors.add("role", ctx.t("admin-filter-invalid"));
                None
            }
        },
    };
    let active = match params.active.as_str() {
        "true" => Some(true),
        "false" => Some(false),
        _ => None,
    };
    let query = AccountQuery {
        role,
        active,
        office_code: non_empty(&params.office),
        after: normalize_username(&params.after),
        limit: PER_PAGE + 1,
    };
    let (mut rows, total) = db(&ctx.state, move |conn| accounts::list(conn, &query)).await?;
    let more = rows.len() as i64 > PER_PAGE;
    rows.truncate(PER_PAGE as usize);
    let next = more.then(|| {
        let last = rows
            .last()
            .map(|u| u.row.username.as_str())
            .unwrap_or_default();
        format!(
            "/staff/admin/users?role={}&office={}&active={}&after={}",
            encode(&params.role),
            encode(&params.office),
            encode(&params.active),
            encode(last)
        )
    });
    let any = ctx.t("form-any");
    let names: Vec<(Role, String)> = ROLES.iter().map(|r| (*r, role_name(&signed, *r))).collect();
    let role_choices: Vec<Choice> = std::iter::once(Choice {
        value: "",
        label: &any,
        hint: None,
    })
    .chain(names.iter().map(|(r, n)| Choice {
        value: r.as_str(),
        label: n,
        hint: None,
    }))
    .collect();
    let (active_yes, active_no) = (ctx.t("admin-users-active"), ctx.t("admin-users-inactive"));
    let active_choices = [
        Choice {
            value: "",
            label: &any,
            hint: None,
        },
        Choice {
            value: "true",
            label: &active_yes,
            hint: None,
        },
        Choice {
            value: "false",
            label: &active_no,
            hint: None,
        },
    ];
    let title = ctx.t("admin-users-title");
    let main = html! {
        (error_summary(ctx, &errors))
        h1.heading-xl { (title) }
        p { a.button href="/staff/admin/users/new" { (ctx.t("admin-users-new")) } }
        form.filters.admin-filters method="get" action="/staff/admin/users" {
            (select(ctx, "role", &ctx.t("admin-users-role"), None, &role_choices, Some(&params.role), &errors))
            (TextInput::new("office", &ctx.t("admin-users-office")).value(&params.office)
                .hint(&ctx.t("admin-users-office-filter-hint")).width("width-20").render())
            (select(ctx, "active", &ctx.t("admin-users-state"), None, &active_choices, Some(&params.active), &errors))
            button.button.button-secondary type="submit" { (ctx.t("admin-filter")) }
        }
        p { (ctx.t_args("admin-users-count", &args(&[("count", total.into())]))) }
        @if !rows.is_empty() {
            div.table-wrap {
                table.table {
                    caption.visually-hidden { (title) }
                    thead { tr {
                        th scope="col" { (ctx.t("admin-users-username")) }
                        th scope="col" { (ctx.t("admin-users-name")) }
                        th scope="col" { (ctx.t("admin-users-role")) }
                        th scope="col" { (ctx.t("admin-users-binding")) }
                        th scope="col" { (ctx.t("admin-users-state")) }
                    } }
                    tbody {
                        @for user in &rows {
                            tr {
                                td { a href={ "/staff/admin/users/" (encode(&user.row.username)) } { (user.row.username) } }
                                td { (user.row.display_name) }
                                td { (user.row.role.parse::<Role>().map(|r| role_name(&signed, r)).unwrap_or_default()) }
                                td { (binding_text(user)) }
                                td { (state_tags(&signed, user)) }
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

fn binding_text(user: &UserView) -> String {
    user.office_code
        .clone()
        .or_else(|| user.unit_code.clone())
        .unwrap_or_else(|| "–".into())
}

fn state_tags(signed: &SignedIn, user: &UserView) -> Markup {
    let ctx = &signed.ctx;
    html! {
        @if user.row.active {
            strong.tag { (ctx.t("admin-users-active")) }
        } @else {
            strong.tag.tag-grey { (ctx.t("admin-users-inactive")) }
        }
        @if user.row.password_change_required {
            " " strong.tag.tag-grey { (ctx.t("admin-users-must-change")) }
        }
    }
}

/// The new-account form's fields.
#[derive(Debug, Default, Deserialize)]
struct NewForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    username: String,
    #[serde(default)]
    display_name: String,
    #[serde(default)]
    role: String,
    #[serde(default)]
    office_code: String,
    #[serde(default)]
    unit_code: String,
}

/// `GET /staff/admin/users/new`.
async fn new_form(signed: SignedIn) -> Result<HttpResponse, Error> {
    admin_only(&signed)?;
    Ok(new_page(
        &signed,
        &NewForm::default(),
        &Errors::default(),
        StatusCode::OK,
    ))
}

fn new_page(
    signed: &SignedIn,
    given: &NewForm,
    errors: &Errors,
    status: StatusCode,
) -> HttpResponse {
    let ctx = &signed.ctx;
    let title = ctx.t("admin-users-new-title");
    let names: Vec<(Role, String, String)> = ROLES
        .iter()
        .map(|r| {
            (
                *r,
                role_name(signed, *r),
                ctx.t(&format!("admin-users-role-hint-{}", r.as_str())),
            )
        })
        .collect();
    let choices: Vec<Choice> = names
        .iter()
        .map(|(r, n, h)| Choice {
            value: r.as_str(),
            label: n,
            hint: Some(h),
        })
        .collect();
    let main = html! {
        (crate::web::layout::breadcrumbs(ctx, &[("/staff/admin/users", &ctx.t("admin-users-title")), ("", &title)]))
        (error_summary(ctx, errors))
        h1.heading-xl { (title) }
        p.lead { (ctx.t("admin-users-new-lead")) }
        form.narrow-form method="post" action="/staff/admin/users" novalidate {
            (signed.csrf_field())
            (TextInput::new("username", &ctx.t("admin-users-username")).value(&given.username)
                .hint(&ctx.t("admin-users-username-hint")).autocomplete("off").width("width-20")
                .errors(ctx, errors).render())
            (TextInput::new("display_name", &ctx.t("admin-users-name")).value(&given.display_name)
                .autocomplete("off").errors(ctx, errors).render())
            (radios(ctx, "role", &ctx.t("admin-users-role"), None, &choices, Some(&given.role), errors))
            (TextInput::new("office_code", &ctx.t("admin-users-office-code")).value(&given.office_code)
                .hint(&ctx.t("admin-users-office-code-hint")).width("width-20").errors(ctx, errors).render())
            (TextInput::new("unit_code", &ctx.t("admin-users-unit-code")).value(&given.unit_code)
                .hint(&ctx.t("admin-users-unit-code-hint")).width("width-10").inputmode("numeric")
                .errors(ctx, errors).render())
            (button(&ctx.t("admin-users-create")))
        }
    };
    signed.page_with(status, &title, main)
}

/// `POST /staff/admin/users`: creates the account with a one-time password and shows it.
async fn create(signed: SignedIn, form: web::Form<NewForm>) -> Result<HttpResponse, Error> {
    admin_only(&signed)?;
    signed.verify_csrf(&form.csrf)?;
    let ctx = &signed.ctx;
    let given = form.into_inner();
    let mut errors = Errors::default();
    let username = normalize_username(&given.username);
    if username.is_none() {
        errors.add("username", ctx.t("admin-users-username-invalid"));
    }
    let name = given.display_name.trim().to_owned();
    if name.is_empty() || name.chars().count() > 200 {
        errors.add("display_name", ctx.t("admin-users-name-missing"));
    }
    let role = given.role.parse::<Role>().ok();
    if role.is_none() {
        errors.add("role", ctx.t("admin-users-role-missing"));
    }
    let mut binding = None;
    if let Some(role) = role {
        match accounts::binding(
            role,
            non_empty(&given.office_code),
            non_empty(&given.unit_code),
        ) {
            Ok(found) => binding = Some(found),
            Err(e) => {
                let found = refusal(&signed, e, |_| None, "role")?;
                for (field, message) in found.iter() {
                    errors.add(field, message);
                }
            }
        }
    }
    let (Some(username), Some(binding), true) = (username, binding, errors.is_empty()) else {
        return Ok(new_page(
            &signed,
            &given,
            &errors,
            StatusCode::UNPROCESSABLE_ENTITY,
        ));
    };
    let made = db(&ctx.state, move |conn| {
        one_time::create(conn, &username, &name, binding)
    })
    .await;
    match made {
        Ok(made) => Ok(one_time_page(&signed, &made, "admin-users-created")),
        Err(e) => {
            let errors = refusal(&signed, e, |_| None, "username")?;
            Ok(new_page(
                &signed,
                &given,
                &errors,
                StatusCode::UNPROCESSABLE_ENTITY,
            ))
        }
    }
}

/// The page showing a one-time password, the only time it is shown.
fn one_time_page(signed: &SignedIn, made: &one_time::OneTime, heading: &str) -> HttpResponse {
    let ctx = &signed.ctx;
    let title = ctx.t(heading);
    let user = &made.user.row;
    let main = html! {
        div.confirmation-panel {
            h1.confirmation-title { (title) }
            div.confirmation-body { (user.display_name) " · " (user.username) }
        }
        div.pin-box.password-box {
            h2 { (ctx.t("admin-password-heading")) }
            p.pin-value.password-value #one-time-password { (made.password) }
            p { (ctx.t("admin-password-once")) }
            p { (ctx.t("admin-password-change")) }
        }
        p {
            a href={ "/staff/admin/users/" (encode(&user.username)) } { (ctx.t("admin-users-back-account")) }
            " · "
            a href="/staff/admin/users" { (ctx.t("admin-users-back-list")) }
        }
    };
    no_store(signed.page(&title, main))
}

async fn find(signed: &SignedIn, username: String) -> Result<UserView, Error> {
    db(&signed.ctx.state, move |conn| {
        accounts::get(conn, &username)
    })
    .await
}

/// `GET /staff/admin/users/{username}`.
async fn account(signed: SignedIn, path: web::Path<String>) -> Result<HttpResponse, Error> {
    admin_only(&signed)?;
    let user = find(&signed, path.into_inner()).await?;
    Ok(account_page(
        &signed,
        &user,
        &Errors::default(),
        StatusCode::OK,
    ))
}

fn account_page(
    signed: &SignedIn,
    user: &UserView,
    errors: &Errors,
    status: StatusCode,
) -> HttpResponse {
    let ctx = &signed.ctx;
    let row = &user.row;
    let title = row.display_name.clone();
    let href = format!("/staff/admin/users/{}", encode(&row.username));
    let role = row
        .role
        .parse::<Role>()
        .map(|r| role_name(signed, r))
        .unwrap_or_default();
    let main = html! {
        (crate::web::layout::breadcrumbs(ctx, &[("/staff/admin/users", &ctx.t("admin-users-title")), ("", &title)]))
        (error_summary(ctx, errors))
        span.caption { (ctx.t("admin-users-account")) }
        h1.heading-xl { (title) }
        dl.summary-list {
            div.summary-row { dt { (ctx.t("admin-users-username")) } dd { (row.username) } }
            div.summary-row { dt { (ctx.t("admin-users-role")) } dd { (role) } }
            div.summary-row { dt { (ctx.t("admin-users-binding")) } dd { (binding_text(user)) } }
            div.summary-row { dt { (ctx.t("admin-users-state")) } dd { (state_tags(signed, user)) } }
            div.summary-row { dt { (ctx.t("admin-users-created-at")) } dd { (format::vn_time(row.created_at.and_utc())) } }
        }
        h2.heading-m #active { @if row.active { (ctx.t("admin-users-disable-title")) } @else { (ctx.t("admin-users-enable-title")) } }
        form method="post" action={ (href) "/active" } {
            (signed.csrf_field())
            input type="hidden" name="version" value=(row.version);
            input type="hidden" name="active" value=(if row.active { "false" } else { "true" });
            @if let Some(message) = errors.get("active") {
                div.form-group.form-group-error {
                    p.error-message #active-error { (message) }
                }
            }
            p { @if row.active { (ctx.t("admin-users-disable-lead")) } @else { (ctx.t("admin-users-enable-lead")) } }
            @if row.active {
                button.button.button-warning type="submit" { (ctx.t("admin-users-disable")) }
            } @else {
                button.button type="submit" { (ctx.t("admin-users-enable")) }
            }
        }
        h2.heading-m #password { (ctx.t("admin-users-reset-title")) }
        form method="post" action={ (href) "/password" } {
            (signed.csrf_field())
            input type="hidden" name="version" value=(row.version);
            @if let Some(message) = errors.get("password") {
                div.form-group.form-group-error {
                    p.error-message #password-error { (message) }
                }
            }
            p { (ctx.t("admin-users-reset-lead")) }
            button.button.button-secondary type="submit" { (ctx.t("admin-users-reset")) }
        }
    };
    signed.page_with(status, &title, main)
}

/// A form on an account's page: its token and the version it was shown at.
#[derive(Debug, Deserialize)]
struct VersionForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    version: i64,
    #[serde(default)]
    active: String,
}

/// The account's page again with `message` on `field`, after a refusal (409).
async fn refused(
    signed: &SignedIn,
    username: String,
    field: &str,
    error: Error,
) -> Result<HttpResponse, Error> {
    let message = match &error {
        Error::Conflict {
            code: Code::VersionConflict,
            ..
        } => signed.ctx.t("admin-changed-meanwhile"),
        Error::Conflict { .. } => error.problem(signed.ctx.lang).detail,
        _ => return Err(error),
    };
    let user = find(signed, username).await?;
    let mut errors = Errors::default();
    errors.add(field, message);
    Ok(account_page(signed, &user, &errors, StatusCode::CONFLICT))
}

/// `POST /staff/admin/users/{username}/active`: disables (every session ends) or enables.
async fn set_active(
    signed: SignedIn,
    path: web::Path<String>,
    form: web::Form<VersionForm>,
) -> Result<HttpResponse, Error> {
    admin_only(&signed)?;
    signed.verify_csrf(&form.csrf)?;
    let username = path.into_inner();
    let active = match form.active.as_str() {
        "true" => true,
        "false" => false,
        _ => {
            return Err(Error::field(
                "active",
                "one_of",
                "true hoặc false",
                "true or false",
            ));
        }
    };
    let changes = AccountChanges {
        active: Some(active),
        ..AccountChanges::default()
    };
    let (who, expected) = (username.clone(), Expected::Field(form.version));
    let done = db(&signed.ctx.state, move |conn| {
        accounts::update(conn, &who, expected, changes)
    })
    .await;
    match done {
        Ok(user) => {
            let key = if active {
                "user-enabled"
            } else {
                "user-disabled"
            };
            Ok(signed.redirect(&format!(
                "/staff/admin/users/{}?done={key}",
                encode(&user.row.username)
            )))
        }
        Err(e) => refused(&signed, username, "active", e).await,
    }
}

/// `POST /staff/admin/users/{username}/password`: a new one-time password, shown once; every
/// session of the account ends.
async fn reset(
    signed: SignedIn,
    path: web::Path<String>,
    form: web::Form<VersionForm>,
) -> Result<HttpResponse, Error> {
    admin_only(&signed)?;
    signed.verify_csrf(&form.csrf)?;
    let username = path.into_inner();
    let (who, expected) = (username.clone(), Expected::Field(form.version));
    let done = db(&signed.ctx.state, move |conn| {
        one_time::reset_password(conn, &who, expected)
    })
    .await;
    match done {
        Ok(made) => Ok(one_time_page(&signed, &made, "admin-users-reset-done")),
        Err(e) => refused(&signed, username, "password", e).await,
    }
}
