//! "Did you mean": the closest known name to a misspelt one.

use std::ffi::OsString;
use std::path::Path;

use crate::site::fast_hash::FastMap;

/// The candidate closest to `word`, if it is close enough to be a likely typo.
pub fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    closest(word, candidates).best
}

/// The closest candidate to `word`, and whether it is the only close one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Closest<'a> {
    pub best: Option<&'a str>,
    /// No other candidate is close: a fix may put `best` in place of `word`
    /// (with two, a person must choose).
    pub only: bool,
}

impl<'a> Closest<'a> {
    /// The best candidate, when it is the only close one.
    pub fn single(self) -> Option<&'a str> {
        self.best.filter(|_| self.only)
    }
}

/// [`did_you_mean`], telling also whether the match is the only one, in
/// the same single pass over the candidates.
pub fn closest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Closest<'a> {
    let lower = word.to_lowercase();
    let letters = Letters::of(&lower);
    let mut best: Option<(f64, &'a str)> = None;
    let mut close = 0usize;
    for candidate in candidates {
        if candidate == word {
            continue;
        }
        // The lengths alone bound the score: an ASCII name (whose length
        // folding keeps) is ruled out on them before anything else.
        let length = candidate.len();
        if candidate.is_ascii()
            && !may_reach(
                letters.length,
                length,
                letters.length.min(length),
                THRESHOLD,
            )
        {
            continue;
        }
        let folded;
        let other = if candidate.chars().any(char::is_uppercase) {
            folded = candidate.to_lowercase();
            folded.as_str()
        } else {
            candidate
        };
        // Most candidates are far off: a cheap bound rules them out before
        // the Jaro-Winkler score, which compares every pair of characters.
        if !letters.may_reach(other, THRESHOLD) {
            continue;
        }
        let score = jaro_winkler(&lower, other);
        if score >= THRESHOLD && best.is_none_or(|(_, name)| name != candidate) {
            close += 1;
        }
        let better = match best {
            None => true,
            Some((top, name)) => score > top || (score == top && candidate < name),
        };
        if score >= THRESHOLD && better {
            best = Some((score, candidate));
        }
    }
    Closest {
        best: best.map(|(_, candidate)| candidate),
        only: close == 1,
    }
}

/// The `count` candidates closest to `word`, closest first (ties in name
/// order), however far: for a help that can name no single likely target.
pub fn nearest<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
    count: usize,
) -> Vec<&'a str> {
    let lower = word.to_lowercase();
    let letters = Letters::of(&lower);
    // Shortlisted by the characters they share (a count, cheap), then
    // ordered by Jaro-Winkler, which weighs every pair of characters.
    let mut shortlist: Vec<(usize, &'a str)> = candidates
        .into_iter()
        .filter(|candidate| *candidate != word)
        .map(|candidate| (letters.shared_with(candidate).0, candidate))
        .collect();
    let wanted = count * 4;
    let most_shared_first = |a: &(usize, &str), b: &(usize, &str)| b.0.cmp(&a.0).then(a.1.cmp(b.1));
    // Only the front of the order is needed: a page may have thousands of
    // ids. Twice as many as wanted are put in order (and all of them only if
    // repeats leave too few names).
    let mut front = shortlist.len();
    if shortlist.len() > 2 * wanted {
        shortlist.select_nth_unstable_by(2 * wanted - 1, most_shared_first);
        front = 2 * wanted;
    }
    shortlist[..front].sort_by(most_shared_first);
    let mut named = shortlist[..front].to_vec();
    named.dedup_by(|a, b| a.1 == b.1);
    if named.len() < wanted && front < shortlist.len() {
        shortlist.sort_by(most_shared_first);
        named = shortlist;
        named.dedup_by(|a, b| a.1 == b.1);
    }
    let mut scored: Vec<(f64, &'a str)> = named
        .into_iter()
        .take(wanted)
        .map(|(_, candidate)| {
            let score = jaro_winkler(&lower, &candidate.to_lowercase());
            (score, candidate)
        })
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(b.1)));
    scored.truncate(count);
    scored.into_iter().map(|(_, name)| name).collect()
}

/// Suggestions worked out once for each pair of a page (by its file) and
/// a misspelt name, for a run: many links name the same missing heading of
/// one page, and weighing a name against every id of the page is the cost.
#[derive(Default)]
pub struct Memo {
    /// By page file (its bytes: hashing a `Path` walks its parts) and name.
    closest: Remembered<(OsString, String), (Option<String>, bool)>,
    /// By page file, name and how many names were asked for.
    nearest: Remembered<(OsString, String, usize), Vec<String>>,
}

type Remembered<K, T> = std::sync::Mutex<FastMap<K, T>>;

/// The answer for `key`, worked out by `find` the first time.
fn remembered<K: std::hash::Hash + Eq, T: Clone>(
    memo: &Remembered<K, T>,
    key: K,
    find: impl FnOnce() -> T,
) -> T {
    if let Some(known) = memo.lock().ok().and_then(|m| m.get(&key).cloned()) {
        return known;
    }
    let found = find();
    if let Ok(mut memo) = memo.lock() {
        memo.insert(key, found.clone());
    }
    found
}

/// `name` as the candidates' own text.
fn among<'a>(candidates: &[&'a str], name: &str) -> Option<&'a str> {
    candidates
        .iter()
        .copied()
        .find(|candidate| *candidate == name)
}

impl Memo {
    /// [`closest`] of `word` among `candidates`, the ids of the page `file`.
    pub fn closest<'a>(&self, file: &Path, word: &str, candidates: &[&'a str]) -> Closest<'a> {
        let key = (file.as_os_str().to_owned(), word.to_string());
        let (best, only) = remembered(&self.closest, key, || {
            let found = closest(word, candidates.iter().copied());
            (found.best.map(str::to_string), found.only)
        });
        Closest {
            best: best.and_then(|best| among(candidates, &best)),
            only,
        }
    }

    /// [`nearest`] of `word` among `candidates`, the ids of the page `file`.
    pub fn nearest<'a>(
        &self,
        file: &Path,
        word: &str,
        candidates: &[&'a str],
        count: usize,
    ) -> Vec<&'a str> {
        let key = (file.as_os_str().to_owned(), word.to_string(), count);
        let names = remembered(&self.nearest, key, || {
            nearest(word, candidates.iter().copied(), count)
                .into_iter()
                .map(str::to_string)
                .collect()
        });
        names
            .iter()
            .filter_map(|name| among(candidates, name))
            .collect()
    }
}

/// The Jaro-Winkler similarity of two words, 0 to 1, compared character by
/// character: `strsim::jaro_winkler`'s score, with each character's search
/// kept to its window. ASCII words (most ids and names) are compared byte
/// by byte, allocating nothing.
pub fn jaro_winkler(a: &str, b: &str) -> f64 {
    if a.is_ascii() && b.is_ascii() {
        let (a, b) = (a.as_bytes(), b.as_bytes());
        let jaro = if a.len() <= 64 && b.len() <= 64 {
            let mut places = [0u64; 128];
            for (j, &c) in b.iter().enumerate() {
                places[usize::from(c & 0x7f)] |= 1 << j;
            }
            short_jaro(a, b, |c| places[usize::from(c & 0x7f)])
        } else {
            jaro_of(a, b)
        };
        return winkler(a, b, jaro);
    }
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let jaro = if a.len() <= 64 && b.len() <= 64 {
        // The few distinct characters of `b`, each with where it is.
        let mut places: Vec<(char, u64)> = Vec::with_capacity(b.len());
        for (j, &c) in b.iter().enumerate() {
            match places.iter_mut().find(|(known, _)| *known == c) {
                Some((_, mask)) => *mask |= 1 << j,
                None => places.push((c, 1 << j)),
            }
        }
        short_jaro(&a, &b, |c| {
            places
                .iter()
                .find(|(known, _)| *known == c)
                .map_or(0, |&(_, mask)| mask)
        })
    } else {
        jaro_of(&a, &b)
    };
    winkler(&a, &b, jaro)
}

/// Winkler's bonus for a common prefix of up to four characters.
fn winkler<T: Copy + Eq>(a: &[T], b: &[T], jaro: f64) -> f64 {
    if jaro <= 0.7 {
        return jaro;
    }
    let prefix = a.iter().zip(b).take(4).take_while(|(x, y)| x == y).count();
    jaro + 0.1 * prefix as f64 * (1.0 - jaro)
}

/// [`jaro_of`] for words of up to 64 characters, a bit a character: each
/// character of `a` takes the first free place of the same character in
/// its window of `b` at once, from `places`, the mask of where `b` has it.
fn short_jaro<T: Copy + Eq>(a: &[T], b: &[T], places: impl Fn(T) -> u64) -> f64 {
    if a.is_empty() || b.is_empty() {
        return if a.len() == b.len() { 1.0 } else { 0.0 };
    }
    let window = (a.len().max(b.len()) / 2).saturating_sub(1);
    let below = |n: usize| if n >= 64 { u64::MAX } else { (1u64 << n) - 1 };
    let (mut a_matched, mut b_matched) = (0u64, 0u64);
    for (i, &c) in a.iter().enumerate() {
        let from = i.saturating_sub(window);
        let to = b.len().min(i + window + 1);
        let free = places(c) & below(to) & !below(from) & !b_matched;
        if free != 0 {
            b_matched |= free & free.wrapping_neg();
            a_matched |= 1 << i;
        }
    }
    let mut out_of_order = 0;
    let (mut in_a, mut in_b) = (a_matched, b_matched);
    while in_a != 0 {
        if a[in_a.trailing_zeros() as usize] != b[in_b.trailing_zeros() as usize] {
            out_of_order += 1;
        }
        in_a &= in_a - 1;
        in_b &= in_b - 1;
    }
    jaro_score(
        a.len(),
        b.len(),
        a_matched.count_ones() as usize,
        out_of_order,
    )
}

/// Jaro similarity: the characters the words share within a window of
/// half the longer one's length, and how many of those are out of order
/// (for words too long for [`short_jaro`]).
fn jaro_of<T: Copy + Eq>(a: &[T], b: &[T]) -> f64 {
    if a.is_empty() || b.is_empty() {
        return if a.len() == b.len() { 1.0 } else { 0.0 };
    }
    let window = (a.len().max(b.len()) / 2).saturating_sub(1);
    let mut a_matched = vec![false; a.len()];
    let mut b_matched = vec![false; b.len()];
    for (i, x) in a.iter().enumerate() {
        let from = i.saturating_sub(window);
        let to = b.len().min(i + window + 1);
        if let Some(j) = (from..to).find(|&j| b[j] == *x && !b_matched[j]) {
            a_matched[i] = true;
            b_matched[j] = true;
        }
    }
    // The shared characters in each word's order: half the places where
    // the two orders differ are transpositions.
    let in_a = a.iter().zip(&a_matched).filter(|(_, &m)| m).map(|(c, _)| c);
    let in_b = b.iter().zip(&b_matched).filter(|(_, &m)| m).map(|(c, _)| c);
    let matches = a_matched.iter().filter(|&&m| m).count();
    let out_of_order = in_a.zip(in_b).filter(|(x, y)| x != y).count();
    jaro_score(a.len(), b.len(), matches, out_of_order)
}

/// Jaro's formula, from the words' lengths, how many characters they share
/// and how many of those stand in different places in the two orders.
fn jaro_score(a: usize, b: usize, matches: usize, out_of_order: usize) -> f64 {
    if matches == 0 {
        return 0.0;
    }
    let m = matches as f64;
    let transpositions = out_of_order / 2;
    (m / a as f64 + m / b as f64 + (matches - transpositions) as f64 / m) / 3.0
}

/// The Jaro-Winkler score a suggestion needs.
const THRESHOLD: f64 = 0.85;

/// How many characters of each kind a word has (kinds folded into 64
/// buckets), and its length in characters.
struct Letters {
    counts: [u16; 64],
    length: usize,
}

impl Letters {
    fn of(word: &str) -> Letters {
        let mut counts = [0u16; 64];
        let mut length = 0;
        for c in word.chars() {
            let bucket = &mut counts[(c as usize) % 64];
            *bucket = bucket.saturating_add(1);
            length += 1;
        }
        Letters { counts, length }
    }

    /// Whether the Jaro-Winkler score of this word and `other` can reach
    /// `threshold`: Jaro counts matching characters, and there are at most
    /// as many as the words share (more when kinds share a bucket).
    fn may_reach(&self, other: &str, threshold: f64) -> bool {
        let (shared, length) = self.shared_with(other);
        may_reach(self.length, length, shared, threshold)
    }

    /// How many characters this word and `other` share, kinds folded into
    /// buckets, and how long `other` is in characters: each of its
    /// characters takes one of this word's of the same kind while any is
    /// left.
    fn shared_with(&self, other: &str) -> (usize, usize) {
        let mut left = self.counts;
        let mut shared = 0;
        let mut take = |code: usize| {
            let bucket = &mut left[code % 64];
            if *bucket > 0 {
                *bucket -= 1;
                shared += 1;
            }
        };
        // An ASCII character is its byte: no decoding.
        let length = if other.is_ascii() {
            other.bytes().for_each(|b| take(usize::from(b)));
            other.len()
        } else {
            other.chars().map(|c| take(c as usize)).count()
        };
        (shared, length)
    }
}

/// Whether two words of `a` and `b` characters, at most `shared` of which
/// can match, can reach a Jaro-Winkler score of `threshold`: Jaro is at
/// most `(m/a + m/b + 1) / 3`, and Winkler's prefix bonus adds at most
/// `0.4 * (1 - jaro)`.
fn may_reach(a: usize, b: usize, shared: usize, threshold: f64) -> bool {
    if a == 0 || b == 0 {
        return a == b;
    }
    let shared = shared as f64;
    let jaro = (shared / a as f64 + shared / b as f64 + 1.0) / 3.0;
    jaro + 0.4 * (1.0 - jaro) >= threshold
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_memo_answers_as_the_functions_do_each_time_and_per_page() {
        let memo = Memo::default();
        let first: Vec<&str> = vec!["installation", "usage", "configuration", "install-steps"];
        let second: Vec<&str> = vec!["overview", "installing"];
        // The same words for two pages: each page's answer is its own.
        let pages = [
            (Path::new("/site/a.md"), &first),
            (Path::new("/site/b.md"), &second),
        ];
        for _ in 0..2 {
            for (page, ids) in pages {
                for word in ["instalation", "usag", "zzz"] {
                    let direct = (
                        closest(word, ids.iter().copied()),
                        nearest(word, ids.iter().copied(), 3),
                    );
                    let remembered = (
                        memo.closest(page, word, ids),
                        memo.nearest(page, word, ids, 3),
                    );
                    assert_eq!(remembered, direct, "{word} in {}", page.display());
                }
            }
        }
        assert_eq!(memo.closest.lock().map(|m| m.len()).unwrap_or(0), 6);
        // Asked for fewer names, the memo does not answer with the longer list.
        assert!(memo.nearest(pages[0].0, "instalation", &first, 3).len() > 1);
        assert_eq!(
            memo.nearest(pages[0].0, "instalation", &first, 1),
            nearest("instalation", first.iter().copied(), 1)
        );
        assert_eq!(
            memo.closest(pages[0].0, "instalation", &first).best,
            Some("installation")
        );
    }

    #[test]
    fn a_match_is_single_only_when_no_other_candidate_is_close() {
        let one = closest("catgory", ["category", "tags", "title"]);
        assert_eq!(one.single(), Some("category"));
        let two = closest("colour", ["color", "colours", "title"]);
        assert_eq!(two.best, Some("colours"));
        assert_eq!(two.single(), None);
        assert_eq!(closest("zzz", ["category"]).single(), None);
    }

    #[test]
    fn close_names_are_suggested_and_far_ones_are_not() {
        let known = ["category", "tags", "title", "excerpt"];
        assert_eq!(did_you_mean("catgory", known), Some("category"));
        assert_eq!(did_you_mean("Title", known), Some("title"));
        assert_eq!(did_you_mean("zebra", known), None);
    }

    #[test]
    fn the_nearest_of_many_names_are_those_a_whole_ordering_finds() {
        let full = |word: &str, names: &[String], count: usize| -> Vec<String> {
            let lower = word.to_lowercase();
            let letters = Letters::of(&lower);
            let mut all: Vec<(usize, &str)> = names
                .iter()
                .map(String::as_str)
                .filter(|name| *name != word)
                .map(|name| (letters.shared_with(name).0, name))
                .collect();
            all.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(b.1)));
            all.dedup_by(|a, b| a.1 == b.1);
            let mut scored: Vec<(f64, &str)> = all
                .into_iter()
                .take(count * 4)
                .map(|(_, name)| (jaro_winkler(&lower, &name.to_lowercase()), name))
                .collect();
            scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(b.1)));
            scored
                .into_iter()
                .take(count)
                .map(|(_, n)| n.to_string())
                .collect()
        };
        let mut state = 3u64;
        let mut next = || {
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (state >> 33) as usize
        };
        for size in [0, 5, 23, 24, 25, 300] {
            let mut names: Vec<String> = (0..size)
                .map(|_| {
                    (0..3 + next() % 12)
                        .map(|_| (b'a' + (next() % 6) as u8) as char)
                        .collect()
                })
                .collect();
            // Repeats, many of them near the front.
            let repeated: Vec<String> = names.iter().take(size / 3).cloned().collect();
            names.extend(repeated.iter().cloned());
            names.extend(repeated);
            for word in ["abcdef", "fedcba", "aaaa", "zz"] {
                let found: Vec<&str> = nearest(word, names.iter().map(String::as_str), 3);
                assert_eq!(found, full(word, &names, 3), "{word} among {size}");
            }
        }
    }

    #[test]
    fn the_nearest_names_come_closest_first() {
        let ids = ["pricing", "install", "installation", "faq", "setup"];
        assert_eq!(nearest("instal-guide", ids, 2), ["install", "installation"]);
        assert_eq!(nearest("zzz", ["b", "a"], 5), ["a", "b"]);
    }

    #[test]
    fn the_score_is_strsims() {
        let mut words: Vec<String> = [
            "",
            "a",
            "ab",
            "ba",
            "dixon",
            "dicksonx",
            "martha",
            "marhta",
            "jellyfish",
            "smellyfish",
            "überblick",
            "uberblick",
            "🐶-dog",
            "dog",
            "fetch_api",
            "verwendung_von_fetch",
            "browser_compatibility",
            "browser-kompatibilität",
        ]
        .iter()
        .map(|word| word.to_string())
        .collect();
        words.push("ab".repeat(200));
        words.push("ba".repeat(150));
        // And words of a small alphabet, where matches and transpositions abound.
        let mut state = 1u64;
        for alphabet in ["abcé-_", "abcd-_", "ab"] {
            let alphabet: Vec<char> = alphabet.chars().collect();
            for length in 0..100 {
                let word = (0..length % 70)
                    .map(|_| {
                        state = state
                            .wrapping_mul(6364136223846793005)
                            .wrapping_add(1442695040888963407);
                        alphabet[(state >> 33) as usize % alphabet.len()]
                    })
                    .collect();
                words.push(word);
            }
        }
        for a in &words {
            for b in &words {
                assert_eq!(jaro_winkler(a, b), strsim::jaro_winkler(a, b), "{a} ~ {b}");
            }
        }
    }

    #[test]
    fn the_bound_never_hides_a_suggestion() {
        let words = [
            "category",
            "catgory",
            "tags",
            "tag",
            "title",
            "tilte",
            "excerpt",
            "exerpt",
            "publishdate",
            "publish-date",
            "updatedate",
            "überblick",
            "uberblick",
            "🐶-dog",
            "dog",
            "a",
            "",
            "fetch_api",
            "fetch-api",
            "using_fetch",
            "verwendung_von_fetch",
        ];
        for a in words {
            for b in words {
                let score = strsim::jaro_winkler(a, b);
                if score >= THRESHOLD {
                    assert!(Letters::of(a).may_reach(b, THRESHOLD), "{a} ~ {b}: {score}");
                    let (la, lb) = (a.chars().count(), b.chars().count());
                    assert!(may_reach(la, lb, la.min(lb), THRESHOLD), "{a} ~ {b}");
                }
            }
        }
        // And it does rule out far-off pairs.
        assert!(!Letters::of("category").may_reach("zebra", THRESHOLD));
        assert!(!may_reach(3, 20, 3, THRESHOLD));
    }
}
