import Foundation
import Synchronization
import Testing
import TestSupport

/// A demo trial written by the binary, with the accounts and one-time passwords it printed, and
/// the board on it in tmux, signed in through its sign-in screen as a person would.
struct BoardDemo {
    let directory: URL
    /// Each demo account's one-time password, as `aegrade demo` printed it.
    let oneTimePasswords: [String: String]

    /// The password each user sets at the first sign-in.
    static let ownPassword = "bedside-e2e-password"
    static let nurse = "nurse.li"
    static let physician = "dr.wang"
    static let monitor = "monitor.liu"
    static let administrator = "admin.zhou"

    var database: String { directory.appendingPathComponent("aegrade.db").path }
    /// The demo laboratory's service key, for `record --key` and `log event --key`.
    var importKey: String { Self.importKey(in: directory) }

    static func importKey(in directory: URL) -> String { directory.appendingPathComponent("lab-import.key").path }

    /// A demo as `aegrade demo` writes it; `environment` chooses its language (its clinicians'
    /// reasons, names and protocol texts are written in it). A copy, for this test alone, of the
    /// one demo the binary writes for that environment in this test process (`template`).
    static func make(environment: [String: String] = [:]) throws -> BoardDemo {
        let (template, passwords) = try Self.template(environment)
        return try BoardDemo(directory: template, oneTimePasswords: passwords).copy()
    }

    /// This demo's files copied to a new directory (for one test), with the same one-time passwords.
    func copy() throws -> BoardDemo {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("aegrade-e2e-\(UUID().uuidString)")
        try FileManager.default.copyItem(at: self.directory, to: directory)
        return BoardDemo(directory: directory, oneTimePasswords: oneTimePasswords)
    }

    /// Why a copy: each demo makes its accounts at the product's scrypt cost, 46 key derivations,
    /// some 5 s of CPU in a test build, and two dozen tests each wrote their own (README, "Tests and
    /// benchmarks"). A copy of the files is the same demo: its events are in the log, the accounts'
    /// credentials with them, the one-time passwords unused until a test signs in on its copy.
    /// Its clinical times are whole hours before the hour it was written (`DemoTrial.plan`), as a
    /// demo written in a test is whenever the test runs.
    private static let templates = Mutex<[[String: String]: (URL, [String: String])]>([:])

    /// The demo `aegrade demo` wrote for `environment` in this process (written on first use,
    /// removed when the process exits), and the one-time passwords it printed.
    private static func template(_ environment: [String: String]) throws -> (URL, [String: String]) {
        try templates.withLock { templates in
            if let made = templates[environment] { return made }
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("aegrade-e2e-template-\(UUID().uuidString)")
            let output = try Run.aegrade(["demo", directory.path], environment: environment)
            SharedScratch.register(directory)
            try #require(output.status == 0, "aegrade demo failed: \(output.stderr)")
            // "  nurse.li     K7Q…  nurse, Li Na"
            var passwords: [String: String] = [:]
            for line in output.lines where line.hasPrefix("  ") {
                let words = line.split(separator: " ")
                if words.count >= 3 { passwords[String(words[0])] = String(words[1]) }
            }
            try #require(passwords.count == 6, "six accounts printed: \(output.stdout)")
            templates[environment] = (directory, passwords)
            return (directory, passwords)
        }
    }

    func remove() { try? FileManager.default.removeItem(at: directory) }

    /// The one-time password of `user`.
    func oneTime(_ user: String) throws -> String { try #require(oneTimePasswords[user], "no account \(user)") }

    /// The board at its sign-in screen (`--user` fills in the id when given).
    func board(user: String? = nil, width: Int = 100, height: Int = 30, environment: [String: String] = ["LANG": "C.UTF-8"]) throws -> TmuxSession {
        try TmuxSession(command: "'\(Run.binary.path)' board" + (user.map { " --user \($0)" } ?? ""), width: width, height: height,
                        environment: environment, directory: directory)
    }

    /// The board signed in as `user` for the first time: the one-time password, then their own
    /// password twice; waits for the board.
    func signedInBoard(user: String, width: Int = 100, height: Int = 30,
                       environment: [String: String] = ["LANG": "C.UTF-8"]) throws -> TmuxSession {
        let session = try board(width: width, height: height, environment: environment)
        try firstSignIn(session, user: user)
        #expect(session.waitFor("Triage board", timeout: .seconds(20)), "\(session)")
        return session
    }

    /// At the sign-in screen: `user`'s id and one-time password, then their own password twice.
    func firstSignIn(_ session: TmuxSession, user: String) throws {
        try Self.signIn(session, user: user, password: try oneTime(user))
        #expect(session.waitUntil(timeout: .seconds(20)) { lines in lines.contains { $0.contains("set your own") || $0.contains("设置您自己的密码") } },
                "\(session)")
        try session.type(Self.ownPassword)
        try session.sendKeys("Tab")
        try session.type(Self.ownPassword)
        try session.sendKeys("Enter")
    }

    /// Types `user` and `password` into the sign-in screen (waits for it first) and presses Enter.
    static func signIn(_ session: TmuxSession, user: String?, password: String) throws {
        #expect(session.waitUntil(timeout: .seconds(20)) { lines in lines.contains { $0.contains("User id") || $0.contains("用户名") } }, "\(session)")
        if let user {
            try session.type(user)
            try session.sendKeys("Tab")
        }
        try session.type(password)
        try session.sendKeys("Enter")
    }

    /// The exported events (JSON lines) of the demo log.
    func export() throws -> [String] {
        try Run.aegrade(["log", "export", "--db", database]).lines
    }
}
