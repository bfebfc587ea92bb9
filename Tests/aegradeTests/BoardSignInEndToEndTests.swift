import Foundation
import Testing
import TestSupport

/// The board's sign-in, idle lock and switch of user in a real terminal (21 CFR 11.200(a),
/// 11.300(d); README, "At the bedside"): `aegrade` inside tmux, driven with send-keys and read with
/// capture-pane, the events read back from the log's export. tmux is required: these fail, never skip.
@Suite(.serialized) struct BoardSignInEndToEndTests {
    /// The export's lines of `kind` whose author is `user`.
    static func events(_ export: [String], kind: String, by user: String) -> [String] {
        export.filter { $0.contains("\"kind\":\"\(kind)\"") && $0.contains("\"id\":\"\(user)\"") }
    }

    /// The failed sign-ins of `user` in an export.
    static func failures(_ export: [String]?, _ user: String) -> Int {
        (export ?? []).filter { $0.contains("\"action\":\"failedSignIn\"") && $0.contains("\"user\":\"\(user)\"") }.count
    }

    @Test func aWrongPasswordIsRefusedPlainlyThenTheOneTimePasswordLeadsToSettingYourOwn() throws {
        let demo = try BoardDemo.make()
        defer { demo.remove() }
        let session = try demo.board(user: BoardDemo.nurse)
        defer { session.kill() }
        // Given the sign-in screen with the user id filled in: nothing of the patients is shown
        #expect(session.waitFor("Sign in to the bedside board", timeout: .seconds(20)), "\(session)")
        #expect(!(try session.capture()).contains { $0.contains("P-001") || $0.contains("PAUSED") }, "\(session)")
        // When a wrong password is typed
        try session.type("not-the-password")
        try session.sendKeys("Enter")
        // Then the screen says so without telling which of the two was wrong, and never shows it
        #expect(session.waitFor("the user id or the password is wrong", timeout: .seconds(20)), "\(session)")
        #expect(!(try session.capture()).contains { $0.contains("not-the-password") }, "\(session)")
        // When the one-time password is given, the set-your-own-password screen comes first
        try BoardDemo.signIn(session, user: nil, password: try demo.oneTime(BoardDemo.nurse))
        #expect(session.waitFor("set your own"), "\(session)")
        // A new password typed differently twice is refused, a short one too
        try session.type("first-try-password")
        try session.sendKeys("Tab")
        try session.type("second-try-password")
        try session.sendKeys("Enter")
        #expect(session.waitFor("The two entries differ"), "\(session)")
        try session.type("short")
        try session.sendKeys("Tab")
        try session.type("short")
        try session.sendKeys("Enter")
        #expect(session.waitFor("at least 10 characters"), "\(session)")
        try session.type(BoardDemo.ownPassword)
        try session.sendKeys("Tab")
        try session.type(BoardDemo.ownPassword)
        try session.sendKeys("Enter")
        // Then the board opens, signed in
        #expect(session.waitFor("Triage board", timeout: .seconds(20)), "\(session)")
        #expect(session.waitFor("\(BoardDemo.nurse) (nurse)"), "\(session)")
        let oneTime = try demo.oneTime(BoardDemo.nurse)
        #expect(!(try session.capture()).contains { $0.contains(BoardDemo.ownPassword) || $0.contains(oneTime) })
        // And the log holds the refusal, the password set and the sign-in, by the nurse
        let export = try demo.export()
        #expect(export.contains { $0.contains("\"action\":\"failedSignIn\"") && $0.contains("\"user\":\"\(BoardDemo.nurse)\"") })
        #expect(Self.events(export, kind: "userAdmin", by: BoardDemo.nurse).contains { $0.contains("\"action\":\"passwordSet\"") })
        #expect(Self.events(export, kind: "login", by: BoardDemo.nurse).contains { $0.contains("\"action\":\"signedIn\"") })
    }

    @Test func fiveWrongPasswordsLockTheAccountAndTheAdministratorSeesIt() throws {
        let demo = try BoardDemo.make()
        defer { demo.remove() }
        let session = try demo.board()
        defer { session.kill() }
        // When five wrong passwords are typed for the night nurse
        for attempt in 1...5 {
            try BoardDemo.signIn(session, user: attempt == 1 ? "nurse.zhang" : nil, password: "wrong password \(attempt)")
            let expected = attempt < 5 ? "the user id or the password is wrong" : "locked after 5 failed sign-ins"
            #expect(session.waitFor(expected), "attempt \(attempt): \(session)")
            // The next attempt waits for this one's security event (the notice may read the same).
            #expect(session.waitUntil(timeout: .seconds(20)) { _ in
                Self.failures(try? demo.export(), "nurse.zhang") >= attempt
            }, "attempt \(attempt) recorded")
        }
        // Then even the right password is refused: the account is locked, a security event says so
        try BoardDemo.signIn(session, user: nil, password: try demo.oneTime("nurse.zhang"))
        #expect(session.waitUntil(timeout: .seconds(20)) { _ in
            (try? demo.export())?.contains { $0.contains("\"reason\":\"lockedOut\"") && $0.contains("\"user\":\"nurse.zhang\"") } == true
        }, "the right password refused as locked out")
        #expect(session.waitFor("locked after 5 failed sign-ins"), "\(session)")
        #expect(!(try session.capture()).contains { $0.contains("P-00") }, "\(session)")
        let export = try demo.export()
        #expect(export.contains { $0.contains("\"kind\":\"security\"") && $0.contains("\"action\":\"lockedOut\"") && $0.contains("\"user\":\"nurse.zhang\"") })
        // And the administrator, signed in at the board, sees the lockout
        try session.sendKeys("C-c")
        #expect(session.waitForExit(timeout: .seconds(10)) != nil)
        let admin = try demo.signedInBoard(user: BoardDemo.administrator)
        defer { admin.kill() }
        #expect(admin.waitFor("Locked out after 5 failed sign-ins: nurse.zhang"), "\(admin)")
    }

    @Test func theBoardLocksAfterTheProtocolsIdleTimeAndTheSameUserUnlocksIt() throws {
        let demo = try BoardDemo.make()
        defer { demo.remove() }
        // Given the protocol's idle lock at 3 seconds
        let protocolFile = demo.directory.appendingPathComponent("protocol.yaml")
        let text = try String(contentsOf: protocolFile, encoding: .utf8)
        try #require(text.contains("boardIdleLock: 10m"))
        try text.replacingOccurrences(of: "boardIdleLock: 10m", with: "boardIdleLock: 3s").write(to: protocolFile, atomically: true, encoding: .utf8)
        let session = try demo.signedInBoard(user: BoardDemo.nurse)
        defer { session.kill() }
        #expect(session.waitFor("P-001"), "\(session)")
        // When no key is pressed: the board locks, hiding the patients
        #expect(session.waitFor("The board is locked", timeout: .seconds(20)), "\(session)")
        #expect(!(try session.capture()).contains { $0.contains("P-00") || $0.contains("PAUSED") }, "\(session)")
        // When the same user signs in again (both components): back on the board
        try BoardDemo.signIn(session, user: BoardDemo.nurse, password: BoardDemo.ownPassword)
        #expect(session.waitFor("P-001", timeout: .seconds(20)), "\(session)")
        // And the log holds the lock and the unlock, by the nurse
        let logins = Self.events(try demo.export(), kind: "login", by: BoardDemo.nurse)
        #expect(logins.contains { $0.contains("\"action\":\"locked\"") }, "\(logins)")
        #expect(logins.contains { $0.contains("\"action\":\"unlocked\"") }, "\(logins)")
    }

    @Test func switchingUserChangesTheAuthorOfTheNextSave() throws {
        let demo = try BoardDemo.make()
        defer { demo.remove() }
        let session = try demo.signedInBoard(user: BoardDemo.nurse)
        defer { session.kill() }
        #expect(session.waitFor("\(BoardDemo.nurse) (nurse)"), "\(session)")
        // When u is pressed and the physician signs in
        try session.sendKeys("u")
        #expect(session.waitFor("Sign in to the bedside board"), "\(session)")
        try demo.firstSignIn(session, user: BoardDemo.physician)
        #expect(session.waitFor("\(BoardDemo.physician) (physician)", timeout: .seconds(20)), "\(session)")
        // And an assessment is saved
        try session.sendKeys("a")
        #expect(session.waitFor("LIVE GRADES"), "\(session)")
        try session.type("38.7")
        try session.sendKeys("Tab")
        try session.type("n")
        try session.sendKeys("F2")
        #expect(session.waitFor("Saved "), "\(session)")
        // Then the stored observation's author is the physician, and the nurse signed out
        let export = try demo.export()
        let observation = try #require(export.last { $0.contains("\"kind\":\"observation\"") })
        #expect(observation.contains("\"id\":\"\(BoardDemo.physician)\"") && observation.contains("\"role\":\"physician\"")
                && observation.contains("\"value\":38.7"), "\(observation)")
        #expect(Self.events(export, kind: "login", by: BoardDemo.nurse).contains { $0.contains("\"action\":\"signedOut\"") })
    }

    @Test func aMonitorIsRefusedASave() throws {
        let demo = try BoardDemo.make()
        defer { demo.remove() }
        let session = try demo.signedInBoard(user: BoardDemo.monitor)
        defer { session.kill() }
        let before = try demo.export().filter { $0.contains("\"kind\":\"observation\"") }.count
        try session.sendKeys("a")
        #expect(session.waitFor("monitor: read-only role"), "\(session)")
        #expect(!(try session.capture()).contains { $0.contains("LIVE GRADES") })
        #expect(try demo.export().filter { $0.contains("\"kind\":\"observation\"") }.count == before)
    }

    @Test func theBoardNeverCreatesALogAndSaysToRunLogInit() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("aegrade-nolog-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        // On a terminal (a pseudo-terminal made by script(1)), so that the terminal check passes
        let output = try Run.process(URL(fileURLWithPath: "/usr/bin/env"), ["script", "-qec", "'\(Run.binary.path)' board", "/dev/null"],
                                     stdin: "", directory: directory)
        #expect(output.status == 2, "\(output.transcript)")
        #expect(output.stdout.contains("no such log") && output.stdout.contains("aegrade log init --db aegrade.db"), "\(output.transcript)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).isEmpty, "no aegrade.db left behind")
    }
}
