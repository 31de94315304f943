//! Any text as proofmark.toml: an error with spans inside the text, or settings that lint a small site.
//! The checks live in `proofmark::fuzzing`, shared with `tests/fuzz_regressions.rs`.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| proofmark::fuzzing::config(data));
