//! Roster search (M6): by name ignoring titles, case and diacritics, by NIP
//! prefix, by unit. Filled by issue 4.
