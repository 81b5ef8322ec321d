//! How names are compared: lower case, no diacritics, no punctuation, no
//! academic or religious titles. The folded form is stored (`people.name_key`,
//! for sorting and for finding a walk-in already on the roster), so the
//! rules carry a version: when they change, [`FOLD_VERSION`] goes up and
//! opening a database re-keys its people (`db::names`).

/// Bump whenever [`name_key`] would give a different result for some name.
/// Version 1: titles, case and punctuation. Version 2: diacritics folded.
pub const FOLD_VERSION: i64 = 2;

/// Academic and religious titles that search ignores.
const TITLES: &[&str] = &[
    "dr", "drs", "dra", "ir", "h", "hj", "prof", "ns", "s", "m", "a", "md", "sh", "mh", "si",
    "msi", "spd", "mpd", "se", "mm", "skom", "mkom", "sos", "ssos", "skep", "st", "mt", "ssi",
    "sag", "mag", "sip", "ak", "ked", "sked", "amd", "apt", "sfarm", "pd", "kom", "kep", "phd",
    "mba", "ma", "ag", "ip", "ikom", "hum", "shut", "stp", "spt", "sp", "mkes", "skm",
];

/// Whether a word is an academic or religious title ("dr", "hj", "msi").
pub fn is_title(word: &str) -> bool {
    TITLES.contains(&word)
}

/// The form of a name that search compares: lower case, no diacritics, no
/// punctuation, no titles. "Dr. H. Ahmad Fauzi, S.H., M.Si." becomes
/// "ahmad fauzi"; "Nyoman Sukarṇa" becomes "nyoman sukarna".
pub fn name_key(name: &str) -> String {
    // Degrees follow the first comma: "Ahmad Fauzi, S.H., M.Si.".
    let core = name.split(',').next().unwrap_or(name);
    core.split(|c: char| c.is_whitespace() || matches!(c, '.' | '-' | '/'))
        .map(|w| {
            fold(w)
                .chars()
                .filter(|c| c.is_alphanumeric())
                .collect::<String>()
        })
        .filter(|w| !w.is_empty() && !is_title(w))
        .collect::<Vec<_>>()
        .join(" ")
}

/// Lower case without diacritics: "Ṣiddīq" becomes "siddiq". Letters that
/// have no plain base (ø, ł) stay as they are.
pub fn fold(s: &str) -> String {
    use unicode_normalization::{char::is_combining_mark, UnicodeNormalization};
    if s.is_ascii() {
        return s.to_ascii_lowercase();
    }
    s.nfd()
        .filter(|c| !is_combining_mark(*c))
        .flat_map(char::to_lowercase)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_before_and_after_the_name_are_ignored() {
        assert_eq!(name_key("Dr. H. Ahmad Fauzi, S.H., M.Si."), "ahmad fauzi");
        assert_eq!(name_key("Hj. Siti Aminah, S.Pd."), "siti aminah");
        assert_eq!(name_key("Sukarno"), "sukarno");
    }

    #[test]
    fn diacritics_and_case_do_not_matter() {
        assert_eq!(name_key("NYOMAN SUKARṆA"), "nyoman sukarna");
        assert_eq!(name_key("Ṣiddīq Al-Fārūq"), "siddiq al faruq");
        assert_eq!(name_key("José Müller"), "jose muller");
    }
}
