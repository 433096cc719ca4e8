//! Small cryptographic helpers: random tokens, SHA-256 digests, HMAC-signed CSRF tokens.

use hmac::{Hmac, KeyInit, Mac};
use sha2::{Digest, Sha256};

/// `n` random bytes from the operating system, hex-encoded (2n characters).
pub fn random_hex(n: usize) -> String {
    hex(&random_bytes(n))
}

/// `n` random bytes from the operating system.
pub fn random_bytes(n: usize) -> Vec<u8> {
    let mut buf = vec![0u8; n];
    // Without an OS random source no token can be issued safely: stop rather than go on
    // with predictable ones.
    if let Err(e) = getrandom::fill(&mut buf) {
        panic_free_abort(e);
    }
    buf
}

#[cold]
fn panic_free_abort(e: getrandom::Error) -> ! {
    tracing::error!("operating system random source failed: {e}");
    std::process::abort()
}

pub fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        s.push(DIGITS[(b >> 4) as usize] as char);
        s.push(DIGITS[(b & 0x0f) as usize] as char);
    }
    s
}

pub fn sha256(data: &[u8]) -> Vec<u8> {
    Sha256::digest(data).to_vec()
}

pub fn sha256_hex(data: &[u8]) -> String {
    hex(&sha256(data))
}

/// A CSRF token bound to `seed` (a session's token hash, or the login form's cookie).
pub fn csrf_token(secret: &[u8], purpose: &str, seed: &str) -> String {
    let mut mac = match Hmac::<Sha256>::new_from_slice(secret) {
        Ok(mac) => mac,
        // HMAC accepts keys of any length; this arm cannot be taken.
        Err(_) => return String::new(),
    };
    mac.update(purpose.as_bytes());
    mac.update(b":");
    mac.update(seed.as_bytes());
    hex(&mac.finalize().into_bytes())
}

/// Compares two strings in time independent of where they differ.
pub fn constant_time_eq(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn random_hex_has_requested_length_and_varies() {
        let a = random_hex(16);
        assert_eq!(a.len(), 32);
        assert!(a.chars().all(|c| c.is_ascii_hexdigit()));
        assert_ne!(a, random_hex(16));
    }

    #[test]
    fn sha256_of_empty_input() {
        assert_eq!(
            sha256_hex(b""),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
    }

    #[test]
    fn csrf_tokens_depend_on_secret_purpose_and_seed() {
        let t = csrf_token(b"secret-one", "session", "abc");
        assert_eq!(t.len(), 64);
        assert_eq!(t, csrf_token(b"secret-one", "session", "abc"));
        assert_ne!(t, csrf_token(b"secret-two", "session", "abc"));
        assert_ne!(t, csrf_token(b"secret-one", "login", "abc"));
        assert_ne!(t, csrf_token(b"secret-one", "session", "abd"));
    }

    #[test]
    fn constant_time_eq_compares() {
        assert!(constant_time_eq("abc", "abc"));
        assert!(!constant_time_eq("abc", "abd"));
        assert!(!constant_time_eq("abc", "ab"));
    }
}
