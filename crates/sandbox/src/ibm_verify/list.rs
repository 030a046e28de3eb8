//! The list: pagination, sort, search and filter, each given as one URL-encoded parameter.

use axum::extract::{self, Query};
use axum::response::{IntoResponse, Response};
use http::{HeaderMap, HeaderValue, header};
use serde::Deserialize;
use serde_json::{Value, json};

use super::error::{ApiError, MSG_QUERY};
use super::model::ApiClient;
use super::token::{Access, authorize};
use crate::AppState;

/// "The maximum allowed value for limit or count is 1000."
const MAX_PAGE: usize = 1000;

/// The list's query parameters; each one's value is itself URL-encoded as a whole.
#[derive(Deserialize)]
pub(super) struct ListQuery {
    pagination: Option<String>,
    sort: Option<String>,
    search: Option<String>,
    filter: Option<String>,
}

const SORT_FIELDS: &[&str] = &["clientId", "clientName", "enabled"];
const SEARCH_FIELDS: &[&str] = &["clientId", "clientName", "enabled"];
const FILTER_FIELDS: &[&str] = &[
    "id",
    "clientId",
    "clientName",
    "clientSecret",
    "entitlements",
    "enabled",
];

fn query_error(description: String) -> ApiError {
    ApiError::bad_request(MSG_QUERY, description)
}

struct Pagination {
    count: Option<usize>,
    page: usize,
    limit: Option<usize>,
}

fn parse_pagination(value: &str) -> Result<Pagination, ApiError> {
    let mut pagination = Pagination {
        count: None,
        page: 1,
        limit: None,
    };
    for (key, raw) in url::form_urlencoded::parse(value.as_bytes()) {
        let number: usize = raw
            .trim()
            .parse()
            .map_err(|_| query_error(format!("The pagination value {key}={raw} is not valid.")))?;
        match key.as_ref() {
            "count" | "limit" if number == 0 || number > MAX_PAGE => {
                return Err(query_error(format!(
                    "The pagination value {key}={number} must be between 1 and {MAX_PAGE}."
                )));
            }
            "count" => pagination.count = Some(number),
            "limit" => pagination.limit = Some(number),
            "page" if number == 0 => {
                return Err(query_error("The pagination page starts at 1.".into()));
            }
            "page" => pagination.page = number,
            _ => {
                return Err(query_error(format!(
                    "The pagination parameter {key} is not valid."
                )));
            }
        }
    }
    Ok(pagination)
}

fn sort_clients(clients: &mut [&ApiClient], sort: &str) -> Result<(), ApiError> {
    let mut keys = Vec::new();
    for part in sort.split(',').filter(|part| !part.trim().is_empty()) {
        // An unencoded "+" arrives as a space after form decoding.
        let (descending, field) = match part.trim_end().strip_prefix('-') {
            Some(field) => (true, field),
            None => (
                false,
                part.trim_end()
                    .trim_start_matches(' ')
                    .trim_start_matches('+'),
            ),
        };
        if !SORT_FIELDS.contains(&field) {
            return Err(query_error(format!("The sort field {field} is not valid.")));
        }
        keys.push((descending, field.to_owned()));
    }
    clients.sort_by(|a, b| {
        for (descending, field) in &keys {
            let ordering = match field.as_str() {
                "clientId" => a.client_id.cmp(&b.client_id),
                "clientName" => a.client_name.cmp(&b.client_name),
                _ => a.enabled.cmp(&b.enabled),
            };
            let ordering = if *descending {
                ordering.reverse()
            } else {
                ordering
            };
            if ordering.is_ne() {
                return ordering;
            }
        }
        std::cmp::Ordering::Equal
    });
    Ok(())
}

/// One `field op value` clause of a search.
struct SearchClause {
    field: String,
    operator: String,
    value: String,
}

impl SearchClause {
    fn matches(&self, client: &ApiClient) -> bool {
        if self.field == "enabled" {
            let wanted = self.value == "true";
            return (client.enabled == wanted) == (self.operator == "=");
        }
        let actual = if self.field == "clientId" {
            &client.client_id
        } else {
            &client.client_name
        };
        match self.operator.as_str() {
            "=" => *actual == self.value,
            "!=" => *actual != self.value,
            _ => actual.to_lowercase().contains(&self.value.to_lowercase()),
        }
    }
}

/// Splits a search on `&` outside double quotes.
fn split_clauses(search: &str) -> Vec<String> {
    let mut clauses = Vec::new();
    let mut current = String::new();
    let mut quoted = false;
    for character in search.chars() {
        match character {
            '"' => {
                quoted = !quoted;
                current.push(character);
            }
            '&' if !quoted => clauses.push(std::mem::take(&mut current)),
            _ => current.push(character),
        }
    }
    clauses.push(current);
    clauses
        .into_iter()
        .filter(|clause| !clause.trim().is_empty())
        .collect()
}

fn parse_search(search: &str) -> Result<Vec<SearchClause>, ApiError> {
    let pattern = regex::Regex::new(r#"^\s*([A-Za-z]+)\s*(?:(!=|=)|\s(contains)\s)\s*(.*?)\s*$"#)
        .map_err(|error| query_error(format!("internal search pattern: {error}")))?;
    split_clauses(search)
        .iter()
        .map(|clause| {
            let invalid = || query_error(format!("The search clause {clause} is not valid."));
            let captures = pattern.captures(clause).ok_or_else(invalid)?;
            let field = captures.get(1).map_or("", |m| m.as_str());
            let operator = captures
                .get(2)
                .or_else(|| captures.get(3))
                .map_or("", |m| m.as_str());
            let raw_value = captures.get(4).map_or("", |m| m.as_str());
            if !SEARCH_FIELDS.contains(&field) {
                return Err(query_error(format!(
                    "The search field {field} is not valid."
                )));
            }
            let value = if field == "enabled" {
                if operator == "contains" || !(raw_value == "true" || raw_value == "false") {
                    return Err(invalid());
                }
                raw_value.to_owned()
            } else {
                raw_value
                    .strip_prefix('"')
                    .and_then(|value| value.strip_suffix('"'))
                    .ok_or_else(invalid)?
                    .to_owned()
            };
            Ok(SearchClause {
                field: field.to_owned(),
                operator: operator.to_owned(),
                value,
            })
        })
        .collect()
}

/// An inclusive (`a,b`) or exclusive (`!a,b` or `!a,!b`) projection of the listed objects.
fn parse_filter(filter: &str) -> Result<(bool, Vec<String>), ApiError> {
    let parts: Vec<&str> = filter
        .split(',')
        .map(str::trim)
        .filter(|part| !part.is_empty())
        .collect();
    let exclusive = parts.first().is_some_and(|part| part.starts_with('!'));
    let mut fields = Vec::new();
    for part in &parts {
        let negated = part.starts_with('!');
        if negated && !exclusive {
            return Err(query_error(
                "Inclusive and exclusive filters must not be intermingled.".into(),
            ));
        }
        let field = part.trim_start_matches('!');
        if !FILTER_FIELDS.contains(&field) {
            return Err(query_error(format!(
                "The filter field {field} is not valid."
            )));
        }
        fields.push(field.to_owned());
    }
    Ok((exclusive, fields))
}

fn project(client: &ApiClient, filter: &Option<(bool, Vec<String>)>) -> Value {
    let mut object = client.to_json();
    if let (Some((exclusive, fields)), Value::Object(map)) = (filter, &mut object) {
        map.retain(|key, _| fields.contains(key) != *exclusive);
    }
    object
}

pub(super) async fn list(
    extract::State(shared): extract::State<AppState>,
    headers: HeaderMap,
    Query(query): Query<ListQuery>,
) -> Response {
    match list_clients(&shared, &headers, &query) {
        Ok(body) => {
            let mut response = axum::Json(body).into_response();
            response.headers_mut().insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/scim+json"),
            );
            response
        }
        Err(error) => error.into_response(),
    }
}

fn list_clients(
    shared: &AppState,
    headers: &HeaderMap,
    query: &ListQuery,
) -> Result<Value, ApiError> {
    authorize(shared, headers, Access::Read)?;
    let pagination = match &query.pagination {
        Some(value) => parse_pagination(value)?,
        None => Pagination {
            count: None,
            page: 1,
            limit: None,
        },
    };
    let clauses = match &query.search {
        Some(search) => parse_search(search)?,
        None => Vec::new(),
    };
    let filter = match &query.filter {
        Some(filter) => Some(parse_filter(filter)?),
        None => None,
    };
    let state = shared.state.lock();
    let mut matching: Vec<&ApiClient> = state
        .ibm_verify
        .clients
        .iter()
        .filter(|client| clauses.iter().all(|clause| clause.matches(client)))
        .collect();
    if let Some(sort) = &query.sort {
        sort_clients(&mut matching, sort)?;
    }
    let total = matching.len();
    if let Some(count) = pagination.count {
        matching.truncate(count);
    }
    let limit = pagination.limit.unwrap_or(matching.len());
    let page: Vec<Value> = if limit == 0 {
        Vec::new()
    } else {
        matching
            .iter()
            .skip((pagination.page - 1).saturating_mul(limit))
            .take(limit)
            .map(|client| project(client, &filter))
            .collect()
    };
    Ok(json!({
        "count": page.len(),
        "limit": limit,
        "page": pagination.page,
        "total": total,
        "apiClients": page,
    }))
}
