//! Folders and files only their owner may read: the development JWT secret
//! signs administrators' tokens, and the SQLite database holds every
//! customer's data, so neither may be readable by other local users.
//! Elsewhere than on Unix the platform's defaults apply.

use std::io::Write;
use std::path::Path;

/// Owner: read, write, enter.
#[cfg(unix)]
const FOLDER_MODE: u32 = 0o700;
/// Owner: read, write.
#[cfg(unix)]
const FILE_MODE: u32 = 0o600;

/// Creates `folder` and any missing parents with mode 0700. Folders that
/// already exist keep their mode: one given by the operator is theirs.
pub fn create_folder(folder: &Path) -> std::io::Result<()> {
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        builder.mode(FOLDER_MODE);
    }
    builder.create(folder)
}

/// Writes `contents` to `file` with mode 0600, also when it existed with
/// a wider one.
pub fn write_file(file: &Path, contents: &str) -> std::io::Result<()> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(FILE_MODE);
    }
    let mut opened = options.open(file)?;
    // The mode above applies only to a file this call creates.
    restrict(&opened)?;
    opened.write_all(contents.as_bytes())?;
    opened.sync_all()
}

/// Takes group and other permissions off `file` if it has any (a secret
/// written before files were created owner-only).
pub fn restrict_file(file: &Path) -> std::io::Result<()> {
    restrict(&std::fs::File::open(file)?)
}

#[cfg(unix)]
fn restrict(file: &std::fs::File) -> std::io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    let mode = file.metadata()?.permissions().mode();
    if mode & 0o077 != 0 {
        file.set_permissions(std::fs::Permissions::from_mode(mode & FILE_MODE))?;
    }
    Ok(())
}

#[cfg(not(unix))]
fn restrict(_file: &std::fs::File) -> std::io::Result<()> {
    Ok(())
}

#[cfg(test)]
#[cfg(unix)]
mod tests {
    use std::os::unix::fs::PermissionsExt;

    use super::*;

    fn mode(path: &Path) -> u32 {
        std::fs::metadata(path).unwrap().permissions().mode() & 0o777
    }

    #[test]
    fn created_folders_are_the_owners_only_down_from_the_first_missing_one() {
        let dir = tempfile::tempdir().unwrap();
        let folder = dir.path().join("data").join("sqlite");

        create_folder(&folder).unwrap();

        assert_eq!(mode(&dir.path().join("data")), 0o700);
        assert_eq!(mode(&folder), 0o700);
    }

    #[test]
    fn a_rewritten_file_loses_the_wider_mode_it_had() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("secret");
        std::fs::write(&file, "old").unwrap();
        std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o644)).unwrap();

        write_file(&file, "new").unwrap();

        assert_eq!(mode(&file), 0o600);
        assert_eq!(std::fs::read_to_string(&file).unwrap(), "new");
    }
}
