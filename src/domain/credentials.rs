//! Secrets: Argon2id password hashes and opaque bearer tokens stored as SHA-256 digests.

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Argon2, password_hash::rand_core::OsRng};
use std::sync::LazyLock;

use sha2::{Digest, Sha256};

/// Hashes a password with Argon2id (PHC string, salt included).
pub fn hash_password(password: &str) -> Result<String, argon2::password_hash::Error> {
    let salt = SaltString::generate(&mut OsRng);
    Ok(Argon2::default()
        .hash_password(password.as_bytes(), &salt)?
        .to_string())
}

/// Checks a password against a stored hash; a malformed hash never matches.
pub fn verify_password(password: &str, stored: &str) -> bool {
    PasswordHash::new(stored)
        .and_then(|hash| Argon2::default().verify_password(password.as_bytes(), &hash))
        .is_ok()
}

/// A hash of a password nobody has, verified when the username is unknown so that
/// an unknown user costs the same time as a wrong password. Made once per process.
pub fn decoy_hash() -> &'static str {
    static DECOY: LazyLock<String> = LazyLock::new(|| {
        let secret = new_secret().unwrap_or_else(|_| "decoy".repeat(8));
        hash_password(&secret).unwrap_or_default()
    });
    &DECOY
}

/// A new random secret: 32 bytes (256 bits) from the OS, hex-encoded.
pub fn new_secret() -> Result<String, getrandom::Error> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes)?;
    Ok(hex::encode(bytes))
}

/// The digest under which a bearer token is stored: a stolen database yields no usable token.
pub fn token_digest(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// A readable random password for the first administrator: 20 characters from an
/// alphabet without look-alikes (about 110 bits).
pub fn generate_password() -> Result<String, getrandom::Error> {
    const ALPHABET: &[u8] = b"abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    let mut bytes = [0u8; 20];
    getrandom::fill(&mut bytes)?;
    // 256 is not a multiple of 56: the bias is under 2% per character, harmless here.
    Ok(bytes
        .iter()
        .map(|b| char::from(ALPHABET[usize::from(*b) % ALPHABET.len()]))
        .collect())
}

/// The tracking PIN of an application: 8 digits of HMAC-SHA256 under the server secret over
/// the code and a random nonce stored with the application. The database holds only the nonce,
/// so a copy of it reveals no PIN; checking one costs a single HMAC.
pub fn tracking_pin(secret: &[u8], code: &str, nonce: &str) -> String {
    use hmac::{Hmac, Mac};
    // HMAC takes a key of any length.
    let mut mac = match Hmac::<Sha256>::new_from_slice(secret) {
        Ok(mac) => mac,
        Err(_) => return String::new(),
    };
    mac.update(code.as_bytes());
    mac.update(&[0]);
    mac.update(nonce.as_bytes());
    let digest = mac.finalize().into_bytes();
    let mut head = [0u8; 8];
    head.copy_from_slice(&digest[..8]);
    format!("{:08}", u64::from_be_bytes(head) % 100_000_000)
}

/// The link token of an application, for slip 01's QR code and the confirmation page:
/// 128 bits of HMAC-SHA256 under the server secret over a label, the code and the PIN's
/// nonce, hex-encoded (32 characters). Like the PIN it is made again whenever it is needed
/// and never stored; unlike the PIN it cannot be guessed (2^128 values), so a lookup with it
/// is not counted against any limit and opens from any address.
pub fn tracking_link_token(secret: &[u8], code: &str, nonce: &str) -> String {
    use hmac::{Hmac, Mac};
    let mut mac = match Hmac::<Sha256>::new_from_slice(secret) {
        Ok(mac) => mac,
        Err(_) => return String::new(),
    };
    mac.update(b"motcua-tracking-link");
    mac.update(&[0]);
    mac.update(code.as_bytes());
    mac.update(&[0]);
    mac.update(nonce.as_bytes());
    hex::encode(&mac.finalize().into_bytes()[..16])
}

/// Compares two secrets in time that does not depend on where they differ.
pub fn same_secret(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

/// A random nonce: 16 bytes, hex-encoded.
pub fn new_nonce() -> Result<String, getrandom::Error> {
    let mut bytes = [0u8; 16];
    getrandom::fill(&mut bytes)?;
    Ok(hex::encode(bytes))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_verify_only_themselves() {
        let hash = hash_password("correct horse battery").unwrap_or_default();
        assert!(hash.starts_with("$argon2id$"));
        assert!(verify_password("correct horse battery", &hash));
        assert!(!verify_password("correct horse batterY", &hash));
        assert!(!verify_password("anything", "not a hash"));
        assert!(decoy_hash().starts_with("$argon2id$"));
        assert!(!verify_password("anything", decoy_hash()));
    }

    #[test]
    fn secrets_are_long_random_and_stored_as_digests() {
        let a = new_secret().unwrap_or_default();
        let b = new_secret().unwrap_or_default();
        assert_eq!(a.len(), 64);
        assert_ne!(a, b);
        let digest = token_digest(&a);
        assert_eq!(digest.len(), 64);
        assert_ne!(digest, a);
        assert_eq!(digest, token_digest(&a));
    }

    #[test]
    fn generated_passwords_are_long_enough() {
        let p = generate_password().unwrap_or_default();
        assert_eq!(p.chars().count(), 20);
        assert!(p.len() >= crate::domain::account::MIN_PASSWORD_LEN);
    }

    #[test]
    fn tracking_pins_depend_on_secret_code_and_nonce() {
        let pin = tracking_pin(b"secret", "H56.14-240823-0001", "n1");
        assert_eq!(pin.len(), 8);
        assert!(pin.bytes().all(|b| b.is_ascii_digit()));
        assert_eq!(pin, tracking_pin(b"secret", "H56.14-240823-0001", "n1"));
        assert_ne!(pin, tracking_pin(b"other", "H56.14-240823-0001", "n1"));
        assert_ne!(pin, tracking_pin(b"secret", "H56.14-240823-0002", "n1"));
        assert_ne!(pin, tracking_pin(b"secret", "H56.14-240823-0001", "n2"));
        assert!(same_secret(&pin, &pin.clone()));
        let token = tracking_link_token(b"secret", "H56.14-240823-0001", "n1");
        assert_eq!(token.len(), 32);
        assert!(token.bytes().all(|b| b.is_ascii_hexdigit()));
        assert!(!token.contains(&pin), "the token does not carry the PIN");
        assert_eq!(
            token,
            tracking_link_token(b"secret", "H56.14-240823-0001", "n1")
        );
        assert_ne!(
            token,
            tracking_link_token(b"other", "H56.14-240823-0001", "n1")
        );
        assert_ne!(
            token,
            tracking_link_token(b"secret", "H56.14-240823-0002", "n1")
        );
        assert_ne!(
            token,
            tracking_link_token(b"secret", "H56.14-240823-0001", "n2")
        );
        assert!(!same_secret(&pin, "00000000x"));
    }
}
