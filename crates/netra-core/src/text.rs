//! Characters no name or title may hold: control characters (C0, DEL, C1)
//! and the invisible marks that reorder text (bidi overrides, embeddings,
//! isolates and marks). Typed at a walk-in or hidden in a roster, they
//! would turn "Ahmad" into a name that reads differently in the
//! organiser's screens, the exports and the printed papers.

/// The first character `text` may not hold, with what it is, in Indonesian.
pub fn forbidden_char(text: &str) -> Option<(char, &'static str)> {
    text.chars().find_map(|c| {
        let what = match c {
            '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' => "pembalik arah teks",
            '\u{200e}' | '\u{200f}' | '\u{061c}' => "penanda arah teks",
            c if c.is_control() => "karakter kendali",
            _ => return None,
        };
        Some((c, what))
    })
}

/// The field message for text holding a forbidden character, if it does.
pub fn check(text: &str) -> Option<String> {
    forbidden_char(text).map(|(c, what)| {
        format!(
            "memuat {what} tersembunyi (U+{:04X}); ketik ulang tanpa menyalin dari dokumen lain",
            c as u32
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn overrides_isolates_and_controls_are_named_and_letters_pass() {
        assert!(check("Ahmad\u{202e}dF").is_some_and(|m| m.contains("U+202E")));
        assert!(check("\u{2066}Budi\u{2069}").is_some());
        assert!(check("Siti\u{0007}").is_some_and(|m| m.contains("kendali")));
        assert!(check("x\u{0085}y").is_some(), "C1 NEL");
        assert_eq!(check("Ṣiddīq Al-Fārūq, S.H."), None);
        assert_eq!(
            check("محمد"),
            None,
            "right-to-left letters themselves are fine"
        );
    }
}
