//! Permalink templates, front matter and link destinations (NUL-separated): rendering, URL helpers and deterministic link resolution.
//! The checks live in `proofmark::fuzzing`, shared with `tests/fuzz_regressions.rs`.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| proofmark::fuzzing::links(data));
