//! The office's lists that cards name by code: responsible agencies (ministries, akimats, state
//! companies) and strategic projects, each named in the three languages. Project Office
//! administrators keep them; a retired entry stays readable on the cards that name it.

use crate::limits::CODE_MAX_CHARS;
use serde::{Deserialize, Serialize};

/// Whether `text` is a code an entry of the lists may have: 2 to 40 lowercase letters, digits
/// and dashes. The rules take only such codes on cards; the server takes only such for entries.
pub fn is_code(text: &str) -> bool {
    (2..=CODE_MAX_CHARS).contains(&text.len())
        && text
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// A name in Kazakh, Russian and English.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Names {
    pub kk: String,
    pub ru: String,
    pub en: String,
}

impl Names {
    /// The name in `language` (`kk`, `ru` or `en`); English otherwise.
    pub fn get(&self, language: &str) -> &str {
        match language {
            "kk" => &self.kk,
            "ru" => &self.ru,
            _ => &self.en,
        }
    }
}

/// What kind of body an agency is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum AgencyKind {
    Ministry,
    Akimat,
    Company,
}

impl AgencyKind {
    pub fn parse(s: &str) -> Option<AgencyKind> {
        match s {
            "ministry" => Some(AgencyKind::Ministry),
            "akimat" => Some(AgencyKind::Akimat),
            "company" => Some(AgencyKind::Company),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            AgencyKind::Ministry => "ministry",
            AgencyKind::Akimat => "akimat",
            AgencyKind::Company => "company",
        }
    }
}

/// A responsible agency.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Agency {
    pub code: String,
    pub kind: AgencyKind,
    pub names: Names,
    #[serde(default)]
    pub retired: bool,
}

/// A strategic project tasks across teams serve.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Project {
    pub code: String,
    pub names: Names,
    #[serde(default)]
    pub retired: bool,
}

/// `GET /api/catalog`: both lists, in the office's order.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Catalog {
    pub agencies: Vec<Agency>,
    pub projects: Vec<Project>,
}

impl Catalog {
    pub fn agency(&self, code: &str) -> Option<&Agency> {
        self.agencies.iter().find(|a| a.code == code)
    }

    pub fn project(&self, code: &str) -> Option<&Project> {
        self.projects.iter().find(|p| p.code == code)
    }
}
