//! Creating administrators: from the command line, or once, on first start, with a password
//! printed for whoever started the server.

use crate::auth::{password, token};
use crate::config::Config;
use crate::error::Result;
use crate::storage::Store;
use crate::sync::now_millis;
use anyhow::Context;

/// Login of the administrator created on first start.
pub const FIRST_ADMIN: &str = "admin";

/// Creates an administrator; returns the password (generated when none is given).
pub async fn create_admin(
    config: &Config,
    login: &str,
    name: &str,
    given: Option<String>,
) -> anyhow::Result<String> {
    let store = Store::open(&config.database)
        .await
        .context("opening the database")?;
    Ok(add_admin(&store, login, name, given).await?)
}

async fn add_admin(
    store: &Store,
    login: &str,
    name: &str,
    given: Option<String>,
) -> Result<String> {
    let password = match given {
        Some(p) => {
            password::check_strength(&p)?;
            p
        }
        None => token::generate()[..20].to_owned(),
    };
    let hash = password::hash(password.clone()).await?;
    let id = uuid::Uuid::new_v4().to_string();
    store
        .create_user(
            &id,
            &login.trim().to_lowercase(),
            name.trim(),
            &hash,
            true,
            now_millis(),
        )
        .await?;
    Ok(password)
}

/// On a database without any account, creates `admin` and prints its password once.
pub async fn ensure_first_admin(store: &Store) -> Result<()> {
    if store.count_users().await? > 0 {
        return Ok(());
    }
    let password = add_admin(store, FIRST_ADMIN, "Project Office administrator", None).await?;
    println!(
        "\n  First start: sign in as `{FIRST_ADMIN}` with the password {password}\n  \
         (shown only now; change it after signing in).\n"
    );
    Ok(())
}
