//! Any bytes as an article (Markdown and MDX) in two fully configured sites: every rule runs, every span and position is checked.
//! The checks live in `proofmark::fuzzing`, shared with `tests/fuzz_regressions.rs`.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| proofmark::fuzzing::article(data));
