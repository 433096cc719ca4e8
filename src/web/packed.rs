//! Gzipped bodies kept by their content: a body sent again byte for byte — a stylesheet, a cached
//! page viewed again, a page whose figures did not move — is not compressed again. The key is the
//! body's length and CRC-32; a kept body is compared in full before its gzip is reused, so two
//! bodies that share a key never share a gzip. A body is kept the second time its key is seen:
//! bodies sent once (API answers with new ids, a page that names the current second) cost a
//! checksum and a set entry, not memory. At most [`MAX_BYTES`] of bodies and gzips are kept;
//! past it, the memory starts again empty (starting again only costs compression).

use std::collections::{HashMap, HashSet};
use std::sync::{LazyLock, Mutex, PoisonError};

use actix_web::web::Bytes;

/// Bodies and their gzips kept at most, in bytes.
pub const MAX_BYTES: usize = 32 << 20;

/// Keys remembered as seen once at most; past it, the set starts again empty.
const MAX_SEEN: usize = 4096;

/// A body's length and CRC-32.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Key(usize, u32);

/// The key of `body`.
pub fn key(body: &[u8]) -> Key {
    Key(body.len(), crc32fast::hash(body))
}

#[derive(Default)]
struct Memory {
    kept: HashMap<Key, Vec<(Bytes, Bytes)>>,
    bytes: usize,
    seen: HashSet<Key>,
}

static MEMORY: LazyLock<Mutex<Memory>> = LazyLock::new(Mutex::default);

fn memory() -> std::sync::MutexGuard<'static, Memory> {
    MEMORY.lock().unwrap_or_else(PoisonError::into_inner)
}

/// The kept gzip of `body` (whose key is `key`), if any. The bodies under the key are compared
/// outside the lock.
pub fn find(key: Key, body: &[u8]) -> Option<Bytes> {
    let candidates = memory().kept.get(&key)?.clone();
    candidates
        .into_iter()
        .find(|(kept, _)| kept.as_ref() == body)
        .map(|(_, packed)| packed)
}

/// Keeps `packed` as the gzip of `body` when `key` was seen before; otherwise notes it as seen.
pub fn keep(key: Key, body: Bytes, packed: Bytes) {
    let mut m = memory();
    if m.seen.len() >= MAX_SEEN {
        m.seen.clear();
    }
    if m.seen.insert(key) {
        return;
    }
    let size = body.len() + packed.len();
    if size > MAX_BYTES {
        return;
    }
    if m.bytes + size > MAX_BYTES {
        m.kept.clear();
        m.bytes = 0;
    }
    let bodies = m.kept.entry(key).or_default();
    if bodies.iter().any(|(kept, _)| *kept == body) {
        return;
    }
    bodies.push((body, packed));
    m.bytes += size;
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unique(tag: &str) -> Bytes {
        Bytes::from(format!(
            "{tag} {:?} {}",
            std::thread::current().id(),
            "x".repeat(2000)
        ))
    }

    #[test]
    fn a_body_is_kept_the_second_time_it_is_seen() {
        let body = unique("second");
        let k = key(&body);
        assert_eq!(find(k, &body), None);
        keep(k, body.clone(), Bytes::from_static(b"gz-1"));
        assert_eq!(find(k, &body), None, "a body seen once is not kept");
        keep(k, body.clone(), Bytes::from_static(b"gz-1"));
        assert_eq!(find(k, &body), Some(Bytes::from_static(b"gz-1")));
    }

    #[test]
    fn a_different_body_under_the_same_key_gets_no_gzip_of_another() {
        let (a, b) = (unique("a-body"), unique("b-body"));
        assert_eq!(a.len(), b.len());
        // The same key for two bodies, as a CRC collision would give.
        let k = Key(a.len(), 7);
        keep(k, a.clone(), Bytes::from_static(b"gz-a"));
        keep(k, a.clone(), Bytes::from_static(b"gz-a"));
        assert_eq!(find(k, &a), Some(Bytes::from_static(b"gz-a")));
        assert_eq!(find(k, &b), None);
        keep(k, b.clone(), Bytes::from_static(b"gz-b"));
        assert_eq!(find(k, &b), Some(Bytes::from_static(b"gz-b")));
        assert_eq!(find(k, &a), Some(Bytes::from_static(b"gz-a")));
    }
}
