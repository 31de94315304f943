//! `--online`: external links and remote images checked over HTTP before
//! the rules run. The rules stay pure: they read the [`OnlineResults`]
//! table this module fills. Without `--online` nothing here runs and no
//! socket is opened.

pub mod address;
pub mod cache;
mod http;
pub mod outcome;

use std::collections::{BTreeSet, HashMap};
use std::path::Path;
use std::sync::mpsc::Sender;

use crate::config::online::OnlineSettings;
use cache::OnlineCache;
use outcome::Outcome;

/// What checking each URL found, by request URL (see [`request_url`]).
#[derive(Clone, Debug, Default)]
pub struct OnlineResults {
    outcomes: HashMap<String, Outcome>,
}

impl OnlineResults {
    /// What `destination` (a link or image source as written) answered, if it was checked.
    pub fn get(&self, destination: &str) -> Option<(&str, &Outcome)> {
        let url = request_url(destination)?;
        self.outcomes
            .get_key_value(&url)
            .map(|(url, outcome)| (url.as_str(), outcome))
    }
}

/// How far the checks are, sent after each URL for a progress bar.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Progress {
    pub checked: usize,
    pub total: usize,
    /// URLs checked so far whose outcome is not a working page.
    pub failed: usize,
}

/// The URL requested for a link or image written as `destination`: an
/// absolute `http`/`https` URL (or `//host/…`, taken as https), without its
/// fragment. `None` for anything else.
pub fn request_url(destination: &str) -> Option<String> {
    let destination = destination.trim();
    let absolute = match destination.strip_prefix("//") {
        Some(rest) => format!("https://{rest}"),
        None => destination.to_string(),
    };
    // `https:///path` has no host, whatever a browser makes of it.
    let (_, after_scheme) = absolute.split_once("://")?;
    if after_scheme.starts_with(['/', '\\']) {
        return None;
    }
    let mut url = url::Url::parse(&absolute).ok()?;
    if !matches!(url.scheme(), "http" | "https") {
        return None;
    }
    url.host_str().filter(|host| !host.is_empty())?;
    url.set_fragment(None);
    Some(url.into())
}

/// Checks `urls` (request URLs), using and refreshing the cache at
/// `cache_path`. Returns the results and notes about the run as a whole.
pub fn check_urls(
    urls: BTreeSet<String>,
    settings: &OnlineSettings,
    cache_path: Option<&Path>,
    progress: Option<&Sender<Progress>>,
) -> (OnlineResults, Vec<String>) {
    let mut notes = Vec::new();
    let now = cache::now();
    let mut cache = cache_path.map(OnlineCache::load).unwrap_or_default();
    let mut outcomes = HashMap::with_capacity(urls.len());
    let mut to_check = Vec::new();
    for url in urls {
        match cache.fresh(&url, settings, now) {
            Some(outcome) => {
                outcomes.insert(url, outcome.clone());
            }
            None => to_check.push(url),
        }
    }
    let total = outcomes.len() + to_check.len();
    let mut failed = outcomes.values().filter(|o| is_failure(o)).count();
    let report = |checked: usize, failed: usize| {
        if let Some(progress) = progress {
            let _ = progress.send(Progress {
                checked,
                total,
                failed,
            });
        }
    };
    report(outcomes.len(), failed);

    if !to_check.is_empty() {
        let checked = run_checks(&to_check, settings, |url, outcome| {
            failed += usize::from(is_failure(&outcome));
            cache.record(&url, &outcome, cache::now());
            outcomes.insert(url, outcome);
            report(outcomes.len(), failed);
        });
        match checked {
            Ok(Unfinished { out_of_time, broke }) => {
                if out_of_time > 0 {
                    notes.push(format!(
                        "{out_of_time} of {total} URLs were not checked: `[online] budget` ({} s) ran out",
                        settings.budget.as_secs_f64()
                    ));
                }
                if broke > 0 {
                    notes.push(format!(
                        "{broke} URLs were not checked: their check failed inside proofmark (please report it)"
                    ));
                }
            }
            Err(problem) => notes.push(format!("online checks did not run: {problem}")),
        }
        if let Some(path) = cache_path {
            cache.forget_expired(settings, now);
            if let Err(error) = cache.save(path) {
                notes.push(format!(
                    "could not write the online cache `{}`: {error}",
                    path.display()
                ));
            }
        }
    }
    (OnlineResults { outcomes }, notes)
}

fn is_failure(outcome: &Outcome) -> bool {
    !matches!(outcome, Outcome::Answered { status, .. } if (200..300).contains(status))
}

/// URLs left without an outcome.
struct Unfinished {
    /// Not reached before the budget ran out.
    out_of_time: usize,
    /// Whose check panicked.
    broke: usize,
}

/// Checks every URL on a single-threaded runtime (the work is waiting, not
/// computing), calling `done` as each finishes.
fn run_checks(
    urls: &[String],
    settings: &OnlineSettings,
    mut done: impl FnMut(String, Outcome),
) -> Result<Unfinished, String> {
    let runtime = network_runtime()?;
    let checker = std::sync::Arc::new(http::Checker::new(settings)?);
    let unfinished = runtime.block_on(async {
        let deadline = tokio::time::Instant::now() + settings.budget;
        let mut tasks = tokio::task::JoinSet::new();
        for url in urls {
            let checker = checker.clone();
            let url = url.clone();
            tasks.spawn(async move {
                let outcome = match reqwest::Url::parse(&url) {
                    Ok(parsed) => checker.check(parsed).await,
                    Err(error) => Outcome::Unreachable {
                        error: error.to_string(),
                    },
                };
                (url, outcome)
            });
        }
        let (mut finished, mut broke) = (0, 0);
        loop {
            match tokio::time::timeout_at(deadline, tasks.join_next()).await {
                Ok(Some(Ok((url, outcome)))) => {
                    finished += 1;
                    done(url, outcome);
                }
                Ok(Some(Err(_))) => {
                    finished += 1;
                    broke += 1;
                }
                Ok(None) => break,
                Err(_) => {
                    tasks.abort_all();
                    break;
                }
            }
        }
        Ok(Unfinished {
            out_of_time: urls.len() - finished,
            broke,
        })
    });
    finish(runtime);
    unfinished
}

fn network_runtime() -> Result<tokio::runtime::Runtime, String> {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|error| format!("cannot start the network runtime: {error}"))
}

/// Ends the runtime without waiting for the name lookups still running on
/// its blocking threads (the system resolver cannot be cancelled): when
/// the budget is spent, the run ends, however slow the resolver.
fn finish(runtime: tokio::runtime::Runtime) {
    runtime.shutdown_background();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lookups_still_running_are_not_waited_for() {
        let runtime = network_runtime().unwrap();
        let started = std::time::Instant::now();
        runtime.block_on(async {
            // A lookup that a resolver that never answers would make.
            let _lookup = tokio::task::spawn_blocking(|| {
                std::thread::sleep(std::time::Duration::from_secs(60))
            });
            tokio::time::sleep(std::time::Duration::from_millis(10)).await;
        });
        finish(runtime);
        assert!(started.elapsed() < std::time::Duration::from_secs(30));
    }

    #[test]
    fn only_absolute_web_urls_are_requested() {
        assert_eq!(
            request_url("https://Example.com/a b#part").as_deref(),
            Some("https://example.com/a%20b")
        );
        assert_eq!(
            request_url("//cdn.example.com/x.png").as_deref(),
            Some("https://cdn.example.com/x.png")
        );
        assert_eq!(
            request_url("HTTP://example.com").as_deref(),
            Some("http://example.com/")
        );
        for not_web in [
            "/blog/post",
            "post.md",
            "mailto:me@example.com",
            "ftp://example.com/x",
            "https://",
            "#top",
            "https:///path",
        ] {
            assert_eq!(request_url(not_web), None, "{not_web}");
        }
    }
}
