//! A body's fingerprint for finding near-duplicate articles: a MinHash
//! sketch of its 5-word shingles, so that comparing two sketches estimates
//! how much of their text two bodies share (the Jaccard similarity of their
//! shingle sets) without either body at hand.
//!
//! The text is what the page shows: prose, code, and the text of HTML
//! between its tags (not the tags, not comments).
//!
//! Built in one pass over the body while it is parsed: each word is
//! hashed as it is read, each run of five words hashed once more, and the
//! hash kept if it is the smallest so far in its bin (one-permutation
//! hashing: the top bits pick one of [`BINS`] bins). Bins no shingle fell
//! into borrow from the next filled bin, so short bodies still compare.

/// How many values a sketch keeps. The error of a similarity estimate is
/// about `sqrt(s(1-s)/BINS)`: 4 points at 90%.
pub const BINS: usize = 64;
/// Words per shingle.
const SHINGLE: usize = 5;

/// The sketch of one body and how many words of prose it has.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fingerprint {
    pub words: u32,
    /// The low 16 bits of each bin's smallest hash: a chance match between
    /// two unrelated bins is 1 in 65,536.
    pub bins: Box<[u16; BINS]>,
}

impl Fingerprint {
    /// The share of bins, 0 to 1, in which two sketches agree: an estimate
    /// of how alike the two bodies are.
    pub fn similarity(&self, other: &Fingerprint) -> f64 {
        let same = self
            .bins
            .iter()
            .zip(other.bins.iter())
            .filter(|(a, b)| a == b)
            .count();
        same as f64 / BINS as f64
    }
}

/// Reads prose piece by piece (the parser's text events) and sketches it.
/// Words are as in `prose::word_count`: runs of letters and digits (ASCII
/// ones folded to lower case, an apostrophe inside a word kept), and each
/// CJK character a word of its own.
#[derive(Clone, Debug)]
pub struct Shingler {
    words: u32,
    /// The hash of the word being read, if one is.
    word: Option<u64>,
    /// The last words' hashes, the oldest at `words % SHINGLE`.
    recent: [u64; SHINGLE],
    mins: [u64; BINS],
    /// Inside an HTML tag or comment that an earlier piece opened.
    in_tag: bool,
    in_comment: bool,
}

impl Default for Shingler {
    fn default() -> Self {
        Shingler {
            words: 0,
            word: None,
            recent: [0; SHINGLE],
            mins: [u64::MAX; BINS],
            in_tag: false,
            in_comment: false,
        }
    }
}

impl Shingler {
    /// One piece of prose; a word never runs from one piece into the next.
    pub fn feed(&mut self, text: &str) {
        self.end_word();
        for c in text.chars() {
            if c.is_ascii() {
                if c.is_ascii_alphanumeric() || (self.word.is_some() && c == '\'') {
                    self.push_char(c.to_ascii_lowercase());
                } else {
                    self.end_word();
                }
            } else if super::prose::is_cjk(c) {
                self.end_word();
                self.push_char(c);
                self.end_word();
            } else if c.is_alphanumeric() || (self.word.is_some() && c == '’') {
                self.push_char(c);
            } else {
                self.end_word();
            }
        }
    }

    /// A piece of raw HTML: only the text between its tags counts. Tags and
    /// comments may run from one piece into the next.
    pub fn feed_html(&mut self, html: &str) {
        let mut rest = html;
        while !rest.is_empty() {
            if self.in_comment {
                match rest.find("-->") {
                    Some(end) => {
                        self.in_comment = false;
                        rest = &rest[end + 3..];
                    }
                    None => return,
                }
            } else if self.in_tag {
                match rest.find('>') {
                    Some(end) => {
                        self.in_tag = false;
                        rest = &rest[end + 1..];
                    }
                    None => return,
                }
            } else {
                let open = rest.find('<').unwrap_or(rest.len());
                self.feed(&rest[..open]);
                rest = &rest[open..];
                if rest.starts_with("<!--") {
                    self.in_comment = true;
                    rest = &rest[4..];
                } else if !rest.is_empty() {
                    self.in_tag = true;
                    rest = &rest[1..];
                }
            }
        }
    }

    fn push_char(&mut self, c: char) {
        let hash = self.word.unwrap_or(0xcbf2_9ce4_8422_2325);
        self.word = Some((hash ^ u64::from(c)).wrapping_mul(0x0000_0100_0000_01b3));
    }

    fn end_word(&mut self) {
        let Some(hash) = self.word.take() else {
            return;
        };
        self.recent[self.words as usize % SHINGLE] = mix(hash);
        self.words = self.words.saturating_add(1);
        if (self.words as usize) < SHINGLE {
            return;
        }
        // Oldest first, each word rotated by its place in the shingle.
        let oldest = self.words as usize % SHINGLE;
        let mut shingle = 0u64;
        for place in 0..SHINGLE {
            let word = self.recent[(oldest + place) % SHINGLE];
            shingle ^= word.rotate_left(13 * place as u32);
        }
        let shingle = mix(shingle);
        let bin = (shingle >> 58) as usize;
        let value = shingle & ((1 << 58) - 1);
        if value < self.mins[bin] {
            self.mins[bin] = value;
        }
    }

    /// The sketch; `None` for a body with too few words for one shingle.
    pub fn finish(mut self) -> Option<Fingerprint> {
        self.end_word();
        let first_filled = self.mins.iter().position(|&m| m != u64::MAX)?;
        let mut bins = Box::new([0u16; BINS]);
        for (bin, slot) in bins.iter_mut().enumerate() {
            // An empty bin takes the next filled one's value, mixed with
            // how far it had to look (rotation densification).
            let mut distance = 0u64;
            let mut from = bin;
            while self.mins[from] == u64::MAX {
                from = (from + 1) % BINS;
                distance += 1;
            }
            let value = if distance == 0 {
                self.mins[from]
            } else {
                mix(self.mins[from] ^ distance.wrapping_mul(0x9e37_79b9_7f4a_7c15))
            };
            *slot = value as u16;
        }
        debug_assert!(first_filled < BINS);
        Some(Fingerprint {
            words: self.words,
            bins,
        })
    }
}

/// A 64-bit finaliser (splitmix64's): every input bit moves every output bit.
fn mix(mut x: u64) -> u64 {
    x ^= x >> 30;
    x = x.wrapping_mul(0xbf58_476d_1ce4_e5b9);
    x ^= x >> 27;
    x = x.wrapping_mul(0x94d0_49bb_1331_11eb);
    x ^ (x >> 31)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sketch(text: &str) -> Fingerprint {
        let mut shingler = Shingler::default();
        shingler.feed(text);
        shingler.finish().expect("enough words")
    }

    fn words(seed: u64, count: usize) -> Vec<String> {
        let mut state = seed;
        (0..count)
            .map(|_| {
                state = mix(state.wrapping_add(1));
                format!("w{}", state % 5000)
            })
            .collect()
    }

    #[test]
    fn the_same_text_has_the_same_sketch_whatever_its_case_and_spacing() {
        let a = sketch("The dog runs in circles after a bath, and nobody knows why.");
        let b = sketch("the DOG runs   in circles\nafter a bath and nobody knows why");
        assert_eq!(a, b);
        assert_eq!(a.words, 12);
        assert_eq!(a.similarity(&b), 1.0);
    }

    #[test]
    fn unrelated_texts_are_told_apart_and_near_copies_are_not() {
        let base = words(1, 600);
        let other = words(2, 600);
        let mut edited = base.clone();
        // Change one word in twenty-five: about 18% of the shingles change.
        for word in edited.iter_mut().step_by(25) {
            word.push('x');
        }
        let a = sketch(&base.join(" "));
        let near = a.similarity(&sketch(&edited.join(" ")));
        let far = a.similarity(&sketch(&other.join(" ")));
        assert!(near > 0.55 && near < 0.95, "near copy: {near}");
        assert!(far < 0.1, "unrelated: {far}");
    }

    #[test]
    fn short_bodies_are_sketched_and_too_short_ones_are_not() {
        let mut shingler = Shingler::default();
        shingler.feed("only four words here");
        assert_eq!(shingler.finish(), None);
        let a = sketch("five words make one shingle");
        assert_eq!(a.similarity(&a), 1.0);
        assert!(a.similarity(&sketch("five words make two shingles")) < 0.2);
    }

    #[test]
    fn html_counts_by_its_text_alone() {
        let mut html = Shingler::default();
        html.feed_html("<div class=\"card\" style=\"color: red\">The dog <b>runs</b>");
        html.feed_html("<!-- a note\nover lines --> in circles <a");
        html.feed_html("  href=\"/x\">after</a> a bath");
        let text = sketch("The dog runs in circles after a bath");
        assert_eq!(html.finish().expect("enough words"), text);
    }

    #[test]
    fn pieces_of_prose_join_into_words_only_within_a_piece() {
        let mut pieces = Shingler::default();
        pieces.feed("one two thr");
        pieces.feed("ee four five six");
        let whole = sketch("one two thr ee four five six");
        assert_eq!(pieces.finish().expect("enough words"), whole);
    }
}
