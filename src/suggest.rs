//! "Did you mean": the closest known name to a misspelt one.

/// The candidate closest to `word`, if it is close enough to be a likely typo.
pub fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let lower = word.to_lowercase();
    let length = lower.chars().count();
    let mut best: Option<(f64, &'a str)> = None;
    for candidate in candidates {
        if candidate == word {
            continue;
        }
        // Jaro-Winkler cannot reach the threshold when one string is more
        // than four times the other: skip those without computing.
        let other = candidate.chars().count();
        if other * 4 < length || length * 4 < other {
            continue;
        }
        let score = if candidate.chars().any(char::is_uppercase) {
            strsim::jaro_winkler(&lower, &candidate.to_lowercase())
        } else {
            strsim::jaro_winkler(&lower, candidate)
        };
        let better = match best {
            None => true,
            Some((top, name)) => score > top || (score == top && candidate < name),
        };
        if score >= 0.85 && better {
            best = Some((score, candidate));
        }
    }
    best.map(|(_, candidate)| candidate)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn close_names_are_suggested_and_far_ones_are_not() {
        let known = ["category", "tags", "title", "excerpt"];
        assert_eq!(did_you_mean("catgory", known), Some("category"));
        assert_eq!(did_you_mean("Title", known), Some("title"));
        assert_eq!(did_you_mean("zebra", known), None);
    }
}
