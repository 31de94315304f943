//! Just enough URL splitting for links in articles: scheme, host, path,
//! query and fragment, plus percent-decoding. Links are text written by
//! people and tools, so nothing here fails: odd input comes back as a path.

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Parts<'a> {
    /// Lower-cased scheme, when the link has one (`https`, `mailto`).
    pub scheme: Option<String>,
    /// `host[:port]`, lower-cased, for `scheme://host` and `//host` links.
    pub host: Option<String>,
    pub path: &'a str,
    pub query: Option<&'a str>,
    pub fragment: Option<&'a str>,
    /// `https:/x`, `https:x`: a web scheme without `//`.
    pub missing_slashes: bool,
}

pub fn split(link: &str) -> Parts<'_> {
    let (rest, fragment) = match link.find('#') {
        Some(at) => (&link[..at], Some(&link[at + 1..])),
        None => (link, None),
    };
    let (rest, query) = match rest.find('?') {
        Some(at) => (&rest[..at], Some(&rest[at + 1..])),
        None => (rest, None),
    };
    let mut parts = Parts {
        scheme: None,
        host: None,
        path: rest,
        query,
        fragment,
        missing_slashes: false,
    };
    let after_scheme = match scheme_end(rest) {
        Some(colon) => {
            let scheme = rest[..colon].to_ascii_lowercase();
            let after = &rest[colon + 1..];
            if matches!(scheme.as_str(), "http" | "https") && !after.starts_with("//") {
                parts.missing_slashes = true;
            }
            parts.scheme = Some(scheme);
            after
        }
        None => rest,
    };
    match after_scheme.strip_prefix("//") {
        Some(authority_and_path) => {
            let end = authority_and_path
                .find('/')
                .unwrap_or(authority_and_path.len());
            let authority = &authority_and_path[..end];
            let host = authority.rsplit('@').next().unwrap_or(authority);
            parts.host = Some(host.to_ascii_lowercase());
            parts.path = &authority_and_path[end..];
        }
        None => parts.path = after_scheme,
    }
    parts
}

/// The end of a URL scheme (`https:`), if `text` starts with one.
fn scheme_end(text: &str) -> Option<usize> {
    // Read no further than the scheme's characters go: a path has none.
    let bytes = text.as_bytes();
    if !bytes.first()?.is_ascii_alphabetic() {
        return None;
    }
    let length = bytes
        .iter()
        .position(|&b| !(b.is_ascii_alphanumeric() || matches!(b, b'+' | b'-' | b'.')))?;
    // One letter is a Windows drive (`C:`), not a scheme.
    (bytes[length] == b':' && length > 1).then_some(length)
}

/// The site path a Liquid destination renders to, where it says so
/// plainly: `{{ '/x.png' | relative_url }}`, `{{ site.baseurl }}/x.png`,
/// `{{ site.url }}{{ site.baseurl }}/x.png` all name `/x.png` under the
/// site's source folder. Any other template syntax gives `None`: what it
/// renders to is not known.
pub fn liquid_site_path(destination: &str) -> Option<String> {
    let text = destination.trim();
    if let Some(inner) = text
        .strip_prefix("{{")
        .and_then(|rest| rest.strip_suffix("}}"))
    {
        let (literal, filter) = inner.split_once('|')?;
        let filter = filter.trim();
        if !(filter == "relative_url" || filter == "absolute_url") {
            return None;
        }
        let literal = literal.trim();
        let unquoted = literal
            .strip_prefix('\'')
            .and_then(|l| l.strip_suffix('\''))
            .or_else(|| literal.strip_prefix('"').and_then(|l| l.strip_suffix('"')))?;
        if unquoted.contains(['{', '}', '\'', '"']) {
            return None;
        }
        return Some(format!("/{}", unquoted.trim_start_matches('/')));
    }
    let mut rest = text;
    let mut prefixed = false;
    while let Some(after) = rest.strip_prefix("{{") {
        let end = after.find("}}")?;
        if !matches!(after[..end].trim(), "site.url" | "site.baseurl") {
            return None;
        }
        rest = &after[end + 2..];
        prefixed = true;
    }
    (prefixed && rest.starts_with('/') && !rest.contains("{{") && !rest.contains("{%"))
        .then(|| rest.to_string())
}

/// Decodes `%XX` escapes; invalid escapes and non-UTF-8 results stay as written.
pub fn percent_decode(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.contains('%') {
        return text.into();
    }
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            let hex = |b: u8| (b as char).to_digit(16);
            if let (Some(high), Some(low)) = (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                out.push((high * 16 + low) as u8);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    match String::from_utf8(out) {
        Ok(decoded) => decoded.into(),
        Err(_) => text.into(),
    }
}

/// Resolves `.` and `..` segments and collapses `//` in a URL path.
pub fn normalize_path(path: &str) -> String {
    if is_normal_path(path) {
        return path.to_string();
    }
    normalize_segments(path)
}

/// [`normalize_path`] a segment at a time.
fn normalize_segments(path: &str) -> String {
    let trailing = path.ends_with('/') || path.ends_with("/.") || path.ends_with("/..");
    let mut segments: Vec<&str> = Vec::new();
    for segment in path.split('/') {
        match segment {
            "" | "." => {}
            ".." => {
                segments.pop();
            }
            other => segments.push(other),
        }
    }
    let mut out = String::with_capacity(path.len() + 1);
    for segment in &segments {
        out.push('/');
        out.push_str(segment);
    }
    if trailing || out.is_empty() {
        out.push('/');
    }
    out
}

/// Whether `normalize_path` would give `path` back as it is: it starts
/// with `/`, and no segment is empty (but a trailing one), `.` or `..`.
fn is_normal_path(path: &str) -> bool {
    let bytes = path.as_bytes();
    bytes.first() == Some(&b'/') && crate::discover::segments_are_plain(bytes)
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_scheme_is_letters_digits_and_plus_minus_dot_before_the_first_colon() {
        let by_the_first_colon = |text: &str| -> Option<usize> {
            let colon = text.find(':')?;
            let scheme = &text[..colon];
            let first = scheme.chars().next()?;
            (first.is_ascii_alphabetic()
                && scheme.len() > 1
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c)))
            .then_some(colon)
        };
        for text in [
            "https://x",
            "http:x",
            "C:/x",
            "mailto:a@b",
            "/a:b",
            "a b:c",
            "x+y.z-w:rest",
            "",
            ":",
            "ab",
            "1a:b",
            "ab:",
            "é:x",
            "a:b:c",
            "ab/c:d",
            "../x:y",
        ] {
            assert_eq!(
                super::scheme_end(text),
                by_the_first_colon(text),
                "{text:?}"
            );
        }
    }

    #[test]
    fn normal_paths_are_given_back_as_they_are_and_others_normalised() {
        for path in [
            "/",
            "/a",
            "/a/",
            "/a/b.c",
            "/.well-known/x",
            "/a/..b/",
            "/a/b..",
            "/a/.b",
            "",
            "a/b",
            "//a",
            "/a//b",
            "/a/./b",
            "/a/../b",
            "/a/.",
            "/a/..",
            "/./",
            "/../a",
            "/a/b/.",
            "/a/b/..",
        ] {
            let slow = super::normalize_segments(path);
            assert_eq!(super::normalize_path(path), slow, "{path:?}");
            assert_eq!(super::is_normal_path(path), slow == path, "{path:?}");
        }
    }

    #[test]
    fn liquid_destinations_render_to_site_paths() {
        let path = |d: &str| super::liquid_site_path(d);
        assert_eq!(
            path("{{ '/assets/a.png' | relative_url }}").as_deref(),
            Some("/assets/a.png")
        );
        assert_eq!(
            path("{{ \"assets/a.png\" | absolute_url }}").as_deref(),
            Some("/assets/a.png")
        );
        assert_eq!(
            path("{{ site.url }}{{ site.baseurl }}/assets/a.png").as_deref(),
            Some("/assets/a.png")
        );
        assert_eq!(path("{{ page.image | relative_url }}"), None);
        assert_eq!(path("{{ site.data.x }}/a.png"), None);
        assert_eq!(path("{% link a.md %}"), None);
        assert_eq!(path("{{ site.baseurl }}{{ page.x }}"), None);
    }

    use super::*;

    #[test]
    fn links_split_into_their_parts() {
        let parts = split("https://Example.com/a/b?x=1#top");
        assert_eq!(parts.scheme.as_deref(), Some("https"));
        assert_eq!(parts.host.as_deref(), Some("example.com"));
        assert_eq!(
            (parts.path, parts.query, parts.fragment),
            ("/a/b", Some("x=1"), Some("top"))
        );
        let relative = split("../x.md#y");
        assert_eq!(
            (relative.scheme, relative.host, relative.path),
            (None, None, "../x.md")
        );
        assert_eq!(
            split("//cdn.example.com/i.png").host.as_deref(),
            Some("cdn.example.com")
        );
        assert!(split("https:/example.com/x").missing_slashes);
        assert_eq!(split("mailto:a@b.c").scheme.as_deref(), Some("mailto"));
        assert_eq!(split("C:/x.md").scheme, None);
    }

    #[test]
    fn paths_normalize_and_decode() {
        assert_eq!(normalize_path("/a//b/./c/../d/"), "/a/b/d/");
        assert_eq!(normalize_path("/../x"), "/x");
        assert_eq!(normalize_path(""), "/");
        assert_eq!(percent_decode("/caf%C3%A9%20x"), "/café x");
        assert_eq!(percent_decode("/100%"), "/100%");
        assert_eq!(percent_decode("/%zz"), "/%zz");
    }
}
