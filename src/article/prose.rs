//! Reading rendered prose: where a sentence ends, in any script, and what
//! counts as a word.

/// Characters that end a sentence: Latin, CJK, Arabic, Indic, Armenian,
/// Ethiopic, Myanmar, Khmer and Greek forms, and the interrobangs.
const SENTENCE_ENDS: &[char] = &[
    '.', '!', '?', '…', '。', '！', '？', '｡', '．', '؟', '۔', '।', '॥', '։', '።', '။', '។', '᙮',
    '‼', '⁇', '⁈', '⁉', '‽', '\u{37e}', // Greek question mark
];

/// What may follow the sentence's last mark: closing quotes, brackets and
/// emphasis markers (`"Stop."`, `(see above.)`, `**Done!**`).
pub const CLOSERS: &[char] = &[
    '"', '\'', '”', '’', '»', '›', '」', '』', '）', ')', ']', '】', '〕', '〉', '》', '}', '*',
    '_', '~', '`',
];

/// Whether `text` ends the way a finished sentence does: with a sentence
/// mark (closers after it allowed), or with an emoji.
pub fn ends_like_sentence(text: &str) -> bool {
    let trimmed = text.trim_end().trim_end_matches(CLOSERS).trim_end();
    match trimmed.chars().next_back() {
        Some(last) => SENTENCE_ENDS.contains(&last) || is_emoji(last),
        None => true,
    }
}

/// Emoji and pictographs (and the joiners and selectors that end a sequence).
pub fn is_emoji(c: char) -> bool {
    matches!(c as u32,
        0x1F000..=0x1FAFF | 0x2600..=0x27BF | 0x2B00..=0x2BFF | 0x2300..=0x23FF
        | 0xFE0F | 0x200D | 0x20E3 | 0xE0020..=0xE007F)
}

/// Ideographs, kana and hangul: each counts as a word, as CJK text has no spaces.
pub fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x3040..=0x30FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xAC00..=0xD7AF | 0xF900..=0xFAFF
        | 0x20000..=0x2FA1F)
}

/// The words of `text` (letters and digits, CJK characters one by one),
/// as written, in order.
pub fn words(text: &str) -> impl Iterator<Item = &str> {
    let mut rest = text;
    std::iter::from_fn(move || loop {
        let start = rest.find(|c: char| c.is_alphanumeric())?;
        let tail = &rest[start..];
        let first = tail.chars().next()?;
        let end = if is_cjk(first) {
            first.len_utf8()
        } else {
            tail.find(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '’') || is_cjk(c))
                .unwrap_or(tail.len())
        };
        let word = &tail[..end];
        rest = &tail[end..];
        if !word.is_empty() {
            return Some(word);
        }
    })
}

/// How many characters a front-matter text shows once rendered (trimmed),
/// or `None` when that is unknown or nothing: empty, or written with
/// template code (`{{ .Site.Title }}`, `{% raw %}`) that the build fills in.
/// HTML tags show nothing (SEO tags strip them: `<br />`, `<a href=…>`),
/// and a run of spaces and line breaks shows as one space.
pub fn shown_length(text: &str) -> Option<usize> {
    let text = text.trim();
    if text.is_empty() || text.contains("{{") || text.contains("{%") {
        return None;
    }
    let mut count = 0;
    let mut chars = text.chars().peekable();
    let mut after_space = false;
    while let Some(c) = chars.next() {
        if c == '<'
            && chars
                .peek()
                .is_some_and(|n| n.is_ascii_alphabetic() || *n == '/')
        {
            for inside in chars.by_ref() {
                if inside == '>' {
                    break;
                }
            }
            continue;
        }
        if c.is_whitespace() {
            if !after_space {
                count += 1;
            }
            after_space = true;
            continue;
        }
        after_space = false;
        count += 1;
    }
    // Tags at the end leave a trailing space behind.
    Some(count - usize::from(after_space)).filter(|&n| n > 0)
}

/// How many words [`words`] finds in `text`, counted in one pass
/// without building them (the body scan counts every text event).
pub fn word_count(text: &str) -> usize {
    let mut count = 0;
    let mut in_word = false;
    for c in text.chars() {
        if c.is_ascii() {
            if c.is_ascii_alphanumeric() || (in_word && c == '\'') {
                count += usize::from(!in_word);
                in_word = true;
            } else {
                in_word = false;
            }
        } else if is_cjk(c) {
            count += 1;
            in_word = false;
        } else if c.is_alphanumeric() || (in_word && c == '’') {
            count += usize::from(!in_word);
            in_word = true;
        } else {
            in_word = false;
        }
    }
    count
}

/// The last few words of `text`, for messages: at most `count` words,
/// `…` in front when there are more; of text without spaces (CJK), the
/// last characters.
pub fn last_words(text: &str, count: usize) -> String {
    let all: Vec<&str> = text.split_whitespace().collect();
    let shown = all[all.len().saturating_sub(count)..].join(" ");
    let chars = shown.chars().count();
    if all.len() <= 2 && chars > 30 {
        let tail: String = shown.chars().skip(chars - 20).collect();
        return format!("…{tail}");
    }
    if all.len() > count {
        format!("…{shown}")
    } else {
        shown
    }
}

/// `text` without its HTML comments, which no reader sees.
/// Whether `text` holds nothing but whitespace and HTML comments. Stops at
/// the first thing shown, without copying.
pub fn only_comments(text: &str) -> bool {
    let mut rest = text.trim_start();
    while let Some(after) = rest.strip_prefix("<!--") {
        match after.find("-->") {
            Some(close) => rest = after[close + 3..].trim_start(),
            None => return true,
        }
    }
    rest.is_empty()
}

pub fn without_comments(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(open) = rest.find("<!--") {
        out.push_str(&rest[..open]);
        match rest[open..].find("-->") {
            Some(close) => rest = &rest[open + close + 3..],
            None => return out,
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sentence_ends_in_many_scripts() {
        for done in [
            "It works.",
            "Really?",
            "Stop!\"",
            "(see above.)",
            "**Done!**",
            "終わりです。",
            "هل انتهى؟",
            "यह समाप्त है।",
            "Bis bald …",
            "Have fun 🎉",
            "Thanks 👍🏽",
            "Τι ώρα είναι\u{37e}",
        ] {
            assert!(ends_like_sentence(done), "{done}");
        }
        for cut in [
            "and then the",
            "Install it with",
            "Here is how:",
            "one, two,",
            "日本語の文章",
            "apples; pears;",
        ] {
            assert!(!ends_like_sentence(cut), "{cut}");
        }
    }

    #[test]
    fn words_split_on_anything_but_letters_and_count_cjk_one_by_one() {
        let found: Vec<&str> = words("Don't stop — it's 2024! 日本語").collect();
        assert_eq!(found, ["Don't", "stop", "it's", "2024", "日", "本", "語"]);
    }

    #[test]
    fn word_count_agrees_with_words() {
        for text in [
            "Don't stop — it's 2024! 日本語",
            "  leading and trailing  ",
            "'quoted' words, über-cool naïve café",
            "中文和English混合",
            "한국어 텍스트 ",
            "",
            "--- *** ...",
        ] {
            assert_eq!(word_count(text), words(text).count(), "{text}");
        }
        assert_eq!(word_count("Don't stop 日本"), 4);
    }

    #[test]
    fn last_words_keep_the_end() {
        assert_eq!(
            shown_length("A theme.<br />\n  <small><a href=\"/r\">v4</a></small>"),
            Some("A theme. v4".len())
        );
        assert_eq!(shown_length("two  words\n"), Some(9));
        assert!(only_comments("  <!-- a -->\n<!-- b --> \n"));
        assert!(only_comments("<!-- never closed"));
        assert!(!only_comments("<!-- a --> text"));
        assert!(!only_comments("text <!-- a -->"));
        assert_eq!(shown_length("{{ .Title }}"), None);
        assert_eq!(shown_length("<br>"), None);
        assert_eq!(shown_length("1 < 2"), Some(5));
        assert_eq!(last_words("one two three four five", 3), "…three four five");
        assert_eq!(last_words("short  text", 8), "short text");
        assert_eq!(
            last_words(
                "冬は観葉植物の成長がゆっくりになります表面が乾いていたら鉢底から流れ出るまで",
                8
            ),
            "…す表面が乾いていたら鉢底から流れ出るまで"
        );
    }
}
