//! Which files a run lints: explicit paths as given, folders walked for
//! Markdown (honouring `.gitignore`), configured excludes applied to both.

use std::collections::BTreeMap;
use std::path::{Component, Path, PathBuf};

use rayon::slice::ParallelSliceMut;

use crate::config::Settings;

pub const EXTENSIONS: &[&str] = &["md", "markdown", "mdx"];

/// A file to lint: where it is, and how reports name it.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Target {
    pub path: PathBuf,
    pub display: String,
    /// Set for a folder the walk could not read: reported, not linted.
    pub unreadable: Option<String>,
}

#[derive(Clone, Debug)]
pub struct MissingPath {
    pub path: PathBuf,
    pub message: String,
}

/// Lists the files to lint under `paths`, or under the configured content
/// roots when no path is given. Sorted and without repeats.
pub fn discover(
    settings: &Settings,
    paths: &[PathBuf],
    cwd: &Path,
) -> Result<Vec<Target>, MissingPath> {
    let (targets, _, mut missing) = discover_with_folders(settings, paths, cwd);
    match missing.is_empty() {
        true => Ok(targets),
        false => Err(missing.remove(0)),
    }
}

/// The files to lint under paths named on the command line, and the paths
/// that cannot be read: those are reported, and the others linted.
pub fn discover_named(
    settings: &Settings,
    paths: &[PathBuf],
    cwd: &Path,
) -> (Vec<Target>, Vec<MissingPath>) {
    let (targets, _, missing) = discover_with_folders(settings, paths, cwd);
    (targets, missing)
}

/// The site's articles (everything under the content roots) and the folders
/// walked to find them, which the cache watches for files that come and go.
pub fn discover_site(
    settings: &Settings,
    cwd: &Path,
) -> Result<(Vec<Target>, Vec<PathBuf>), MissingPath> {
    let (targets, folders, mut missing) = discover_with_folders(settings, &[], cwd);
    match missing.is_empty() {
        true => Ok((targets, folders)),
        false => Err(missing.remove(0)),
    }
}

/// The site's content roots and its collections' folders, once each (`.`,
/// the current folder, when none is configured).
pub fn content_roots(settings: &Settings) -> Vec<PathBuf> {
    let site = if settings.site.content.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        settings
            .site
            .content
            .iter()
            .map(|root| settings.root.join(root))
            .collect()
    };
    let collections = settings
        .collections
        .iter()
        .flat_map(|collection| &collection.content)
        .map(|folder| settings.root.join(folder));
    let mut roots: Vec<PathBuf> = Vec::new();
    for root in site.into_iter().chain(collections) {
        if !roots.contains(&root) {
            roots.push(root);
        }
    }
    roots
}

/// The files under `paths` (or the content roots), the folders walked, and
/// the paths that could not be read.
fn discover_with_folders(
    settings: &Settings,
    paths: &[PathBuf],
    cwd: &Path,
) -> (Vec<Target>, Vec<PathBuf>, Vec<MissingPath>) {
    let roots: Vec<PathBuf> = if !paths.is_empty() {
        paths.to_vec()
    } else {
        let mut roots = content_roots(settings);
        // A folder inside another is walked with it.
        let all = roots.clone();
        roots.retain(|root| {
            !all.iter()
                .any(|other| other != root && root.starts_with(other) && other.is_dir())
        });
        roots
    };
    let mut found = BTreeMap::new();
    let mut folders = Vec::new();
    let mut missing = Vec::new();
    let project = normalize(&cwd.join(&settings.root));
    for root in &roots {
        // A content root inside the project that is (or goes through) a
        // symbolic link to somewhere outside it is not walked: the config
        // names the folder, not where a link may lead.
        let absolute = normalize(&cwd.join(root));
        if paths.is_empty()
            && absolute.starts_with(&project)
            && std::fs::metadata(root).is_ok()
            && crate::contained::existing_within(&absolute, &[&project]).is_none()
        {
            let display = display_path(root, cwd);
            let message = "a symbolic link to a folder outside the project: not linted".to_string();
            found.insert(
                display.clone(),
                Target {
                    path: root.clone(),
                    display,
                    unreadable: Some(message),
                },
            );
            continue;
        }
        let metadata = match std::fs::metadata(root) {
            Ok(metadata) => metadata,
            Err(error) => {
                missing.push(MissingPath {
                    path: root.clone(),
                    message: format!(
                        "cannot read `{}`: {}",
                        root.display(),
                        plain_io_error(&error)
                    ),
                });
                continue;
            }
        };
        if metadata.is_dir() {
            walk(root, settings, cwd, &mut found, &mut folders);
        } else if !is_excluded(root, settings, cwd) {
            let display = display_path(root, cwd);
            found.insert(
                display.clone(),
                Target {
                    path: root.clone(),
                    display,
                    unreadable: None,
                },
            );
        }
    }
    folders.par_sort_unstable();
    (found.into_values().collect(), folders, missing)
}

/// How reports name standard input read without `--stdin-filename`.
pub const STDIN_NAME: &str = "<stdin>";

/// The file `--stdin` stands for: the `--stdin-filename` path, which need
/// not exist, and is skipped like any explicit file when excluded.
pub fn stdin_target(settings: &Settings, path: Option<&Path>, cwd: &Path) -> Option<Target> {
    let Some(path) = path else {
        return Some(Target {
            path: PathBuf::from(STDIN_NAME),
            display: STDIN_NAME.to_string(),
            unreadable: None,
        });
    };
    (!is_excluded(path, settings, cwd)).then(|| Target {
        path: path.to_path_buf(),
        display: display_path(path, cwd),
        unreadable: None,
    })
}

fn walk(
    root: &Path,
    settings: &Settings,
    cwd: &Path,
    found: &mut BTreeMap<String, Target>,
    folders: &mut Vec<PathBuf>,
) {
    let walker = ignore::WalkBuilder::new(root)
        .standard_filters(true)
        .require_git(false)
        .follow_links(false)
        .build_parallel();
    let collected = std::sync::Mutex::new(Vec::new());
    let walked = std::sync::Mutex::new(Vec::new());
    let failed = std::sync::Mutex::new(Vec::new());
    // A folder that cannot be read is reported and the walk goes on; a file
    // that cannot be read is reported when it is linted.
    walker.run(|| {
        let collected = &collected;
        let walked = &walked;
        let failed = &failed;
        Box::new(move |entry| {
            if let Err(error) = &entry {
                if let (Some(path), Ok(mut list)) = (error_path(error), failed.lock()) {
                    list.push((path, walk_error_message(error)));
                }
            }
            if let Ok(entry) = entry {
                let path = entry.path();
                if entry.file_type().is_some_and(|t| t.is_dir()) {
                    if let Ok(mut list) = walked.lock() {
                        list.push(normalize(&cwd.join(path)));
                    }
                }
                let is_file = entry.file_type().is_some_and(|t| t.is_file());
                let markdown = path
                    .extension()
                    .and_then(|ext| ext.to_str())
                    .is_some_and(|ext| {
                        EXTENSIONS
                            .iter()
                            .any(|known| ext.eq_ignore_ascii_case(known))
                    });
                if is_file && markdown && !is_excluded(path, settings, cwd) {
                    // Named here, on the walk's threads: one file at a time
                    // after the walk, the naming was its slowest part.
                    let display = display_path(path, cwd);
                    if let Ok(mut list) = collected.lock() {
                        list.push((entry.into_path(), display, None));
                    }
                }
            }
            ignore::WalkState::Continue
        })
    });
    folders.extend(walked.into_inner().unwrap_or_default());
    let unreadable = failed
        .into_inner()
        .unwrap_or_default()
        .into_iter()
        .map(|(path, message)| {
            let display = display_path(&path, cwd);
            (path, display, Some(message))
        });
    let readable = collected.into_inner().unwrap_or_default();
    for (path, display, unreadable) in readable.into_iter().chain(unreadable) {
        found.insert(
            display.clone(),
            Target {
                path,
                display,
                unreadable,
            },
        );
    }
}

fn error_path(error: &ignore::Error) -> Option<PathBuf> {
    match error {
        ignore::Error::WithPath { path, .. } => Some(path.clone()),
        ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => {
            error_path(err)
        }
        ignore::Error::Loop { child, .. } => Some(child.clone()),
        _ => None,
    }
}

fn walk_error_message(error: &ignore::Error) -> String {
    match error {
        ignore::Error::WithPath { err, .. }
        | ignore::Error::WithDepth { err, .. }
        | ignore::Error::WithLineNumber { err, .. } => walk_error_message(err),
        ignore::Error::Loop { .. } => "a symbolic link loops back to a folder above it".into(),
        ignore::Error::Io(error) if error.kind() == std::io::ErrorKind::PermissionDenied => {
            "cannot read the folder: permission denied".into()
        }
        other => format!("cannot read: {other}"),
    }
}

fn is_excluded(path: &Path, settings: &Settings, cwd: &Path) -> bool {
    let Some(exclude) = &settings.site.exclude else {
        return false;
    };
    exclude.is_match(relative_to_root(path, settings, cwd))
}

/// `path` relative to the config's folder, for matching its globs.
pub fn relative_to_root(path: &Path, settings: &Settings, cwd: &Path) -> PathBuf {
    let absolute = normalize(&cwd.join(path));
    let root = normalize(&cwd.join(&settings.root));
    match absolute.strip_prefix(&root) {
        Ok(relative) => relative.to_path_buf(),
        Err(_) => absolute,
    }
}

/// Relative to the current directory when inside it, with `/` separators.
pub fn display_path(path: &Path, cwd: &Path) -> String {
    let absolute = normalize(&cwd.join(path));
    let cwd = normalize(cwd);
    // Both normal: a prefix of bytes is a prefix of parts.
    if is_normal(&absolute) && is_normal(&cwd) {
        let (bytes, base) = (
            absolute.as_os_str().as_encoded_bytes(),
            cwd.as_os_str().as_encoded_bytes(),
        );
        let inside = match bytes.strip_prefix(base) {
            Some([]) => Some(&[][..]),
            Some([b'/', rest @ ..]) => Some(rest),
            Some(rest) if base == b"/" => Some(rest),
            _ => None,
        };
        return String::from_utf8_lossy(inside.unwrap_or(bytes)).into_owned();
    }
    let shown = absolute.strip_prefix(&cwd).unwrap_or(&absolute);
    shown
        .to_string_lossy()
        .replace(std::path::MAIN_SEPARATOR, "/")
}

/// Removes `.` and resolves `..` lexically, without touching the disk.
pub fn normalize(path: &Path) -> PathBuf {
    if is_normal(path) {
        return path.to_path_buf();
    }
    normalize_parts(path)
}

/// [`normalize`] a part at a time.
fn normalize_parts(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                if !out.pop() {
                    out.push("..");
                }
            }
            other => out.push(other.as_os_str()),
        }
    }
    out
}

/// Whether `normalize` would give `path` back as it is (the common case,
/// told without taking the path apart): an absolute Unix path with no
/// empty, `.` or `..` part and no `/` at its end.
fn is_normal(path: &Path) -> bool {
    if !cfg!(unix) {
        return false;
    }
    let bytes = path.as_os_str().as_encoded_bytes();
    bytes.first() == Some(&b'/')
        && (bytes.len() == 1 || bytes.last() != Some(&b'/'))
        && segments_are_plain(bytes)
}

/// Whether no part of a `/`-separated path after a `/` is `.` or `..`,
/// and none but the last is empty (no `//`).
pub fn segments_are_plain(path: &[u8]) -> bool {
    memchr::memchr_iter(b'/', path).all(|slash| {
        !matches!(
            &path[slash + 1..],
            [b'/', ..] | [b'.'] | [b'.', b'/', ..] | [b'.', b'.'] | [b'.', b'.', b'/', ..]
        )
    })
}

/// An I/O error in the words the rest of the output uses.
pub fn plain_io_error(error: &std::io::Error) -> String {
    match error.kind() {
        std::io::ErrorKind::NotFound => "no such file or folder".into(),
        std::io::ErrorKind::PermissionDenied => "permission denied".into(),
        _ => error.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normal_paths_are_kept_and_others_taken_apart() {
        for path in [
            "/", "/a", "/a/b.md", "/a/.b/c", "/a/..b", "/a/b..", "/a/", "//a", "/a//b", "/a/./b",
            "/a/../b", "/a/.", "/a/..", "a/b", "./a", "../a", "", ".",
        ] {
            let path = Path::new(path);
            let slow = normalize_parts(path);
            assert_eq!(normalize(path), slow, "{}", path.display());
            // Every absolute path the slow way keeps is told at once.
            let kept = slow.as_os_str() == path.as_os_str();
            assert_eq!(
                is_normal(path),
                kept && path.is_absolute(),
                "{}",
                path.display()
            );
        }
    }

    #[test]
    fn display_paths_are_relative_with_slashes() {
        assert_eq!(
            display_path(Path::new("/work/site"), Path::new("/work/site")),
            ""
        );
        assert_eq!(
            display_path(Path::new("/work/sites/a.md"), Path::new("/work/site")),
            "/work/sites/a.md"
        );
        assert_eq!(
            display_path(Path::new("/work/a.md"), Path::new("/")),
            "work/a.md"
        );
        assert_eq!(
            display_path(Path::new("a.md"), Path::new("/work/./site/")),
            "a.md"
        );
        let cwd = Path::new("/work/site");
        assert_eq!(display_path(Path::new("./posts/a.md"), cwd), "posts/a.md");
        assert_eq!(display_path(Path::new("/work/site/b.md"), cwd), "b.md");
        assert_eq!(
            display_path(Path::new("/elsewhere/c.md"), cwd),
            "/elsewhere/c.md"
        );
        assert_eq!(
            display_path(Path::new("../other/d.md"), cwd),
            "/work/other/d.md"
        );
    }
}
