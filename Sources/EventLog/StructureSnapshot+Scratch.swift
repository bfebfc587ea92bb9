import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The copy's file: made with a name that says which process made it, removed when the check
/// ends, when the process is interrupted (Ctrl-C, SIGTERM, hang-up) and, when the process was
/// killed outright, by the next check that finds it.
///
/// A copy is as large as the log (2.9 GB at 1,000,000 events): a monitor who stops a long
/// `verify` with Ctrl-C must not leave one behind in the temporary directory each time.
extension StructureSnapshot {
    /// The name's prefix; the maker's process id and a UUID follow.
    static let scratchPrefix = "aegrade-structure-"

    /// A new, empty file of mode 0600 with a name nobody else has, removed on an interrupting
    /// signal until ``removeScratch(_:)``; copies left by processes that no longer run are removed
    /// first.
    static func makeScratchFile(in directory: String) -> Result<String, ScratchFailure> {
        removeAbandonedScratch(in: directory)
        let name = "\(scratchPrefix)\(getpid())-\(UUID().uuidString.lowercased()).db"
        let path = (directory as NSString).appendingPathComponent(name)
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { return .failure(ScratchFailure(reason: String(cString: strerror(errno)))) }
        close(descriptor)
        ScratchOnSignal.hold(path)
        return .success(path)
    }

    static func removeScratch(_ path: String) {
        ScratchOnSignal.release()
        for file in [path, path + "-journal"] { unlink(file) }
    }

    /// Copies named for a process that no longer exists (killed with SIGKILL, or by the machine
    /// going down, mid-check). A name without a process id (an earlier version's), a process
    /// that still runs, or a file another user owns (a sticky /tmp refuses the unlink) is left.
    static func removeAbandonedScratch(in directory: String) {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return }
        for name in names where name.hasPrefix(scratchPrefix) {
            let rest = name.dropFirst(scratchPrefix.count)
            guard let dash = rest.firstIndex(of: "-"), let pid = pid_t(rest[..<dash]), pid > 0, pid != getpid() else { continue }
            guard kill(pid, 0) == -1, errno == ESRCH else { continue }
            unlink((directory as NSString).appendingPathComponent(name))
        }
    }
}

/// The copy to remove when SIGINT, SIGTERM or SIGHUP ends the process, read by the signal handler
/// (which can capture nothing). One copy at a time: a process runs one check at a time.
///
/// The handler does only what POSIX allows in one (`unlink`, `signal`, `raise`), then lets the
/// signal do what it did before: the handler that was installed (the board's, which gives the
/// terminal back) or the default action, so that the parent sees "killed by SIGINT". A signal the
/// process ignores (`nohup`) stays ignored.
enum ScratchOnSignal {
    /// The signals handled, in the order of ``previous``'s members.
    static let signals: (Int32, Int32, Int32) = (SIGINT, SIGTERM, SIGHUP)
    /// The copy's path and its journal's, as C strings made before the handler is installed.
    nonisolated(unsafe) private static var paths: (UnsafeMutablePointer<CChar>?, UnsafeMutablePointer<CChar>?) = (nil, nil)
    /// The handler found on installing ours for each of ``signals`` (nil: the default action), and
    /// whether ours was installed. A tuple, not a dictionary: the handler reads it.
    nonisolated(unsafe) private static var previous: (__sighandler_t?, __sighandler_t?, __sighandler_t?) = (nil, nil, nil)
    nonisolated(unsafe) private static var installed = (false, false, false)
    nonisolated(unsafe) private static var maskBefore = sigset_t()
    private static let lock = NSLock()

    static func hold(_ path: String) {
        lock.lock()
        defer { lock.unlock() }
        restorePrevious()
        paths = (strdup(path), strdup(path + "-journal"))
        (previous.0, installed.0) = install(signals.0)
        (previous.1, installed.1) = install(signals.1)
        (previous.2, installed.2) = install(signals.2)
        // A process started from a thread pool may inherit a mask that blocks these signals
        // (Ctrl-C would then wait until the check ended): let them reach this thread during the
        // check; `release`, on the same thread, puts the mask back.
        var set = sigset_t()
        sigemptyset(&set)
        sigaddset(&set, signals.0)
        sigaddset(&set, signals.1)
        sigaddset(&set, signals.2)
        pthread_sigmask(SIG_UNBLOCK, &set, &maskBefore)
    }

    static func release() {
        lock.lock()
        defer { lock.unlock() }
        restorePrevious()
        pthread_sigmask(SIG_SETMASK, &maskBefore, nil)
    }

    /// Installs the removing handler for `number` unless the process ignores the signal.
    private static func install(_ number: Int32) -> (__sighandler_t?, Bool) {
        let found = signal(number, { number in ScratchOnSignal.removeAndReraise(number) })
        guard !isIgnore(found) else {
            signal(number, found)
            return (nil, false)
        }
        return (found, true)
    }

    /// Puts back the handlers `hold` replaced, then frees the paths (no handler reads them after).
    private static func restorePrevious() {
        if installed.0 { signal(signals.0, previous.0) }
        if installed.1 { signal(signals.1, previous.1) }
        if installed.2 { signal(signals.2, previous.2) }
        installed = (false, false, false)
        previous = (nil, nil, nil)
        free(paths.0)
        free(paths.1)
        paths = (nil, nil)
    }

    /// SIG_IGN, whose value is 1 (SIG_DFL's is 0, imported as nil).
    private static func isIgnore(_ handler: __sighandler_t?) -> Bool {
        guard let handler else { return false }
        return unsafeBitCast(handler, to: Int.self) == 1
    }

    private static func removeAndReraise(_ number: Int32) {
        if let path = paths.0 { unlink(path) }
        if let journal = paths.1 { unlink(journal) }
        let before = number == signals.0 ? previous.0 : number == signals.1 ? previous.1 : previous.2
        signal(number, before)
        if let before {
            before(number)
        } else {
            // The signal is blocked while its handler runs: raised now, it is delivered with the
            // default action (ending the process) as soon as this handler returns.
            raise(number)
        }
    }
}
