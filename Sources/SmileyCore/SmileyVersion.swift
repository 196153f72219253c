/// Smiley's version, defined here and nowhere else: `smiley --version` prints it, the Debian package carries it,
/// and every record and send-journal line names it as its `writer`, so stored data can be traced to the code that
/// wrote it.
///
/// Semantic versioning, with the record schema, the files of the data folder and `smiley.json` as the public
/// contract: a release that changes what an admin must do, or what an older Smiley can read, raises the major
/// version (the minor one while it is 0); new commands and settings raise the minor; fixes the patch. Every change
/// is listed in `CHANGELOG.md`.
public enum SmileyVersion {
    /// `MAJOR.MINOR.PATCH`.
    public static let current = "0.1.0"

    /// What stored data names as its writer: `smiley 0.1.0`.
    public static let writer = "smiley " + current
}
