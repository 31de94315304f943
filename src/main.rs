//! The command line: parses arguments, calls the library, prints, and maps
//! the outcome to an exit code (0 clean, 1 findings, 2 the run failed).

use std::io::{IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{CommandFactory, Parser, Subcommand, ValueEnum};

use proofmark::config::{json_schema, ConfigErrors, Settings, FILE_NAMES};
use proofmark::diagnostic::Severity;
use proofmark::fix::{FixMode, FixOptions};
use proofmark::report::printable::printable;
use proofmark::report::{self, Format, Style};
use proofmark::rules;
use proofmark::suggest::did_you_mean;
use proofmark::{discover, RunOptions, Selection, StdinInput};

/// `eprintln!` that ends quietly on a closed standard error
/// (`proofmark check 2>&1 | head -1`) instead of panicking.
macro_rules! say {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stderr(), $($arg)*);
    }};
}

#[derive(Parser)]
#[command(
    name = "proofmark",
    version,
    about = "Lints Markdown articles with front matter: metadata, canonical URLs, images, headings and links across a whole site."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Lint files and folders (default: the configured content roots, else `.`)
    Check(CheckArgs),
    /// List the rules: id, group, default severity, fix (safe, unsafe or -), summary
    Rules,
    /// Print a rule's documentation
    Explain {
        /// The rule id, e.g. `heading-increment`
        rule: String,
    },
    /// Write a starter proofmark.toml for the site in the current folder,
    /// read from its Astro, Hugo, Zola, Jekyll or Docusaurus config
    Init {
        /// Print the config instead of writing proofmark.toml
        #[arg(long, visible_alias = "dry-run")]
        stdout: bool,
    },
    /// Print a JSON Schema (draft-07) of proofmark.toml, for editors
    ConfigSchema,
    /// Print shell completions, e.g. `proofmark completions bash > ~/.local/share/bash-completion/completions/proofmark`
    Completions {
        /// The shell to complete in
        shell: clap_complete::Shell,
    },
}

#[derive(clap::Args)]
struct CheckArgs {
    /// Files and folders to lint. Files are linted whatever their extension;
    /// folders are walked for .md, .markdown and .mdx, honouring .gitignore.
    paths: Vec<PathBuf>,
    /// Config file (default: proofmark.toml or .proofmark.toml in the first path's folder or a parent, else the site generator's settings)
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
    /// Output format
    #[arg(long, value_enum, default_value_t = FormatArg::Human)]
    format: FormatArg,
    /// Run only these rules or groups (comma-separated)
    #[arg(long, value_delimiter = ',', value_name = "RULE,...")]
    select: Vec<String>,
    /// Do not run these rules or groups (comma-separated)
    #[arg(long, value_delimiter = ',', value_name = "RULE,...")]
    ignore: Vec<String>,
    /// Exit with 1 when there are more warnings than this
    #[arg(long, value_name = "N")]
    max_warnings: Option<usize>,
    /// Colour in human output
    #[arg(long, value_enum, default_value_t = ColorArg::Auto)]
    color: ColorArg,
    /// Print only errors, and no summary
    #[arg(short, long)]
    quiet: bool,
    /// Neither read nor write the site-index cache
    #[arg(long)]
    no_cache: bool,
    /// Also check external links and remote images over HTTP (see [online] in the config)
    #[arg(long)]
    online: bool,
    /// Lint standard input instead of files (for editors)
    #[arg(long, conflicts_with = "paths")]
    stdin: bool,
    /// With --stdin: the file standard input stands for. Its links resolve
    /// from there, and the site sees the input in place of the file on disk.
    #[arg(long, value_name = "PATH", requires = "stdin")]
    stdin_filename: Option<PathBuf>,
    /// Apply the safe fixes and report what is left. With --stdin, print
    /// the fixed text to stdout and the findings to stderr
    #[arg(long)]
    fix: bool,
    /// Apply (and mark as fixable) the unsafe fixes too: probably right,
    /// but read the result
    #[arg(long)]
    unsafe_fixes: bool,
    /// Print the fixes as a unified diff and write nothing (exit 1 if
    /// there is anything to fix)
    #[arg(long)]
    diff: bool,
}

#[derive(Clone, Copy, ValueEnum)]
enum FormatArg {
    Human,
    Short,
    Json,
    Sarif,
    Github,
    Junit,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum ColorArg {
    Auto,
    Always,
    Never,
}

/// `checking URLs 120/2000 · 3 failing` on stderr, redrawn at most ten
/// times a second, erased when the checks end.
fn progress_bar(updates: std::sync::mpsc::Receiver<proofmark::online::Progress>) {
    use std::io::Write;
    let mut drawn = false;
    let mut last = std::time::Instant::now() - std::time::Duration::from_secs(1);
    let mut stderr = std::io::stderr();
    for update in updates {
        let finished = update.checked == update.total;
        if last.elapsed() < std::time::Duration::from_millis(100) && !finished {
            continue;
        }
        last = std::time::Instant::now();
        let _ = write!(
            stderr,
            "\r\x1b[2Kchecking URLs {}/{} · {} failing",
            update.checked, update.total, update.failed
        );
        let _ = stderr.flush();
        drawn = true;
    }
    if drawn {
        let _ = write!(stderr, "\r\x1b[2K");
        let _ = stderr.flush();
    }
}

/// mimalloc: the parse and the site index make millions of small
/// allocations across threads, where it is much faster than the system's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let code = match cli.command {
        Command::Check(args) => check(args),
        Command::Rules => list_rules(),
        Command::Explain { rule } => explain(&rule),
        Command::Init { stdout } => init(stdout),
        Command::ConfigSchema => config_schema(),
        Command::Completions { shell } => completions(shell),
    };
    ExitCode::from(code)
}

fn list_rules() -> u8 {
    let mut out = String::new();
    for meta in rules::ALL_META {
        out.push_str(&format!(
            "{:<22} {:<13} {:<8} {:<7} {}\n",
            meta.id,
            meta.group.name(),
            if meta.default_enabled {
                meta.default_severity.as_str()
            } else {
                "off"
            },
            meta.fix.map_or("-", |fix| fix.as_str()),
            meta.summary
        ));
    }
    print_out(&out);
    0
}

fn explain(rule: &str) -> u8 {
    match rules::meta(rule) {
        Some(meta) => {
            print_out(meta.docs);
            0
        }
        None => {
            say!("error: unknown rule `{rule}`");
            if let Some(best) = did_you_mean(rule, rules::ALL_META.iter().map(|m| m.id)) {
                say!("help: did you mean `{best}`?");
            } else {
                say!("help: `proofmark rules` lists every rule");
            }
            2
        }
    }
}

fn init(to_stdout: bool) -> u8 {
    let cwd = match std::env::current_dir() {
        Ok(cwd) => cwd,
        Err(error) => {
            say!("error: cannot read the current directory: {error}");
            return 2;
        }
    };
    let found = proofmark::framework::detect(&cwd);
    let text = proofmark::init::render(&found);
    if to_stdout {
        print_out(&text);
        return 0;
    }
    if let Some(existing) = FILE_NAMES.iter().find(|name| cwd.join(name).exists()) {
        say!("error: {existing} already exists here; proofmark init does not overwrite it");
        say!("help: run `proofmark init --stdout` to see the suggested config");
        return 2;
    }
    let target = cwd.join(FILE_NAMES[0]);
    // `create_new`: never replace a file that appeared in the meantime.
    let written = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&target)
        .and_then(|mut file| file.write_all(text.as_bytes()));
    if let Err(error) = written {
        say!("error: cannot write {}: {error}", FILE_NAMES[0]);
        return 2;
    }
    if found.sources.is_empty() {
        say!("wrote {} (no site generator recognised)", FILE_NAMES[0]);
    } else {
        say!(
            "wrote {} for {} site, from {}",
            FILE_NAMES[0],
            found.framework.a_name(),
            found.sources.join(", ")
        );
    }
    say!("next: check the values it says to check, then run `proofmark check`");
    0
}

fn config_schema() -> u8 {
    match serde_json::to_string_pretty(&json_schema::json_schema()) {
        Ok(text) => {
            print_out(&format!("{text}\n"));
            0
        }
        Err(error) => {
            say!("error: cannot print the schema: {error}");
            2
        }
    }
}

fn completions(shell: clap_complete::Shell) -> u8 {
    let mut out = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "proofmark", &mut out);
    print_out(&String::from_utf8_lossy(&out));
    0
}

fn check(args: CheckArgs) -> u8 {
    let cwd = match std::env::current_dir() {
        Ok(cwd) => cwd,
        Err(error) => {
            say!("error: cannot read the current directory: {error}");
            return 2;
        }
    };
    let color = match args.color {
        ColorArg::Always => true,
        ColorArg::Never => false,
        ColorArg::Auto => {
            std::io::stdout().is_terminal()
                && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
        }
    };
    let format = match args.format {
        FormatArg::Human => Format::Human,
        FormatArg::Short => Format::Short,
        FormatArg::Json => Format::Json,
        FormatArg::Sarif => Format::Sarif,
        FormatArg::Github => Format::Github,
        FormatArg::Junit => Format::Junit,
    };
    let style = Style {
        color,
        width: terminal_width(),
    };
    let selection = match selection(&args.select, &args.ignore) {
        Ok(selection) => selection,
        Err(message) => {
            say!("{message}");
            return 2;
        }
    };
    let stdin = if args.stdin {
        let mut bytes = Vec::new();
        if let Err(error) = std::io::stdin().lock().read_to_end(&mut bytes) {
            say!("error: cannot read standard input: {error}");
            return 2;
        }
        Some(StdinInput {
            path: args.stdin_filename.clone(),
            bytes,
        })
    } else {
        None
    };
    let config_start = match &args.stdin_filename {
        Some(path) => config_search_start(std::slice::from_ref(path), &cwd),
        None => config_search_start(&args.paths, &cwd),
    };
    let settings = match Settings::discover(args.config.as_deref(), &config_start) {
        Ok(settings) => settings,
        Err(errors) => return config_failed(errors, &cwd, format, style),
    };
    let show_progress =
        args.online && format == Format::Human && !args.quiet && std::io::stderr().is_terminal();
    let (progress, progress_bar) = if show_progress {
        let (sender, receiver) = std::sync::mpsc::channel();
        (
            Some(sender),
            Some(std::thread::spawn(|| progress_bar(receiver))),
        )
    } else {
        (None, None)
    };
    let mut options = RunOptions {
        selection,
        snippets: format == Format::Human,
        cache: !args.no_cache,
        cwd: cwd.clone(),
        stdin,
        online: args.online,
        progress,
        fix: FixOptions {
            mode: if args.diff || (args.fix && args.stdin) {
                FixMode::Preview
            } else if args.fix {
                FixMode::Write
            } else {
                FixMode::Off
            },
            unsafe_fixes: args.unsafe_fixes,
        },
    };
    let outcome = proofmark::run(&settings, &args.paths, &options);
    // With `--fix --stdin`, the input goes back out when nothing is fixed.
    let stdin_bytes = options.stdin.take().map(|stdin| stdin.bytes);
    drop(options);
    if let Some(bar) = progress_bar {
        let _ = bar.join();
    }
    let mut report = match outcome {
        Ok(report) => report,
        Err(missing) => {
            say!("error: {}", printable(&missing.message));
            return 2;
        }
    };
    if args.diff {
        return print_diff(&report, args.quiet);
    }
    let errors = report.count(Severity::Error);
    let warnings = report.count(Severity::Warning);
    if args.quiet {
        report.diagnostics.retain(|d| d.severity == Severity::Error);
    }
    let rendered = report::render(&report, format, style);
    if args.fix && args.stdin {
        // Editors' format-on-save: the text on stdout, the findings beside it.
        let fixed = report.fixed.first().map(|file| file.fixed.as_bytes());
        let mut stdout = std::io::stdout().lock();
        let _ = stdout.write_all(fixed.or(stdin_bytes.as_deref()).unwrap_or_default());
        let _ = stdout.flush();
        let _ = std::io::stderr().write_all(rendered.as_bytes());
    } else {
        print_out(&rendered);
    }
    if !args.quiet {
        for note in &report.notes {
            say!("note: {}", printable(note));
        }
    }
    if !args.quiet && format == Format::Human {
        let line = summary(&report, errors, warnings);
        if args.fix && args.stdin {
            say!("{}", line.trim_end());
        } else {
            print_out(&line);
        }
    } else if !args.quiet && report.fixes_applied() > 0 {
        say!("{}", fixed_summary(&report, "fixed"));
    }
    if said_run_errors(&report) {
        return 2;
    }
    let too_many_warnings = args.max_warnings.is_some_and(|max| warnings > max);
    if too_many_warnings && !args.quiet && format != Format::Json {
        say!(
            "error: {warnings} warning{}, more than --max-warnings {}",
            if warnings == 1 { "" } else { "s" },
            args.max_warnings.unwrap_or(0)
        );
    }
    u8::from(errors > 0 || too_many_warnings)
}

/// Where the config search starts: the first path's folder, so that
/// `proofmark check site/` uses `site/proofmark.toml`; else the current folder.
fn config_search_start(paths: &[PathBuf], cwd: &Path) -> PathBuf {
    let Some(first) = paths.first() else {
        return cwd.to_path_buf();
    };
    let first = discover::normalize(&cwd.join(first));
    if first.is_dir() {
        first
    } else {
        first
            .parent()
            .map_or_else(|| cwd.to_path_buf(), Path::to_path_buf)
    }
}

fn plural(n: usize, word: &str) -> String {
    format!("{n} {word}{}", if n == 1 { "" } else { "s" })
}

/// `3 files checked: 2 errors, 1 warning`, with what was fixed and what
/// `--fix` would fix.
fn summary(report: &proofmark::Report, errors: usize, warnings: usize) -> String {
    let mut line = if errors + warnings == 0 {
        format!("{} checked: no problems", plural(report.files, "file"))
    } else {
        format!(
            "{} checked: {}, {}",
            plural(report.files, "file"),
            plural(errors, "error"),
            plural(warnings, "warning")
        )
    };
    let (safe, unsafe_) = report.fixable();
    let hint = match (report.fix.unsafe_fixes, safe, unsafe_) {
        (_, 0, 0) => None,
        (true, _, _) => Some(format!(
            "[*] {} fixable with --fix --unsafe-fixes",
            safe + unsafe_
        )),
        (false, 0, _) => Some(format!("{unsafe_} fixable with --fix --unsafe-fixes")),
        (false, _, 0) => Some(format!("[*] {safe} fixable with --fix")),
        (false, _, _) => Some(format!(
            "[*] {safe} fixable with --fix, {unsafe_} more with --unsafe-fixes"
        )),
    };
    if let Some(hint) = hint {
        line.push_str(&format!(" ({hint})"));
    }
    if report.fixes_applied() > 0 {
        line = format!("{}\n{line}", fixed_summary(report, "fixed"));
    }
    line.push('\n');
    line
}

/// `fixed 12 findings in 3 files` (`done` is `fixed` or `would fix`).
fn fixed_summary(report: &proofmark::Report, done: &str) -> String {
    format!(
        "{done} {} in {}",
        plural(report.fixes_applied(), "finding"),
        plural(report.fixed.len(), "file")
    )
}

/// `--diff`: the fixed files as a unified diff on stdout, nothing written.
/// Exit 1 when there is something to fix.
fn print_diff(report: &proofmark::Report, quiet: bool) -> u8 {
    let mut out = String::new();
    for file in &report.fixed {
        let diff = similar::TextDiff::from_lines(&file.original, &file.fixed);
        let shown = printable(&file.display);
        out.push_str(
            &diff
                .unified_diff()
                .context_radius(3)
                .header(&format!("a/{shown}"), &format!("b/{shown}"))
                .to_string(),
        );
    }
    print_out(&out);
    if !quiet {
        if report.fixes_applied() == 0 {
            say!("nothing to fix");
        } else {
            say!("{}", fixed_summary(report, "would fix"));
        }
    }
    if said_run_errors(report) {
        2
    } else {
        u8::from(!report.fixed.is_empty())
    }
}

/// Says the errors of the run itself on stderr, after the findings: paths
/// that cannot be read, fixes that went wrong. Whether there were any.
fn said_run_errors(report: &proofmark::Report) -> bool {
    for missing in &report.missing {
        say!("error: {}", printable(&missing.message));
    }
    for problem in &report.fix_problems {
        say!("error: {}", printable(problem));
    }
    !report.missing.is_empty() || !report.fix_problems.is_empty()
}

fn selection(select: &[String], ignore: &[String]) -> Result<Selection, String> {
    let resolve = |names: &[String], flag: &str| -> Result<Vec<&'static str>, String> {
        let mut ids = Vec::new();
        for name in names
            .iter()
            .map(|name| name.trim())
            .filter(|n| !n.is_empty())
        {
            match rules::named(name) {
                Some(metas) => ids.extend(metas.iter().map(|meta| meta.id)),
                None => {
                    let hint = did_you_mean(name, rules::names()).map_or_else(
                        || "`proofmark rules` lists every rule and group".to_string(),
                        |best| format!("did you mean `{best}`?"),
                    );
                    return Err(format!(
                        "error: unknown rule or group `{name}` in {flag}\nhelp: {hint}"
                    ));
                }
            }
        }
        Ok(ids)
    };
    let named = select
        .iter()
        .filter_map(|name| rules::meta(name.trim()))
        .map(|meta| meta.id)
        .collect();
    let select = resolve(select, "--select")?;
    Ok(Selection {
        select: (!select.is_empty()).then_some(select),
        ignore: resolve(ignore, "--ignore")?,
        named,
    })
}

fn config_failed(errors: ConfigErrors, cwd: &Path, format: Format, style: Style) -> u8 {
    // A config file that cannot be read has no place in it to point at.
    if errors.text.is_empty() && errors.errors.iter().all(|error| error.span.is_none()) {
        for error in &errors.errors {
            say!("error: {}", printable(&error.message));
            if let Some(help) = &error.help {
                say!("  help: {}", printable(help));
            }
        }
        return 2;
    }
    let count = errors.errors.len();
    let diagnostics = errors.into_diagnostics(|path| discover::display_path(path, cwd));
    let mut stderr = std::io::stderr();
    let _ = stderr.write_all(report::render_errors(&diagnostics, format, style).as_bytes());
    let _ = writeln!(
        stderr,
        "error: the config has {count} error{}; nothing was linted",
        if count == 1 { "" } else { "s" }
    );
    2
}

/// The width to wrap human output to: `COLUMNS` if set, else the
/// terminal's; output that goes to a pipe or a file is not wrapped.
fn terminal_width() -> Option<usize> {
    let columns = std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.parse().ok())
        .filter(|&c| c > 0);
    columns.or_else(|| {
        let stdout = std::io::stdout();
        stdout.is_terminal().then(|| {
            terminal_size::terminal_size_of(&stdout).map_or(100, |(width, _)| usize::from(width.0))
        })
    })
}

/// Prints to stdout; a closed pipe (`| head`) is not an error worth a panic.
fn print_out(text: &str) {
    let mut stdout = std::io::stdout().lock();
    let _ = stdout.write_all(text.as_bytes());
    let _ = stdout.flush();
}
