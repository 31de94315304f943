//! Checking URLs over HTTP: HEAD first and GET when HEAD fails, redirects
//! followed one hop at a time (each hop goes through the address guard),
//! 429 and 503 retried after `Retry-After`, and politeness per host: at
//! most `per-host` requests in flight and `host-interval` between starts.
//! Bodies are never read: the answer is the status line and the headers.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};

use reqwest::header::{HeaderMap, CONTENT_TYPE, LOCATION, RETRY_AFTER};
use reqwest::{Method, Url};
use tokio::sync::Semaphore;
use tokio::time::Instant;

use super::address::{self, AddressPolicy, Refused, Unresolved};
use super::outcome::Outcome;
use crate::article::dates::Moment;
use crate::config::online::OnlineSettings;

/// One host's share of the politeness budget.
struct HostGate {
    in_flight: Semaphore,
    /// When the next request to this host may start.
    next_start: tokio::sync::Mutex<Instant>,
}

pub struct Checker {
    client: reqwest::Client,
    settings: OnlineSettings,
    policy: AddressPolicy,
    in_flight: Semaphore,
    hosts: Mutex<HashMap<String, Arc<HostGate>>>,
}

impl Checker {
    pub fn new(settings: &OnlineSettings) -> Result<Checker, String> {
        let policy = AddressPolicy::new(&settings.allow_addresses);
        let client = reqwest::Client::builder()
            .user_agent(settings.user_agent.clone())
            .redirect(reqwest::redirect::Policy::none())
            .timeout(settings.timeout)
            .connect_timeout(settings.timeout)
            // Requests go straight to the host, through the address guard.
            .no_proxy()
            .dns_resolver(address::resolver(&policy))
            .build()
            .map_err(|error| format!("cannot start the HTTP client: {error}"))?;
        Ok(Checker {
            client,
            settings: settings.clone(),
            policy,
            in_flight: Semaphore::new(settings.concurrency.max(1)),
            hosts: Mutex::new(HashMap::new()),
        })
    }

    /// Checks one URL (an absolute http or https URL without fragment).
    pub async fn check(&self, url: Url) -> Outcome {
        let head = self.follow(&url, Method::HEAD).await;
        match head {
            // Many servers answer HEAD wrongly (405, 501, 403, even 404);
            // a failure is only believed once GET says the same.
            Outcome::Answered { status, .. } if !(200..300).contains(&status) => {
                self.follow(&url, Method::GET).await
            }
            other => other,
        }
    }

    /// Requests `url`, following redirects hop by hop.
    async fn follow(&self, url: &Url, method: Method) -> Outcome {
        let mut current = url.clone();
        let mut seen = vec![current.clone()];
        let mut permanent = false;
        let mut method = method;
        let mut hops = 0;
        loop {
            let (status, headers) = match self.send(&current, &method).await {
                Ok(answer) => answer,
                Err(outcome) => return outcome,
            };
            if matches!(status, 301 | 302 | 303 | 307 | 308) {
                if let Some(location) = headers.get(LOCATION) {
                    let location = String::from_utf8_lossy(location.as_bytes()).into_owned();
                    let next = match current.join(&location) {
                        Ok(mut next) if matches!(next.scheme(), "http" | "https") => {
                            next.set_fragment(None);
                            next
                        }
                        _ => return Outcome::BadRedirect { location },
                    };
                    permanent |= matches!(status, 301 | 308);
                    if status == 303 {
                        method = Method::GET;
                    }
                    if hops == self.settings.max_redirects {
                        return Outcome::TooManyRedirects {
                            last: next.to_string(),
                        };
                    }
                    if seen.contains(&next) {
                        return Outcome::RedirectLoop {
                            at: next.to_string(),
                        };
                    }
                    seen.push(next.clone());
                    current = next;
                    hops += 1;
                    continue;
                }
            }
            let content_type = headers
                .get(CONTENT_TYPE)
                .map(|value| String::from_utf8_lossy(value.as_bytes()).into_owned());
            return Outcome::Answered {
                status,
                final_url: (current != *url).then(|| current.to_string()),
                permanent,
                content_type,
            };
        }
    }

    /// One request, retried after 429, 503 and failed connections.
    async fn send(&self, url: &Url, method: &Method) -> Result<(u16, HeaderMap), Outcome> {
        let host = url.host_str().unwrap_or_default().to_string();
        if let Some(address) = literal_address(url) {
            if self.policy.refuses(address) {
                return Err(Outcome::Refused {
                    host,
                    address: address.to_string(),
                });
            }
        }
        let gate = self.gate(url);
        let mut attempt = 0;
        loop {
            let result = {
                // The host's turn is waited for before taking one of the
                // run's slots, so that waiting never holds a slot another
                // host could use.
                let _host_slot = gate.in_flight.acquire().await;
                self.wait_turn(&gate).await;
                let _slot = self.in_flight.acquire().await;
                self.client
                    .request(method.clone(), url.clone())
                    .send()
                    .await
                    .map(|response| (response.status().as_u16(), response.headers().clone()))
                // The response is dropped here, its body unread.
            };
            let retry_in = match &result {
                Ok((status @ (429 | 503), headers)) => {
                    let wait = retry_after(headers).unwrap_or_else(|| backoff(attempt));
                    if attempt >= self.settings.retries || wait > self.settings.max_retry_wait {
                        return Err(Outcome::RateLimited { status: *status });
                    }
                    wait
                }
                Ok(answer) => return Ok(answer.clone()),
                Err(error) => {
                    let outcome = classify(&host, error);
                    let retriable = matches!(outcome, Outcome::Unreachable { .. });
                    if !retriable || attempt >= self.settings.retries {
                        return Err(outcome);
                    }
                    backoff(attempt)
                }
            };
            attempt += 1;
            tokio::time::sleep(retry_in).await;
        }
    }

    fn gate(&self, url: &Url) -> Arc<HostGate> {
        let key = format!(
            "{}:{}",
            url.host_str().unwrap_or_default(),
            url.port_or_known_default().unwrap_or(0)
        );
        let mut hosts = self
            .hosts
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        hosts
            .entry(key)
            .or_insert_with(|| {
                Arc::new(HostGate {
                    in_flight: Semaphore::new(self.settings.per_host.max(1)),
                    next_start: tokio::sync::Mutex::new(Instant::now()),
                })
            })
            .clone()
    }

    /// Waits until this host may get the next request, and books the slot after it.
    async fn wait_turn(&self, gate: &HostGate) {
        let start = {
            let mut next = gate.next_start.lock().await;
            let start = (*next).max(Instant::now());
            *next = start + self.settings.host_interval;
            start
        };
        tokio::time::sleep_until(start).await;
    }
}

fn literal_address(url: &Url) -> Option<IpAddr> {
    match url.host()? {
        url::Host::Ipv4(v4) => Some(IpAddr::V4(v4)),
        url::Host::Ipv6(v6) => Some(IpAddr::V6(v6)),
        url::Host::Domain(_) => None,
    }
}

/// 1 s, 2 s, 4 s, …
fn backoff(attempt: usize) -> Duration {
    Duration::from_secs(1 << attempt.min(6))
}

/// What went wrong with a request that got no answer.
fn classify(host: &str, error: &reqwest::Error) -> Outcome {
    let mut source: Option<&(dyn std::error::Error + 'static)> = Some(error);
    while let Some(cause) = source {
        if let Some(Refused(address)) = cause.downcast_ref::<Refused>() {
            return Outcome::Refused {
                host: host.to_string(),
                address: address.to_string(),
            };
        }
        if let Some(Unresolved(detail)) = cause.downcast_ref::<Unresolved>() {
            return Outcome::Unresolved {
                error: detail.clone(),
            };
        }
        source = cause.source();
    }
    if error.is_timeout() {
        return Outcome::TimedOut;
    }
    Outcome::Unreachable {
        error: innermost(error),
    }
}

/// The most specific message in an error chain ("connection refused").
fn innermost(error: &reqwest::Error) -> String {
    let mut message = error.to_string();
    let mut source = std::error::Error::source(error);
    while let Some(cause) = source {
        message = cause.to_string();
        source = cause.source();
    }
    message
}

/// `Retry-After` as seconds or as an HTTP date.
fn retry_after(headers: &HeaderMap) -> Option<Duration> {
    let value = headers.get(RETRY_AFTER)?.to_str().ok()?.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let at = http_date(value)?;
    let now = SystemTime::now()
        .duration_since(SystemTime::UNIX_EPOCH)
        .ok()?
        .as_secs() as i64;
    Some(Duration::from_secs(at.saturating_sub(now).max(0) as u64))
}

/// Seconds since 1970 of an IMF-fixdate (`Sun, 06 Nov 1994 08:49:37 GMT`).
fn http_date(text: &str) -> Option<i64> {
    let fields: Vec<&str> = text.split_whitespace().collect();
    let [_, day, month, year, time, "GMT"] = fields.as_slice() else {
        return None;
    };
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let month = MONTHS.iter().position(|name| name == month)? + 1;
    let iso = format!("{year:0>4}-{month:02}-{day:0>2}T{time}Z");
    Some(Moment::parse(&iso).ok()?.timestamp())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn http_dates_parse() {
        assert_eq!(http_date("Sun, 06 Nov 1994 08:49:37 GMT"), Some(784111777));
        assert_eq!(http_date("Thu, 01 Jan 1970 00:00:00 GMT"), Some(0));
        assert_eq!(http_date("Sunday, 06-Nov-94 08:49:37 GMT"), None);
        assert_eq!(http_date("Sun, 31 Feb 1994 08:49:37 GMT"), None);
    }

    #[test]
    fn retry_after_takes_seconds_and_past_dates_mean_now() {
        let mut headers = HeaderMap::new();
        headers.insert(RETRY_AFTER, "3".parse().unwrap());
        assert_eq!(retry_after(&headers), Some(Duration::from_secs(3)));
        headers.insert(
            RETRY_AFTER,
            "Sun, 06 Nov 1994 08:49:37 GMT".parse().unwrap(),
        );
        assert_eq!(retry_after(&headers), Some(Duration::ZERO));
        headers.insert(RETRY_AFTER, "soon".parse().unwrap());
        assert_eq!(retry_after(&headers), None);
    }
}
