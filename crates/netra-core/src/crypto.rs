//! Passphrase encryption for files that carry personal data off the laptop
//! (roster exports with NIPs and phone numbers, backups with signatures).
//!
//! The format is age (age-encryption.org/v1) with its scrypt passphrase
//! recipient, through the `age` crate: a published, reviewed format that
//! other tools read too (`age -d` or `rage -d`), so an HR office can open
//! a file without Netra. Nothing here is home-made cryptography.

use age::secrecy::SecretString;

use crate::error::{Error, Result};

/// Shorter passphrases are refused: scrypt slows guessing, it does not
/// make "1234" safe.
pub const MIN_PASSPHRASE_CHARS: usize = 12;

/// What every age file starts with.
const AGE_MAGIC: &[u8] = b"age-encryption.org/v1";

/// File name ending of an encrypted export or backup.
pub const EXTENSION: &str = "age";

pub fn check_passphrase(passphrase: &str) -> Result<()> {
    if passphrase.chars().count() < MIN_PASSPHRASE_CHARS {
        return Err(Error::field(
            "passphrase",
            format!(
                "Kata sandi minimal {MIN_PASSPHRASE_CHARS} karakter (misalnya empat kata acak)"
            ),
        ));
    }
    Ok(())
}

pub fn encrypt(plaintext: &[u8], passphrase: &str) -> Result<Vec<u8>> {
    check_passphrase(passphrase)?;
    let recipient = age::scrypt::Recipient::new(SecretString::from(passphrase.to_owned()));
    age::encrypt(&recipient, plaintext)
        .map_err(|e| Error::Environment(format!("Enkripsi gagal: {e}")))
}

pub fn decrypt(ciphertext: &[u8], passphrase: &str) -> Result<Vec<u8>> {
    if !is_encrypted(ciphertext) {
        return Err(Error::field(
            "passphrase",
            "Berkas ini tidak terenkripsi dengan kata sandi (bukan berkas age)",
        ));
    }
    let identity = age::scrypt::Identity::new(SecretString::from(passphrase.to_owned()));
    age::decrypt(&identity, ciphertext).map_err(|e| match e {
        age::DecryptError::DecryptionFailed | age::DecryptError::NoMatchingKeys => {
            Error::field("passphrase", "Kata sandi salah")
        }
        other => Error::field(
            "passphrase",
            format!("Berkas terenkripsi rusak atau terpotong: {other}"),
        ),
    })
}

pub fn is_encrypted(bytes: &[u8]) -> bool {
    bytes.starts_with(AGE_MAGIC)
}
