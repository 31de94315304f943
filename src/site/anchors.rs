//! A page's anchors (heading ids, HTML ids), kept as one newline-separated
//! string: a site has hundreds of thousands of them, and one allocation per
//! page instead of per id is what keeps the index and its cache cheap.

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Anchors(String);

/// The entry that marks an open set; no HTML id is a lone control character.
const OPEN: &str = "\u{1}";

impl Anchors {
    pub fn new<'a>(ids: impl IntoIterator<Item = &'a str>) -> Anchors {
        let mut anchors = Anchors::default();
        anchors.extend(ids);
        anchors
    }

    /// The stored form, for the cache.
    pub fn as_text(&self) -> &str {
        &self.0
    }

    pub fn from_text(text: String) -> Anchors {
        Anchors(text)
    }

    /// Whether the page has the id (an open set has every id). Looked for
    /// in the stored text, not entry by entry.
    pub fn contains(&self, id: &str) -> bool {
        if self.is_open() {
            return true;
        }
        if id.is_empty() || id == OPEN {
            return false;
        }
        let text = self.0.as_bytes();
        memchr::memmem::find_iter(text, id.as_bytes()).any(|at| {
            let end = at + id.len();
            (at == 0 || text[at - 1] == b'\n') && text.get(end).is_none_or(|&b| b == b'\n')
        })
    }

    /// The ids known; an open set may have more.
    pub fn iter(&self) -> impl Iterator<Item = &str> {
        self.0
            .split('\n')
            .filter(|id| !id.is_empty() && *id != OPEN)
    }

    /// Marks the page's ids as not all known (components the page renders
    /// make some at run time): every fragment is then taken as found.
    pub fn open(&mut self) {
        if !self.is_open() {
            self.0.insert(0, '\n');
            self.0.insert_str(0, OPEN);
        }
    }

    /// The marker, when there is one, is the first entry.
    pub fn is_open(&self) -> bool {
        self.0.starts_with(OPEN)
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Adds ids; an id with a line break cannot be linked to and is left out.
    pub fn extend<'a>(&mut self, ids: impl IntoIterator<Item = &'a str>) {
        for id in ids {
            if id.is_empty() || id.contains('\n') {
                continue;
            }
            if !self.0.is_empty() {
                self.0.push('\n');
            }
            self.0.push_str(id);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn anchors_hold_ids_and_nothing_else() {
        let mut anchors = Anchors::new(["intro", "", "über-uns"]);
        anchors.extend(["a\nb", "setup"]);
        assert!(
            anchors.contains("intro") && anchors.contains("über-uns") && anchors.contains("setup")
        );
        assert!(!anchors.contains("") && !anchors.contains("a") && !anchors.contains("intr"));
        assert_eq!(anchors.iter().count(), 3);
        assert_eq!(Anchors::from_text(anchors.as_text().to_string()), anchors);
        assert!(!anchors.is_open());
        anchors.open();
        assert!(anchors.contains("anything") && anchors.is_open());
        assert_eq!(anchors.iter().count(), 3);
        let reread = Anchors::from_text(anchors.as_text().to_string());
        assert!(reread.is_open());
    }

    #[test]
    fn an_id_is_found_only_as_a_whole_entry() {
        let ids = ["intro-2", "my-intro", "intro", "a", "ab", "b-a", "\u{1}x"];
        let anchors = Anchors::new(ids);
        let asked = [
            "intro",
            "intro-2",
            "my-intro",
            "ntro",
            "intro-",
            "a",
            "b",
            "ab",
            "b-a",
            "-a",
            "\u{1}",
            "\u{1}x",
            "x",
            "intro\nmy-intro",
        ];
        for id in asked {
            let entry_by_entry = anchors.iter().any(|known| known == id);
            assert_eq!(anchors.contains(id), entry_by_entry, "{id:?}");
        }
        // A lone marker entry is no id, wherever it is.
        let mut late = Anchors::new(["x"]);
        late.extend(["\u{1}"]);
        assert!(!late.contains("\u{1}") && late.contains("x"));
    }
}
