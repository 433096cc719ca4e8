//! What was made from an input, kept in this process under everything it was made from (a key
//! the caller spells in full), so that equal inputs are made once: a rendered table row, a drawn
//! chart, a worded relative time. Bounded: past `max` entries the memory is emptied and filled
//! again.

use std::hash::Hash;
use std::sync::Mutex;

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
