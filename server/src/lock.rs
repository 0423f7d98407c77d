//! Taking a std mutex whatever befell the task that held it before.

use std::sync::{Mutex, MutexGuard};

/// The mutex's guard, even after a panic while another held it. The server's std mutexes guard
/// counts, waiting lists and kept copies that each step leaves whole (the board writer's
/// connection: SQLite rolls back what a panic left unfinished), so later callers go on rather
/// than inherit the panic.
pub fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|e| e.into_inner())
}
