//! What was made from an input, kept in this process under everything it was made from (a key
//! the caller spells in full), so that equal inputs are made once: a rendered table row, a drawn
//! chart, a worded relative time. Bounded: past `max` entries the memory is emptied and filled
//! again. And ([`AtVersion`]) one value read from the database, kept with the version it was
//! read at.

use std::hash::Hash;
use std::sync::{Arc, Mutex};

use foldhash::HashMap;

pub struct Kept<K, V> {
    max: usize,
    map: Mutex<HashMap<K, V>>,
}

impl<K: Eq + Hash, V: Clone> Kept<K, V> {
    pub fn new(max: usize) -> Self {
        Kept {
            max,
            map: Mutex::new(HashMap::default()),
        }
    }

    /// The value kept under `key`, or `make`'s (kept from then on).
    pub fn get_or_make<E>(&self, key: K, make: impl FnOnce() -> Result<V, E>) -> Result<V, E> {
        if let Some(v) = self.map.lock().unwrap_or_else(|e| e.into_inner()).get(&key) {
            return Ok(v.clone());
        }
        let v = make()?;
        let mut map = self.map.lock().unwrap_or_else(|e| e.into_inner());
        if map.len() >= self.max {
            map.clear();
        }
        map.insert(key, v.clone());
        Ok(v)
    }

    /// [`Kept::get_or_make`] for a `make` that cannot fail.
    pub fn get_or_insert_with(&self, key: K, make: impl FnOnce() -> V) -> V {
        match self.get_or_make(key, || Ok::<V, std::convert::Infallible>(make())) {
            Ok(v) => v,
            Err(never) => match never {},
        }
    }
}

/// One value kept with the version it was read at: a counter the database moves in the same
/// transaction as every change to what the value was read from (`meters_version`,
/// `products_version`), read in the same statement as the value. A reader that saw that same
/// version may use the value as kept.
pub struct AtVersion<T>(Mutex<Option<(i64, Arc<T>)>>);

impl<T> Default for AtVersion<T> {
    fn default() -> Self {
        AtVersion(Mutex::new(None))
    }
}

impl<T> AtVersion<T> {
    /// The value and its version, as kept.
    pub fn kept(&self) -> Option<(i64, Arc<T>)> {
        self.lock().clone()
    }

    /// The value, when it was kept at version `seen`.
    pub fn at(&self, seen: Option<i64>) -> Option<Arc<T>> {
        match (seen, &*self.lock()) {
            (Some(seen), Some((version, value))) if seen == *version => Some(value.clone()),
            _ => None,
        }
    }

    /// Keeps `value`, read at `version`.
    pub fn keep(&self, version: i64, value: Arc<T>) {
        *self.lock() = Some((version, value));
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Option<(i64, Arc<T>)>> {
        self.0.lock().unwrap_or_else(|e| e.into_inner())
    }
}
