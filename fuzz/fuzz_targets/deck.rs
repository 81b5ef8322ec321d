//! Slide decks: markdown::parse, render, image_names and decks::check.
//! The checks live in fuzz/src/checks.rs, shared with the regression test.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| netra_fuzz::deck(data));
