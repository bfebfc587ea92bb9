import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Runs one tmux command for `TmuxSession`, with `posix_spawn` rather than `Process`.
///
/// Two things `Process` gets wrong here. It passes on the signal mask of the calling thread, and a
/// test runs on a thread-pool thread that blocks nearly every signal: the tmux server it starts, and
/// every program in its panes, would then ignore SIGINT, SIGTERM, SIGHUP and SIGWINCH (Ctrl-C,
/// `kill-server` and resizing would do nothing). And the server, forked from the first client,
/// can keep that client's output pipe open, so reading it to the end never ends. So the child gets
/// an empty signal mask and default signal actions, and writes its output to temporary files.
enum TmuxProcess {
    struct Result {
        var status: Int32
        var standardOutput: String
        var standardError: String
    }

    static func run(executable: String, arguments: [String], environment: [String: String]) throws -> Result {
        let output = try TemporaryFile(), errors = try TemporaryFile()
        defer { output.remove(); errors.remove() }

        #if canImport(Glibc)
        var attributes = posix_spawnattr_t()
        var actions = posix_spawn_file_actions_t()
        #else
        var attributes: posix_spawnattr_t? = nil
        var actions: posix_spawn_file_actions_t? = nil
        #endif
        posix_spawnattr_init(&attributes)
        posix_spawn_file_actions_init(&actions)
        defer {
            posix_spawnattr_destroy(&attributes)
            posix_spawn_file_actions_destroy(&actions)
        }
        var mask = sigset_t()
        sigemptyset(&mask)
        posix_spawnattr_setsigmask(&attributes, &mask)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for number in [SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGPIPE, SIGWINCH, SIGTSTP, SIGCHLD] { sigaddset(&defaults, number) }
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, output.descriptor, 1)
        posix_spawn_file_actions_adddup2(&actions, errors.descriptor, 2)
        // Nothing else of the test runner's (its output pipes) may live on in the tmux server.
        #if canImport(Glibc)
        for name in (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")) ?? [] {
            if let descriptor = Int32(name), descriptor > 2 { posix_spawn_file_actions_addclose(&actions, descriptor) }
        }
        #else
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_CLOEXEC_DEFAULT))
        #endif

        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { (argv + envp).forEach { free($0) } }

        var pid = pid_t()
        let spawned = posix_spawn(&pid, executable, &actions, &attributes, argv, envp)
        guard spawned == 0 else {
            return Result(status: -1, standardOutput: "", standardError: "cannot start \(executable): \(String(cString: strerror(spawned)))")
        }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        // WIFEXITED / WEXITSTATUS, which Swift cannot import (macros).
        let exitStatus = status & 0x7F == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
        return Result(status: exitStatus, standardOutput: output.contents(), standardError: errors.contents())
    }

    static func send(_ signal: Int32, to pid: Int32) {
        kill(pid, signal)
    }

    /// A file in the temporary folder, open for the child to write.
    private struct TemporaryFile {
        let path: String
        let descriptor: Int32

        init() throws {
            var template = Array((NSTemporaryDirectory() + "/aegrade-tmux-XXXXXX").utf8CString)
            let descriptor = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
            guard descriptor >= 0 else { throw CocoaError(.fileWriteUnknown) }
            self.descriptor = descriptor
            self.path = String(decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        }

        func contents() -> String {
            String(decoding: FileManager.default.contents(atPath: path) ?? Data(), as: UTF8.self)
        }

        func remove() {
            close(descriptor)
            unlink(path)
        }
    }
}
