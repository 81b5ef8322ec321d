//! A .xlsx roster built from fuzzed XML parts (NUL-separated), zipped uncompressed.
//! The checks live in fuzz/src/checks.rs, shared with the regression test.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    netra_fuzz::let_netra_core_catch_calamine_panics();
    netra_fuzz::import_xlsx_parts(data);
});
