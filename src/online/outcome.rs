//! What checking one URL found, and how the rules word it.

use serde::{Deserialize, Serialize};

use crate::config::online::OnlineSettings;
use crate::diagnostic::Severity;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Outcome {
    /// The last response of the chain, which ended after `redirects` hops.
    Answered {
        status: u16,
        /// Where the chain ended, when it left the URL.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        final_url: Option<String>,
        /// Whether a hop of the chain was permanent (301, 308).
        #[serde(default)]
        permanent: bool,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        content_type: Option<String>,
    },
    /// The host name does not resolve.
    Unresolved {
        error: String,
    },
    /// No connection (refused, reset, TLS failure).
    Unreachable {
        error: String,
    },
    TimedOut,
    /// Still 429 or 503 after the retries, or asked to wait longer than allowed.
    RateLimited {
        status: u16,
    },
    TooManyRedirects {
        last: String,
    },
    RedirectLoop {
        at: String,
    },
    /// A redirect to something that is not an http(s) URL.
    BadRedirect {
        location: String,
    },
    /// A hop would have gone to a private or local address: no request was sent there.
    Refused {
        host: String,
        address: String,
    },
}

/// How long an outcome may be reused from the cache.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Lifetime {
    Success,
    Failure,
    /// Depends on the moment or on this run's settings: never cached.
    Transient,
}

impl Outcome {
    pub fn lifetime(&self) -> Lifetime {
        match self {
            Outcome::Answered { status, .. } if (200..300).contains(status) => Lifetime::Success,
            Outcome::Answered { status, .. } if *status == 429 || *status >= 500 => {
                Lifetime::Transient
            }
            Outcome::Answered { .. }
            | Outcome::Unresolved { .. }
            | Outcome::TooManyRedirects { .. }
            | Outcome::RedirectLoop { .. }
            | Outcome::BadRedirect { .. } => Lifetime::Failure,
            Outcome::Unreachable { .. }
            | Outcome::TimedOut
            | Outcome::RateLimited { .. }
            | Outcome::Refused { .. } => Lifetime::Transient,
        }
    }
}

/// Whether the URL is used as a link or as an image (which must be an image).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Usage {
    Link,
    Image,
}

/// A finding about one URL: message, help, and the highest severity it deserves.
pub struct Problem {
    pub message: String,
    pub help: String,
    pub severity: Severity,
}

fn reason(status: u16) -> &'static str {
    match status {
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        406 => "Not Acceptable",
        408 => "Request Timeout",
        410 => "Gone",
        429 => "Too Many Requests",
        451 => "Unavailable For Legal Reasons",
        500 => "Internal Server Error",
        501 => "Not Implemented",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        _ => "",
    }
}

fn status_text(status: u16) -> String {
    match reason(status) {
        "" => status.to_string(),
        reason => format!("{status} {reason}"),
    }
}

/// What is wrong with `url`, used as `usage`, given what checking it found.
pub fn problem(
    url: &str,
    outcome: &Outcome,
    usage: Usage,
    settings: &OnlineSettings,
) -> Option<Problem> {
    let what = match usage {
        Usage::Link => "link",
        Usage::Image => "image",
    };
    let error = |message: String, help: &str| {
        Some(Problem {
            message,
            help: help.to_string(),
            severity: Severity::Error,
        })
    };
    let warning = |message: String, help: String| {
        Some(Problem {
            message,
            help,
            severity: Severity::Warning,
        })
    };
    match outcome {
        Outcome::Answered {
            status,
            final_url,
            permanent,
            content_type,
        } => {
            let accepted = (200..300).contains(status) || settings.accept.contains(status);
            let via = match final_url {
                Some(to) => format!(" (after redirects to `{to}`)"),
                None => String::new(),
            };
            if !accepted {
                // A server that refuses robots (401, 403, LinkedIn's 999) or
                // a gateway that failed (502, 504) says nothing about the
                // page: worth a look, not a failed build.
                if matches!(status, 401 | 403 | 999 | 502 | 504) {
                    let help = match status {
                        502 | 504 => "a server behind the site did not answer; check it later".to_string(),
                        _ => "the server refuses proofmark, as many do with robots; if the URL works in a browser, add the code to `[online] accept` or the URL to `[online] exclude`".to_string(),
                    };
                    return warning(
                        format!(
                            "{what} `{url}` could not be verified: it answers {}{via}",
                            status_text(*status)
                        ),
                        help,
                    );
                }
                let help = match usage {
                    _ if !matches!(status, 404 | 410) => {
                        "check the URL; if the code is expected, add it to `[online] accept`"
                    }
                    Usage::Link => "the page is gone: link to where it moved, or to an archived copy",
                    Usage::Image => "the image is gone: use a copy of it, or where it moved",
                };
                return error(
                    format!("{what} `{url}` answers {}{via}", status_text(*status)),
                    help,
                );
            }
            if usage == Usage::Image {
                if let Some(kind) = content_type.as_deref() {
                    let media = kind.split(';').next().unwrap_or("").trim();
                    if !media.to_ascii_lowercase().starts_with("image/") {
                        return error(
                            format!("image `{url}` is served as `{media}`, not as an image{via}"),
                            "point the image at the image file itself, not at a page about it",
                        );
                    }
                }
            }
            match final_url {
                Some(to) if *permanent => warning(
                    format!("{what} `{url}` redirects permanently to `{to}`"),
                    format!("link to `{to}` directly"),
                ),
                _ => None,
            }
        }
        Outcome::Unresolved { error: detail } => error(
            format!("{what} `{url}`: the host does not resolve"),
            &format!("{detail}; check the host name, or whether the domain still exists"),
        ),
        Outcome::Unreachable { error: detail } => error(
            format!("{what} `{url}`: no connection"),
            &format!("{detail}; the server may be down, or the address wrong"),
        ),
        Outcome::TimedOut => warning(
            format!("{what} `{url}` did not answer within {} s", settings.timeout.as_secs_f64()),
            "the server may be slow or down; raise `[online] timeout` if it is just slow".into(),
        ),
        Outcome::RateLimited { status } => warning(
            format!(
                "{what} `{url}` could not be checked: the server answers {}",
                status_text(*status)
            ),
            match (*status, settings.retries) {
                (429, _) => "the server limits how fast it is asked: check it later, or lower `[online] per-host` and raise `host-interval`".into(),
                (_, 0) => "the server is down or overloaded; check it later".into(),
                (_, retries) => format!("the server is down or overloaded (asked {} times); check it later", retries + 1),
            },
        ),
        Outcome::TooManyRedirects { last } => error(
            format!(
                "{what} `{url}` redirects more than {} times",
                settings.max_redirects
            ),
            &format!("the last redirect went to `{last}`; link to the final page"),
        ),
        Outcome::RedirectLoop { at } => error(
            format!("{what} `{url}` redirects in a loop"),
            &format!("the chain comes back to `{at}`"),
        ),
        Outcome::BadRedirect { location } => error(
            format!("{what} `{url}` redirects to `{location}`, which is not a web address"),
            "link to the final page",
        ),
        Outcome::Refused { host, address } => warning(
            format!("{what} `{url}` not checked: `{host}` is a private or local address ({address})"),
            "proofmark does not send requests into private networks; list the range in `[online] allow-addresses` to check it".into(),
        ),
    }
}
