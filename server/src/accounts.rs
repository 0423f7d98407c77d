//! Accounts: what a login and a name may be, and creating administrators (from the command
//! line, or once, on first start, with a password printed for whoever started the server).

use crate::auth::{password, token};
use crate::clock::now_millis;
use crate::config::Config;
use crate::error::{Error, Result};
use crate::storage::Store;
use crate::storage::accounts::NewUser;
use anyhow::Context;
use qadam_shared::UserId;
use qadam_shared::limits::AUTHOR_MAX_CHARS;

/// Login of the administrator created on first start.
pub const FIRST_ADMIN: &str = "admin";

/// A login as stored and compared: trimmed, lower case.
pub fn normalized_login(login: &str) -> String {
    login.trim().to_lowercase()
}

/// Whether a normalized login is one an account can have: 2 to 64 letters, digits or `. _ - @`.
pub fn is_login(login: &str) -> bool {
    (2..=64).contains(&login.chars().count())
        && login
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '.' | '_' | '-' | '@'))
}

/// The normalized login, or why it cannot be one.
pub fn checked_login(login: &str) -> Result<String> {
    let login = normalized_login(login);
    if !is_login(&login) {
        return Err(Error::bad_request(
            "bad_login",
            "a login has 2 to 64 letters, digits or . _ - @",
        ));
    }
    Ok(login)
}

/// A display name, trimmed, or why it cannot be one.
pub fn checked_name(name: &str) -> Result<String> {
    let name = name.trim();
    if name.is_empty()
        || name.chars().count() > AUTHOR_MAX_CHARS
        || qadam_shared::text::has_control(name, false)
    {
        return Err(Error::bad_request(
            "bad_name",
            format!("a name has 1 to {AUTHOR_MAX_CHARS} characters and no control characters"),
        ));
    }
    Ok(name.to_owned())
}

/// Creates an administrator; returns the password (generated when none is given, and then to be
/// changed at the first sign-in).
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
    let login = checked_login(login)?;
    let name = checked_name(name)?;
    let generated = given.is_none();
    let password = match given {
        Some(p) => {
            password::check_strength(&p, &[&login, &name])?;
            p
        }
        None => token::generate()[..20].to_owned(),
    };
    let hash = password::hash_when_free(password.clone()).await?;
    let new = NewUser {
        id: UserId::random(),
        login: &login,
        display_name: &name,
        password_hash: &hash,
        is_admin: true,
        must_change_password: generated,
    };
    store.create_user(&new, now_millis()).await?;
    Ok(password)
}

/// On a database without any account, creates `admin` and prints its password once, on the
/// console (standard error: the log on standard output stays one JSON object per line when
/// asked). Run under `Store::first_start`, so of several instances starting together only one
/// creates it.
pub async fn ensure_first_admin(store: &Store) -> Result<()> {
    if store.count_users().await? > 0 {
        return Ok(());
    }
    let password = add_admin(store, FIRST_ADMIN, "Project Office administrator", None).await?;
    eprintln!(
        "\n  First start: sign in as `{FIRST_ADMIN}` with the password {password}\n  \
         (shown only now; you will choose your own at the first sign-in).\n"
    );
    Ok(())
}
