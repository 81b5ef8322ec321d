//! Passphrase encryption of exports and backups (age, scrypt).

use netra_core::{crypto, ErrorCode};

#[test]
fn a_file_encrypted_with_a_passphrase_opens_only_with_it() {
    let secret = b"NIP 197701012003121009, Zulkarnaen";
    let sealed = crypto::encrypt(secret, "empat kata acak sekali").expect("encrypt");
    assert!(crypto::is_encrypted(&sealed));
    assert!(
        !sealed.windows(10).any(|w| w == b"1977010120"),
        "no plaintext inside"
    );
    assert_eq!(
        crypto::decrypt(&sealed, "empat kata acak sekali").expect("decrypt"),
        secret
    );

    let wrong = crypto::decrypt(&sealed, "bukan kata sandinya").expect_err("wrong");
    assert_eq!(wrong.code(), ErrorCode::Invalid);
    assert!(wrong.to_string().contains("Kata sandi salah"), "{wrong}");
    let cut = crypto::decrypt(&sealed[..sealed.len() - 20], "empat kata acak sekali")
        .expect_err("truncated");
    assert!(cut.to_string().contains("rusak atau terpotong"), "{cut}");
    let plain = crypto::decrypt(secret, "empat kata acak sekali").expect_err("not age");
    assert!(plain.to_string().contains("tidak terenkripsi"), "{plain}");
    let short = crypto::encrypt(secret, "1234").expect_err("short");
    assert!(short.to_string().contains("minimal 12"), "{short}");
}
