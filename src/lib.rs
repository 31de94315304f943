//! proofmark: lints Markdown articles with front matter.
//!
//! Data flows one way: discover → read → parse (once) → run rules →
//! apply suppressions → (fix: apply, re-lint, write) → sort → report.
//! This library never prints and never exits; `main.rs` does both.

pub mod article;
pub mod cache;
pub mod config;
pub mod contained;
pub mod diagnostic;
pub mod discover;
pub mod fix;
pub mod framework;
#[doc(hidden)]
pub mod fuzzing;
pub mod init;
pub mod online;
pub mod report;
pub mod rules;
pub mod site;
pub mod suggest;

use std::collections::BTreeMap;
use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::time::Duration;

use rayon::prelude::*;

use article::{Article, Deadline, ParseOptions, Unreadable};
use cache::{SiteCache, Stamp};
use config::Settings;
use diagnostic::{Diagnostic, Position, Severity, Span};
use rules::{Ctx, RuleMeta};
use site::fast_hash::FastMap;
use site::{Contribution, Site};

/// Which rules the command line lets run (`--select`, `--ignore`).
#[derive(Clone, Debug, Default)]
pub struct Selection {
    pub select: Option<Vec<&'static str>>,
    pub ignore: Vec<&'static str>,
    /// Rules `--select` names by their own id: one that is off by default
    /// runs at its default severity unless the config sets its level.
    pub named: Vec<&'static str>,
}

impl Selection {
    pub fn allows(&self, id: &str) -> bool {
        let selected = self
            .select
            .as_ref()
            .is_none_or(|select| select.contains(&id));
        selected && !self.ignore.contains(&id)
    }

    /// The level `rule` runs at for the file at `relative`: the config's,
    /// within `--select` and `--ignore`.
    pub fn level(&self, settings: &Settings, rule: &RuleMeta, relative: &Path) -> Option<Severity> {
        self.level_in(&settings.levels_for(relative), rule)
    }

    /// As [`Selection::level`], for a file whose levels are at hand.
    pub fn level_in(&self, file: &config::FileLevels<'_>, rule: &RuleMeta) -> Option<Severity> {
        if !self.allows(rule.id) {
            return None;
        }
        let enabled = rule.default_enabled || self.named.contains(&rule.id);
        file.level_when(rule, enabled)
    }
}

#[derive(Clone, Debug)]
pub struct RunOptions {
    pub selection: Selection,
    /// Keep the source lines around each finding (for the human format).
    pub snippets: bool,
    /// Read and write the site-index cache (`[cache]` in the config).
    pub cache: bool,
    pub cwd: PathBuf,
    /// `--stdin`: a buffer linted in place of a file; the only file linted.
    pub stdin: Option<StdinInput>,
    /// `--online`: check external links and remote images over HTTP.
    pub online: bool,
    /// Where the online checks send their progress (for a progress bar).
    pub progress: Option<std::sync::mpsc::Sender<online::Progress>>,
    /// `--fix`, `--unsafe-fixes`, `--diff`.
    pub fix: fix::FixOptions,
}

/// Standard input, linted as if it were the file `path` (`--stdin-filename`).
/// The site index still comes from disk, with this buffer for that file.
#[derive(Clone, Debug)]
pub struct StdinInput {
    /// `None`: the buffer is no file of the site; it is named `<stdin>`.
    pub path: Option<PathBuf>,
    pub bytes: Vec<u8>,
}

#[derive(Clone, Debug, Default)]
pub struct Report {
    pub files: usize,
    /// The linted files as reports name them, sorted; clean ones too.
    pub paths: Vec<String>,
    pub diagnostics: Vec<Diagnostic>,
    /// Things the user should know about the run as a whole, said once.
    pub notes: Vec<String>,
    /// Paths named on the command line that cannot be read (the others
    /// were linted).
    pub missing: Vec<MissingPath>,
    /// What the run did with fixes; the findings are those left after
    /// fixing when it fixed (or previewed) anything.
    pub fix: fix::FixOptions,
    /// The files the fixes changed (or would change), in path order.
    pub fixed: Vec<fix::FixedFile>,
    /// Fixing that went wrong: a cycle, a fix that would break a file, a
    /// file that could not be written. The run failed if there is any.
    pub fix_problems: Vec<String>,
}

impl Report {
    pub fn count(&self, severity: Severity) -> usize {
        self.diagnostics
            .iter()
            .filter(|d| d.severity == severity)
            .count()
    }

    /// How many findings have a safe fix, and how many an unsafe one.
    pub fn fixable(&self) -> (usize, usize) {
        let count = |applicability| {
            self.diagnostics
                .iter()
                .filter(|d| {
                    d.fix
                        .as_ref()
                        .is_some_and(|f| f.applicability == applicability)
                })
                .count()
        };
        (
            count(diagnostic::Applicability::Safe),
            count(diagnostic::Applicability::Unsafe),
        )
    }

    /// How many fixes were applied (or, previewing, would be).
    pub fn fixes_applied(&self) -> usize {
        self.fixed.iter().map(|file| file.applied).sum()
    }
}

pub use discover::MissingPath;

/// Lints the files under `paths` (or the configured content roots). The
/// site index is built from all content roots, whichever files are linted.
pub fn run(
    settings: &Settings,
    paths: &[PathBuf],
    options: &RunOptions,
) -> Result<Report, MissingPath> {
    let needs = IndexNeeds::of(settings, &options.selection);
    let mut cache = CacheStage::load(settings, options, needs);
    let files = gather_files(settings, paths, options, &cache)?;
    let ReadPlan {
        to_parse,
        reused,
        changed,
    } = plan_reads(&files, &mut cache, &options.cwd);
    let parsed = parse_files(settings, options, needs, to_parse);
    let (site, contributions, changed) =
        index_site(settings, options, needs, &parsed, reused, changed, &cache);
    let mut notes = settings.notes.clone();
    notes.extend(cache.refused.clone());
    let online = check_online(settings, options, &site, &parsed, &cache, &mut notes);
    let Checked {
        diagnostics,
        mut fixed,
        mut fix_problems,
    } = check_articles(settings, options, needs, &site, online.as_ref(), &parsed);
    write_fixes(settings, options, &mut fixed, &mut fix_problems);
    if changed {
        cache.save(&files, contributions, options, &mut notes);
    }
    // Freeing thousands of parsed articles is work too: shared out.
    parsed.into_par_iter().for_each(drop);
    if settings.site.url.is_none() && options.selection.allows(rules::canonical_url::META.id) {
        notes.push(
            "`[site] url` is not set, so canonical URLs and absolute links are not checked against the site's host"
                .to_string(),
        );
    }
    Ok(Report {
        files: files.targets.len(),
        paths: files
            .targets
            .into_iter()
            .map(|target| target.display)
            .collect(),
        diagnostics,
        notes,
        missing: files.missing,
        fix: options.fix,
        fixed,
        fix_problems,
    })
}

/// What the index carries besides pages and anchors, for the rules that
/// run: body sketches (`duplicate-content`) and every article's links
/// (`orphan-article`). Part of the cache key, so a cached index always
/// holds what the run needs.
#[derive(Clone, Copy, Debug)]
struct IndexNeeds {
    sketches: bool,
    links: bool,
}

impl IndexNeeds {
    fn of(settings: &Settings, selection: &Selection) -> IndexNeeds {
        IndexNeeds {
            // By the config alone: `--select` and `--ignore` do not turn
            // the rule on, and leaving its sketches out would make every
            // such run rebuild the cache.
            sketches: on_anywhere(
                settings,
                &Selection::default(),
                &rules::duplicate_content::META,
            ),
            links: on_anywhere(settings, selection, &rules::orphan_article::META),
        }
    }
}

/// Whether a rule runs for some file: by the config and the command line,
/// or in one of the overrides.
fn on_anywhere(settings: &Settings, selection: &Selection, meta: &rules::RuleMeta) -> bool {
    selection.level(settings, meta, Path::new("")).is_some()
        || settings
            .overrides
            .iter()
            .any(|o| o.levels.get(meta.id).is_some_and(Option::is_some))
}

/// The site-index cache: where it lives, its key, and what it held at the
/// start of the run. It decides what is read and what is reused.
struct CacheStage {
    path: Option<PathBuf>,
    key: u64,
    loaded: Option<SiteCache>,
    /// Why the configured cache folder is not used, if it is not.
    refused: Option<String>,
}

impl CacheStage {
    fn load(settings: &Settings, options: &RunOptions, needs: IndexNeeds) -> CacheStage {
        let project = discover::normalize(&options.cwd.join(&settings.root));
        let mut path = settings
            .cache_dir
            .as_ref()
            .filter(|_| options.cache)
            .map(|dir| discover::normalize(&project.join(dir)).join(cache::FILE_NAME));
        let refused = path
            .as_deref()
            .and_then(Path::parent)
            .and_then(|folder| unsafe_cache_folder(folder, &project));
        if refused.is_some() {
            path = None;
        }
        let key = cache_key(settings, needs);
        // Every path a cache holds must be of this site: the project's, or
        // under a content root the config names.
        let content: Vec<PathBuf> = discover::content_roots(settings)
            .iter()
            .map(|root| discover::normalize(&options.cwd.join(root)))
            .collect();
        let roots: Vec<&Path> = std::iter::once(project.as_path())
            .chain(content.iter().map(PathBuf::as_path))
            .collect();
        let loaded = path
            .as_deref()
            .and_then(|path| SiteCache::load(path, key, &roots));
        CacheStage {
            path,
            key,
            loaded,
            refused,
        }
    }

    /// Writes the index for the next run (never for a buffer from standard
    /// input, which is not the file on disk).
    fn save(
        &self,
        files: &Files,
        contributions: Vec<Contribution>,
        options: &RunOptions,
        notes: &mut Vec<String>,
    ) {
        let Some(path) = self.path.as_ref().filter(|_| options.stdin.is_none()) else {
            return;
        };
        let stamp_of: BTreeMap<PathBuf, Option<Stamp>> = files
            .site
            .iter()
            .map(|file| absolute(file, &options.cwd))
            .zip(files.stamps.iter().copied())
            .collect();
        let fresh = SiteCache {
            folders: files.folders.clone(),
            files: contributions
                .into_iter()
                .filter_map(|contribution| {
                    let stamp = (*stamp_of.get(&contribution.file)?)?;
                    let file = contribution.file.clone().into_os_string();
                    let kept = Contribution {
                        local_files: Vec::new(),
                        relative_destinations: Vec::new(),
                        ..contribution
                    };
                    Some((file, (stamp, kept)))
                })
                .collect(),
        };
        if let Err(error) = fresh.save(path, self.key) {
            notes.push(format!(
                "could not write the cache `{}`: {error}",
                path.display()
            ));
        }
    }
}

/// Why a cache folder inside the project must not be used, if it must
/// not: it is a symbolic link, or leads outside the project through one (a
/// folder the config places outside is the config's choice).
fn unsafe_cache_folder(folder: &Path, project: &Path) -> Option<String> {
    if !folder.starts_with(project) {
        return None;
    }
    // The folder, or the nearest of its parents that exists, must resolve
    // inside the project.
    let existing = folder
        .ancestors()
        .find(|path| std::fs::symlink_metadata(path).is_ok())?;
    let shown = folder.strip_prefix(project).unwrap_or(folder).display();
    let is_link = std::fs::symlink_metadata(existing).is_ok_and(|m| m.file_type().is_symlink());
    if is_link || contained::existing_within(existing, &[project]).is_none() {
        return Some(format!(
            "the cache folder `{shown}` is, or goes through, a symbolic link: the cache is neither read nor written"
        ));
    }
    None
}

/// The files of a run: the site's (with their folders and stamps, for the
/// cache) and the ones to lint.
struct Files {
    site: Vec<discover::Target>,
    folders: Vec<(PathBuf, Stamp)>,
    /// The content roots were walked (not taken from the cache).
    walked: bool,
    stamps: Vec<Option<Stamp>>,
    targets: Vec<discover::Target>,
    /// Paths named on the command line that cannot be read.
    missing: Vec<MissingPath>,
}

fn gather_files(
    settings: &Settings,
    paths: &[PathBuf],
    options: &RunOptions,
    cache: &CacheStage,
) -> Result<Files, MissingPath> {
    let cwd = &options.cwd;
    // A whole-site run reads every file anyway: it walks, so that nothing the
    // cache could miss (an unreadable folder, say) goes unreported.
    let whole_site = paths.is_empty() && options.stdin.is_none();
    let usable = if whole_site {
        None
    } else {
        cache.loaded.as_ref()
    };
    let (site, folders, walked, stamps) = site_files(settings, cwd, usable, cache.path.is_some())?;
    let mut missing_paths = Vec::new();
    let targets = if let Some(stdin) = &options.stdin {
        discover::stdin_target(settings, stdin.path.as_deref(), cwd)
            .into_iter()
            .collect()
    } else if whole_site {
        // The walk has named them.
        site.clone()
    } else {
        let (targets, missing) = discover::discover_named(settings, paths, cwd);
        missing_paths = missing;
        targets
    };
    Ok(Files {
        site,
        folders,
        walked,
        stamps,
        targets,
        missing: missing_paths,
    })
}

/// A target's absolute, normalised path (paths from the cache and the walk
/// mostly are already).
fn absolute(target: &discover::Target, cwd: &Path) -> PathBuf {
    let plain = target.path.components().all(|c| {
        matches!(
            c,
            std::path::Component::Normal(_)
                | std::path::Component::RootDir
                | std::path::Component::Prefix(_)
        )
    });
    if plain && target.path.is_absolute() {
        target.path.clone()
    } else {
        discover::normalize(&cwd.join(&target.path))
    }
}

/// What to read: the files to lint, and the site's files that changed
/// since the cache was written; unchanged ones contribute from the cache.
struct ReadPlan<'f> {
    /// By absolute path, in byte order: the target, and whether it is linted.
    to_parse: Vec<(PathBuf, (&'f discover::Target, bool))>,
    reused: Vec<Contribution>,
    /// The index differs from the cached one (so far as the plan can tell).
    changed: bool,
}

fn plan_reads<'f>(files: &'f Files, cache: &mut CacheStage, cwd: &Path) -> ReadPlan<'f> {
    // Keyed by the path's bytes: the paths are normalised, and hashing
    // bytes costs far less than ordering paths component by component.
    let mut to_parse: FastMap<OsString, (&discover::Target, bool)> = FastMap::default();
    for target in &files.targets {
        to_parse.insert(absolute(target, cwd).into_os_string(), (target, true));
    }
    let mut reused = Vec::new();
    let mut changed = cache.loaded.is_none() || files.walked;
    for (file, stamp) in files.site.iter().zip(&files.stamps) {
        let path = absolute(file, cwd).into_os_string();
        if to_parse.contains_key(&path) {
            continue;
        }
        let before = cache
            .loaded
            .as_mut()
            .and_then(|cached| cached.files.remove(&path));
        match (before, stamp) {
            (Some((then, contribution)), Some(now)) if then == *now => reused.push(contribution),
            _ => {
                changed = true;
                to_parse.insert(path, (file, false));
            }
        }
    }
    let mut to_parse: Vec<(PathBuf, (&discover::Target, bool))> = to_parse
        .into_iter()
        .map(|(path, entry)| (PathBuf::from(path), entry))
        .collect();
    to_parse.sort_unstable_by(|a, b| a.0.as_os_str().cmp(b.0.as_os_str()));
    ReadPlan {
        to_parse,
        reused,
        changed,
    }
}

/// How every file of the run is parsed. Words are counted and bodies
/// sketched only for the rules that need it.
fn parse_options(settings: &Settings, options: &RunOptions, needs: IndexNeeds) -> ParseOptions {
    ParseOptions {
        heading_ids: settings.site.heading_ids,
        definition_term_ids: settings.site.definition_term_ids,
        count_words: on_anywhere(settings, &options.selection, &rules::thin_content::META),
        fingerprint: needs.sketches,
    }
}

/// Reads and parses each file once, in parallel. Articles carry their
/// absolute, normalised path: the site index keys on it. Every file is
/// parsed under the time bound, linted or not, so that one that overruns is
/// missing from the index in every kind of run alike.
fn parse_files<'f>(
    settings: &Settings,
    options: &RunOptions,
    needs: IndexNeeds,
    to_parse: Vec<(PathBuf, (&'f discover::Target, bool))>,
) -> Vec<Parsed<'f>> {
    let parse_options = parse_options(settings, options, needs);
    to_parse
        .into_par_iter()
        .map(|(absolute, (target, linted))| {
            let bytes = match (&options.stdin, &target.unreadable) {
                // With `--stdin`, the buffer is the one linted file.
                (Some(stdin), _) if linted => Ok(stdin.bytes.clone()),
                (_, Some(message)) => Err(Unreadable::Io(message.clone())),
                _ => article::read_file(&target.path, settings.max_file_size),
            };
            let deadline = Deadline::new(settings.max_file_time, Duration::ZERO);
            let article = bytes.and_then(|bytes| {
                Article::from_bytes_within(
                    absolute,
                    target.display.clone(),
                    bytes,
                    parse_options,
                    &deadline,
                )
            });
            Parsed {
                target,
                linted,
                article,
                spent: deadline.spent(),
            }
        })
        .collect()
}

/// The site index from every article's contribution, fresh or cached, and
/// whether it differs from the cached one.
fn index_site(
    settings: &Settings,
    options: &RunOptions,
    needs: IndexNeeds,
    parsed: &[Parsed<'_>],
    reused: Vec<Contribution>,
    changed: bool,
    cache: &CacheStage,
) -> (Site, Vec<Contribution>, bool) {
    let mut site = Site::new(settings, &options.cwd);
    site.carry_links(needs.links);
    let mut contributions: Vec<Contribution> = parsed
        .par_iter()
        .filter_map(|parsed| parsed.article.as_ref().ok())
        .map(|article| site.contribution(article))
        .collect();
    // Linted files are parsed whether they changed or not: the cache changes
    // only if one of them did (or was not in it).
    let mut changed = changed;
    if !changed {
        let files = cache.loaded.as_ref().map(|cache| &cache.files);
        changed = contributions.iter().any(|contribution| {
            match files.and_then(|files| files.get(contribution.file.as_os_str())) {
                Some((then, before)) => {
                    Stamp::of(&contribution.file) != Some(*then)
                        || before.page != contribution.page
                        || before.ids != contribution.ids
                        || before.includes != contribution.includes
                        || before.links != contribution.links
                        || before.hides_below != contribution.hides_below
                }
                None => contribution.page.is_some(),
            }
        });
    }
    contributions.extend(reused);
    contributions.sort_by(|a, b| a.file.as_os_str().cmp(b.file.as_os_str()));
    // By the paths' bytes: hashing a `Path` walks its parts.
    let linted: site::fast_hash::FastSet<&std::ffi::OsStr> = parsed
        .iter()
        .filter(|parsed| parsed.linted)
        .filter_map(|parsed| parsed.article.as_ref().ok().map(|a| a.path.as_os_str()))
        .collect();
    site.index(&contributions, &|c| linted.contains(c.file.as_os_str()));
    if needs.sketches {
        site.prepare_near_copies(linted.len());
    }
    (site, contributions, changed)
}

/// With `--online`: the state of every external URL the linted articles name.
fn check_online(
    settings: &Settings,
    options: &RunOptions,
    site: &Site,
    parsed: &[Parsed<'_>],
    cache: &CacheStage,
    notes: &mut Vec<String>,
) -> Option<online::OnlineResults> {
    if !options.online {
        return None;
    }
    let urls = online_urls(settings, options, site, parsed);
    let online_cache = cache
        .path
        .as_deref()
        .and_then(Path::parent)
        .map(|dir| dir.join(online::cache::FILE_NAME));
    let (results, online_notes) = online::check_urls(
        urls,
        &settings.online,
        online_cache.as_deref(),
        options.progress.as_ref(),
    );
    notes.extend(online_notes);
    Some(results)
}

/// The findings of the linted articles, sorted, and what fixing did.
struct Checked {
    diagnostics: Vec<Diagnostic>,
    fixed: Vec<fix::FixedFile>,
    fix_problems: Vec<String>,
}

/// Runs the rules on every linted article, in parallel; when fixing, fixes
/// each article and keeps the findings left in its fixed text.
fn check_articles(
    settings: &Settings,
    options: &RunOptions,
    needs: IndexNeeds,
    site: &Site,
    online: Option<&online::OnlineResults>,
    parsed: &[Parsed<'_>],
) -> Checked {
    let checking = Checking {
        settings,
        options,
        site,
        online,
    };
    let linted = || parsed.par_iter().filter(|parsed| parsed.linted);
    // The findings of one file, and its path relative to the config's folder.
    let lint = |parsed: &Parsed<'_>| {
        let relative = discover::relative_to_root(&parsed.target.path, settings, &options.cwd);
        let findings = check(
            &checking,
            &parsed.target.display,
            &relative,
            parsed.article.as_ref(),
            // The rules get what the parse left of the file's time.
            &Deadline::new(settings.max_file_time, parsed.spent),
        );
        let findings = without_unfixable(settings, parsed.article.as_ref().ok(), findings);
        (relative, findings)
    };
    let mut checked = Checked {
        diagnostics: Vec::new(),
        fixed: Vec::new(),
        fix_problems: Vec::new(),
    };
    if options.fix.mode == fix::FixMode::Off {
        checked.diagnostics = linted().flat_map_iter(|parsed| lint(parsed).1).collect();
    } else {
        let parse_options = parse_options(settings, options, needs);
        let per_file: Vec<fix::Repaired> = linted()
            .map(|parsed| {
                let (relative, findings) = lint(parsed);
                let Ok(article) = &parsed.article else {
                    return fix::Repaired {
                        findings,
                        ..fix::Repaired::default()
                    };
                };
                // Fixing shares the file's time: parse, check and every pass.
                let deadline = Deadline::new(settings.max_file_time, parsed.spent);
                let relint = |fixed: &Article| {
                    let display = &parsed.target.display;
                    let found = check(&checking, display, &relative, Ok(fixed), &deadline);
                    without_unfixable(settings, Some(fixed), found)
                };
                fix::repair(
                    article,
                    findings,
                    options.fix,
                    parse_options,
                    &deadline,
                    &relint,
                )
            })
            .collect();
        for repaired in per_file {
            checked.diagnostics.extend(repaired.findings);
            checked.fixed.extend(repaired.file);
            checked.fix_problems.extend(repaired.problem);
        }
    }
    checked
        .diagnostics
        .sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    checked.fixed.sort_by(|a, b| a.display.cmp(&b.display));
    checked
}

/// With `--fix` (not on standard input): writes the fixed files. One that
/// cannot be written is dropped from `fixed`, and says why in `problems`.
fn write_fixes(
    settings: &Settings,
    options: &RunOptions,
    fixed: &mut Vec<fix::FixedFile>,
    problems: &mut Vec<String>,
) {
    if options.fix.mode != fix::FixMode::Write || options.stdin.is_some() {
        return;
    }
    fixed.retain(|file| match fix::write(file, settings.max_file_size) {
        Ok(()) => true,
        Err(problem) => {
            problems.push(problem);
            false
        }
    });
}

/// Findings of the rules `[rules] fixable` / `unfixable` keep from fixing
/// lose their fix: they are neither applied nor offered. So do all the
/// findings of an article whose front matter does not parse: no fix is
/// written into a file that cannot be read as it stands.
fn without_unfixable(
    settings: &Settings,
    article: Option<&Article>,
    mut findings: Vec<Diagnostic>,
) -> Vec<Diagnostic> {
    let broken = article.is_some_and(fix::has_syntax_problems);
    for finding in &mut findings {
        if finding.fix.is_some() && (broken || !settings.fixes_allowed(finding.rule)) {
            finding.fix = None;
        }
    }
    findings
}

/// One file read and parsed (or not) for a run.
struct Parsed<'t> {
    target: &'t discover::Target,
    /// Linted, not only read for the site index.
    linted: bool,
    article: Result<Article, Unreadable>,
    /// Time the parse took, counted against `[limits] max-file-time`.
    spent: Duration,
}

type SiteFiles = (
    Vec<discover::Target>,
    Vec<(PathBuf, Stamp)>,
    bool,
    Vec<Option<Stamp>>,
);

/// The site's articles, the folders they are in and the stamps of both:
/// from the cache when no folder changed, else by walking the content roots
/// (then the third value is `true`). Without a cache (`stamp` false) nothing
/// is stamped.
fn site_files(
    settings: &Settings,
    cwd: &Path,
    cached: Option<&SiteCache>,
    stamp: bool,
) -> Result<SiteFiles, MissingPath> {
    if let Some(cache) = cached {
        let files: Vec<discover::Target> = cache
            .files
            .keys()
            .map(|path| discover::Target {
                path: PathBuf::from(path),
                // Named only if linted; `run` fills it in then.
                display: String::new(),
                unreadable: None,
            })
            .collect();
        // Folders and files are stamped in one go. The kernel's path lookups
        // dominate, so paths are given relative to the current folder: fewer
        // components to walk.
        let here = cwd
            .to_str()
            .map(|cwd| format!("{}/", cwd.trim_end_matches('/')));
        let short = |path: &Path| -> PathBuf {
            match (path.to_str(), &here) {
                (Some(text), Some(here)) => match text.strip_prefix(here.as_str()) {
                    Some(relative) if !relative.is_empty() => PathBuf::from(relative),
                    _ => path.to_path_buf(),
                },
                _ => path.to_path_buf(),
            }
        };
        let (unchanged, stamps) = rayon::join(
            || {
                !cache.folders.is_empty()
                    && cache.folders.par_iter().all(|(folder, stamp)| {
                        Stamp::of_folder(&short(folder)).as_ref() == Some(stamp)
                    })
            },
            || {
                files
                    .par_iter()
                    .map(|file| Stamp::of(&short(&file.path)))
                    .collect::<Vec<_>>()
            },
        );
        if unchanged {
            // A listed file that is no longer a file (or never was one: a
            // link) is not read.
            let (files, stamps): (Vec<_>, Vec<_>) = files
                .into_iter()
                .zip(stamps)
                .filter(|(_, stamp)| stamp.is_some())
                .unzip();
            return Ok((files, cache.folders.clone(), false, stamps));
        }
    }
    let (files, folders) = discover::discover_site(settings, cwd)?;
    // Stamps are for the cache alone: without one, the walk is enough.
    if !stamp {
        let stamps = vec![None; files.len()];
        return Ok((files, Vec::new(), true, stamps));
    }
    let folders = folders
        .into_par_iter()
        .filter_map(|folder| Stamp::of_folder(&folder).map(|stamp| (folder, stamp)))
        .collect();
    let stamps = files.par_iter().map(|file| Stamp::of(&file.path)).collect();
    Ok((files, folders, true, stamps))
}

/// What the cache depends on besides the files: proofmark's version and
/// every setting (the config text, and the redirects it names).
fn cache_key(settings: &Settings, needs: IndexNeeds) -> u64 {
    let mut hash = cache::fnv(env!("CARGO_PKG_VERSION").as_bytes(), cache::FNV_START);
    hash = cache::fnv(&[u8::from(needs.sketches), u8::from(needs.links)], hash);
    if let Some(path) = &settings.config_path {
        hash = cache::fnv(path.to_string_lossy().as_bytes(), hash);
        let text = crate::contained::read_config_file(path);
        hash = cache::fnv(text.unwrap_or_default().as_bytes(), hash);
    }
    if let Some(text) = &settings.generated_config {
        hash = cache::fnv(text.as_bytes(), hash);
    }
    for (from, to) in &settings.site.redirects {
        hash = cache::fnv(from.as_bytes(), hash);
        hash = cache::fnv(to.as_bytes(), hash);
    }
    hash
}

/// The distinct URLs `--online` checks: the linted articles' links to
/// other sites and their remote images, for the files where `external-link`
/// or `image-remote` is on, minus `[online] exclude`.
fn online_urls(
    settings: &Settings,
    options: &RunOptions,
    site: &Site,
    parsed: &[Parsed<'_>],
) -> std::collections::BTreeSet<String> {
    let on = |meta: &RuleMeta, relative: &Path| {
        options.selection.level(settings, meta, relative).is_some()
    };
    let image_fields = settings.image_fields();
    let mut urls = std::collections::BTreeSet::new();
    for parsed in parsed.iter().filter(|parsed| parsed.linted) {
        let Ok(article) = &parsed.article else {
            continue;
        };
        let relative = discover::relative_to_root(&parsed.target.path, settings, &options.cwd);
        let mut destinations: Vec<&str> = Vec::new();
        if on(&rules::external_link::META, &relative) {
            destinations.extend(article.body.links.iter().map(|l| l.destination.as_str()));
        }
        if on(&rules::image_remote::META, &relative) {
            destinations.extend(
                article
                    .image_sources(&image_fields)
                    .into_iter()
                    .map(|(s, _)| s),
            );
        }
        for destination in destinations {
            let Some(url) = online::request_url(destination) else {
                continue;
            };
            if site.resolve(article, destination) != site::Resolved::Elsewhere
                || settings
                    .online
                    .exclude
                    .iter()
                    .any(|regex| regex.is_match(&url))
            {
                continue;
            }
            urls.insert(url);
        }
    }
    urls
}

/// What the checks of all the files of one run share.
#[derive(Clone, Copy)]
pub struct Checking<'a> {
    pub settings: &'a Settings,
    pub options: &'a RunOptions,
    pub site: &'a Site,
    /// What `--online` found for each external URL; `None` offline.
    pub online: Option<&'a online::OnlineResults>,
}

/// Lints one parsed article (or reports why it could not be read).
/// `relative` is its path relative to the config's folder, for `[[overrides]]`.
/// Once `deadline` passes, the article's findings give way to one
/// `invalid-file` finding that says so.
pub fn check(
    run: &Checking<'_>,
    display: &str,
    relative: &Path,
    article: Result<&Article, &Unreadable>,
    deadline: &Deadline,
) -> Vec<Diagnostic> {
    let Checking {
        settings,
        options,
        site,
        online,
    } = *run;
    // The file's overrides are matched once, not once for each rule.
    let file_levels = settings.levels_for(relative);
    let level = |meta: &RuleMeta| options.selection.level_in(&file_levels, meta);
    let skipped = |problem: &Unreadable| -> Vec<Diagnostic> {
        level(&rules::invalid_file::META)
            .map(|severity| invalid_file(display, problem, severity))
            .into_iter()
            .collect()
    };
    let timed_out = || {
        skipped(&Unreadable::TimedOut {
            limit: deadline.limit(),
        })
    };
    let article = match article {
        Ok(article) => article,
        Err(problem) => return skipped(problem),
    };
    let mut links = Vec::with_capacity(article.body.links.len());
    for link in &article.body.links {
        if deadline.tick() {
            return timed_out();
        }
        links.push(site.resolve(article, &link.destination));
    }
    let file = rules::ArticleFile { display, relative };
    let mut findings = Vec::new();
    for rule in rules::CHECKS {
        if let Some(severity) = level(rule.meta()) {
            // A rule weighs as much as 128 steps of a long loop: the clock
            // is read between every eighth rule, not before each one.
            if deadline.steps(128) {
                return timed_out();
            }
            let mut cx = Ctx::new(
                rule.meta(),
                severity,
                settings,
                file,
                &links,
                online,
                &mut findings,
            );
            rule.check(article, site, &mut cx);
        }
    }
    let is_known = |name: &str| rules::named(name).is_some();
    let is_active = |name: &str| {
        rules::named(name).is_some_and(|metas| metas.iter().any(|meta| level(meta).is_some()))
    };
    let mut unused = Vec::new();
    let unused_meta = &rules::unused_suppression::META;
    let mut cx = level(unused_meta).map(|severity| {
        Ctx::new(
            unused_meta,
            severity,
            settings,
            file,
            &links,
            online,
            &mut unused,
        )
    });
    rules::unused_suppression::apply(article, &mut findings, &is_known, &is_active, cx.as_mut());
    findings.append(&mut unused);
    if deadline.check() {
        return timed_out();
    }
    for finding in &mut findings {
        finding.start = article
            .lines()
            .position(&article.source, finding.span.start);
        finding.end = article.lines().position(&article.source, finding.span.end);
        if let Some(fix) = &mut finding.fix {
            for edit in &mut fix.edits {
                edit.start = article.lines().position(&article.source, edit.span.start);
                edit.end = article.lines().position(&article.source, edit.span.end);
            }
        }
        if options.snippets {
            finding.snippet = Some(article.lines().snippet(&article.source, finding.span));
        }
    }
    findings
}

fn invalid_file(display: &str, problem: &Unreadable, severity: Severity) -> Diagnostic {
    let (message, help) = rules::invalid_file::describe(problem);
    let (span, start) = match problem {
        Unreadable::NotUtf8 { offset, at } | Unreadable::Binary { offset, at } => {
            (Span::new(*offset, *offset + 1), *at)
        }
        Unreadable::Io(_)
        | Unreadable::NotAFile
        | Unreadable::TooLarge { .. }
        | Unreadable::TimedOut { .. } => (Span::empty(0), Position { line: 1, column: 1 }),
    };
    let end = Position {
        line: start.line,
        column: start.column + usize::from(span.end > span.start),
    };
    Diagnostic {
        path: display.to_string(),
        rule: rules::invalid_file::META.id,
        severity,
        message,
        label: None,
        help: Some(help),
        span,
        start,
        end,
        snippet: None,
        fix: None,
    }
}
