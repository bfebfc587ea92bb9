@testable import Bedside
import Clinical
import EventLog
import Foundation
import Grading
import Safety
import Terminal
import Testing
import TestSupport

/// The board's sign-in, idle lock and switch of user on a log with accounts, through the real
/// ``Authenticator`` and store (21 CFR 11.200(a), 11.300(d)); the terminal is a scripted device.
@Suite struct SignInTests {
    /// A log with one account per role (``AccountsFixture``), a board app at its sign-in screen,
    /// and a clock the test moves by hand.
    final class Board {
        let directory: URL
        let store: SQLiteEventStore
        let context: BedsideContext
        let app: BedsideApp
        var clock = ClinicalTime(secondsSinceEpoch: 1_800_000_000, offsetSeconds: 8 * 3600)

        init(idleLock: String? = nil) throws {
            directory = FileManager.default.temporaryDirectory.appendingPathComponent("aegrade-signin-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            let path = directory.appendingPathComponent("log.db").path
            _ = try AccountsFixture.make(at: path)
            store = try SQLiteEventStore(path: path, mode: .readWrite(create: false))
            let criteria = try CriteriaSet.bundled()
            var text = DemoProtocol.text
            if let idleLock { text = text.replacingOccurrences(of: "boardIdleLock: 10m", with: "boardIdleLock: \(idleLock)") }
            let trial = try TrialProtocol.load(bytes: Array(text.utf8), name: "protocol.yaml", criteria: criteria)
            var now: () -> ClinicalTime = { ClinicalTime(secondsSinceEpoch: 0) }
            context = try BedsideContext(store: store, criteria: criteria, trial: trial, signedIn: nil, colors: false, now: { now() })
            app = BedsideApp(device: ScriptedDevice(width: 100, height: 30), context: context, root: TriageBoardScreen(context: context),
                             idleClock: { now().secondsSinceEpoch })
            app.present(SignInScreen(purpose: .start))
            now = { [unowned self] in self.clock }
        }

        deinit { try? FileManager.default.removeItem(at: directory) }

        func type(_ text: String) { for c in text { app.handle(.character(c)) } }

        func signIn(_ user: String, _ password: String = AccountsFixture.password) {
            type(user)
            app.handle(.tab)
            type(password)
            app.handle(.enter)
        }

        var screen: String { app.frame().lines.joined(separator: "\n") }
        var top: (any Screen)? { app.stack.last }

        func logins(_ user: String) throws -> [String] {
            try store.allEvents().filter { $0.kind == .login && $0.author.id == user }.compactMap { $0.payloadString(.action) }
        }

        func advance(seconds: Double) {
            clock = ClinicalTime(secondsSinceEpoch: clock.secondsSinceEpoch + seconds, offsetSeconds: clock.offsetSeconds)
        }
    }

    @Test func theBoardShowsNothingOfTheLogUntilSignedInAndThePasswordIsNeverDrawn() throws {
        let board = try Board()
        #expect(board.top is SignInScreen)
        board.type("nurse.li")
        board.app.handle(.tab)
        board.type("secret-typed")
        #expect(!board.screen.contains("secret-typed"))
        #expect(board.screen.contains("••••••••••••"))
        #expect(board.context.signedIn == nil)
        // q and ? are letters here: the board beneath is not reached
        board.type("q?")
        #expect(board.top is SignInScreen)
    }

    @Test func aWrongPasswordSaysSoWithoutSayingWhichAndIsASecurityEvent() throws {
        let board = try Board()
        board.signIn("nurse.li", "wrong password!")
        #expect(board.context.signedIn == nil)
        #expect(board.screen.contains("the user id or the password is wrong"))
        board.app.handle(.tab)   // back to the user id, which is kept
        board.app.handle(.backspace)
        // An unknown user id gets the very same words
        board.signIn("x", "wrong password!")
        #expect(board.screen.contains("the user id or the password is wrong"))
        let failures = try board.store.allEvents().filter { $0.kind == .security }
        #expect(failures.count == 2)
    }

    @Test func theRightPasswordSignsInAndEverySaveCarriesTheSignedInUser() throws {
        let board = try Board()
        board.signIn("nurse.li")
        #expect(board.top is TriageBoardScreen)
        #expect(board.context.signedIn?.author == Author(id: "nurse.li", role: .nurse))
        #expect(board.screen.contains("nurse.li (nurse)"))
        #expect(try board.logins("nurse.li") == ["signedIn"])
        let recorder = try board.context.recorder()
        #expect(recorder.author == Author(id: "nurse.li", role: .nurse))
    }

    @Test func fiveFailuresLockTheAccountAndAnAdministratorSeesIt() throws {
        let board = try Board()
        board.signIn("dr.wang", "wrong password!")
        // After a refusal the id stays and the password field is the one typed into
        for _ in 2...5 {
            board.type("wrong password!")
            board.app.handle(.enter)
        }
        #expect(try AccountDirectory(store: board.store)["dr.wang"]?.lockedOut == true, "\(board.screen)")
        #expect(board.screen.contains("locked after 5 failed sign-ins"))
        #expect(try board.store.allEvents().contains { $0.kind == .security && $0.payloadString(.action) == "lockedOut" })
        // The right password is refused too
        board.type(AccountsFixture.password)
        board.app.handle(.enter)
        #expect(board.context.signedIn == nil)
        #expect(board.screen.contains("locked after 5 failed sign-ins"))
        // The administrator signs in at the same screen and sees the lockout
        board.app.handle(.tab)
        for _ in "dr.wang" { board.app.handle(.backspace) }
        board.signIn(AccountsFixture.administrator)
        #expect(board.context.signedIn?.author.role == .administrator, "\(board.screen)")
        #expect(board.screen.contains("Locked out after 5 failed sign-ins: dr.wang"), "\(board.screen)")
    }

    @Test func theBoardLocksAfterTheIdleTimeAndTheSameUserReturnsToWhereTheyWere() throws {
        let board = try Board(idleLock: "30s")
        board.signIn("nurse.li")
        board.app.handle(.character("/"))   // something to return to: the filter being typed
        board.app.handle(.escape)
        board.advance(seconds: 29)
        #expect(!board.app.lockIfIdle())
        board.advance(seconds: 2)
        #expect(board.app.lockIfIdle())
        #expect(board.context.signedIn == nil)
        #expect(board.screen.contains("The board is locked"))
        #expect(!board.screen.contains("PATIENT"))
        #expect(try board.logins("nurse.li") == ["signedIn", "locked"])
        board.signIn("nurse.li")
        #expect(board.top is TriageBoardScreen)
        #expect(try board.logins("nurse.li") == ["signedIn", "locked", "signedIn", "unlocked"])
    }

    @Test func anotherUserAtTheLockScreenStartsAtTheBoardAndTheFirstIsSignedOut() throws {
        let board = try Board(idleLock: "30s")
        board.signIn("nurse.li")
        board.app.handle(.character("n"))   // a new patient's form with unsaved input
        board.type("39")
        board.advance(seconds: 31)
        #expect(board.app.lockIfIdle())
        board.signIn("dr.wang")
        #expect(board.app.stack.count == 1 && board.top is TriageBoardScreen, "the nurse's unsaved form is not the physician's")
        #expect(board.context.signedIn?.author == Author(id: "dr.wang", role: .physician))
        #expect(try board.logins("nurse.li") == ["signedIn", "locked", "signedOut"])
    }

    @Test func theSwitchUserKeySignsOutAndTheNextSaveIsTheNewUsers() throws {
        let board = try Board()
        board.signIn("nurse.li")
        board.app.handle(.character("u"))
        #expect(board.top is SignInScreen)
        #expect(board.context.signedIn == nil)
        #expect(try board.logins("nurse.li") == ["signedIn", "signedOut"])
        board.signIn("pi.chen")
        #expect(board.context.signedIn?.author == Author(id: "pi.chen", role: .principalInvestigator))
        #expect(TriageBoardScreen.keys.bindings.contains { $0.keys == [.character("u")] && $0.help.hasPrefix("Switch user") })
    }

    @Test func aMonitorSeesTheBoardReadOnly() throws {
        let board = try Board()
        board.signIn("cra.zhou")
        board.app.handle(.character("a"))
        #expect(board.top is TriageBoardScreen)
        #expect(board.screen.contains("monitor: read-only role"))
    }

    @Test func aOneTimePasswordLeadsToSettingYourOwnFirst() throws {
        let board = try Board()
        let admin = try Authenticator(store: board.store).signIn(user: AccountsFixture.administrator, password: AccountsFixture.password, role: nil)
        let reset = try LogRecorder(store: board.store, criteria: board.context.criteria, signedIn: admin).resetPassword(user: "nurse.li")
        let secret = try #require(reset.oneTimeSecret)
        board.signIn("nurse.li", secret)
        #expect(board.top is SignInScreen && board.screen.contains("set your own"))
        #expect(board.context.signedIn == nil)
        board.type("new password 1"); board.app.handle(.tab); board.type("new password 2"); board.app.handle(.enter)
        #expect(board.screen.contains("The two entries differ"))
        board.type("tiny"); board.app.handle(.tab); board.type("tiny"); board.app.handle(.enter)
        #expect(board.screen.contains("at least 10 characters"))
        board.type("new password 1"); board.app.handle(.tab); board.type("new password 1"); board.app.handle(.enter)
        #expect(board.top is TriageBoardScreen, "\(board.screen)")
        #expect(board.context.signedIn?.author.id == "nurse.li")
        #expect(try board.store.allEvents().contains { $0.kind == .userAdmin && $0.payloadString(.action) == "passwordSet" && $0.author.id == "nurse.li" })
    }
}

/// The protocol's `boardIdleLock`: a duration with its unit, checked with the file's line.
@Suite struct IdleLockSettingTests {
    static func load(_ value: String?) throws -> TrialProtocol {
        var text = DemoProtocol.text
        text = text.replacingOccurrences(of: "boardIdleLock: 10m", with: value.map { "boardIdleLock: \($0)" } ?? "")
        return try TrialProtocol.load(bytes: Array(text.utf8), name: "protocol.yaml", criteria: nil)
    }

    @Test func unitsAndTheDefault() throws {
        #expect(try Self.load("10m").idleLockSeconds == 600)
        #expect(try Self.load("45s").idleLockSeconds == 45)
        #expect(try Self.load("1h").idleLockSeconds == 3600)
        #expect(try Self.load(nil).idleLockSeconds == TrialProtocol.defaultIdleLockSeconds)
    }

    @Test(arguments: ["10", "ten minutes", "0s", "2h", "-5m"])
    func aBadDurationNamesTheFileLineAndKey(_ value: String) throws {
        do {
            _ = try Self.load(value)
            Issue.record("\(value) was accepted")
        } catch {
            let text = String(describing: error)
            #expect(text.contains("protocol.yaml:8:") && text.contains("boardIdleLock"), "\(text)")
        }
    }
}
