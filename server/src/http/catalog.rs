//! The office's lists: read by everyone signed in (cards name their entries), kept by Project
//! Office administrators.

use super::{AppJson, AppPath};
use crate::AppState;
use crate::auth::CurrentUser;
use crate::error::{Error, Result};
use axum::Router;
use axum::extract::State;
use axum::routing::{get, put};
use qadam_shared::api::CatalogEntry;
use qadam_shared::catalog::{Agency, AgencyKind, Catalog, Names, Project, is_code};
use qadam_shared::limits::CATALOG_NAME_MAX_CHARS;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/catalog", get(catalog))
        .route("/catalog/agencies/{code}", put(put_agency))
        .route("/catalog/projects/{code}", put(put_project))
}

/// The office's lists of agencies and strategic projects.
#[utoipa::path(
    get,
    operation_id = "catalog_catalog",
    path = "/api/catalog",
    tag = "lists",
    responses(
        (status = 200, description = "The office's agencies and strategic projects", body = Catalog)
    )
)]
async fn catalog(State(state): State<AppState>, _: CurrentUser) -> Result<AppJson<Catalog>> {
    Ok(AppJson(state.store.catalog().await?))
}

/// A code as the lists take it: 2 to 40 lowercase letters, digits and dashes.
fn checked_code(code: &str) -> Result<String> {
    if !is_code(code) {
        return Err(Error::bad_request(
            "invalid_code",
            "a code is 2 to 40 lowercase letters, digits and dashes",
        ));
    }
    Ok(code.to_owned())
}

/// Each of the three names: present, one line, not too long.
fn checked_names(names: &Names) -> Result<Names> {
    let one = |name: &str| -> Result<String> {
        let name = name.trim();
        if name.is_empty()
            || name.chars().count() > CATALOG_NAME_MAX_CHARS
            || qadam_shared::text::has_control(name, false)
        {
            return Err(Error::bad_request(
                "invalid_name",
                format!(
                    "each name, in Kazakh, Russian and English, is 1 to {CATALOG_NAME_MAX_CHARS} characters on one line"
                ),
            ));
        }
        Ok(name.to_owned())
    };
    Ok(Names {
        kk: one(&names.kk)?,
        ru: one(&names.ru)?,
        en: one(&names.en)?,
    })
}

/// Adds or changes an agency.
#[utoipa::path(
    put,
    operation_id = "catalog_put_agency",
    path = "/api/catalog/agencies/{code}",
    tag = "lists",
    params(
        ("code" = String, Path, description = "The agency's code")
    ),
    request_body = CatalogEntry,
    responses(
        (status = 200, description = "Added or changed", body = Agency),
        (status = 404, description = "Not an administrator", body = qadam_shared::api::ErrorBody)
    )
)]
async fn put_agency(
    State(state): State<AppState>,
    current: CurrentUser,
    AppPath(code): AppPath<String>,
    AppJson(entry): AppJson<CatalogEntry>,
) -> Result<AppJson<Agency>> {
    current.require_admin()?;
    let kind = entry
        .kind
        .as_deref()
        .and_then(AgencyKind::parse)
        .ok_or_else(|| {
            Error::bad_request("invalid_kind", "an agency is a ministry, akimat or company")
        })?;
    let agency = Agency {
        code: checked_code(&code)?,
        kind,
        names: checked_names(&entry.names)?,
        retired: entry.retired,
    };
    state.store.put_agency(&agency).await?;
    Ok(AppJson(agency))
}

/// Adds or changes a strategic project.
#[utoipa::path(
    put,
    operation_id = "catalog_put_project",
    path = "/api/catalog/projects/{code}",
    tag = "lists",
    params(
        ("code" = String, Path, description = "The project's code")
    ),
    request_body = CatalogEntry,
    responses(
        (status = 200, description = "Added or changed", body = Project),
        (status = 404, description = "Not an administrator", body = qadam_shared::api::ErrorBody)
    )
)]
async fn put_project(
    State(state): State<AppState>,
    current: CurrentUser,
    AppPath(code): AppPath<String>,
    AppJson(entry): AppJson<CatalogEntry>,
) -> Result<AppJson<Project>> {
    current.require_admin()?;
    let project = Project {
        code: checked_code(&code)?,
        names: checked_names(&entry.names)?,
        retired: entry.retired,
    };
    state.store.put_project(&project).await?;
    Ok(AppJson(project))
}
