import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The file a log lives in: a path to a regular file and nothing else SQLite could make of a name.
///
/// SQLite reads an empty name as a temporary database, `:memory:` as a database in memory and,
/// where it is built to accept URIs (Debian's is), a name starting with `file:` as a URI that may
/// say `mode=memory`. Each of those opens without error, takes appends, and forgets them when the
/// process ends: a `record` that printed `{"seq": [2, 3]}` would have written nothing (an unset
/// `$DB` in a script gives the empty name). The store therefore opens only an absolute path to a
/// regular file, and refuses the names SQLite would read otherwise.
struct LogFilePath {
    /// The path as the user gave it, for messages.
    let given: String
    /// The absolute path SQLite opens (never a URI, never `:memory:`).
    let absolute: String

    /// The mode of a log this product creates: readable and writable by its owner only, for it
    /// holds patient data. SQLite gives its journal the same mode. (README, "Durability and
    /// concurrency": several clinical accounts share a log through a group, by creating the
    /// empty file with mode 0660 beforehand.)
    static let newFileMode: mode_t = 0o600

    /// Checks `path`. Refuses an empty name, `:memory:`, a `file:` URI, a directory or other
    /// non-regular file, and a symbolic link to nothing (which SQLite would follow into a new file).
    init(_ path: String) throws(EventLogError) {
        given = path
        guard !path.isEmpty else {
            throw .invalidPath(path: path, reason: "the path is empty (an unset variable?); give the log's file")
        }
        if path == ":memory:" || path.hasPrefix("file:") {
            throw .invalidPath(path: path, reason: "SQLite would read this name as an in-memory database or a URI, not a file; "
                               + "for a file of that name write ./\(path)")
        }
        absolute = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
    }

    /// What is at the path now.
    enum Entry {
        case none
        case regularFile
    }

    /// Whether a regular file is at the path (following a link to one); throws for anything else
    /// that is there.
    func entry() throws(EventLogError) -> Entry {
        var link = stat()
        guard lstat(absolute, &link) == 0 else {
            if errno == ENOENT { return .none }
            throw .io(path: given, detail: "cannot look at the file (\(String(cString: strerror(errno))))")
        }
        var target = stat()
        guard stat(absolute, &target) == 0 else {
            throw .invalidPath(path: given, reason: "a symbolic link to a file that does not exist; aegrade does not create a log "
                               + "through a link: give the path of the log itself")
        }
        guard target.st_mode & S_IFMT == S_IFREG else {
            throw .invalidPath(path: given, reason: "not a regular file (a directory, device or pipe cannot hold a log)")
        }
        return .regularFile
    }

    /// Creates the empty file with `newFileMode` unless something is already there (another
    /// process creating the same log at the same moment is not an error).
    func createIfAbsent() throws(EventLogError) {
        let descriptor = open(absolute, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, Self.newFileMode)
        if descriptor >= 0 {
            close(descriptor)
            return
        }
        switch errno {
        case EEXIST: _ = try entry()
        case EACCES, EROFS, EPERM: throw .readOnly(path: given)
        case ENOSPC, EDQUOT: throw .diskFull(path: given)
        default: throw .io(path: given, detail: "cannot create the log (\(String(cString: strerror(errno))))")
        }
    }

    /// Whether this process may write the file and its directory (where SQLite writes the journal).
    var isWritable: Bool {
        let directory = (absolute as NSString).deletingLastPathComponent
        return access(absolute, W_OK) == 0 && access(directory.isEmpty ? "/" : directory, W_OK | X_OK) == 0
    }
}
