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
/// about `sqrt(s(1-s)/BINS)`: under 3 points at 90%.
pub const BINS: usize = 128;
/// The top bits of a shingle's hash that pick its bin.
const BIN_BITS: u32 = BINS.trailing_zeros();
/// Words per shingle.
const SHINGLE: usize = 5;
/// What a word's hash multiplies by, eight bytes (or one character) at a time.
const WORD_MULTIPLIER: u64 = 0x517c_c1b7_2722_0a95;
/// The rolling hash's base (odd, so no bits are lost) and its power for
/// the word that leaves the window.
const BASE: u64 = 0x9e37_79b9_7f4a_7c15;
const BASE_TO_SHINGLE: u64 = power(BASE, SHINGLE as u32);

const fn power(base: u64, exponent: u32) -> u64 {
    let mut result = 1u64;
    let mut i = 0;
    while i < exponent {
        result = result.wrapping_mul(base);
        i += 1;
    }
    result
}

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
/// CJK character a word of its own. A word never runs from one piece into
/// the next. The pieces are gathered (a line each) and read in batches:
/// the parser's pieces are short, and a long text reads fastest.
#[derive(Clone, Debug)]
pub struct Shingler {
    text: String,
    window: Window,
    mins: [u64; BINS],
    /// Inside an HTML tag or comment that an earlier piece opened.
    in_tag: bool,
    in_comment: bool,
}

thread_local! {
    /// A thread's buffer for gathered text, lent to one `Shingler` at a
    /// time: one buffer a thread rather than one an article.
    static SPARE_TEXT: std::cell::Cell<String> = const { std::cell::Cell::new(String::new()) };
}

impl Default for Shingler {
    fn default() -> Self {
        Shingler {
            text: SPARE_TEXT.take(),
            window: Window::default(),
            mins: [u64::MAX; BINS],
            in_tag: false,
            in_comment: false,
        }
    }
}

/// How much gathered text is read at once: enough that the parser's short
/// pieces read as one long text, little enough that one buffer serves the
/// whole body (a body-sized one for each article costs the memory, and the
/// clearing of its pages, several times over).
const BATCH: usize = 32 * 1024;

impl Shingler {
    /// One piece of prose.
    pub fn feed(&mut self, text: &str) {
        if self.text.capacity() == 0 {
            self.text.reserve(2 * BATCH);
        }
        self.text.push_str(text);
        self.text.push('\n');
        if self.text.len() >= BATCH {
            self.read_gathered();
        }
    }

    /// Reads what was gathered. Pieces end in a line break, so no word
    /// runs from one batch into the next.
    fn read_gathered(&mut self) {
        let text = std::mem::take(&mut self.text);
        self.read(&text);
        self.text = text;
        self.text.clear();
    }

    fn read(&mut self, text: &str) {
        // The state is in a local while the words are read, so that it
        // stays in registers rather than going to memory and back.
        let mut sketch = Sketch {
            text,
            window: self.window,
            mins: self.mins,
        };
        for_each_word(text, &mut sketch);
        self.window = sketch.window;
        self.mins = sketch.mins;
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

    /// The sketch; `None` for a body with too few words for one shingle.
    pub fn finish(mut self) -> Option<Fingerprint> {
        self.read_gathered();
        SPARE_TEXT.set(std::mem::take(&mut self.text));
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
            words: self.window.words,
            bins,
        })
    }
}

/// The last words of a text, hashed.
#[derive(Clone, Copy, Debug, Default)]
struct Window {
    /// How many words have been read.
    words: u32,
    /// The last words' hashes, the oldest at `oldest`.
    recent: [u64; SHINGLE],
    oldest: usize,
    /// The last `SHINGLE` words' hashes as a polynomial in `BASE`, the
    /// oldest word's the highest power: rolled on by one word at a time.
    rolling: u64,
}

impl Window {
    /// The next word's hash in; out, the hash of the shingle it ends, once
    /// there are enough words for one.
    fn push(&mut self, word: u64) -> Option<u64> {
        // The word leaving the window takes its highest power with it.
        let leaving = std::mem::replace(&mut self.recent[self.oldest], word);
        self.oldest = if self.oldest + 1 == SHINGLE {
            0
        } else {
            self.oldest + 1
        };
        self.rolling = self
            .rolling
            .wrapping_mul(BASE)
            .wrapping_sub(leaving.wrapping_mul(BASE_TO_SHINGLE))
            .wrapping_add(word);
        self.words = self.words.saturating_add(1);
        (self.words as usize >= SHINGLE).then_some(self.rolling)
    }
}

/// What is done with each word of a text, in order: a trait rather than a
/// closure, so that the sketch's step is built into both places that find
/// words (a closure called from two places is left a call of its own).
trait OnWord {
    fn word(&mut self, word: Word);
}

/// A text's words hashed into shingles, the least hash of each bin kept.
struct Sketch<'t> {
    text: &'t str,
    window: Window,
    mins: [u64; BINS],
}

impl OnWord for Sketch<'_> {
    #[inline(always)]
    fn word(&mut self, word: Word) {
        let text = self.text;
        let hash = match word.kind {
            WordKind::Ascii => hash_ascii(text.as_bytes(), word.start, word.end),
            WordKind::Mixed => hash_chars(&text[word.start..word.end]),
            WordKind::Cjk => {
                let c = text[word.start..].chars().next().unwrap_or_default();
                u64::from(c).wrapping_mul(WORD_MULTIPLIER)
            }
        };
        if let Some(shingle) = self.window.push(hash) {
            let shingle = mix(shingle);
            let bin = (shingle >> (64 - BIN_BITS)) as usize;
            let value = shingle & ((1 << (64 - BIN_BITS)) - 1);
            self.mins[bin] = self.mins[bin].min(value);
        }
    }
}

impl<F: FnMut(Word)> OnWord for F {
    fn word(&mut self, word: Word) {
        self(word)
    }
}

/// How `feed` sees a byte: an ASCII letter or digit, an apostrophe (which
/// goes on a word but starts none), the start of a non-ASCII character,
/// or anything else.
const WORD: u8 = 1;
const APOSTROPHE: u8 = 2;
const OTHER: u8 = 3;
const CLASS: [u8; 256] = {
    let mut class = [0u8; 256];
    let mut byte = 0;
    while byte < 256 {
        let b = byte as u8;
        class[byte] = if b.is_ascii_alphanumeric() {
            WORD
        } else if b == b'\'' {
            APOSTROPHE
        } else if b >= 0x80 {
            OTHER
        } else {
            0
        };
        byte += 1;
    }
    class
};

/// A word of a text: its bytes, and how to hash it.
#[derive(Debug, PartialEq, Eq)]
struct Word {
    start: usize,
    end: usize,
    kind: WordKind,
}

#[derive(Debug, PartialEq, Eq)]
enum WordKind {
    Ascii,
    /// With letters beyond ASCII.
    Mixed,
    /// One CJK character.
    Cjk,
}

/// Every word of `text`, in order. ASCII text is read 64 bytes at a time:
/// a mask of the bytes that go on words marks where each word starts and
/// ends, and only the words themselves cost a step each. From the first
/// non-ASCII byte of a block, or for a word that runs past the block, the
/// text is read a word at a time.
fn for_each_word(text: &str, found: &mut impl OnWord) {
    let bytes = text.as_bytes();
    // `at` is never inside a word.
    let mut at = 0;
    while at < bytes.len() {
        if let Some(block) = bytes.get(at..at + 64) {
            let mut letters = 0u64;
            // Apostrophes and non-ASCII bytes are rare: whether the block
            // has any is told first, and only then where they are.
            let mut any_apostrophe = 0u64;
            let mut any_high = 0u64;
            for (i, eight) in block.chunks_exact(8).enumerate() {
                let chunk = u64::from_le_bytes(eight.try_into().unwrap_or_default());
                letters |= gather_high_bits(letters_and_digits(eight)) << (8 * i);
                any_apostrophe |= apostrophes(eight);
                any_high |= chunk;
            }
            let mut on_word = letters;
            if any_apostrophe != 0 {
                for (i, eight) in block.chunks_exact(8).enumerate() {
                    on_word |= gather_high_bits(apostrophes(eight)) << (8 * i);
                }
            }
            let mut high = 0u64;
            if any_high & HIGH_BITS != 0 {
                for (i, eight) in block.chunks_exact(8).enumerate() {
                    let chunk = u64::from_le_bytes(eight.try_into().unwrap_or_default());
                    high |= gather_high_bits(chunk & HIGH_BITS) << (8 * i);
                }
            }
            // Bytes from the first non-ASCII one on are left to the
            // word-at-a-time reading.
            let limit = high.trailing_zeros();
            let mut runs = if limit == 64 {
                on_word
            } else {
                on_word & ((1u64 << limit) - 1)
            };
            let mut handed_over = None;
            while runs != 0 {
                let start = runs.trailing_zeros();
                let length = (!(on_word >> start)).trailing_zeros();
                let end = start + length;
                if end >= limit {
                    // The word may go on past what the block can tell.
                    handed_over = Some(at + start as usize);
                    break;
                }
                // An apostrophe goes on a word but starts none.
                let first = (letters & (u64::MAX << start)).trailing_zeros();
                if first < end {
                    found.word(Word {
                        start: at + first as usize,
                        end: at + end as usize,
                        kind: WordKind::Ascii,
                    });
                }
                runs &= u64::MAX << end;
            }
            at = handed_over.unwrap_or(at + limit as usize);
            if limit == 64 && handed_over.is_none() {
                continue;
            }
        }
        let Some(word) = next_word(text, at) else {
            return;
        };
        at = word.end;
        found.word(word);
    }
}

/// The high bit of each of eight bytes, gathered into the low eight bits.
fn gather_high_bits(masked: u64) -> u64 {
    // Each high bit, multiplied, lands in its own bit of the top byte.
    ((masked >> 7).wrapping_mul(0x0102_0408_1020_4080)) >> 56
}

/// The first word of `text` at or after byte `at`.
fn next_word(text: &str, mut at: usize) -> Option<Word> {
    let bytes = text.as_bytes();
    loop {
        at = next_start(bytes, at);
        let &byte = bytes.get(at)?;
        if CLASS[usize::from(byte)] == WORD {
            let (end, ascii) = word_end(text, at + 1, true);
            let kind = if ascii {
                WordKind::Ascii
            } else {
                WordKind::Mixed
            };
            return Some(Word {
                start: at,
                end,
                kind,
            });
        }
        let c = text[at..].chars().next()?;
        let after = at + c.len_utf8();
        if super::prose::is_cjk(c) {
            return Some(Word {
                start: at,
                end: after,
                kind: WordKind::Cjk,
            });
        }
        if is_letter_or_digit(c) {
            let (end, _) = word_end(text, after, false);
            return Some(Word {
                start: at,
                end,
                kind: WordKind::Mixed,
            });
        }
        at = after;
    }
}

/// Where the word that starts before `at` ends: it runs on over letters,
/// digits and apostrophes (not CJK characters, each a word of its own).
/// Also tells whether the word is all ASCII, given whether it was so far.
fn word_end(text: &str, mut at: usize, mut ascii: bool) -> (usize, bool) {
    let bytes = text.as_bytes();
    loop {
        // Eight bytes at a time while they all go on the word.
        while let Some(eight) = bytes.get(at..at + 8) {
            let on_word = letters_and_digits(eight) | apostrophes(eight);
            if on_word == HIGH_BITS {
                at += 8;
            } else {
                at += ((!on_word & HIGH_BITS).trailing_zeros() / 8) as usize;
                break;
            }
        }
        let Some(&byte) = bytes.get(at) else {
            return (at, ascii);
        };
        match CLASS[usize::from(byte)] {
            WORD | APOSTROPHE => at += 1,
            OTHER => {
                let Some(c) = text[at..].chars().next() else {
                    return (at, ascii);
                };
                if (is_letter_or_digit(c) && !super::prose::is_cjk(c)) || c == '’' {
                    ascii = false;
                    at += c.len_utf8();
                } else {
                    return (at, ascii);
                }
            }
            _ => return (at, ascii),
        }
    }
}

/// Where the next word may start at or after `at`: the next ASCII letter
/// or digit, or non-ASCII byte (the end of the text if there is none).
fn next_start(bytes: &[u8], mut at: usize) -> usize {
    while let Some(eight) = bytes.get(at..at + 8) {
        let chunk = u64::from_le_bytes(eight.try_into().unwrap_or_default());
        let starts = letters_and_digits(eight) | (chunk & HIGH_BITS);
        if starts == 0 {
            at += 8;
        } else {
            return at + (starts.trailing_zeros() / 8) as usize;
        }
    }
    while let Some(&byte) = bytes.get(at) {
        if matches!(CLASS[usize::from(byte)], WORD | OTHER) {
            return at;
        }
        at += 1;
    }
    at
}

/// `char::is_alphanumeric`, answered at once for the Latin letters of
/// European languages (U+00C0 to U+024F but for × and ÷).
fn is_letter_or_digit(c: char) -> bool {
    match c {
        '\u{C0}'..='\u{24F}' => c != '×' && c != '÷',
        _ => c.is_alphanumeric(),
    }
}

const HIGH_BITS: u64 = 0x8080_8080_8080_8080;
const ONES: u64 = 0x0101_0101_0101_0101;

/// The high bit of each of eight bytes that is above `low` and below
/// `high` (both at most 127), for bytes below 128; exact per byte, as no
/// sum or difference crosses into the next byte.
fn between(chunk: u64, low: u64, high: u64) -> u64 {
    let seven = chunk & (ONES * 0x7F);
    (ONES * (0x7F + high) - seven) & !chunk & (seven + ONES * (0x7F - low)) & HIGH_BITS
}

/// The high bit of each ASCII letter or digit among eight bytes.
fn letters_and_digits(eight: &[u8]) -> u64 {
    let chunk = u64::from_le_bytes(eight.try_into().unwrap_or_default());
    // Setting bit 5 lowers A-Z and moves no other byte into a-z.
    between(chunk | (ONES * 0x20), 0x60, 0x7B) | between(chunk, 0x2F, 0x3A)
}

/// The high bit of each apostrophe among eight bytes.
fn apostrophes(eight: &[u8]) -> u64 {
    let chunk = u64::from_le_bytes(eight.try_into().unwrap_or_default());
    between(chunk, 0x26, 0x28)
}

fn hash_step(hash: u64, value: u64) -> u64 {
    (hash.rotate_left(5) ^ value).wrapping_mul(WORD_MULTIPLIER)
}

/// The hash of the ASCII word `bytes[start..end]`, read eight bytes at a
/// time: setting bit 5 lowers a letter and keeps a digit or an apostrophe
/// as it is. Bytes past the word are masked off. Words of up to sixteen
/// bytes, nearly all, take no branch on their length.
#[inline(always)]
fn hash_ascii(bytes: &[u8], start: usize, end: usize) -> u64 {
    const LOWER: u64 = 0x2020_2020_2020_2020;
    let read = |at: usize| -> u64 {
        match bytes.get(at..at + 8) {
            Some(eight) => u64::from_le_bytes(eight.try_into().unwrap_or_default()),
            None => {
                let mut chunk = [0u8; 8];
                for (slot, byte) in chunk.iter_mut().zip(bytes.get(at..).unwrap_or_default()) {
                    *slot = *byte;
                }
                u64::from_le_bytes(chunk)
            }
        }
    };
    // The bytes of an eight-byte chunk that are in a word of `left` more bytes.
    let keep = |left: usize| -> u64 {
        if left >= 8 {
            u64::MAX
        } else {
            (1u64 << (8 * left)) - 1
        }
    };
    let length = end - start;
    let mut hash = length as u64;
    let mut at = start;
    while end - at > 16 {
        hash = hash_step(hash, read(at) | LOWER);
        at += 8;
    }
    let left = end - at;
    let one = hash_step(hash, (read(at) | LOWER) & keep(left));
    let two = hash_step(one, (read(at + 8) | LOWER) & keep(left.saturating_sub(8)));
    if left > 8 {
        two
    } else {
        one
    }
}

/// The hash of a word with non-ASCII letters, a character at a time (ASCII
/// ones lowered).
fn hash_chars(word: &str) -> u64 {
    let mut hash = word.len() as u64;
    for c in word.chars() {
        hash = hash_step(hash, u64::from(c.to_ascii_lowercase()));
    }
    hash
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

    /// The words as a character-by-character reading finds them.
    fn reference_words(text: &str) -> Vec<&str> {
        let mut words = Vec::new();
        let mut start: Option<usize> = None;
        for (at, c) in text.char_indices() {
            let cjk = crate::article::prose::is_cjk(c);
            let goes_on =
                !cjk && (c.is_alphanumeric() || (start.is_some() && (c == '\'' || c == '’')));
            match (start, goes_on) {
                (None, true) => start = Some(at),
                (Some(from), false) => {
                    words.push(&text[from..at]);
                    start = None;
                }
                _ => {}
            }
            if cjk {
                words.push(&text[at..at + c.len_utf8()]);
            }
        }
        if let Some(from) = start {
            words.push(&text[from..]);
        }
        words
    }

    #[test]
    fn words_are_found_eight_bytes_at_a_time_as_one_at_a_time() {
        let mixed: Vec<char> = "aZ09'’ .,-_@[`{~/\n\té日本语ß–„“😀\u{7f}".chars().collect();
        // Mostly ASCII, as most prose is: whole blocks, words across them.
        let ascii: Vec<char> = "abcdefghijklmnopqrstuvwxyzABZ0189      '.,\nü"
            .chars()
            .collect();
        let mut state = 7u64;
        for length in 0..2000u64 {
            let alphabet = if length % 2 == 0 { &mixed } else { &ascii };
            let text: String = (0..length % 300)
                .map(|_| {
                    state = mix(state.wrapping_add(length));
                    alphabet[(state % alphabet.len() as u64) as usize]
                })
                .collect();
            let mut found = Vec::new();
            for_each_word(&text, &mut |word: Word| {
                found.push(&text[word.start..word.end])
            });
            assert_eq!(found, reference_words(&text), "{text:?}");
        }
        for byte in 0..=127u8 {
            let text = format!("ab{}cdefghijkl", byte as char);
            let whole = next_word(&text, 0).expect("a word");
            let joins = byte.is_ascii_alphanumeric() || byte == b'\'';
            assert_eq!(whole.end == text.len(), joins, "{byte}");
        }
    }

    #[test]
    fn an_ascii_word_hashes_as_its_lowered_bytes_eight_at_a_time() {
        // The definition: the length, then each eight bytes of the lowered
        // word (the last ones padded with zeros), one step each.
        let defined = |word: &str| {
            let lowered = word.to_ascii_lowercase();
            lowered
                .as_bytes()
                .chunks(8)
                .fold(word.len() as u64, |hash, chunk| {
                    let mut eight = [0u8; 8];
                    eight[..chunk.len()].copy_from_slice(chunk);
                    hash_step(hash, u64::from_le_bytes(eight))
                })
        };
        let letters = "aBc'9XyZ0qrstUVWk";
        for length in 1..=40 {
            let word: String = letters.chars().cycle().take(length).collect();
            // The word in a longer text, with bytes after it, and at its end.
            let text = format!("  {word}!more words");
            assert_eq!(
                hash_ascii(text.as_bytes(), 2, 2 + length),
                defined(&word),
                "{word}"
            );
            let at_end = format!("  {word}");
            assert_eq!(
                hash_ascii(at_end.as_bytes(), 2, 2 + length),
                defined(&word),
                "{word}"
            );
        }
    }

    #[test]
    fn the_latin_shortcut_agrees_with_the_unicode_tables() {
        for c in '\u{80}'..='\u{2FF}' {
            assert_eq!(is_letter_or_digit(c), c.is_alphanumeric(), "{c:?}");
        }
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
    fn a_long_body_reads_the_same_wherever_its_batches_end() {
        let pieces: Vec<String> = words(3, 40_000)
            .chunks(7)
            .map(|chunk| chunk.join(" "))
            .collect();
        let sketch_after = |padding: usize| {
            let mut shingler = Shingler::default();
            // Punctuation moves where each batch ends, and adds no word.
            shingler.feed(&".".repeat(padding));
            for piece in &pieces {
                shingler.feed(piece);
            }
            shingler.finish().expect("enough words")
        };
        let first = sketch_after(0);
        assert_eq!(first.words, 40_000);
        for padding in [1, 5, 4096, BATCH - 1, BATCH] {
            assert_eq!(sketch_after(padding), first, "padding {padding}");
        }
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
