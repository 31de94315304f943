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

    pub fn contains(&self, id: &str) -> bool {
        self.is_open() || self.iter().any(|known| known == id)
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
}
