//! The online results cache: what each URL answered and when, kept between
//! runs so that a second run asks the network nothing it already knows.
//! Working URLs are trusted for `success-ttl`, broken ones for the shorter
//! `failure-ttl`; timeouts, rate limits, refused addresses and server
//! errors are never kept.

use std::collections::BTreeMap;
use std::path::Path;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};

use super::outcome::{Lifetime, Outcome};
use crate::config::online::OnlineSettings;

pub const FILE_NAME: &str = "online.json";
const VERSION: u32 = 1;

#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct OnlineCache {
    version: u32,
    /// URL → (seconds since 1970 when checked, outcome).
    entries: BTreeMap<String, Entry>,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
struct Entry {
    checked: u64,
    outcome: Outcome,
}

pub fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0)
}

impl OnlineCache {
    /// The cache at `path`; empty when missing, unreadable or of another version.
    pub fn load(path: &Path) -> OnlineCache {
        crate::contained::read_regular(
            path,
            crate::cache::CACHE_LIMIT,
            crate::contained::Links::Refuse,
        )
        .ok()
        .and_then(|bytes| serde_json::from_slice::<OnlineCache>(&bytes).ok())
        .filter(|cache| cache.version == VERSION)
        .unwrap_or_default()
    }

    /// The outcome of `url` if it was checked recently enough.
    pub fn fresh(&self, url: &str, settings: &OnlineSettings, now: u64) -> Option<&Outcome> {
        let entry = self.entries.get(url)?;
        let ttl = match entry.outcome.lifetime() {
            Lifetime::Success => settings.success_ttl,
            Lifetime::Failure => settings.failure_ttl,
            Lifetime::Transient => Duration::ZERO,
        };
        let age = now.checked_sub(entry.checked)?;
        (Duration::from_secs(age) < ttl).then_some(&entry.outcome)
    }

    /// Keeps `outcome` unless it is transient.
    pub fn record(&mut self, url: &str, outcome: &Outcome, now: u64) {
        if outcome.lifetime() != Lifetime::Transient {
            self.entries.insert(
                url.to_string(),
                Entry {
                    checked: now,
                    outcome: outcome.clone(),
                },
            );
        }
    }

    /// Drops entries no setting could still use.
    pub fn forget_expired(&mut self, settings: &OnlineSettings, now: u64) {
        let longest = settings.success_ttl.max(settings.failure_ttl).as_secs();
        self.entries
            .retain(|_, entry| now.saturating_sub(entry.checked) < longest);
    }

    pub fn save(&mut self, path: &Path) -> std::io::Result<()> {
        self.version = VERSION;
        let bytes = serde_json::to_vec(self).map_err(std::io::Error::other)?;
        crate::cache::write_atomically(path, &bytes)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answered(status: u16) -> Outcome {
        Outcome::Answered {
            status,
            final_url: None,
            permanent: false,
            content_type: None,
        }
    }

    #[test]
    fn failures_expire_before_successes_and_transients_are_not_kept() {
        let settings = OnlineSettings::default();
        let mut cache = OnlineCache::default();
        let then = 1_000_000;
        cache.record("https://a.example/", &answered(200), then);
        cache.record("https://b.example/", &answered(404), then);
        cache.record("https://c.example/", &Outcome::TimedOut, then);
        let hours = |h: u64| then + h * 3600;
        assert!(cache
            .fresh("https://a.example/", &settings, hours(2))
            .is_some());
        assert!(cache
            .fresh("https://b.example/", &settings, hours(2))
            .is_some());
        assert!(cache.fresh("https://c.example/", &settings, then).is_none());
        assert!(cache
            .fresh("https://b.example/", &settings, hours(25))
            .is_none());
        assert!(cache
            .fresh("https://a.example/", &settings, hours(25))
            .is_some());
        assert!(cache
            .fresh("https://a.example/", &settings, hours(7 * 24 + 1))
            .is_none());
        // A clock that went backwards trusts nothing.
        assert!(cache
            .fresh("https://a.example/", &settings, then - 1)
            .is_none());
    }

    #[test]
    fn a_damaged_cache_is_empty() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(FILE_NAME);
        std::fs::write(&path, b"{\"version\": 1, \"entries\": {\"x\": ").unwrap();
        assert!(OnlineCache::load(&path).entries.is_empty());
        let mut cache = OnlineCache::default();
        cache.record("https://a.example/", &answered(200), 5);
        cache.save(&path).unwrap();
        assert_eq!(OnlineCache::load(&path).entries.len(), 1);
        assert!(dir.path().join(".gitignore").exists());
    }
}
