//! Backups of the embedded database while the server runs, and restoring one while it does not.
//!
//! A backup is SQLite's `VACUUM INTO`: a consistent copy of the database as of one moment, taken
//! beside a running server's writes (WAL lets it read while they go on). A running server holds
//! a lock on its database file, so a restore (and a second server) can tell it is there.
//! PostgreSQL has its own tools for this: `pg_dump` and `pg_restore`.

use crate::storage::sqlite_file;
use anyhow::{Context, bail};
use sqlx::{Connection, Executor, Row};
use std::fs::File;
use std::path::{Path, PathBuf};

/// What the commands say about a PostgreSQL database.
const ON_POSTGRES: &str = "the database is PostgreSQL: back it up with pg_dump \
    (e.g. `pg_dump -Fc -f qadam.dump <url>`) and restore it with pg_restore \
    (`pg_restore --clean -d <url> qadam.dump`, then `DELETE FROM timeline;` so browsers holding \
    boards from before it read them afresh)";

/// Held by a running server: no second server and no restore on its database file meanwhile.
pub struct ServerLock {
    /// The lock lasts while this stays open.
    _held: File,
}

impl ServerLock {
    /// Takes the lock on the SQLite file of `database` (none on PostgreSQL, where instances
    /// share the database by design).
    pub fn take(database: &str) -> anyhow::Result<Option<Self>> {
        let Some(path) = sqlite_file(database) else {
            return Ok(None);
        };
        // Created if missing: an empty file is an empty SQLite database.
        let file = std::fs::OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(&path)
            .with_context(|| format!("opening {}", path.display()))?;
        match file.try_lock() {
            Ok(()) => Ok(Some(Self { _held: file })),
            Err(std::fs::TryLockError::WouldBlock) => bail!(
                "another Qadam server is running on {}; one SQLite file has one server",
                path.display()
            ),
            Err(std::fs::TryLockError::Error(e)) => {
                Err(e).with_context(|| format!("locking {}", path.display()))
            }
        }
    }
}

/// Writes a consistent copy of `database` to `to` (which must not exist), while a server may be
/// running on it; returns the copy's size in bytes.
pub async fn backup(database: &str, to: &Path) -> anyhow::Result<u64> {
    let Some(from) = sqlite_file(database) else {
        bail!("{ON_POSTGRES}");
    };
    if !from.exists() {
        bail!("there is no database at {}", from.display());
    }
    if to.exists() {
        bail!(
            "{} exists already; a backup does not overwrite a file",
            to.display()
        );
    }
    let to_text = to
        .to_str()
        .with_context(|| format!("{} is not a UTF-8 path", to.display()))?;
    let mut conn = sqlx::SqliteConnection::connect(&format!("sqlite://{}?mode=ro", from.display()))
        .await
        .with_context(|| format!("opening {}", from.display()))?;
    sqlx::query("VACUUM INTO $1")
        .bind(to_text)
        .execute(&mut conn)
        .await
        .with_context(|| format!("copying the database to {}", to.display()))?;
    conn.close().await?;
    Ok(std::fs::metadata(to)?.len())
}

/// Replaces the database at `database` with the backup `from`, while no server runs on it. The
/// database it replaces is kept beside it; returns where.
pub async fn restore(database: &str, from: &Path) -> anyhow::Result<Option<PathBuf>> {
    let Some(path) = sqlite_file(database) else {
        bail!("{ON_POSTGRES}");
    };
    check_backup(from).await?;
    // Held until the new file is in place: a server starting meanwhile stops at the lock.
    let _lock = match path.exists() {
        true => ServerLock::take(database).context("stop the server before restoring")?,
        false => None,
    };
    let incoming = with_suffix(&path, ".restoring");
    std::fs::copy(from, &incoming)
        .with_context(|| format!("copying {} to {}", from.display(), incoming.display()))?;
    forget_timeline(&incoming).await?;
    File::open(&incoming)?.sync_all()?;
    // The replaced database, with its write-ahead log, is set aside whole: the old log must not
    // meet the new file, and the old database stays at hand.
    let kept = path.exists().then(|| with_suffix(&path, ".before-restore"));
    if let Some(kept) = &kept {
        for suffix in ["", "-wal", "-shm"] {
            let (old, aside) = (with_suffix(&path, suffix), with_suffix(kept, suffix));
            if old.exists() {
                std::fs::rename(&old, &aside)
                    .with_context(|| format!("moving {} aside", old.display()))?;
            }
        }
    }
    std::fs::rename(&incoming, &path)
        .with_context(|| format!("putting the backup at {}", path.display()))?;
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        File::open(dir)?.sync_all()?;
    }
    Ok(kept)
}

/// Refuses a file that is not a whole Qadam database.
async fn check_backup(file: &Path) -> anyhow::Result<()> {
    if !file.is_file() {
        bail!("there is no backup at {}", file.display());
    }
    let url = format!("sqlite://{}?mode=ro", file.display());
    let not_ours = || format!("{} is not a Qadam database backup", file.display());
    let mut conn = sqlx::SqliteConnection::connect(&url)
        .await
        .with_context(not_ours)?;
    let integrity: String = conn
        .fetch_one("PRAGMA integrity_check")
        .await
        .with_context(not_ours)?
        .get(0);
    if integrity != "ok" {
        bail!("{} is damaged: {integrity}", file.display());
    }
    conn.fetch_one("SELECT COUNT(*) FROM boards JOIN _sqlx_migrations ON 1 = 0")
        .await
        .with_context(not_ours)?;
    conn.close().await?;
    Ok(())
}

/// Forgets the restored database's timeline, so the server starting on it makes a new one: a
/// browser holding a board as it stood after the backup was taken (changes the restore took
/// back) reads it afresh instead of following the restored log from its own sequence number.
/// A backup older than timelines has none to forget.
async fn forget_timeline(file: &Path) -> anyhow::Result<()> {
    let url = format!("sqlite://{}", file.display());
    let mut conn = sqlx::SqliteConnection::connect(&url)
        .await
        .with_context(|| format!("opening {}", file.display()))?;
    let has_timeline: i64 = conn
        .fetch_one("SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'timeline'")
        .await?
        .get(0);
    if has_timeline > 0 {
        conn.execute("DELETE FROM timeline").await?;
    }
    // Closed, the connection leaves everything in the file itself.
    conn.close().await?;
    Ok(())
}

/// `path` with `suffix` added to its file name.
fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}
