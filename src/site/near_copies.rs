//! Published pages whose bodies are nearly the same, found from their
//! sketches (`article::fingerprint`) by locality-sensitive hashing: each
//! sketch is cut into bands of a few bins, and pages that agree on a whole
//! band are candidates, checked bin by bin. Building is linear in the
//! number of pages and a lookup costs the size of its page's buckets, so
//! the site is never compared pair by pair. A run that lints many files
//! builds the buckets before its first lookup, on every core; one that
//! lints a file or two (an editor, a commit hook) checks its pages' bands
//! against every sketch instead, which costs less than building them and
//! finds the same pages. So do the lookups of other threads while one
//! thread builds the buckets: they go on with their work rather than wait.

use std::hash::Hasher;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::OnceLock;

use rayon::prelude::*;

use super::fast_hash::FxHasher;
use crate::article::fingerprint::{Fingerprint, BINS};

/// Candidates examined per page at most: a page with more near copies
/// than this has them named as "more than".
pub const MOST_CANDIDATES: usize = 1000;
/// Lookups answered by a scan of every sketch before the buckets are built.
const SCANNED_LOOKUPS: usize = 8;

pub(super) struct NearCopies {
    rows: usize,
    bands: usize,
    buckets: OnceLock<Buckets>,
    /// A thread is building the buckets.
    building: AtomicBool,
    lookups: AtomicUsize,
    /// By page index: where the page's body must be unique, and its sketch.
    sketches: Vec<Option<(u64, Fingerprint)>>,
}

/// Every page's bands, sorted by key so that a bucket is a run of one key,
/// and for each page and band where its run starts and how long it is: a
/// lookup goes straight to its runs (no search), and skips the bands no
/// other page shares without reading them.
#[derive(Default)]
struct Buckets {
    pages: Vec<u32>,
    runs: Vec<(u32, u32)>,
}

/// A page whose body is nearly another's, and how alike they are (0 to 1).
pub struct NearCopy {
    pub page: usize,
    pub similarity: f64,
}

impl NearCopies {
    /// Bands sized so that two bodies as alike as `threshold` (0 to 1) meet
    /// in some bucket 99 times in 100, with as few chance meetings of less
    /// alike bodies as that allows.
    pub(super) fn new(threshold: f64) -> NearCopies {
        let threshold = threshold.clamp(0.05, 1.0);
        let recall = |rows: usize| {
            let bands = BINS / rows;
            1.0 - (1.0 - threshold.powi(rows as i32)).powi(bands as i32)
        };
        let rows = (1..=BINS / 4)
            .rev()
            .find(|&rows| recall(rows) >= 0.99)
            .unwrap_or(1);
        NearCopies {
            rows,
            bands: BINS / rows,
            buckets: OnceLock::new(),
            building: AtomicBool::new(false),
            lookups: AtomicUsize::new(0),
            sketches: Vec::new(),
        }
    }

    /// Adds the next page (pages are added in index order).
    pub(super) fn add(&mut self, scope: u64, sketch: Option<&Fingerprint>) {
        self.sketches
            .push(sketch.map(|sketch| (scope, sketch.clone())));
    }

    /// A run that will look up more pages than are answered by scanning
    /// builds the buckets before its first lookup, on every core, rather
    /// than on one thread while the others wait or scan.
    pub(super) fn prepare(&self, lookups: usize) {
        if lookups > SCANNED_LOOKUPS {
            self.buckets();
        }
    }

    fn buckets(&self) -> &Buckets {
        self.buckets.get_or_init(|| {
            self.building.store(true, Ordering::Relaxed);
            let mut keyed: Vec<(u64, u32)> = self
                .sketches
                .par_iter()
                .enumerate()
                .flat_map_iter(|(page, entry)| {
                    entry.iter().flat_map(move |(scope, sketch)| {
                        (0..self.bands).map(move |band| {
                            let slot = (page * self.bands + band) as u32;
                            (self.band_key(*scope, band, sketch), slot)
                        })
                    })
                })
                .collect();
            keyed.par_sort_unstable();
            let mut buckets = Buckets {
                pages: keyed
                    .iter()
                    .map(|&(_, slot)| slot / self.bands as u32)
                    .collect(),
                runs: vec![(0, 0); self.sketches.len() * self.bands],
            };
            let mut start = 0;
            for run in keyed.chunk_by(|a, b| a.0 == b.0) {
                for &(_, slot) in run {
                    buckets.runs[slot as usize] = (start as u32, run.len() as u32);
                }
                start += run.len();
            }
            buckets
        })
    }

    /// Whether two sketches agree on a whole band.
    fn share_a_band(&self, a: &Fingerprint, b: &Fingerprint) -> bool {
        (0..self.bands).any(|band| {
            let bins = band * self.rows..(band + 1) * self.rows;
            a.bins[bins.clone()] == b.bins[bins]
        })
    }

    fn band_key(&self, scope: u64, band: usize, sketch: &Fingerprint) -> u64 {
        let mut hasher = FxHasher::default();
        hasher.write_u64(scope);
        hasher.write_usize(band);
        for bin in &sketch.bins[band * self.rows..(band + 1) * self.rows] {
            hasher.write_u16(*bin);
        }
        hasher.finish()
    }

    /// The pages of the same scope whose bodies are at least `threshold`
    /// alike with this page's, each with at least `min_words` words as this
    /// one has; most alike first. The second value tells whether the
    /// search stopped at [`MOST_CANDIDATES`].
    pub(super) fn near(
        &self,
        page: usize,
        threshold: f64,
        min_words: u32,
    ) -> (Vec<NearCopy>, bool) {
        let Some(Some((scope, sketch))) = self.sketches.get(page) else {
            return (Vec::new(), false);
        };
        if sketch.words < min_words {
            return (Vec::new(), false);
        }
        // Buckets of many pages (copies of one body) are read only as far
        // as the limit, so that a lookup costs at most about that much.
        let mut candidates: Vec<u32> = Vec::new();
        let mut stopped = false;
        let scan = self.buckets.get().is_none()
            && (self.lookups.fetch_add(1, Ordering::Relaxed) < SCANNED_LOOKUPS
                || self.building.load(Ordering::Relaxed));
        let buckets = if scan {
            candidates = self
                .sketches
                .iter()
                .enumerate()
                .filter(|(other, entry)| {
                    *other != page
                        && entry.as_ref().is_some_and(|(other_scope, other_sketch)| {
                            other_scope == scope && self.share_a_band(sketch, other_sketch)
                        })
                })
                .map(|(other, _)| other as u32)
                .collect();
            None
        } else {
            Some(self.buckets())
        };
        'bands: for band in (0..self.bands).filter(|_| !scan) {
            let Some(buckets) = buckets else {
                continue;
            };
            let (start, len) = buckets.runs[page * self.bands + band];
            if len < 2 {
                continue;
            }
            let run = &buckets.pages[start as usize..(start + len) as usize];
            for &other in run {
                if other as usize == page {
                    continue;
                }
                candidates.push(other);
                if candidates.len() == 2 * MOST_CANDIDATES {
                    candidates.sort_unstable();
                    candidates.dedup();
                    if candidates.len() > MOST_CANDIDATES {
                        candidates.truncate(MOST_CANDIDATES);
                        stopped = true;
                        break 'bands;
                    }
                }
            }
        }
        candidates.sort_unstable();
        candidates.dedup();
        if candidates.len() > MOST_CANDIDATES {
            candidates.truncate(MOST_CANDIDATES);
            stopped = true;
        }
        let mut found: Vec<NearCopy> = candidates
            .into_iter()
            .filter_map(|other| {
                let (other_scope, other_sketch) = self.sketches[other as usize].as_ref()?;
                let similarity = sketch.similarity(other_sketch);
                (other_scope == scope && other_sketch.words >= min_words && similarity >= threshold)
                    .then_some(NearCopy {
                        page: other as usize,
                        similarity,
                    })
            })
            .collect();
        found.sort_by(|a, b| {
            b.similarity
                .total_cmp(&a.similarity)
                .then(a.page.cmp(&b.page))
        });
        (found, stopped)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::article::fingerprint::Shingler;

    fn sketch(words: &[String]) -> Fingerprint {
        let mut shingler = Shingler::default();
        shingler.feed(&words.join(" "));
        shingler.finish().expect("enough words")
    }

    fn text(seed: usize, count: usize) -> Vec<String> {
        (0..count)
            .map(|i| format!("w{}", (i * 7919 + seed * 104_729) % 100_003))
            .collect()
    }

    #[test]
    fn bands_are_narrower_for_lower_thresholds() {
        let strict = NearCopies::new(0.9);
        let loose = NearCopies::new(0.5);
        assert!(
            strict.rows > loose.rows,
            "{} vs {}",
            strict.rows,
            loose.rows
        );
        assert_eq!(strict.rows * strict.bands, BINS - BINS % strict.rows);
    }

    #[test]
    fn a_near_copy_is_found_in_its_scope_only() {
        let base = text(1, 400);
        let mut copy = base.clone();
        copy[200] = "changed".into();
        let mut index = NearCopies::new(0.9);
        index.add(7, Some(&sketch(&base)));
        index.add(7, Some(&sketch(&text(2, 400))));
        index.add(7, Some(&sketch(&copy)));
        index.add(8, Some(&sketch(&base)));
        index.add(7, None);
        let (found, stopped) = index.near(0, 0.9, 50);
        assert!(!stopped);
        let pages: Vec<usize> = found.iter().map(|copy| copy.page).collect();
        assert_eq!(pages, vec![2]);
        assert!(found[0].similarity >= 0.9);
        assert!(index.near(1, 0.9, 50).0.is_empty());
        assert!(index.near(4, 0.9, 50).0.is_empty());
        // Too short for the rule: neither side counts.
        assert!(index.near(0, 0.9, 500).0.is_empty());
    }

    /// Forty edited copies of one body, each a page.
    fn edited_copies() -> NearCopies {
        let base = text(4, 300);
        let mut index = NearCopies::new(0.8);
        for edit in 0..40 {
            let mut copy = base.clone();
            for word in copy.iter_mut().skip(edit * 3).step_by(40) {
                word.push('x');
            }
            index.add(1, Some(&sketch(&copy)));
        }
        index
    }

    fn pages(found: (Vec<NearCopy>, bool)) -> Vec<usize> {
        found.0.iter().map(|copy| copy.page).collect()
    }

    #[test]
    fn a_run_of_many_lookups_builds_the_buckets_first_and_a_short_one_does_not() {
        let index = edited_copies();
        index.prepare(SCANNED_LOOKUPS);
        assert!(index.buckets.get().is_none(), "a few lookups scan");
        let scanned: Vec<Vec<usize>> = (0..SCANNED_LOOKUPS)
            .map(|page| pages(index.near(page, 0.8, 0)))
            .collect();
        assert!(scanned.iter().any(|found| !found.is_empty()));
        index.prepare(SCANNED_LOOKUPS + 1);
        assert!(
            index.buckets.get().is_some(),
            "more are answered from buckets"
        );
        for (page, found) in scanned.iter().enumerate() {
            assert_eq!(&pages(index.near(page, 0.8, 0)), found, "page {page}");
        }
    }

    #[test]
    fn scanned_and_bucketed_lookups_find_the_same_pages() {
        let index = edited_copies();
        let scanned: Vec<Vec<usize>> = (0..SCANNED_LOOKUPS)
            .map(|page| pages(index.near(page, 0.8, 0)))
            .collect();
        assert!(index.buckets.get().is_none(), "the first lookups scan");
        assert!(scanned.iter().any(|found| !found.is_empty()));
        for (page, found) in scanned.iter().enumerate() {
            assert_eq!(&pages(index.near(page, 0.8, 0)), found, "page {page}");
        }
        assert!(
            index.buckets.get().is_some(),
            "later lookups use the buckets"
        );
    }

    #[test]
    fn many_copies_of_one_body_stop_at_the_candidate_limit() {
        let base = sketch(&text(3, 100));
        let mut index = NearCopies::new(0.9);
        for _ in 0..MOST_CANDIDATES + 10 {
            index.add(1, Some(&base));
        }
        let (found, stopped) = index.near(0, 0.9, 0);
        assert!(stopped);
        assert_eq!(found.len(), MOST_CANDIDATES);
    }
}
