//! `--online` against a real HTTP server on 127.0.0.1 (wiremock), with
//! loopback explicitly allowed in the test sites' configs: statuses, HEAD
//! refused then GET, redirect chains, `Retry-After`, timeouts, content types,
//! the per-host limit as the server sees it, the cache, and the address guard.

use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use assert_cmd::Command;
use serde_json::Value;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime")
}

/// A site with one article whose body is `body`, and `[online]` settings
/// that allow loopback (unless `online` says otherwise).
fn site(body: &str, online: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    let config = format!(
        "[site]\nurl = \"http://www.example.com\"\ncontent = [\"posts\"]\n\n[online]\n{online}\n"
    );
    std::fs::write(dir.path().join("proofmark.toml"), config).expect("config");
    std::fs::create_dir(dir.path().join("posts")).expect("posts");
    std::fs::write(
        dir.path().join("posts/post.md"),
        format!("---\ntitle: Links\n---\n\n{body}"),
    )
    .expect("article");
    dir
}

const LOOPBACK: &str =
    "allow-addresses = [\"127.0.0.0/8\", \"::1\"]\nhost-interval = 0\ntimeout = \"2s\"";

struct Run {
    findings: Vec<(u64, String, String, String)>,
    notes: String,
    code: i32,
}

impl Run {
    /// The (line, rule, severity) of each finding.
    fn lines(&self) -> Vec<(u64, &str, &str)> {
        self.findings
            .iter()
            .map(|(line, rule, severity, _)| (*line, rule.as_str(), severity.as_str()))
            .collect()
    }

    fn message_on(&self, line: u64) -> &str {
        self.findings
            .iter()
            .find(|finding| finding.0 == line)
            .map(|finding| finding.3.as_str())
            .unwrap_or_else(|| panic!("no finding on line {line}: {:?}", self.findings))
    }
}

fn check(dir: &Path, args: &[&str]) -> Run {
    let output = Command::cargo_bin("proofmark")
        .expect("binary")
        .current_dir(dir)
        .args(["check", "--format", "json"])
        .args(args)
        .output()
        .expect("runs");
    let text = String::from_utf8(output.stdout).expect("UTF-8");
    let value: Value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{e}: {text}"));
    let findings = value["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .map(|d| {
            let mut message = d["message"].as_str().unwrap_or_default().to_string();
            if let Some(help) = d["help"].as_str() {
                message = format!("{message} | {help}");
            }
            (
                d["line"].as_u64().unwrap_or_default(),
                d["rule"].as_str().unwrap_or_default().to_string(),
                d["severity"].as_str().unwrap_or_default().to_string(),
                message,
            )
        })
        .collect();
    Run {
        findings,
        notes: String::from_utf8_lossy(&output.stderr).into_owned(),
        code: output.status.code().unwrap_or(-1),
    }
}

/// A server on 127.0.0.1 answering with `mocks`.
fn serve(rt: &tokio::runtime::Runtime, mocks: Vec<Mock>) -> MockServer {
    rt.block_on(async {
        let server = MockServer::start().await;
        for mock in mocks {
            mock.mount(&server).await;
        }
        server
    })
}

async fn requests(server: &MockServer) -> Vec<(String, String)> {
    server
        .received_requests()
        .await
        .expect("recording is on")
        .into_iter()
        .map(|request| (request.method.to_string(), request.url.path().to_string()))
        .collect()
}

#[test]
fn statuses_redirects_and_content_types() {
    let rt = runtime();
    let server = serve(
        &rt,
        vec![
            Mock::given(path("/ok")).respond_with(ResponseTemplate::new(200)),
            Mock::given(path("/gone")).respond_with(ResponseTemplate::new(404)),
            Mock::given(method("HEAD"))
                .and(path("/no-head"))
                .respond_with(ResponseTemplate::new(405)),
            Mock::given(method("GET"))
                .and(path("/no-head"))
                .respond_with(ResponseTemplate::new(200)),
            Mock::given(path("/old"))
                .respond_with(ResponseTemplate::new(301).insert_header("Location", "/older")),
            Mock::given(path("/older"))
                .respond_with(ResponseTemplate::new(308).insert_header("Location", "/new")),
            Mock::given(path("/new")).respond_with(ResponseTemplate::new(200)),
            Mock::given(path("/login"))
                .respond_with(ResponseTemplate::new(302).insert_header("Location", "/ok")),
            Mock::given(path("/loop"))
                .respond_with(ResponseTemplate::new(302).insert_header("Location", "/loop")),
            Mock::given(path("/slow"))
                .respond_with(ResponseTemplate::new(200).set_delay(Duration::from_secs(4))),
            Mock::given(path("/photo.png")).respond_with(
                ResponseTemplate::new(200).insert_header("Content-Type", "image/png"),
            ),
            Mock::given(path("/page.png")).respond_with(
                ResponseTemplate::new(200)
                    .insert_header("Content-Type", "text/html; charset=utf-8"),
            ),
            Mock::given(path("/error")).respond_with(ResponseTemplate::new(500)),
            Mock::given(path("/forbidden")).respond_with(ResponseTemplate::new(403)),
        ],
    );
    let base = server.uri();
    let body = format!(
        "[ok]({base}/ok#part)\n\n\
         [gone]({base}/gone)\n\n\
         [no head]({base}/no-head)\n\n\
         [moved]({base}/old)\n\n\
         [login]({base}/login)\n\n\
         [loop]({base}/loop)\n\n\
         [slow]({base}/slow)\n\n\
         ![photo]({base}/photo.png)\n\n\
         ![not a photo]({base}/page.png)\n\n\
         [error]({base}/error)\n\n\
         [ok again]({base}/ok)\n\n\
         [members only]({base}/forbidden)\n"
    );
    let dir = site(&body, &format!("{LOOPBACK}\nretries = 0"));
    let run = check(dir.path(), &["--online"]);
    assert_eq!(
        run.lines(),
        vec![
            (7, "external-link", "error"),
            (11, "external-link", "warning"),
            (15, "external-link", "error"),
            (17, "external-link", "warning"),
            (21, "image-remote", "error"),
            (23, "external-link", "error"),
            (27, "external-link", "warning"),
        ],
        "{:#?}",
        run.findings
    );
    assert!(run.message_on(7).contains("answers 404 Not Found"));
    // Refusing robots says nothing about the page: a warning.
    assert!(run
        .message_on(27)
        .contains("could not be verified: it answers 403 Forbidden"));
    assert!(run
        .message_on(11)
        .contains(&format!("redirects permanently to `{base}/new`")));
    assert!(run
        .message_on(11)
        .contains(&format!("link to `{base}/new` directly")));
    assert!(run.message_on(15).contains("redirects in a loop"));
    assert!(run.message_on(17).contains("did not answer within 2 s"));
    assert!(run
        .message_on(21)
        .contains("served as `text/html`, not as an image"));
    assert!(run
        .message_on(23)
        .contains("answers 500 Internal Server Error"));
    assert_eq!(run.code, 1);

    let seen = rt.block_on(requests(&server));
    let count = |m: &str, p: &str| seen.iter().filter(|(a, b)| a == m && b == p).count();
    // Each distinct URL once (the fragment is not part of it); HEAD first,
    // GET only when HEAD fails.
    assert_eq!(
        count("HEAD", "/ok"),
        2,
        "once for /ok, once after /login: {seen:?}"
    );
    assert_eq!(count("GET", "/ok"), 0);
    assert_eq!(
        (count("HEAD", "/no-head"), count("GET", "/no-head")),
        (1, 1)
    );
    assert_eq!((count("HEAD", "/gone"), count("GET", "/gone")), (1, 1));
    assert_eq!(count("HEAD", "/photo.png"), 1);
}

/// Answers 429 with `Retry-After: 1` the first time, then 200; keeps the times.
struct RateLimited {
    seen: Arc<Mutex<Vec<Instant>>>,
}

impl Respond for RateLimited {
    fn respond(&self, _: &Request) -> ResponseTemplate {
        let mut seen = self.seen.lock().unwrap();
        seen.push(Instant::now());
        if seen.len() == 1 {
            ResponseTemplate::new(429).insert_header("Retry-After", "1")
        } else {
            ResponseTemplate::new(200)
        }
    }
}

#[test]
fn a_429_is_retried_after_retry_after() {
    let rt = runtime();
    let seen = Arc::new(Mutex::new(Vec::new()));
    let server = serve(
        &rt,
        vec![Mock::given(path("/busy")).respond_with(RateLimited { seen: seen.clone() })],
    );
    let dir = site(&format!("[busy]({}/busy)\n", server.uri()), LOOPBACK);
    let run = check(dir.path(), &["--online"]);
    assert_eq!(run.lines(), vec![], "{:#?}", run.findings);
    let seen = seen.lock().unwrap();
    assert_eq!(seen.len(), 2, "one 429, then the retry");
    let waited = seen[1] - seen[0];
    assert!(
        waited >= Duration::from_millis(950),
        "retried after {waited:?}"
    );
}

#[test]
fn a_429_that_does_not_end_is_a_warning() {
    let rt = runtime();
    let server = serve(
        &rt,
        vec![Mock::given(path("/busy"))
            .respond_with(ResponseTemplate::new(429).insert_header("Retry-After", "3600"))],
    );
    let dir = site(&format!("[busy]({}/busy)\n", server.uri()), LOOPBACK);
    let started = Instant::now();
    let run = check(dir.path(), &["--online"]);
    assert!(
        started.elapsed() < Duration::from_secs(20),
        "did not wait an hour"
    );
    assert_eq!(run.lines(), vec![(5, "external-link", "warning")]);
    assert!(run.message_on(5).contains("answers 429 Too Many Requests"));
    assert_eq!(run.code, 0);
}

/// Answers after a fixed delay and keeps the arrival times.
struct Slow {
    arrivals: Arc<Mutex<Vec<Instant>>>,
    delay: Duration,
}

impl Respond for Slow {
    fn respond(&self, _: &Request) -> ResponseTemplate {
        self.arrivals.lock().unwrap().push(Instant::now());
        ResponseTemplate::new(200).set_delay(self.delay)
    }
}

#[test]
fn the_per_host_limit_holds_at_the_server() {
    let rt = runtime();
    let arrivals = Arc::new(Mutex::new(Vec::new()));
    let delay = Duration::from_millis(400);
    let server = serve(
        &rt,
        vec![Mock::given(method("HEAD")).respond_with(Slow {
            arrivals: arrivals.clone(),
            delay,
        })],
    );
    let body: String = (0..8)
        .map(|i| format!("[page {i}]({}/page/{i})\n\n", server.uri()))
        .collect();
    let dir = site(
        &body,
        &format!("{LOOPBACK}\nper-host = 2\nconcurrency = 50"),
    );
    let run = check(dir.path(), &["--online"]);
    assert_eq!(run.lines(), vec![], "{:#?}", run.findings);
    let mut arrivals = arrivals.lock().unwrap().clone();
    arrivals.sort();
    assert_eq!(arrivals.len(), 8);
    // A request holds its slot until its answer comes, `delay` after it
    // arrived: so no three arrivals fall within less than `delay`.
    let window = delay - Duration::from_millis(50);
    let most_at_once = (0..arrivals.len())
        .map(|i| {
            arrivals[i..]
                .iter()
                .filter(|t| **t - arrivals[i] < window)
                .count()
        })
        .max()
        .unwrap();
    assert_eq!(most_at_once, 2, "arrivals: {arrivals:?}");
    let span = arrivals[7] - arrivals[0];
    assert!(
        span >= delay * 3 - Duration::from_millis(50),
        "four waves of two: {span:?}"
    );
}

#[test]
fn the_host_interval_spaces_requests() {
    let rt = runtime();
    let arrivals = Arc::new(Mutex::new(Vec::new()));
    let server = serve(
        &rt,
        vec![Mock::given(method("HEAD")).respond_with(Slow {
            arrivals: arrivals.clone(),
            delay: Duration::ZERO,
        })],
    );
    let body: String = (0..4)
        .map(|i| format!("[page {i}]({}/page/{i})\n\n", server.uri()))
        .collect();
    let online = "allow-addresses = [\"127.0.0.1\"]\nhost-interval = \"200ms\"\nper-host = 4";
    let dir = site(&body, online);
    check(dir.path(), &["--online"]);
    let mut arrivals = arrivals.lock().unwrap().clone();
    arrivals.sort();
    assert_eq!(arrivals.len(), 4);
    for pair in arrivals.windows(2) {
        let gap = pair[1] - pair[0];
        assert!(gap >= Duration::from_millis(190), "gap {gap:?}");
    }
}

#[test]
fn a_second_run_is_served_from_the_cache() {
    let rt = runtime();
    let server = serve(
        &rt,
        vec![
            Mock::given(path("/ok")).respond_with(ResponseTemplate::new(200)),
            Mock::given(path("/gone")).respond_with(ResponseTemplate::new(410)),
            Mock::given(path("/flaky")).respond_with(ResponseTemplate::new(503)),
        ],
    );
    let base = server.uri();
    let body = format!("[ok]({base}/ok)\n\n[gone]({base}/gone)\n\n[flaky]({base}/flaky)\n");
    let dir = site(&body, &format!("{LOOPBACK}\nretries = 0"));
    let first = check(dir.path(), &["--online"]);
    let after_first = rt.block_on(requests(&server)).len();
    let agents: Vec<String> = rt
        .block_on(server.received_requests())
        .unwrap_or_default()
        .iter()
        .map(|r| {
            r.headers
                .get("user-agent")
                .map_or(String::new(), |v| v.to_str().unwrap_or("").into())
        })
        .collect();
    assert!(
        agents.iter().all(|agent| agent.starts_with("proofmark/")),
        "{agents:?}"
    );
    assert!(after_first >= 3);
    assert!(dir.path().join(".proofmark-cache/online.json").is_file());
    let second = check(dir.path(), &["--online"]);
    let seen = rt.block_on(requests(&server));
    let new: Vec<_> = seen[after_first..].to_vec();
    // The 503 is transient: asked again. The others come from the cache.
    assert!(
        new.iter().all(|(_, p)| p == "/flaky"),
        "only the transient failure is asked again: {new:?}"
    );
    assert_eq!(first.findings, second.findings);
    assert_eq!(
        second.lines(),
        vec![
            (7, "external-link", "error"),
            (9, "external-link", "warning")
        ]
    );
    // --no-cache asks everything again.
    check(dir.path(), &["--online", "--no-cache"]);
    let third = rt.block_on(requests(&server));
    assert!(third[seen.len()..].iter().any(|(_, p)| p == "/ok"));
}

#[test]
fn private_addresses_are_refused_without_a_request() {
    let rt = runtime();
    let server = serve(
        &rt,
        vec![Mock::given(path("/admin")).respond_with(ResponseTemplate::new(200))],
    );
    let port = server.address().port();
    let body = format!(
        "[by address](http://127.0.0.1:{port}/admin)\n\n\
         [by name](http://localhost:{port}/admin)\n\n\
         [mapped](http://[::ffff:127.0.0.1]:{port}/admin)\n\n\
         [metadata](http://169.254.169.254/latest/meta-data/)\n\n\
         [decimal](http://2130706433:{port}/admin)\n\n\
         [hex](http://0x7f.1:{port}/admin)\n"
    );
    // No allow-addresses: the defaults.
    let dir = site(&body, "timeout = \"2s\"");
    let run = check(dir.path(), &["--online"]);
    assert_eq!(
        run.lines(),
        vec![
            (5, "external-link", "warning"),
            (7, "external-link", "warning"),
            (9, "external-link", "warning"),
            (11, "external-link", "warning"),
            (13, "external-link", "warning"),
            (15, "external-link", "warning"),
        ],
        "{:#?}",
        run.findings
    );
    // Other spellings of 127.0.0.1 are the same address.
    assert!(run.message_on(13).contains("(127.0.0.1)"));
    assert!(run.message_on(15).contains("(127.0.0.1)"));
    assert!(run
        .message_on(5)
        .contains("private or local address (127.0.0.1)"));
    assert!(run
        .message_on(7)
        .contains("`localhost` is a private or local address"));
    assert!(run.message_on(11).contains("169.254.169.254"));
    assert!(
        rt.block_on(requests(&server)).is_empty(),
        "the server saw nothing"
    );
}

#[test]
fn a_redirect_into_a_private_network_is_refused() {
    let rt = runtime();
    let server = serve(
        &rt,
        vec![Mock::given(path("/jump")).respond_with(
            ResponseTemplate::new(302).insert_header("Location", "http://10.0.0.1/internal"),
        )],
    );
    let dir = site(&format!("[jump]({}/jump)\n", server.uri()), LOOPBACK);
    let run = check(dir.path(), &["--online"]);
    assert_eq!(run.lines(), vec![(5, "external-link", "warning")]);
    assert!(run.message_on(5).contains("(10.0.0.1)"));
}

#[test]
fn offline_is_the_default_and_touches_no_network() {
    let rt = runtime();
    let server = serve(
        &rt,
        vec![Mock::given(path("/gone")).respond_with(ResponseTemplate::new(404))],
    );
    let body = format!(
        "[gone]({}/gone)\n\n![x]({}/x.png)\n\n[missing](/nowhere)\n",
        server.uri(),
        server.uri()
    );
    let dir = site(&body, LOOPBACK);
    let offline = check(dir.path(), &[]);
    assert!(rt.block_on(requests(&server)).is_empty());
    assert_eq!(offline.lines(), vec![(9, "broken-link", "error")]);
    let online = check(dir.path(), &["--online"]);
    assert_eq!(
        online.lines(),
        vec![
            (5, "external-link", "error"),
            (7, "image-remote", "error"),
            (9, "broken-link", "error")
        ]
    );
    // Disabled rules send nothing either.
    let before = rt.block_on(requests(&server)).len();
    check(
        dir.path(),
        &[
            "--online",
            "--no-cache",
            "--ignore",
            "external-link,image-remote",
        ],
    );
    assert_eq!(rt.block_on(requests(&server)).len(), before);
}

#[test]
fn excluded_and_accepted() {
    let rt = runtime();
    let server = serve(
        &rt,
        vec![
            Mock::given(path("/private")).respond_with(ResponseTemplate::new(403)),
            Mock::given(path("/skip")).respond_with(ResponseTemplate::new(404)),
        ],
    );
    let base = server.uri();
    let body = format!("[members]({base}/private)\n\n[skip]({base}/skip)\n");
    let online = format!("{LOOPBACK}\naccept = [403]\nexclude = ['/skip$']");
    let dir = site(&body, &online);
    let run = check(dir.path(), &["--online"]);
    assert_eq!(run.lines(), vec![], "{:#?}", run.findings);
    let seen = rt.block_on(requests(&server));
    assert!(seen.iter().all(|(_, p)| p == "/private"), "{seen:?}");
}

#[test]
fn the_budget_bounds_the_whole_run() {
    let rt = runtime();
    let server = serve(
        &rt,
        vec![
            Mock::given(path("/slow"))
                .respond_with(ResponseTemplate::new(200).set_delay(Duration::from_secs(5))),
            Mock::given(path("/gone")).respond_with(ResponseTemplate::new(404)),
        ],
    );
    let base = server.uri();
    let body = format!("[slow]({base}/slow)\n\n[gone]({base}/gone)\n");
    let online =
        "allow-addresses = [\"127.0.0.1\"]\nhost-interval = 0\ntimeout = \"30s\"\nbudget = \"1s\"";
    let dir = site(&body, online);
    let started = Instant::now();
    let run = check(dir.path(), &["--online"]);
    assert!(
        started.elapsed() < Duration::from_secs(4),
        "{:?}",
        started.elapsed()
    );
    // What finished in time is reported; the rest is left unchecked, and said so.
    assert_eq!(run.lines(), vec![(7, "external-link", "error")]);
    assert!(
        run.notes
            .contains("1 of 2 URLs were not checked: `[online] budget` (1 s) ran out"),
        "{}",
        run.notes
    );
}

#[test]
fn a_progress_bar_on_a_terminal_and_silence_elsewhere() {
    let rt = runtime();
    let server = serve(
        &rt,
        vec![
            Mock::given(path("/ok")).respond_with(ResponseTemplate::new(200)),
            Mock::given(path("/gone")).respond_with(ResponseTemplate::new(404)),
        ],
    );
    let base = server.uri();
    let dir = site(
        &format!("[ok]({base}/ok)\n\n[gone]({base}/gone)\n"),
        LOOPBACK,
    );
    // Not a terminal: nothing but the findings.
    let piped = check(dir.path(), &["--online", "--no-cache"]);
    assert!(!piped.notes.contains("checking URLs"), "{}", piped.notes);
    // A terminal (a pseudo-terminal from util-linux `script`): the bar, then erased.
    let binary = assert_cmd::cargo::cargo_bin("proofmark");
    let command = format!("{} check --online --no-cache", binary.display());
    let output = std::process::Command::new("script")
        .args(["-q", "-e", "-c", &command, "/dev/null"])
        .current_dir(dir.path())
        .env("NO_COLOR", "1")
        .output()
        .expect("util-linux `script` runs");
    let screen = String::from_utf8_lossy(&output.stdout);
    assert!(screen.contains("checking URLs 2/2 · 1 failing"), "{screen}");
    assert!(
        screen.contains("\r\x1b[2K"),
        "the bar is erased: {screen:?}"
    );
    assert!(screen.contains("answers 404 Not Found"), "{screen}");
}
