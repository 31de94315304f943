//! The site-index cache: what every article contributes to the index, kept
//! between runs so that linting one file (pre-commit, editors) does not
//! re-read the whole site. Keyed by each file's size and modification time,
//! and by proofmark's version and the config; never trusted blindly: a cache
//! that does not decode, or whose checksum does not match, is rebuilt.
//! Written to a temporary file and renamed, so an interrupted run cannot
//! leave a half-written cache behind.

use std::collections::BTreeMap;
use std::ffi::OsString;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

use crate::article::fingerprint::{Fingerprint, BINS};
use crate::site::{Anchors, Contribution, PageFacts};

const MAGIC: &[u8; 8] = b"PMCACHE4";
pub const FILE_NAME: &str = "site-index.bin";
/// The largest cache file read: far above the index of any real site
/// (about 800 bytes a page), far below what would exhaust memory.
pub const CACHE_LIMIT: u64 = 1 << 30;

/// A file's identity for the cache: size and modification time.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Stamp {
    pub size: u64,
    pub modified_ns: u128,
}

impl Stamp {
    /// The stamp of a file itself: a symbolic link (which the walk never
    /// follows, so no article is one) has none.
    pub fn of(path: &Path) -> Option<Stamp> {
        let metadata = std::fs::symlink_metadata(path).ok()?;
        if !metadata.is_file() {
            return None;
        }
        Self::of_metadata(&metadata)
    }

    /// The stamp of a walked folder, through a link if the folder is one (a
    /// content root may be a link to a folder inside the project).
    pub fn of_folder(path: &Path) -> Option<Stamp> {
        Self::of_metadata(&std::fs::metadata(path).ok()?)
    }

    fn of_metadata(metadata: &std::fs::Metadata) -> Option<Stamp> {
        let modified = metadata.modified().ok()?;
        Some(Stamp {
            size: metadata.len(),
            modified_ns: modified
                .duration_since(UNIX_EPOCH)
                .map(|d| d.as_nanos())
                .unwrap_or(0),
        })
    }
}

/// What the cache holds: the folders walked (a changed folder means files
/// came or went) and every article with its stamp and contribution.
#[derive(Debug, Default, PartialEq)]
pub struct SiteCache {
    pub folders: Vec<(PathBuf, Stamp)>,
    /// Keyed by the path's bytes: ordering `Path`s compares components, far slower.
    pub files: BTreeMap<OsString, (Stamp, Contribution)>,
}

/// FNV-1a: a stable hash for the cache key and checksum.
pub fn fnv(bytes: &[u8], mut hash: u64) -> u64 {
    for byte in bytes {
        hash ^= u64::from(*byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    hash
}

pub const FNV_START: u64 = 0xcbf2_9ce4_8422_2325;

impl SiteCache {
    /// Reads the cache, or `None` when it is missing, stale (another `key`),
    /// damaged in any way, not a regular file (a link, a pipe, a device),
    /// too large, or names a file or folder outside `roots` (the project
    /// and the content roots): a cache is data anyone could have written.
    pub fn load(path: &Path, key: u64, roots: &[&Path]) -> Option<SiteCache> {
        let bytes =
            crate::contained::read_regular(path, CACHE_LIMIT, crate::contained::Links::Refuse)
                .ok()?;
        let body_len = bytes.len().checked_sub(8)?;
        let (body, checksum) = bytes.split_at(body_len);
        if fnv(body, FNV_START).to_le_bytes() != checksum {
            return None;
        }
        let mut reader = Reader { bytes: body, at: 0 };
        if reader.take(8)? != MAGIC || reader.u64()? != key {
            return None;
        }
        let mut cache = SiteCache::default();
        for _ in 0..reader.u32()? {
            cache.folders.push((reader.path()?, reader.stamp()?));
        }
        for _ in 0..reader.u32()? {
            let file = reader.path()?;
            let stamp = reader.stamp()?;
            let contribution = reader.contribution(file.clone())?;
            cache
                .files
                .insert(file.into_os_string(), (stamp, contribution));
        }
        let inside = |path: &Path| roots.iter().any(|root| path.starts_with(root));
        let all_inside = cache.folders.iter().all(|(folder, _)| inside(folder))
            && cache.files.keys().all(|file| inside(Path::new(file)));
        (reader.at == body.len() && all_inside).then_some(cache)
    }

    /// Writes the cache atomically: a temporary file, then a rename.
    pub fn save(&self, path: &Path, key: u64) -> std::io::Result<()> {
        let mut out = Vec::with_capacity(1 << 20);
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&key.to_le_bytes());
        put_u32(&mut out, self.folders.len());
        for (folder, stamp) in &self.folders {
            put_path(&mut out, folder);
            put_stamp(&mut out, *stamp);
        }
        put_u32(&mut out, self.files.len());
        for (file, (stamp, contribution)) in &self.files {
            put_path(&mut out, Path::new(file));
            put_stamp(&mut out, *stamp);
            put_contribution(&mut out, contribution);
        }
        let checksum = fnv(&out, FNV_START);
        out.extend_from_slice(&checksum.to_le_bytes());
        write_atomically(path, &out)
    }
}

/// Writes a file of proofmark's cache folder: a temporary file, then a
/// rename, so that an interrupted run never leaves half a file. The folder
/// gets a `.gitignore` that keeps it out of version control.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
        if std::fs::symlink_metadata(dir)?.file_type().is_symlink() {
            return Err(std::io::Error::other("the cache folder is a symbolic link"));
        }
        // Created only where nothing is, not even a dangling link.
        let ignore = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(dir.join(".gitignore"));
        match ignore {
            Ok(mut file) => file.write_all(b"# proofmark's cache: safe to delete\n*\n")?,
            Err(error) if error.kind() == std::io::ErrorKind::AlreadyExists => {}
            Err(error) => return Err(error),
        }
    }
    let unique = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or(0);
    let temporary = path.with_extension(format!("tmp-{}-{unique}", std::process::id()));
    std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&temporary)?
        .write_all(bytes)?;
    std::fs::rename(&temporary, path).inspect_err(|_| {
        let _ = std::fs::remove_file(&temporary);
    })
}

fn put_u32(out: &mut Vec<u8>, value: usize) {
    out.extend_from_slice(&u32::try_from(value).unwrap_or(u32::MAX).to_le_bytes());
}

fn put_str(out: &mut Vec<u8>, text: &str) {
    put_u32(out, text.len());
    out.extend_from_slice(text.as_bytes());
}

fn put_path(out: &mut Vec<u8>, path: &Path) {
    put_str(out, &path.to_string_lossy());
}

fn put_strings(out: &mut Vec<u8>, list: &[String]) {
    put_u32(out, list.len());
    for item in list {
        put_str(out, item);
    }
}

fn put_stamp(out: &mut Vec<u8>, stamp: Stamp) {
    out.extend_from_slice(&stamp.size.to_le_bytes());
    out.extend_from_slice(&stamp.modified_ns.to_le_bytes());
}

fn put_contribution(out: &mut Vec<u8>, c: &Contribution) {
    match &c.page {
        None => out.push(0),
        Some(page) => {
            out.push(1);
            put_str(out, &page.url);
            out.push(u8::from(page.draft));
            put_strings(out, &page.redirects);
            for text in [&page.canonical, &page.title, &page.description] {
                match text {
                    None => out.push(0),
                    Some(text) => {
                        out.push(1);
                        put_str(out, text);
                    }
                }
            }
            match &page.fingerprint {
                None => out.push(0),
                Some(fingerprint) => {
                    out.push(1);
                    put_u32(out, fingerprint.words as usize);
                    for bin in fingerprint.bins.iter() {
                        out.extend_from_slice(&bin.to_le_bytes());
                    }
                }
            }
        }
    }
    put_str(out, c.ids.as_text());
    put_strings(out, &c.includes);
    put_strings(out, &c.links);
    out.push(u8::from(c.hides_below));
}

struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, count: usize) -> Option<&'a [u8]> {
        let end = self.at.checked_add(count)?;
        let slice = self.bytes.get(self.at..end)?;
        self.at = end;
        Some(slice)
    }

    fn u8(&mut self) -> Option<u8> {
        self.take(1).map(|b| b[0])
    }

    fn u32(&mut self) -> Option<u32> {
        Some(u32::from_le_bytes(self.take(4)?.try_into().ok()?))
    }

    fn u64(&mut self) -> Option<u64> {
        Some(u64::from_le_bytes(self.take(8)?.try_into().ok()?))
    }

    fn u128(&mut self) -> Option<u128> {
        Some(u128::from_le_bytes(self.take(16)?.try_into().ok()?))
    }

    fn string(&mut self) -> Option<String> {
        let length = self.u32()? as usize;
        String::from_utf8(self.take(length)?.to_vec()).ok()
    }

    fn strings(&mut self) -> Option<Vec<String>> {
        let count = self.u32()? as usize;
        // A count larger than what is left cannot be right: refuse it before allocating.
        if count > self.bytes.len() - self.at {
            return None;
        }
        (0..count).map(|_| self.string()).collect()
    }

    fn path(&mut self) -> Option<PathBuf> {
        self.string().map(PathBuf::from)
    }

    /// A string that may be absent; `None` when the bytes are bad.
    fn optional_string(&mut self) -> Option<Option<String>> {
        match self.u8()? {
            0 => Some(None),
            1 => Some(Some(self.string()?)),
            _ => None,
        }
    }

    /// A body sketch that may be absent; `None` when the bytes are bad.
    fn fingerprint(&mut self) -> Option<Option<Fingerprint>> {
        match self.u8()? {
            0 => Some(None),
            1 => {
                let words = self.u32()?;
                let mut bins = Box::new([0u16; BINS]);
                let bytes = self.take(2 * BINS)?;
                for (bin, pair) in bins.iter_mut().zip(bytes.chunks_exact(2)) {
                    *bin = u16::from_le_bytes([pair[0], pair[1]]);
                }
                Some(Some(Fingerprint { words, bins }))
            }
            _ => None,
        }
    }

    fn stamp(&mut self) -> Option<Stamp> {
        Some(Stamp {
            size: self.u64()?,
            modified_ns: self.u128()?,
        })
    }

    fn contribution(&mut self, file: PathBuf) -> Option<Contribution> {
        let page = match self.u8()? {
            0 => None,
            1 => Some(PageFacts {
                url: self.string()?,
                draft: self.u8()? == 1,
                redirects: self.strings()?,
                canonical: self.optional_string()?,
                title: self.optional_string()?,
                description: self.optional_string()?,
                fingerprint: self.fingerprint()?,
            }),
            _ => return None,
        };
        let ids = Anchors::from_text(self.string()?);
        let includes = self.strings()?;
        let links = self.strings()?;
        let hides_below = match self.u8()? {
            0 => false,
            1 => true,
            _ => return None,
        };
        Some(Contribution {
            hides_below,
            file,
            page,
            ids,
            includes,
            links,
            // Only read for linted articles, which are always parsed afresh.
            local_files: Vec::new(),
            relative_destinations: Vec::new(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> SiteCache {
        let mut cache = SiteCache::default();
        cache.folders.push((
            PathBuf::from("/site/posts"),
            Stamp {
                size: 4096,
                modified_ns: 7,
            },
        ));
        cache.files.insert(
            OsString::from("/site/posts/a.md"),
            (
                Stamp {
                    size: 10,
                    modified_ns: 42,
                },
                Contribution {
                    file: PathBuf::from("/site/posts/a.md"),
                    page: Some(PageFacts {
                        url: "/a".into(),
                        draft: true,
                        redirects: vec!["/old-a".into()],
                        canonical: Some("https://x.y/a".into()),
                        title: Some("A title".into()),
                        description: None,
                        fingerprint: Some(Fingerprint {
                            words: 812,
                            bins: Box::new(std::array::from_fn(|i| (i as u16).wrapping_mul(977))),
                        }),
                    }),
                    ids: Anchors::new(["intro", "über"]),
                    includes: vec![],
                    local_files: vec![],
                    relative_destinations: vec![],
                    links: vec!["/b#top".into(), "../c.md".into()],
                    hides_below: true,
                },
            ),
        );
        cache
    }

    #[test]
    fn a_saved_cache_loads_back_identical() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("cache").join(FILE_NAME);
        sample().save(&path, 99).unwrap();
        let site = [Path::new("/site")];
        assert_eq!(SiteCache::load(&path, 99, &site), Some(sample()));
        assert_eq!(
            SiteCache::load(&path, 98, &site),
            None,
            "another key is another cache"
        );
        assert!(dir.path().join("cache/.gitignore").is_file());
        // Pages of another place are no pages of this project.
        assert_eq!(SiteCache::load(&path, 99, &[Path::new("/other")]), None);
    }

    #[cfg(unix)]
    #[test]
    fn only_a_regular_cache_file_in_a_real_folder_is_used() {
        let dir = tempfile::tempdir().unwrap();
        let elsewhere = tempfile::tempdir().unwrap();
        let site = [Path::new("/site")];
        // A dangling `.gitignore` link is not written through.
        let cache = dir.path().join("cache");
        std::fs::create_dir(&cache).unwrap();
        let target = elsewhere.path().join("x");
        std::os::unix::fs::symlink(&target, cache.join(".gitignore")).unwrap();
        sample().save(&cache.join(FILE_NAME), 1).unwrap();
        assert!(!target.exists());
        // A cache file that is a link, or a folder that is one, is refused.
        let moved = elsewhere.path().join(FILE_NAME);
        std::fs::rename(cache.join(FILE_NAME), &moved).unwrap();
        std::os::unix::fs::symlink(&moved, cache.join(FILE_NAME)).unwrap();
        assert_eq!(SiteCache::load(&cache.join(FILE_NAME), 1, &site), None);
        let linked = dir.path().join("linked");
        std::os::unix::fs::symlink(elsewhere.path(), &linked).unwrap();
        assert!(sample().save(&linked.join(FILE_NAME), 1).is_err());
        std::os::unix::fs::symlink("/dev/zero", dir.path().join("zero")).unwrap();
        assert_eq!(SiteCache::load(&dir.path().join("zero"), 1, &site), None);
    }

    #[test]
    fn a_damaged_cache_is_refused_not_believed() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(FILE_NAME);
        sample().save(&path, 1).unwrap();
        let bytes = std::fs::read(&path).unwrap();
        for cut in [0, 7, 20, bytes.len() / 2, bytes.len() - 1] {
            std::fs::write(&path, &bytes[..cut]).unwrap();
            assert_eq!(
                SiteCache::load(&path, 1, &[Path::new("/site")]),
                None,
                "truncated at {cut}"
            );
        }
        let mut flipped = bytes.clone();
        flipped[30] ^= 0x40;
        std::fs::write(&path, &flipped).unwrap();
        assert_eq!(
            SiteCache::load(&path, 1, &[Path::new("/site")]),
            None,
            "a flipped bit"
        );
    }
}
