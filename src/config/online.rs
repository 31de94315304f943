//! `[online]`: how `--online` checks external links and remote images.

use std::time::Duration;

use toml::de::{DeTable, DeValue};

use super::{keys, number, span_of, Item, Reader};
use crate::online::address::Cidr;

#[derive(Clone, Debug)]
pub struct OnlineSettings {
    /// Requests in flight at once, over all hosts.
    pub concurrency: usize,
    /// Requests in flight at once to one host.
    pub per_host: usize,
    /// The least time between the starts of two requests to one host.
    pub host_interval: Duration,
    /// How long one request may take, connecting included.
    pub timeout: Duration,
    /// How long the whole online phase may take; URLs not checked by then are left unchecked.
    pub budget: Duration,
    pub max_redirects: usize,
    /// Retries after 429, 503 and failed connections.
    pub retries: usize,
    /// A longer `Retry-After` is not waited for: the URL is reported as rate limited.
    pub max_retry_wait: Duration,
    /// Status codes that count as working, besides 2xx.
    pub accept: Vec<u16>,
    /// URLs matching any of these regexes are not checked.
    pub exclude: Vec<regex::Regex>,
    /// Address ranges that may be requested although private, loopback or link-local.
    pub allow_addresses: Vec<Cidr>,
    pub user_agent: String,
    /// How long a working URL's result is kept in the cache.
    pub success_ttl: Duration,
    /// How long a broken URL's result is kept (transient failures are never kept).
    pub failure_ttl: Duration,
}

impl Default for OnlineSettings {
    fn default() -> Self {
        OnlineSettings {
            concurrency: 64,
            per_host: 4,
            host_interval: Duration::from_millis(50),
            timeout: Duration::from_secs(10),
            budget: Duration::from_secs(300),
            max_redirects: 10,
            retries: 2,
            max_retry_wait: Duration::from_secs(30),
            accept: Vec::new(),
            exclude: Vec::new(),
            allow_addresses: Vec::new(),
            user_agent: format!(
                "proofmark/{} (Markdown link checker)",
                env!("CARGO_PKG_VERSION")
            ),
            success_ttl: Duration::from_secs(7 * 24 * 3600),
            failure_ttl: Duration::from_secs(24 * 3600),
        }
    }
}

/// `"250ms"`, `"10s"`, `"5m"`, `"2h"`, `"7d"`; `None` for anything else.
pub fn parse_duration(text: &str) -> Option<Duration> {
    let text = text.trim();
    let split = text.find(|c: char| !c.is_ascii_digit() && c != '.')?;
    let (number, unit) = text.split_at(split);
    let number: f64 = number.parse().ok()?;
    let seconds = match unit.trim() {
        "ms" => number / 1000.0,
        "s" => number,
        "m" | "min" => number * 60.0,
        "h" => number * 3600.0,
        "d" => number * 86400.0,
        _ => return None,
    };
    Duration::try_from_secs_f64(seconds).ok()
}

impl Reader<'_> {
    pub(super) fn read_online(&mut self, table: &DeTable<'_>, online: &mut OnlineSettings) {
        self.known_keys(table, keys::ONLINE, "[online]");
        for (key, item) in table {
            let key = key.get_ref().as_ref();
            let what = format!("online.{key}");
            match key {
                "concurrency" | "per-host" | "max-redirects" | "retries" => {
                    let Some(count) = self.count(item, &what) else {
                        continue;
                    };
                    let minimum = usize::from(key == "concurrency" || key == "per-host");
                    if count < minimum {
                        self.error(
                            Some(span_of(item)),
                            format!("{what} must be at least {minimum}"),
                            None,
                        );
                        continue;
                    }
                    match key {
                        "concurrency" => online.concurrency = count,
                        "per-host" => online.per_host = count,
                        "max-redirects" => online.max_redirects = count,
                        _ => online.retries = count,
                    }
                }
                "host-interval" | "timeout" | "budget" | "max-retry-wait" | "success-ttl"
                | "failure-ttl" => {
                    let Some(duration) = self.duration(item, &what) else {
                        continue;
                    };
                    match key {
                        "host-interval" => online.host_interval = duration,
                        "timeout" => online.timeout = duration,
                        "budget" => online.budget = duration,
                        "max-retry-wait" => online.max_retry_wait = duration,
                        "success-ttl" => online.success_ttl = duration,
                        _ => online.failure_ttl = duration,
                    }
                }
                "accept" => online.accept = self.status_codes(item, &what),
                "exclude" => {
                    online.exclude = self
                        .strings(item, &what)
                        .into_iter()
                        .filter_map(|(pattern, span)| match regex::Regex::new(&pattern) {
                            Ok(regex) => Some(regex),
                            Err(error) => {
                                self.error(
                                    Some(span),
                                    format!(
                                        "invalid regex in {what}: {}",
                                        error.to_string().lines().last().unwrap_or("")
                                    ),
                                    None,
                                );
                                None
                            }
                        })
                        .collect();
                }
                "allow-addresses" => {
                    online.allow_addresses = self
                        .strings(item, &what)
                        .into_iter()
                        .filter_map(|(range, span)| match range.parse::<Cidr>() {
                            Ok(cidr) => Some(cidr),
                            Err(problem) => {
                                self.error(
                                    Some(span),
                                    format!("`{range}` in {what} is not an address range: {problem}"),
                                    Some("write an address or a range: `127.0.0.1`, `10.0.0.0/8`, `::1/128`".into()),
                                );
                                None
                            }
                        })
                        .collect();
                }
                "user-agent" => {
                    if let Some(agent) = self.string(item, &what) {
                        if agent.trim().is_empty() || agent.contains(['\r', '\n']) {
                            self.error(
                                Some(span_of(item)),
                                format!("{what} must be one non-empty line"),
                                None,
                            );
                        } else {
                            online.user_agent = agent;
                        }
                    }
                }
                _ => {}
            }
        }
    }

    /// A duration: a string with a unit (`"10s"`) or a number of seconds.
    fn duration(&mut self, item: &Item<'_>, what: &str) -> Option<Duration> {
        let parsed = match item.get_ref() {
            DeValue::String(text) => parse_duration(text),
            _ => number(item).and_then(|seconds| Duration::try_from_secs_f64(seconds).ok()),
        };
        if parsed.is_none() {
            self.error(
                Some(span_of(item)),
                format!("{what} must be a duration"),
                Some("write a number of seconds, or a string with a unit: \"250ms\", \"10s\", \"5m\", \"2h\", \"7d\"".into()),
            );
        }
        parsed
    }

    fn status_codes(&mut self, item: &Item<'_>, what: &str) -> Vec<u16> {
        let items: Vec<&Item<'_>> = match item.get_ref() {
            DeValue::Array(items) => items.iter().collect(),
            _ => vec![item],
        };
        items
            .into_iter()
            .filter_map(|item| {
                let code = match item.get_ref() {
                    DeValue::Integer(i) if i.radix() == 10 => i.as_str().parse::<u16>().ok(),
                    _ => None,
                }
                .filter(|code| (100..=599).contains(code));
                if code.is_none() {
                    self.error(
                        Some(span_of(item)),
                        format!("each entry of {what} must be an HTTP status code (100 to 599)"),
                        None,
                    );
                }
                code
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_take_a_unit() {
        assert_eq!(parse_duration("250ms"), Some(Duration::from_millis(250)));
        assert_eq!(parse_duration("10s"), Some(Duration::from_secs(10)));
        assert_eq!(parse_duration("1.5m"), Some(Duration::from_secs(90)));
        assert_eq!(parse_duration("7d"), Some(Duration::from_secs(7 * 86400)));
        assert_eq!(parse_duration("10"), None);
        assert_eq!(parse_duration("10 parsecs"), None);
        assert_eq!(parse_duration("s"), None);
        assert_eq!(parse_duration("-1s"), None);
    }
}
