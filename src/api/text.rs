//! Text input: no control character (`validation::refused_char`: U+0000–U+001F but tab, line
//! feed and carriage return) reaches a handler, whatever the input, checked in one place per
//! kind of input:
//!
//! - the query string, the path's segments, and the bodies that are JSON (every string, keys
//!   included, at any depth), form-urlencoded, JSON lines, CSV or other text:
//!   [`refuse_control_characters`], a middleware on the API's scope and on the site's;
//! - the text fields of a multipart body: `crate::multipart::read`, which both faces use, and
//!   [`json_part`] for the JSON a part carries.
//!
//! The API answers 422 `validation_failed` naming each field (`applicant.name`,
//! `documents[1].name`, the query parameter, the path parameter; `body` with the line for a
//! text body); the site answers its 400 page, which names the field too. A JSON body that does
//! not parse is left to the handler's extractor (400 `invalid_json`): a raw control character
//! in a JSON string is not JSON.
//!
//! On the API, a secured operation called without a valid token is left to its handler,
//! which answers 401 first: the token is decided before any input is read (`access.rs`).

use std::sync::OnceLock;

use actix_web::HttpMessage;
use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{Path, ResourceDef, ServiceRequest, ServiceResponse};
use actix_web::http::header::{AUTHORIZATION, CONTENT_LENGTH};
use actix_web::middleware::Next;
use actix_web::web::{Bytes, BytesMut};
use futures_util::StreamExt;
use serde_json::Value;

use crate::error::{Code, Error, FieldIssue};
use crate::i18n::Lang;
use crate::validation::{control_character, first_refused, refused_byte, shown};

/// At most this many issues are listed: one is enough to refuse, a few help to fix.
const MAX_ISSUES: usize = 20;

/// The kinds of body the middleware reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum BodyKind {
    Json,
    Form,
    JsonLines,
    Text,
}

fn body_kind(req: &ServiceRequest) -> Option<BodyKind> {
    let essence = req.content_type().trim().to_ascii_lowercase();
    match essence.as_str() {
        "application/json" => Some(BodyKind::Json),
        "application/x-www-form-urlencoded" => Some(BodyKind::Form),
        "application/x-ndjson" | "application/jsonl" | "application/jsonlines" => {
            Some(BodyKind::JsonLines)
        }
        e if e.ends_with("+json") => Some(BodyKind::Json),
        e if e.starts_with("text/") => Some(BodyKind::Text),
        _ => None,
    }
}

/// Percent-decodes a URL component (`+` kept: it is no control character either way).
fn percent_decoded(raw: &str) -> Vec<u8> {
    let bytes = raw.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| char::from(b).to_digit(16);
        if bytes[i] == b'%'
            && i + 2 < bytes.len()
            && let (Some(h), Some(l)) = (hex(bytes[i + 1]), hex(bytes[i + 2]))
        {
            out.push((h * 16 + l) as u8);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    out
}

/// The first refused character of some bytes of text.
fn first_refused_byte(bytes: &[u8]) -> Option<char> {
    bytes
        .iter()
        .copied()
        .find(|&b| refused_byte(b))
        .map(char::from)
}

/// One API operation: its path, its method and whether it needs a token.
struct Operation {
    path: ResourceDef,
    literal: bool,
    method: &'static str,
    secured: bool,
}

/// The API's operations, from the OpenAPI document the routes register.
fn operations() -> &'static [Operation] {
    static TABLE: OnceLock<Vec<Operation>> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut table = Vec::new();
        for (pattern, item) in &crate::openapi::document().paths.paths {
            let methods = [
                ("DELETE", &item.delete),
                ("GET", &item.get),
                ("PATCH", &item.patch),
                ("POST", &item.post),
                ("PUT", &item.put),
            ];
            for (method, operation) in methods {
                let Some(operation) = operation else { continue };
                table.push(Operation {
                    path: ResourceDef::new(pattern.as_str()),
                    literal: !pattern.contains('{'),
                    method,
                    secured: operation.security.as_ref().is_some_and(|s| !s.is_empty()),
                });
            }
        }
        // A literal path (`/procedures/export`) before a pattern that also matches it.
        table.sort_by_key(|o| !o.literal);
        table
    })
}

fn operation_of(req: &ServiceRequest) -> Option<&'static Operation> {
    let method = req.method().as_str();
    operations()
        .iter()
        .find(|o| o.method == method && o.path.is_match(req.path()))
}

/// The path parameters holding a refused character, named as the route names them.
fn path_issues(req: &ServiceRequest, operation: Option<&Operation>, issues: &mut Vec<FieldIssue>) {
    match operation {
        Some(operation) => {
            let mut path = Path::new(req.path().to_owned());
            if operation.path.capture_match_info(&mut path) {
                for (name, raw) in path.iter() {
                    if let Some(c) = first_refused_byte(&percent_decoded(raw)) {
                        issues.push(control_character(name, c));
                    }
                }
            }
        }
        None => {
            if let Some(c) = first_refused_byte(&percent_decoded(req.path())) {
                issues.push(control_character("path", c));
            }
        }
    }
}

/// The names and values of `a=1&b=2` holding a refused character.
fn pair_issues(encoded: &[u8], issues: &mut Vec<FieldIssue>) {
    for (name, value) in form_urlencoded::parse(encoded) {
        if let Some(c) = first_refused(&name) {
            issues.push(control_character(&shown(&name), c));
        } else if let Some(c) = first_refused(&value) {
            issues.push(control_character(&name, c));
        }
        if issues.len() >= MAX_ISSUES {
            return;
        }
    }
}

/// Every string of a JSON value holding a refused character, keys included, each named by
/// its path (`applicant.name`, `documents[1].name`; `body` for a bare string), with the first
/// such character.
fn json_found(value: &Value, path: &str, found: &mut Vec<(String, char)>) {
    if found.len() >= MAX_ISSUES {
        return;
    }
    match value {
        Value::String(text) => {
            if let Some(c) = first_refused(text) {
                let field = if path.is_empty() { "body" } else { path };
                found.push((field.to_owned(), c));
            }
        }
        Value::Array(items) => {
            for (index, item) in items.iter().enumerate() {
                json_found(item, &format!("{path}[{index}]"), found);
            }
        }
        Value::Object(fields) => {
            for (key, item) in fields {
                let field = if path.is_empty() {
                    shown(key)
                } else {
                    format!("{path}.{}", shown(key))
                };
                if let Some(c) = first_refused(key) {
                    found.push((field.clone(), c));
                }
                json_found(item, &field, found);
            }
        }
        Value::Null | Value::Bool(_) | Value::Number(_) => {}
    }
}

/// [`json_found`] as field issues.
fn json_issues(value: &Value, issues: &mut Vec<FieldIssue>) {
    let mut found = Vec::new();
    json_found(value, "", &mut found);
    issues.extend(found.iter().map(|(field, c)| control_character(field, *c)));
}

/// Checks JSON text carried inside another input (the `application` part of a multipart
/// submission) as a JSON body is checked. Text that is not JSON is left to its parser.
pub fn json_part(text: &str) -> Result<(), Error> {
    let mut issues = Vec::new();
    if text.contains('\\')
        && let Ok(value) = serde_json::from_str::<Value>(text)
    {
        json_issues(&value, &mut issues);
    }
    refused(issues)
}

fn refused(issues: Vec<FieldIssue>) -> Result<(), Error> {
    if issues.is_empty() {
        Ok(())
    } else {
        Err(Error::Validation(issues))
    }
}

/// A text body's line holding a refused character: `body`, with the line's number (and, for
/// JSON lines, the field) in the message.
fn line_issue(line: usize, field: Option<&str>, c: char) -> FieldIssue {
    let rule = control_character("body", c);
    let (vi, en) = match field {
        Some(field) => (
            format!("dòng {line}, {field}: {}", rule.message_in(Lang::Vi)),
            format!("line {line}, {field}: {}", rule.message_in(Lang::En)),
        ),
        None => (
            format!("dòng {line}: {}", rule.message_in(Lang::Vi)),
            format!("line {line}: {}", rule.message_in(Lang::En)),
        ),
    };
    FieldIssue::new("body", "control_character", vi, en)
}

fn body_issues(kind: BodyKind, body: &[u8], issues: &mut Vec<FieldIssue>) {
    match kind {
        BodyKind::Json => {
            // A refused character can only be written escaped in JSON (`\u0000`, `\b`, `\f`).
            if body.contains(&b'\\')
                && let Ok(value) = serde_json::from_slice::<Value>(body)
            {
                json_issues(&value, issues);
            }
        }
        BodyKind::Form => pair_issues(body, issues),
        // Text that is not UTF-8 (UTF-16 has a zero byte in every ASCII character) is left to
        // its handler, which refuses it as unreadable.
        BodyKind::JsonLines | BodyKind::Text if std::str::from_utf8(body).is_err() => {}
        BodyKind::JsonLines | BodyKind::Text => {
            for (index, line) in body.split(|&b| b == b'\n').enumerate() {
                if issues.len() >= MAX_ISSUES {
                    return;
                }
                if let Some(c) = first_refused_byte(line) {
                    issues.push(line_issue(index + 1, None, c));
                } else if kind == BodyKind::JsonLines
                    && line.contains(&b'\\')
                    && let Ok(value) = serde_json::from_slice::<Value>(line)
                {
                    let mut found = Vec::new();
                    json_found(&value, "", &mut found);
                    if let Some((field, c)) = found.first() {
                        issues.push(line_issue(index + 1, Some(field), *c));
                    }
                }
            }
        }
    }
}

/// Reads the body whole, up to `limit` bytes; `None` when it is larger (the handler's own
/// limit then answers 413).
async fn read_body(req: &mut ServiceRequest, limit: usize) -> Result<Option<Bytes>, Error> {
    let declared = req
        .headers()
        .get(CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<usize>().ok());
    if declared.is_some_and(|n| n > limit) {
        return Ok(None);
    }
    let mut payload = req.take_payload();
    let mut body = BytesMut::new();
    while let Some(chunk) = payload.next().await {
        let chunk = chunk.map_err(|e| Error::BadRequest {
            code: Code::InvalidBody,
            detail: format!("unreadable body: {e}"),
        })?;
        if body.len() + chunk.len() > limit {
            return Err(Error::PayloadTooLarge);
        }
        body.extend_from_slice(&chunk);
    }
    Ok(Some(body.freeze()))
}

/// Whether the API's handler answers this request 401 before reading anything: an
/// `Authorization` header whose token is not valid, or none on a secured operation.
fn unauthenticated(req: &ServiceRequest, operation: Option<&Operation>) -> bool {
    if req.headers().contains_key(AUTHORIZATION) {
        !super::access::signed_in(req)
    } else {
        operation.is_some_and(|o| o.secured)
    }
}

/// The answer to a refused input: 422 on the API, the site's 400 page on the site.
fn refusal(req: &ServiceRequest, api: bool, issues: Vec<FieldIssue>) -> Error {
    if api {
        return Error::Validation(issues);
    }
    site_refusal(crate::web::i18n::lang_of(req.request()), &issues)
}

/// The site's 400 for refused text, naming each field in the page's language.
fn site_refusal(lang: Lang, issues: &[FieldIssue]) -> Error {
    let detail = issues
        .iter()
        .map(|i| format!("{}: {}", i.field, i.message_in(lang)))
        .collect::<Vec<_>>()
        .join("; ");
    Error::BadRequest {
        code: Code::BadRequest,
        detail: lang
            .pick(
                &format!("Nội dung gửi lên có ký tự không được nhận ({detail})."),
                &format!("What was sent holds a character that is not accepted ({detail})."),
            )
            .to_owned(),
    }
}

/// The middleware: refuses any request whose query, path or readable body holds a refused
/// character, before its handler runs.
pub async fn refuse_control_characters(
    mut req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    let api = req.path().starts_with("/api/");
    let kind = body_kind(&req);
    let mut issues = Vec::new();
    // The common case, answered without looking for the operation: no body to read and
    // nothing refused anywhere in the path or the query.
    if kind.is_none() {
        path_issues(&req, None, &mut issues);
        pair_issues(req.query_string().as_bytes(), &mut issues);
        if issues.is_empty() {
            let res = next.call(req).await?.map_into_boxed_body();
            return Ok(if api { res } else { multipart_refusal(res) });
        }
        issues.clear();
    }
    let operation = if api { operation_of(&req) } else { None };
    // An unknown path or method under the API is 404 or 405 whatever it holds.
    if api && (operation.is_none() || unauthenticated(&req, operation)) {
        return next
            .call(req)
            .await
            .map(ServiceResponse::map_into_boxed_body);
    }
    path_issues(&req, operation, &mut issues);
    pair_issues(req.query_string().as_bytes(), &mut issues);
    if issues.is_empty()
        && let Some(kind) = kind
    {
        let limit = match kind {
            BodyKind::Json => req
                .app_data::<actix_web::web::Data<crate::state::AppState>>()
                .map_or(super::MAX_IMPORT_BYTES, |s| s.settings.max_body_bytes),
            _ => super::MAX_IMPORT_BYTES,
        };
        match read_body(&mut req, limit).await {
            Ok(Some(body)) => {
                body_issues(kind, &body, &mut issues);
                req.set_payload(body.into());
            }
            Ok(None) => {}
            Err(error) => return Ok(req.error_response(error).map_into_boxed_body()),
        }
    }
    if issues.is_empty() {
        let res = next.call(req).await?.map_into_boxed_body();
        return Ok(if api { res } else { multipart_refusal(res) });
    }
    let error = refusal(&req, api, issues);
    Ok(req.error_response(error).map_into_boxed_body())
}

/// On the site, a page's multipart form whose text fields `crate::multipart::read` refused
/// (422, every issue `control_character`) gets the same 400 page as the other inputs.
fn multipart_refusal(res: ServiceResponse<BoxBody>) -> ServiceResponse<BoxBody> {
    let issues = match res.response().error().and_then(|e| e.as_error::<Error>()) {
        Some(Error::Validation(issues))
            if !issues.is_empty() && issues.iter().all(|i| i.rule == "control_character") =>
        {
            issues.clone()
        }
        _ => return res,
    };
    let req = res.request().clone();
    let lang = crate::web::i18n::lang_of(&req);
    ServiceResponse::from_err(site_refusal(lang, &issues), req)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(value: &Value) -> Vec<String> {
        let mut issues = Vec::new();
        json_issues(value, &mut issues);
        issues.into_iter().map(|i| i.field).collect()
    }

    #[test]
    fn every_string_of_a_json_body_is_named_by_its_path() {
        let body = serde_json::json!({
            "name": "An\u{0}",
            "applicant": {"phone": "09\u{1b}"},
            "documents": [{"name": "ok"}, {"name": "x\u{0}"}],
            "k\u{0}ey": 1,
            "note": "dòng 1\ndòng 2\tcột",
        });
        assert_eq!(
            fields(&body),
            ["applicant.phone", "documents[1].name", "k\\u0000ey", "name"]
        );
        assert_eq!(fields(&serde_json::json!("a\u{0}")), ["body"]);
        assert!(fields(&serde_json::json!({"a": [1, true, null, "fine"]})).is_empty());
    }

    #[test]
    fn pairs_text_and_lines_are_checked_after_decoding() {
        let mut issues = Vec::new();
        pair_issues(b"unit=%00&q=ok&na%01me=x", &mut issues);
        let names: Vec<&str> = issues.iter().map(|i| i.field.as_str()).collect();
        assert_eq!(names, ["unit", "na\\u0001me"]);

        let mut issues = Vec::new();
        body_issues(BodyKind::Text, b"a,b\r\nc,\0d\n", &mut issues);
        assert_eq!(issues.len(), 1);
        assert_eq!(
            issues[0].message_en(),
            "line 2: must not contain the control character U+0000"
        );
        let mut issues = Vec::new();
        // UTF-16 as Windows saves it, with its byte-order mark (not UTF-8).
        let utf16: Vec<u8> = "\u{feff}a,b"
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        body_issues(BodyKind::Text, &utf16, &mut issues);
        assert!(issues.is_empty(), "left to the handler");

        let mut issues = Vec::new();
        body_issues(
            BodyKind::JsonLines,
            b"{\"a\": \"ok\"}\n{\"b\": {\"c\": \"x\\u0000\"}}\n",
            &mut issues,
        );
        assert_eq!(
            issues[0].message_en(),
            "line 2, b.c: must not contain the control character U+0000"
        );
        assert_eq!(percent_decoded("a%00b%2"), b"a\0b%2");
        assert_eq!(percent_decoded("%zz%41"), b"%zzA");
    }
}
