//! The office's lists (responsible agencies, strategic projects), loaded once per board page.

use leptos::prelude::*;
use leptos::task::spawn_local;
use qadam_shared::catalog::Catalog;

/// The lists cards name by code; empty until loaded (a card then shows the code).
#[derive(Clone, Copy)]
pub struct OfficeLists(pub RwSignal<Catalog>);

impl OfficeLists {
    /// Provides the lists to everything inside and starts loading them.
    pub fn provide() -> Self {
        let lists = OfficeLists(RwSignal::new(Catalog::default()));
        provide_context(lists);
        spawn_local(async move {
            if let Ok(catalog) = crate::api::catalog().await {
                lists.0.set(catalog);
            }
        });
        lists
    }

    /// An agency's name in `language`, or its code while the lists load.
    pub fn agency(&self, code: &str, language: &str) -> String {
        self.0.with(|c| {
            c.agency(code)
                .map(|a| a.names.get(language).to_owned())
                .unwrap_or_else(|| code.to_owned())
        })
    }

    /// A strategic project's name in `language`, or its code while the lists load.
    pub fn project(&self, code: &str, language: &str) -> String {
        self.0.with(|c| {
            c.project(code)
                .map(|p| p.names.get(language).to_owned())
                .unwrap_or_else(|| code.to_owned())
        })
    }
}
