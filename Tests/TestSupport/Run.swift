import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Runs the built `aegrade` binary and the standard tools (`sqlite3`, `python3`, `setpriv`) the
/// way a user, a monitor or an attacker would: the one runner of child processes for every test
/// target (tmux alone is started by `TmuxProcess`, which needs a clean signal mask).
///
/// Output goes to temporary files rather than pipes, so a large output can never block the child.
/// Every wait is bounded: a child that has not finished after ``timeout`` seconds is killed and
/// the test fails naming it, rather than hanging the suite.
package enum Run {
    /// How long a child may run before it is killed as hung (generous: debug builds on a busy
    /// machine grade 100,000 lines in well under a minute).
    package static let timeout: Double = 300

    /// The package root, found from this file's path.
    package static let packageRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The `aegrade` binary beside the test bundle in the build products directory.
    package static let binary: URL = {
        var directory = Bundle.main.bundleURL
        for _ in 0..<4 {
            let candidate = directory.appendingPathComponent("aegrade")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            directory = directory.deletingLastPathComponent()
        }
        return URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("aegrade")
    }()

    /// The environment children get: this process's, without any test hook it may carry, plus `extra`.
    package static func environment(_ extra: [String: String]) -> [String: String] {
        var environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("AEGRADE_TEST_") }
        environment.merge(extra) { $1 }
        return environment
    }

    /// Runs `aegrade` with `arguments` and waits for it.
    package static func aegrade(_ arguments: [String], stdin: String? = nil, environment: [String: String] = [:],
                        directory: URL? = nil) throws -> ProcessOutput {
        try process(binary, arguments, stdin: stdin, environment: environment, directory: directory)
    }

    /// Runs `aegrade` as a user the file modes bind: this user, or nobody when running as root
    /// (root ignores them), through util-linux `setpriv`.
    package static func aegradeUnprivileged(_ arguments: [String], stdin: String? = nil) throws -> ProcessOutput {
        guard getuid() == 0 else { return try aegrade(arguments, stdin: stdin) }
        return try tool("setpriv", ["--reuid=65534", "--regid=65534", "--clear-groups", binary.path] + arguments, stdin: stdin)
    }

    /// Whether `aegradeUnprivileged` can run (as root it needs `setpriv`).
    package static var canRunUnprivileged: Bool { getuid() != 0 || hasTool("setpriv") }

    /// Waits up to `seconds` for `text` to appear in the file at `url` (a line a child process
    /// writes when it reached a point), polling every 10 ms; false when it never came.
    package static func waitForText(_ text: String, in url: URL, seconds: Double) -> Bool {
        waitUntil(seconds: seconds) { ((try? String(contentsOf: url, encoding: .utf8)) ?? "").contains(text) }
    }

    /// Runs a tool found on `PATH` (`sqlite3`, `python3`, `setpriv`) and waits for it.
    package static func tool(_ name: String, _ arguments: [String], stdin: String? = nil, environment: [String: String] = [:]) throws -> ProcessOutput {
        try process(URL(fileURLWithPath: "/usr/bin/env"), [name] + arguments, stdin: stdin, environment: environment)
    }

    /// Whether `name` is on `PATH`.
    package static func hasTool(_ name: String) -> Bool {
        (try? tool("sh", ["-c", "command -v \(name)"]))?.status == 0
    }

    /// Runs `executable` to the end; stdout and stderr through temporary files.
    package static func process(_ executable: URL, _ arguments: [String], stdin: String? = nil,
                        environment: [String: String] = [:], directory: URL? = nil) throws -> ProcessOutput {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let outURL = scratch.file("stdout"), errURL = scratch.file("stderr"), inURL = scratch.file("stdin")
        try Data((stdin ?? "").utf8).write(to: inURL)
        let exited = DispatchSemaphore(value: 0)
        let process = try start(executable, arguments, environment: environment, stdin: inURL, stdout: outURL, stderr: errURL,
                                directory: directory, onExit: { exited.signal() })
        guard exited.wait(timeout: .now() + timeout) == .success else {
            kill9(process)
            let partial = (try? String(contentsOf: errURL, encoding: .utf8)) ?? ""
            throw TestFailure("\(executable.lastPathComponent) \(arguments.joined(separator: " ")) did not finish within \(Int(timeout)) s "
                              + "and was killed; its standard error:\n\(partial)")
        }
        process.waitUntilExit()
        return ProcessOutput(status: process.terminationStatus, stdout: (try? String(contentsOf: outURL, encoding: .utf8)) ?? "",
                             stderr: (try? String(contentsOf: errURL, encoding: .utf8)) ?? "",
                             signaled: process.terminationReason == .uncaughtSignal)
    }

    /// Starts `executable` without waiting: its stdout and stderr go to the given files (created
    /// or truncated), its stdin comes from `stdin` (or /dev/null).
    package static func start(_ executable: URL, _ arguments: [String], environment: [String: String] = [:], stdin: URL? = nil,
                      stdout: URL, stderr: URL, directory: URL? = nil,
                      onExit: (@Sendable () -> Void)? = nil) throws -> Process {
        _ = FileManager.default.createFile(atPath: stdout.path, contents: nil)
        _ = FileManager.default.createFile(atPath: stderr.path, contents: nil)
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.environment = Self.environment(environment)
        if let directory { process.currentDirectoryURL = directory }
        let outHandle = try FileHandle(forWritingTo: stdout)
        let errHandle = try FileHandle(forWritingTo: stderr)
        let inHandle = try stdin.map { try FileHandle(forReadingFrom: $0) } ?? FileHandle(forReadingFrom: URL(fileURLWithPath: "/dev/null"))
        defer {
            try? outHandle.close()
            try? errHandle.close()
            try? inHandle.close()
        }
        process.standardOutput = outHandle
        process.standardError = errHandle
        process.standardInput = inHandle
        if let onExit { process.terminationHandler = { _ in onExit() } }
        try process.run()
        return process
    }

    /// The fixture file `name` of the command tests (`Tests/aegradeTests/Fixtures`).
    package static func fixture(_ name: String) -> String {
        packageRoot.appendingPathComponent("Tests/aegradeTests/Fixtures/\(name)").path
    }

    /// Starts `aegrade` without waiting.
    package static func startAegrade(_ arguments: [String], environment: [String: String] = [:], stdin: URL? = nil,
                             stdout: URL, stderr: URL) throws -> Process {
        try start(binary, arguments, environment: environment, stdin: stdin, stdout: stdout, stderr: stderr)
    }

    /// Kills `process` with SIGKILL (no chance to clean up); waits for it to be reaped unless told
    /// not to (Foundation polls for that every 50 ms, too slow for a kill storm).
    package static func kill9(_ process: Process, wait: Bool = true) {
        if process.isRunning { _ = Glibc.kill(process.processIdentifier, SIGKILL) }
        if wait { process.waitUntilExit() }
    }

    /// Waits up to `seconds` for `condition`, polling every 10 ms.
    @discardableResult
    package static func waitUntil(seconds: Double, _ condition: () -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if condition() { return true }
            usleep(10_000)
        }
        return condition()
    }
}
