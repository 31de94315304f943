//! Reading JavaScript and TypeScript config files without running them:
//! comments, string literals, expressions and local imports.

use std::path::{Path, PathBuf};

use super::regex;

/// The JS expression at the start of `text`: up to the first `,` (or
/// closing bracket) outside brackets and strings.
pub(super) fn expression_after(text: &str) -> &str {
    let mut depth = 0usize;
    for (at, c) in code_chars(text) {
        match c {
            '(' | '[' | '{' => depth += 1,
            ')' | ']' | '}' | ',' | ';' if depth == 0 => return &text[..at],
            ')' | ']' | '}' => depth -= 1,
            _ => {}
        }
    }
    text
}

/// The plain string literals (`'fr'`, `"/docs/support"`, and template
/// literals without `${…}`) in a piece of JS, in order.
pub(super) fn string_literals(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if !matches!(c, '\'' | '"' | '`') {
            continue;
        }
        let mut literal = String::new();
        let mut plain = true;
        let mut escaped = false;
        for inner in chars.by_ref() {
            if escaped {
                escaped = false;
                literal.push(inner);
            } else if inner == '\\' {
                escaped = true;
            } else if inner == c {
                break;
            } else {
                plain &= !(c == '`' && inner == '$');
                literal.push(inner);
            }
        }
        if plain {
            out.push(literal);
        }
    }
    out
}

/// A relative module path (`./src/plugins/x`) as a file in the site
/// folder, trying the extensions a bundler would; never outside `dir`.
pub(super) fn local_module(dir: &Path, specifier: &str) -> Option<(String, PathBuf)> {
    if !(specifier.starts_with("./") || specifier.starts_with("../")) {
        return None;
    }
    let root = dir.canonicalize().ok()?;
    [
        "",
        ".ts",
        ".js",
        ".mjs",
        ".cjs",
        ".mts",
        "/index.ts",
        "/index.js",
    ]
    .iter()
    .map(|ext| dir.join(format!("{specifier}{ext}")))
    .find(|path| path.is_file())
    .and_then(|path| path.canonicalize().ok())
    .filter(|path| path.starts_with(&root))
    .map(|path| {
        let shown = path
            .strip_prefix(&root)
            .map(|p| p.to_string_lossy().replace('\\', "/"))
            .unwrap_or_default();
        (shown, path)
    })
}

/// The local JS/TS modules a config file imports, with their text.
pub(super) fn local_modules(dir: &Path, text: &str) -> Vec<(String, String)> {
    regex(r#"(?m)^\s*import\s[^;]*?\bfrom\s*['"](\.{1,2}/[^'"]+)['"]"#)
        .captures_iter(text)
        .filter_map(|c| c.get(1))
        .filter(|specifier| !specifier.as_str().ends_with(".json"))
        .filter_map(|specifier| local_module(dir, specifier.as_str()))
        .filter_map(|(shown, path)| {
            let text = crate::contained::read_config_file(&path).ok()?;
            Some((shown, without_comments(&text)))
        })
        .collect()
}

/// The expression of `const NAME = …` up to its `;` (or the end of its brackets).
pub(super) fn const_definition<'t>(text: &'t str, name: &str) -> Option<&'t str> {
    let pattern = regex(&format!(
        r"(?m)^\s*(?:export\s+)?(?:const|let|var)\s+{}\s*(?::[^=]+)?=",
        regex::escape(name)
    ));
    let start = pattern.find(text)?.end();
    let rest = &text[start..];
    let mut depth = 0usize;
    for (offset, c) in code_chars(rest) {
        match c {
            '(' | '[' | '{' => depth += 1,
            ')' | ']' | '}' => depth = depth.saturating_sub(1),
            ';' if depth == 0 => return Some(&rest[..offset]),
            _ => {}
        }
    }
    Some(rest)
}

/// The text inside the brackets that open at `open` (which must be `(`, `[` or `{`).
pub(super) fn balanced(text: &str, open: usize) -> Option<&str> {
    let rest = text.get(open..)?;
    if !rest.starts_with(['(', '[', '{']) {
        return None;
    }
    let mut depth = 0usize;
    for (offset, c) in code_chars(rest) {
        match c {
            '(' | '[' | '{' => depth += 1,
            ')' | ']' | '}' => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    return rest.get(1..offset);
                }
            }
            _ => {}
        }
    }
    None
}

/// JavaScript code with its comments blanked out (line breaks kept), so
/// that a commented-out option is not read as set.
pub(super) fn without_comments(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\'' | '"' | '`' => {
                out.push(c);
                let mut escaped = false;
                for inner in chars.by_ref() {
                    out.push(inner);
                    if escaped {
                        escaped = false;
                    } else if inner == '\\' {
                        escaped = true;
                    } else if inner == c {
                        break;
                    }
                }
            }
            '/' if chars.peek() == Some(&'/') => {
                for inner in chars.by_ref() {
                    if inner == '\n' {
                        out.push('\n');
                        break;
                    }
                }
            }
            '/' if chars.peek() == Some(&'*') => {
                chars.next();
                let mut star = false;
                for inner in chars.by_ref() {
                    if inner == '\n' {
                        out.push('\n');
                    }
                    if star && inner == '/' {
                        break;
                    }
                    star = inner == '*';
                }
                out.push(' ');
            }
            _ => out.push(c),
        }
    }
    out
}

/// The characters of JavaScript code with their byte offsets, skipping
/// strings and comments so that their brackets do not count.
pub(super) fn code_chars(text: &str) -> impl Iterator<Item = (usize, char)> + '_ {
    let mut chars = text.char_indices().peekable();
    std::iter::from_fn(move || loop {
        let (offset, c) = chars.next()?;
        match c {
            '\'' | '"' | '`' => {
                let mut escaped = false;
                for (_, inner) in chars.by_ref() {
                    if escaped {
                        escaped = false;
                    } else if inner == '\\' {
                        escaped = true;
                    } else if inner == c {
                        break;
                    }
                }
            }
            '/' if chars.peek().map(|&(_, next)| next) == Some('/') => {
                for (_, inner) in chars.by_ref() {
                    if inner == '\n' {
                        break;
                    }
                }
            }
            '/' if chars.peek().map(|&(_, next)| next) == Some('*') => {
                let mut star = false;
                for (_, inner) in chars.by_ref() {
                    if star && inner == '/' {
                        break;
                    }
                    star = inner == '*';
                }
            }
            _ => return Some((offset, c)),
        }
    })
}

/// `text` after its leading whitespace and comments.
pub(super) fn skip_comments(mut text: &str) -> &str {
    loop {
        text = text.trim_start();
        if let Some(rest) = text.strip_prefix("//") {
            text = rest.split_once('\n').map_or("", |(_, after)| after);
        } else if let Some(rest) = text.strip_prefix("/*") {
            text = rest.split_once("*/").map_or("", |(_, after)| after);
        } else {
            return text;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn commented_out_options_are_not_read() {
        let code = "docs: {\n  // routeBasePath: '/',\n  /* path: 'x', */ path: 'docs', url: 'https://a.b//c'\n}";
        let text = without_comments(code);
        assert!(!text.contains("routeBasePath"));
        assert!(!text.contains("'x'"));
        assert!(text.contains("path: 'docs', url: 'https://a.b//c'"));
        assert_eq!(text.lines().count(), code.lines().count());
    }
}
