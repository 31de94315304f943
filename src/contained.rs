//! Paths inside the project, decided on the file system. A path's text can
//! be inside the project while a symbolic link on the way leads anywhere
//! (`posts/root -> /`, so `posts/root/etc/shadow`); asking the system
//! whether such a path exists would tell an article's author what is on
//! the machine outside the project. So a path is resolved here a component
//! at a time: each symbolic link is read and its target checked to be
//! inside before it is followed, and nothing outside is ever looked at.

use std::collections::VecDeque;
use std::ffi::OsString;
use std::fs::Metadata;
use std::io::Read;
use std::path::{Component, Path, PathBuf};

/// More links than this on one path is a loop, or an attempt at one.
const MAX_LINKS: usize = 40;

/// The place `path` (absolute) names and what is there, if it exists and
/// it and every link on the way to it are inside one of `roots` (absolute
/// folders, themselves trusted as they are).
pub fn existing_within(path: &Path, roots: &[&Path]) -> Option<(PathBuf, Metadata)> {
    let root = roots.iter().find(|root| path.starts_with(root))?;
    let mut current = root.to_path_buf();
    let mut rest: VecDeque<OsString> = parts(path.strip_prefix(root).ok()?)?;
    let mut found = std::fs::symlink_metadata(&current).ok()?;
    let mut links = 0;
    while let Some(part) = rest.pop_front() {
        if part == ".." {
            current.pop();
            found = within(&current, roots).then(|| std::fs::symlink_metadata(&current).ok())??;
            continue;
        }
        if !found.is_dir() {
            return None;
        }
        let next = current.join(&part);
        let metadata = std::fs::symlink_metadata(&next).ok()?;
        if !metadata.file_type().is_symlink() {
            current = next;
            found = metadata;
            continue;
        }
        links += 1;
        if links > MAX_LINKS {
            return None;
        }
        let target = std::fs::read_link(&next).ok()?;
        // The target is read from where the link is, unless absolute; its
        // parts go before the rest of the path.
        let (start, target_parts) = if target.is_absolute() {
            let root = roots.iter().find(|root| target.starts_with(root))?;
            (root.to_path_buf(), parts(target.strip_prefix(root).ok()?)?)
        } else {
            (current.clone(), parts(&target)?)
        };
        current = start;
        found = std::fs::symlink_metadata(&current).ok()?;
        for part in target_parts.into_iter().rev() {
            rest.push_front(part);
        }
    }
    within(&current, roots).then_some((current, found))
}

/// Whether `path` is a regular file inside `roots`, links resolved.
pub fn is_file_within(path: &Path, roots: &[&Path]) -> bool {
    existing_within(path, roots).is_some_and(|(_, metadata)| metadata.is_file())
}

/// Whether a symbolic link at the end of a path is followed on opening.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Links {
    Follow,
    Refuse,
}

/// Reads a file that must be a regular file of at most `limit` bytes. It is
/// opened without blocking (a named pipe would wait for a writer forever)
/// and, with [`Links::Refuse`], without following a symbolic link; what
/// was opened is then checked (a folder, a device such as `/dev/zero`, a
/// pipe are refused) and read no further than the limit.
pub fn read_regular(path: &Path, limit: u64, links: Links) -> std::io::Result<Vec<u8>> {
    let file = open_for_reading(path, links)?;
    let metadata = file.metadata()?;
    if !metadata.is_file() {
        return Err(std::io::Error::other(if metadata.is_dir() {
            "a folder, not a file"
        } else {
            "not a regular file"
        }));
    }
    if metadata.len() > limit {
        return Err(too_large(limit));
    }
    let mut bytes = Vec::with_capacity(metadata.len() as usize);
    file.take(limit + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > limit {
        return Err(too_large(limit));
    }
    Ok(bytes)
}

/// [`read_regular`] for text: not UTF-8 is an error too.
pub fn read_regular_text(path: &Path, limit: u64, links: Links) -> std::io::Result<String> {
    String::from_utf8(read_regular(path, limit, links)?)
        .map_err(|_| std::io::Error::new(std::io::ErrorKind::InvalidData, "not UTF-8 text"))
}

/// The size bound of the files a config names or a framework's files that
/// are read (configs, redirect lists, schemas): far above any real one.
pub const CONFIG_FILE_LIMIT: u64 = 16 << 20;

/// A config, a file it names, or a site generator's file: text in a
/// regular file (a link to one is followed) of at most [`CONFIG_FILE_LIMIT`].
pub fn read_config_file(path: &Path) -> std::io::Result<String> {
    read_regular_text(path, CONFIG_FILE_LIMIT, Links::Follow)
}

fn too_large(limit: u64) -> std::io::Error {
    std::io::Error::other(if limit >= 1 << 20 {
        format!("larger than {} MB", limit >> 20)
    } else {
        format!("larger than {limit} bytes")
    })
}

/// Opens a file to read without blocking on a named pipe; with
/// [`Links::Refuse`], a symbolic link at the end of the path is an error.
#[cfg(unix)]
pub fn open_for_reading(path: &Path, links: Links) -> std::io::Result<std::fs::File> {
    use std::os::unix::fs::OpenOptionsExt;
    let mut flags = libc::O_NONBLOCK;
    if links == Links::Refuse {
        flags |= libc::O_NOFOLLOW;
    }
    std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(flags)
        .open(path)
        .map_err(|error| match error.raw_os_error() {
            Some(libc::ELOOP) => std::io::Error::other("a symbolic link, not followed"),
            _ => error,
        })
}

#[cfg(not(unix))]
pub fn open_for_reading(path: &Path, links: Links) -> std::io::Result<std::fs::File> {
    if links == Links::Refuse && std::fs::symlink_metadata(path)?.file_type().is_symlink() {
        return Err(std::io::Error::other("a symbolic link, not followed"));
    }
    std::fs::File::open(path)
}

fn within(path: &Path, roots: &[&Path]) -> bool {
    roots.iter().any(|root| path.starts_with(root))
}

/// A relative path's parts, `.` left out; `None` if it is not relative.
fn parts(path: &Path) -> Option<VecDeque<OsString>> {
    let mut parts = VecDeque::new();
    for component in path.components() {
        match component {
            Component::Normal(part) => parts.push_back(part.to_os_string()),
            Component::ParentDir => parts.push_back("..".into()),
            Component::CurDir => {}
            Component::RootDir | Component::Prefix(_) => return None,
        }
    }
    Some(parts)
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::fs::symlink;

    #[test]
    fn only_a_bounded_regular_file_is_read() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("a.toml");
        std::fs::write(&file, "x = 1\n").unwrap();
        symlink(&file, dir.path().join("link.toml")).unwrap();
        assert_eq!(read_regular(&file, 100, Links::Refuse).unwrap(), b"x = 1\n");
        let error = |path: &Path, limit: u64, links: Links| {
            read_regular(path, limit, links).unwrap_err().to_string()
        };
        assert_eq!(error(&file, 3, Links::Refuse), "larger than 3 bytes");
        assert!(read_regular(&dir.path().join("link.toml"), 100, Links::Follow).is_ok());
        assert!(error(&dir.path().join("link.toml"), 100, Links::Refuse).contains("symbolic link"));
        assert_eq!(
            error(dir.path(), 100, Links::Follow),
            "a folder, not a file"
        );
        assert_eq!(
            error(Path::new("/dev/zero"), 100, Links::Follow),
            "not a regular file"
        );
        let fifo = dir.path().join("pipe");
        if std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .is_ok_and(|s| s.success())
        {
            // Opened without waiting for a writer, then refused.
            assert_eq!(error(&fifo, 100, Links::Follow), "not a regular file");
        }
    }

    #[test]
    fn links_are_followed_only_while_they_stay_inside() {
        let outside = tempfile::tempdir().unwrap();
        std::fs::write(outside.path().join("secret"), "x").unwrap();
        let project = tempfile::tempdir().unwrap();
        let root = project.path();
        std::fs::create_dir_all(root.join("posts/sub")).unwrap();
        std::fs::write(root.join("posts/sub/a.png"), "png").unwrap();
        symlink("/", root.join("posts/rootlink")).unwrap();
        symlink(outside.path(), root.join("posts/away")).unwrap();
        symlink("sub", root.join("posts/near")).unwrap();
        symlink("../posts/sub/a.png", root.join("posts/image.png")).unwrap();
        symlink(root.join("posts/sub"), root.join("posts/absolute")).unwrap();
        symlink("loop", root.join("posts/loop")).unwrap();
        symlink("near/../../..", root.join("posts/up")).unwrap();
        let roots = [root];
        let inside = |p: &str| is_file_within(&root.join(p), &roots);
        assert!(inside("posts/sub/a.png"));
        assert!(inside("posts/near/a.png"));
        assert!(inside("posts/image.png"));
        assert!(inside("posts/absolute/a.png"));
        assert!(!inside("posts/sub"), "a folder is no file");
        assert!(!inside("posts/rootlink/etc/passwd"));
        assert!(!inside("posts/away/secret"));
        assert!(!inside("posts/loop/x"));
        // `near` is `posts/sub`: two levels up from it is outside the project.
        assert!(!inside("posts/up/x"));
        assert!(!inside("posts/sub/missing.png"));
        assert!(!is_file_within(&outside.path().join("secret"), &roots));
    }
}
