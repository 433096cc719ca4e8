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

    /// The value kept at version `seen`; otherwise what `read` returns (the value and the
    /// version it was read at), kept when it has a version.
    pub fn at_or_read<E>(
        &self,
        seen: Option<i64>,
        read: impl FnOnce() -> Result<(Option<i64>, T), E>,
    ) -> Result<Arc<T>, E> {
        if let Some(kept) = self.at(seen) {
            return Ok(kept);
        }
        let (version, value) = read()?;
        let value = Arc::new(value);
        if let Some(version) = version {
            self.keep(version, value.clone());
        }
        Ok(value)
    }

    /// Keeps `value`, read at `version`.
    pub fn keep(&self, version: i64, value: Arc<T>) {
        *self.lock() = Some((version, value));
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Option<(i64, Arc<T>)>> {
        self.0.lock().unwrap_or_else(|e| e.into_inner())
    }
}

#[cfg(test)]
mod tests {
    use super::AtVersion;

    #[test]
    fn a_value_is_read_unless_kept_at_the_version_seen() {
        let kept: AtVersion<&str> = AtVersion::default();
        let read = |value: &'static str, version| move || Ok::<_, ()>((version, value));
        assert_eq!(
            *kept.at_or_read(Some(1), read("first", Some(1))).unwrap(),
            "first"
        );
        // Seen at the kept version: not read again.
        assert_eq!(
            *kept
                .at_or_read(Some(1), || Err::<(Option<i64>, &str), ()>(()))
                .unwrap(),
            "first"
        );
        // Another version (or none) reads, and what has a version is kept.
        assert_eq!(
            *kept.at_or_read(Some(2), read("second", Some(2))).unwrap(),
            "second"
        );
        assert_eq!(*kept.at_or_read(None, read("third", None)).unwrap(), "third");
        assert_eq!(kept.kept().map(|(v, s)| (v, *s)), Some((2, "second")));
        assert_eq!(
            kept.at_or_read(Some(3), || Err::<(Option<i64>, &str), ()>(())),
            Err(())
        );
    }
}
