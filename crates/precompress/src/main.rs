//! `rapport-precompress <dir>`: next to each script, wasm and stylesheet of
//! the built app (`app-<hash>.js`, `app-<hash>_bg.wasm`, `style-<hash>.css`,
//! `boot.js`), writes `<file>.br` (Brotli, quality 11) and `<file>.gz`
//! (gzip, level 9). The server sends those to browsers that
//! accept them. Compressing once, at build time, at the highest settings
//! is what makes them small: the server's on-the-fly compression has to be
//! quick, and Brotli at quality 11 is about a quarter smaller than gzip on
//! the app's wasm.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

fn main() -> ExitCode {
    let Some(dir) = std::env::args_os().nth(1).map(PathBuf::from) else {
        eprintln!("usage: rapport-precompress <dir>");
        return ExitCode::from(2);
    };
    match precompress(&dir) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("rapport-precompress: {error}");
            ExitCode::FAILURE
        }
    }
}

fn precompress(dir: &Path) -> Result<(), String> {
    let entries = fs::read_dir(dir).map_err(|e| format!("reading {}: {e}", dir.display()))?;
    for entry in entries {
        let path = entry
            .map_err(|e| format!("reading {}: {e}", dir.display()))?
            .path();
        if !is_app_file(&path) {
            continue;
        }
        let raw = fs::read(&path).map_err(|e| format!("reading {}: {e}", path.display()))?;
        let brotli = brotli_of(&raw).map_err(|e| format!("compressing {}: {e}", path.display()))?;
        let gzip = gzip_of(&raw).map_err(|e| format!("compressing {}: {e}", path.display()))?;
        for (extension, bytes) in [("br", brotli), ("gz", gzip)] {
            let mut name = path.clone().into_os_string();
            name.push(".");
            name.push(extension);
            fs::write(&name, bytes).map_err(|e| format!("writing {name:?}: {e}"))?;
        }
    }
    Ok(())
}

/// The files worth compressing: scripts, the wasm and the stylesheet.
fn is_app_file(path: &Path) -> bool {
    path.extension()
        .is_some_and(|extension| ["js", "wasm", "css"].iter().any(|e| extension == *e))
}

fn brotli_of(raw: &[u8]) -> std::io::Result<Vec<u8>> {
    let mut packed = Vec::new();
    {
        // Quality 11 with a 4 MiB window (lgwin 22), the format's best.
        let mut writer = brotli::CompressorWriter::new(&mut packed, 64 * 1024, 11, 22);
        writer.write_all(raw)?;
    }
    Ok(packed)
}

fn gzip_of(raw: &[u8]) -> std::io::Result<Vec<u8>> {
    let mut writer = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    writer.write_all(raw)?;
    writer.finish()
}
