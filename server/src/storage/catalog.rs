//! The office's lists of agencies and strategic projects.

use super::Store;
use crate::error::Result;
use qadam_shared::catalog::{Agency, AgencyKind, Catalog, Names, Project};
use sqlx::Row;
use sqlx::any::AnyRow;

fn names(row: &AnyRow) -> Names {
    Names {
        kk: row.get("name_kk"),
        ru: row.get("name_ru"),
        en: row.get("name_en"),
    }
}

impl Store {
    /// Adds the entries the lists do not hold yet (by code); what administrators changed or
    /// retired stays as they left it.
    pub async fn seed_catalog(&self, catalog: &Catalog) -> Result<()> {
        let mut tx = self.begin_write().await?;
        for (order, a) in catalog.agencies.iter().enumerate() {
            sqlx::query(
                "INSERT INTO agencies (code, kind, name_kk, name_ru, name_en, retired, sort_order)
                 VALUES ($1, $2, $3, $4, $5, 0, $6) ON CONFLICT (code) DO NOTHING",
            )
            .bind(&a.code)
            .bind(a.kind.as_str())
            .bind(&a.names.kk)
            .bind(&a.names.ru)
            .bind(&a.names.en)
            .bind(order as i64)
            .execute(&mut *tx)
            .await?;
        }
        for (order, p) in catalog.projects.iter().enumerate() {
            sqlx::query(
                "INSERT INTO strategic_projects (code, name_kk, name_ru, name_en, retired, sort_order)
                 VALUES ($1, $2, $3, $4, 0, $5) ON CONFLICT (code) DO NOTHING",
            )
            .bind(&p.code)
            .bind(&p.names.kk)
            .bind(&p.names.ru)
            .bind(&p.names.en)
            .bind(order as i64)
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// Both lists, retired entries included (cards may still name them).
    pub async fn catalog(&self) -> Result<Catalog> {
        let agencies = sqlx::query("SELECT * FROM agencies ORDER BY sort_order, code")
            .fetch_all(&self.pool)
            .await?
            .iter()
            .map(|r| {
                let kind: String = r.get("kind");
                Ok(Agency {
                    code: r.get("code"),
                    kind: AgencyKind::parse(&kind)
                        .ok_or_else(|| anyhow::anyhow!("corrupt agency kind {kind:?}"))?,
                    names: names(r),
                    retired: r.get::<i64, _>("retired") != 0,
                })
            })
            .collect::<Result<Vec<_>>>()?;
        let projects = sqlx::query("SELECT * FROM strategic_projects ORDER BY sort_order, code")
            .fetch_all(&self.pool)
            .await?
            .iter()
            .map(|r| Project {
                code: r.get("code"),
                names: names(r),
                retired: r.get::<i64, _>("retired") != 0,
            })
            .collect();
        Ok(Catalog { agencies, projects })
    }

    /// Adds an agency or changes one (new ones go last).
    pub async fn put_agency(&self, a: &Agency) -> Result<()> {
        sqlx::query(
            "INSERT INTO agencies (code, kind, name_kk, name_ru, name_en, retired, sort_order)
             VALUES ($1, $2, $3, $4, $5, $6, (SELECT COALESCE(MAX(sort_order), 0) + 1 FROM agencies))
             ON CONFLICT (code) DO UPDATE SET kind = excluded.kind, name_kk = excluded.name_kk,
               name_ru = excluded.name_ru, name_en = excluded.name_en, retired = excluded.retired",
        )
        .bind(&a.code)
        .bind(a.kind.as_str())
        .bind(&a.names.kk)
        .bind(&a.names.ru)
        .bind(&a.names.en)
        .bind(a.retired as i64)
        .execute(&mut *self.write().await?)
        .await?;
        Ok(())
    }

    /// Adds a strategic project or changes one (new ones go last).
    pub async fn put_project(&self, p: &Project) -> Result<()> {
        sqlx::query(
            "INSERT INTO strategic_projects (code, name_kk, name_ru, name_en, retired, sort_order)
             VALUES ($1, $2, $3, $4, $5, (SELECT COALESCE(MAX(sort_order), 0) + 1 FROM strategic_projects))
             ON CONFLICT (code) DO UPDATE SET name_kk = excluded.name_kk,
               name_ru = excluded.name_ru, name_en = excluded.name_en, retired = excluded.retired",
        )
        .bind(&p.code)
        .bind(&p.names.kk)
        .bind(&p.names.ru)
        .bind(&p.names.en)
        .bind(p.retired as i64)
        .execute(&mut *self.write().await?)
        .await?;
        Ok(())
    }

    /// Whether an agency (`projects` false) or a strategic project can be chosen for a card:
    /// listed and not retired.
    pub async fn in_catalog(&self, projects: bool, code: &str) -> Result<bool> {
        let sql = if projects {
            "SELECT 1 AS found FROM strategic_projects WHERE code = $1 AND retired = 0"
        } else {
            "SELECT 1 AS found FROM agencies WHERE code = $1 AND retired = 0"
        };
        Ok(sqlx::query(sql)
            .bind(code)
            .fetch_optional(&self.pool)
            .await?
            .is_some())
    }
}
