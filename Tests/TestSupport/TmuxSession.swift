import Foundation

/// A program running in a real terminal: a detached tmux session on a server of its own, for
/// end-to-end tests that type keys and read the screen.
///
/// ```swift
/// let tmux = try TmuxSession(command: "\(binary) board --db \(db)", width: 80, height: 24)
/// #expect(tmux.waitFor("OVERDUE", timeout: .seconds(5)))
/// try tmux.sendKeys("j", "Enter")
/// try tmux.sendKeys("38.5", "Tab")
/// ```
///
/// Each session has its own server (`tmux -L <unique socket>`) started with `-f /dev/null`, so no
/// user configuration and no other test interferes; `kill()` (or `deinit`) ends it. The pane stays
/// after the program exits (`remain-on-exit`), so a test can still read the last screen and the
/// exit status (`exitStatus()`).
///
/// When tmux is not installed, `init` throws `TmuxSession.Error.tmuxNotFound`: end-to-end tests
/// fail, never skip (`.ci/run` installs tmux).
package final class TmuxSession: CustomStringConvertible {
    /// Why a tmux command failed.
    package enum Error: Swift.Error, CustomStringConvertible {
        /// Thrown by `init` when no `tmux` executable is on `PATH`; names the folders searched.
        case tmuxNotFound(searched: [String])
        /// Thrown when a tmux command exits non-zero; names the command, its status and its
        /// standard error.
        case commandFailed(arguments: [String], status: Int32, standardError: String)

        package var description: String {
            switch self {
            case .tmuxNotFound(let searched):
                "tmux is not installed (searched \(searched.joined(separator: ":"))): the end-to-end terminal "
                    + "tests need it. Install it (apt-get install tmux; brew install tmux); .ci/run does."
            case .commandFailed(let arguments, let status, let standardError):
                "tmux \(arguments.joined(separator: " ")) exited with status \(status): "
                    + standardError.trimmingCharacters(in: .whitespacesAndNewlines)
            }
        }
    }

    /// The tmux executable.
    package let tmux: URL
    /// The server's socket name (`-L`), unique to this session.
    package let socket: String
    /// The session's name on that server.
    package let name: String
    /// The environment the tmux server, and so the program, runs with.
    package let environment: [String: String]
    private var killed = false
    /// The server's socket file, which tmux leaves behind when it exits.
    private var socketPath: String?

    /// Starts `command` (run by `sh -c`) in a detached `width`×`height` terminal.
    ///
    /// - Parameters:
    ///   - environment: added to a minimal one (`PATH`, `HOME`, `TMPDIR` of this process, unless
    ///     given here). Nothing else is inherited — no `LANG`, no `NO_COLOR` — so a test states what
    ///     the program sees. Inside the session `TERM` is tmux's (`tmux-256color`) unless `term`
    ///     names another.
    ///   - directory: the program's working directory (this process's by default).
    /// - Throws: `Error.tmuxNotFound` when tmux is missing, `Error.commandFailed` when tmux cannot
    ///   start the session.
    package init(command: String, width: Int = 80, height: Int = 24, environment: [String: String] = [:],
                 term: String? = nil, directory: URL? = nil) throws {
        tmux = try Self.locateTmux()
        let unique = "\(getpid())-\(UUID().uuidString.prefix(8).lowercased())"
        socket = "aegrade-test-\(unique)"
        name = "aeg-\(unique)"
        let inherited = ProcessInfo.processInfo.environment
        var base: [String: String] = [:]
        for key in ["PATH", "HOME", "TMPDIR"] { base[key] = inherited[key] }
        // The board's clock banner follows the kernel's NTP state, which differs between machines:
        // screens compared with golden files assume a synchronised clock unless a test says not.
        base["AEGRADE_TEST_CLOCK_SYNCHRONISED"] = "yes"
        self.environment = base.merging(environment) { _, given in given }

        // One command line: start the server, keep panes after their program exits, set the
        // terminal type, then start the session (options first: a pane takes them when it starts).
        var arguments = ["start-server", ";", "set-option", "-g", "remain-on-exit", "on", ";"]
        if let term { arguments += ["set-option", "-g", "default-terminal", term, ";"] }
        arguments += ["new-session", "-d", "-x", String(width), "-y", String(height), "-s", name]
        if let directory { arguments += ["-c", directory.path] }
        arguments.append(command)
        try run(arguments)
        socketPath = try? run(["display-message", "-p", "#{socket_path}"]).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    deinit { kill() }

    /// Sends keys in order: each argument that names a key is pressed as that key; any other is
    /// typed literally (`send-keys -l`, UTF-8, so Chinese too).
    ///
    /// Key names are tmux's: `Enter`, `Escape`, `Tab`, `BTab` (Shift-Tab), `Space`, `BSpace`, `DC`
    /// (Delete), `IC`, `Up`, `Down`, `Left`, `Right`, `Home`, `End`, `PageUp`/`PPage`,
    /// `PageDown`/`NPage`, `F1`…`F12`, and modifiers `C-x`, `M-x`, `S-x`. To type such a word as
    /// text, use `type(_:)`.
    package func sendKeys(_ keys: String...) throws {
        for key in keys {
            if Self.isKeyName(key) {
                try run(["send-keys", "-t", target, key])
            } else {
                try type(key)
            }
        }
    }

    /// Types `text` literally, whatever it says.
    package func type(_ text: String) throws {
        guard !text.isEmpty else { return }
        try run(["send-keys", "-t", target, "-l", "--", text])
    }

    /// The screen now, one string per row (trailing blanks removed; a wide character once).
    package func capture() throws -> [String] {
        let output = try run(["capture-pane", "-p", "-t", target])
        var lines = output.components(separatedBy: "\n")
        if lines.last == "" { lines.removeLast() }
        return lines
    }

    /// The screen now, framed, for a failure message: `#expect(tmux.waitFor("Saved"), "\(tmux)")`.
    package var description: String {
        do {
            let rows = try capture()
            let width = rows.map(\.count).max() ?? 0
            let rule = "+" + String(repeating: "-", count: width) + "+"
            let framed = rows.map { "|" + $0 + String(repeating: " ", count: width - $0.count) + "|" }
            return ([rule] + framed + [rule]).joined(separator: "\n")
        } catch {
            return "tmux session \(name): \(error)"
        }
    }

    /// The screen now with its colours and attributes as SGR escape sequences (`capture-pane -e`),
    /// one string per row: for checking colour, bold or reverse (and their absence under `NO_COLOR`).
    package func captureStyled() throws -> [String] {
        let output = try run(["capture-pane", "-p", "-e", "-t", target])
        var lines = output.components(separatedBy: "\n")
        if lines.last == "" { lines.removeLast() }
        return lines
    }

    /// Waits until `text` appears on the screen, checking every 50 ms; false when `timeout`
    /// passes first (or the session is gone). The default is long (``patience``): a wait that
    /// succeeds ends as soon as the text is there, and a loaded machine (CI's two cores running
    /// suites in parallel) must not turn a slow screen into a failure.
    @discardableResult
    package func waitFor(_ text: String, timeout: Duration = TmuxSession.patience) -> Bool {
        waitUntil(timeout: timeout) { $0.contains { $0.contains(text) } }
    }

    /// Waits until `condition` holds for the screen, checking every 50 ms; false on timeout.
    @discardableResult
    package func waitUntil(timeout: Duration = TmuxSession.patience, _ condition: ([String]) -> Bool) -> Bool {
        let clock = ContinuousClock()
        let deadline = clock.now + timeout
        while true {
            if let screen = try? capture(), condition(screen) { return true }
            if clock.now >= deadline { return false }
            Thread.sleep(forTimeInterval: 0.05)
        }
    }

    /// How long a wait for the screen or the program's exit lasts unless told: what no screen of
    /// a working program takes, however loaded the machine.
    package static let patience: Duration = .seconds(30)

    /// Resizes the terminal (the program receives SIGWINCH).
    package func resize(width: Int, height: Int) throws {
        try run(["resize-window", "-t", target, "-x", String(width), "-y", String(height)])
    }

    /// The program's exit status once it has ended (killed by a signal: 128 + signal); nil while
    /// it runs.
    ///
    /// Until the status is known, this also sends SIGCHLD to the tmux server: a tmux built with
    /// libutempter can miss the SIGCHLD of a program that ends while it updates utmp, and then
    /// never marks the pane dead (tmux/tmux#311, "tmux leaves zombies around"); the nudge makes it
    /// look again.
    package func exitStatus() throws -> Int32? {
        let fields = try run(["display-message", "-p", "-t", target,
                              "#{pane_dead} #{pane_dead_status} #{pane_dead_signal} #{pid}"])
            .trimmingCharacters(in: .whitespacesAndNewlines).split(separator: " ", omittingEmptySubsequences: false)
        if fields.count == 4, fields[0] == "1" {
            if let signal = Int32(fields[2]), signal > 0 { return 128 + signal }
            if let status = Int32(fields[1]) { return status }
        }
        // Running, or its terminal closed but its status not yet collected.
        if let server = fields.last.flatMap({ Int32($0) }) { TmuxProcess.send(SIGCHLD, to: server) }
        return nil
    }

    /// Waits for the program to end; its exit status, or nil on timeout.
    package func waitForExit(timeout: Duration = TmuxSession.patience) -> Int32? {
        let clock = ContinuousClock()
        let deadline = clock.now + timeout
        while clock.now < deadline {
            if let status = try? exitStatus() { return status }
            Thread.sleep(forTimeInterval: 0.05)
        }
        return nil
    }

    /// Sends `signal` (SIGINT, SIGTERM, …) to the pane's process: the program itself when the
    /// command is a single program (`sh -c` execs it; write `exec program …` to be sure).
    package func sendSignal(_ signal: Int32) throws {
        let pid = try run(["display-message", "-p", "-t", target, "#{pane_pid}"])
            .trimmingCharacters(in: .whitespacesAndNewlines)
        guard let pid = Int32(pid) else {
            throw Error.commandFailed(arguments: ["display-message", "#{pane_pid}"], status: 0, standardError: "no pid: \(pid)")
        }
        TmuxProcess.send(signal, to: pid)
    }

    /// Ends the session (its program gets SIGHUP) and its server. Safe to call more than once;
    /// `deinit` calls it.
    package func kill() {
        guard !killed else { return }
        killed = true
        _ = try? run(["kill-session", "-t", target])
        _ = try? run(["kill-server"])
        if let socketPath, !socketPath.isEmpty { try? FileManager.default.removeItem(atPath: socketPath) }
    }

    private var target: String { "=\(name):" }

    @discardableResult
    private func run(_ arguments: [String]) throws -> String {
        // -u: the client speaks UTF-8 whatever its locale, so capture-pane prints Chinese as is.
        let full = ["-f", "/dev/null", "-u", "-L", socket] + arguments
        let result = try TmuxProcess.run(executable: tmux.path, arguments: full, environment: environment)
        guard result.status == 0 else {
            throw Error.commandFailed(arguments: arguments, status: result.status, standardError: result.standardError)
        }
        return result.standardOutput
    }

    private static func locateTmux() throws -> URL {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
        let folders = path.split(separator: ":").map(String.init) + ["/usr/bin", "/usr/local/bin", "/opt/homebrew/bin"]
        for folder in folders {
            let candidate = URL(fileURLWithPath: folder).appendingPathComponent("tmux")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        }
        throw Error.tmuxNotFound(searched: folders)
    }

    private static let namedKeys: Set<String> = [
        "Enter", "Escape", "Tab", "BTab", "Space", "BSpace", "DC", "IC", "Up", "Down", "Left", "Right",
        "Home", "End", "PageUp", "PgUp", "PPage", "PageDown", "PgDn", "NPage", "KPEnter",
    ]

    /// Whether `sendKeys` presses `key` as a named key rather than typing it.
    package static func isKeyName(_ key: String) -> Bool {
        if namedKeys.contains(key) { return true }
        if key.count > 1, key.first == "F", let number = Int(key.dropFirst()), (1...24).contains(number) { return true }
        // C-x, M-x, S-Tab, C-M-x: modifiers before a single character or a key name.
        var rest = Substring(key)
        var hadModifier = false
        while rest.count > 2, ["C-", "M-", "S-"].contains(String(rest.prefix(2))) {
            rest = rest.dropFirst(2)
            hadModifier = true
        }
        return hadModifier && (rest.count == 1 || isKeyName(String(rest)))
    }
}
