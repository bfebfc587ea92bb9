import Clinical
import Foundation
import Testing
import TestSupport

/// Every role × every write the board offers, in a real terminal (issue 15: "every role × every
/// write, through the CLI and the board in tmux"): `aegrade board` inside tmux on the demo's log,
/// to which one person per role was added (``AccountsFixture/addPeople(toLogAt:)``), driven with
/// send-keys and read with capture-pane, every wait bounded. One board session per role makes each
/// write in turn; what is allowed is saved (read back from the export), what is refused shows its
/// refusal and writes nothing. The table is written out here, not read from `Role.may`.
@Suite(.serialized) struct BoardRoleMatrixEndToEndTests {
    enum Write: String, CaseIterable {
        case enter, correctAnothersEntry, correctOwnEntry, override, sign, acknowledgeRule
    }

    /// What each role may do at the board, and the meaning it signs an entry with (`s`).
    static let allowed: [Role: Set<Write>] = [
        .nurse: [.enter, .correctOwnEntry, .sign],
        .physician: [.enter, .correctAnothersEntry, .override, .sign, .acknowledgeRule],
        .principalInvestigator: [.enter, .correctAnothersEntry, .override, .sign, .acknowledgeRule],
        .monitor: [.sign], .dataManager: [.sign],
        .safety: [.acknowledgeRule],
        .inspector: [], .administrator: [],
    ]
    static let signsWith: [Role: SignatureMeaning] = [
        .nurse: .authored, .physician: .authored, .principalInvestigator: .approved, .monitor: .reviewed, .dataManager: .reviewed,
    ]
    /// The signatures each role's session leaves: its correction's and override's, `s`'s, the rule's.
    static let meanings: [Role: Set<String>] = [
        .nurse: ["authored"], .physician: ["corrected", "overrode", "authored", "acknowledged"],
        .principalInvestigator: ["corrected", "overrode", "approved", "acknowledged"],
        .monitor: ["reviewed"], .dataManager: ["reviewed"], .safety: ["acknowledged"], .inspector: [], .administrator: [],
    ]

    static let wait = Duration.seconds(20)

    /// The demo's log with one person per role (each with ``AccountsFixture/password``), made once
    /// for the suite; each test runs on a copy of its own.
    static let base: Result<(directory: URL, ids: [Role: String]), any Error> = Result {
        let demo = try BoardDemo.make()
        SharedScratch.register(demo.directory)
        return (demo.directory, try AccountsFixture.addPeople(toLogAt: demo.database))
    }

    /// A copy of the base demo for one test.
    static func copy() throws -> (BoardDemo, [Role: String]) {
        let (directory, ids) = try base.get()
        return (try BoardDemo(directory: directory, oneTimePasswords: [:]).copy(), ids)
    }

    /// Sends the signed-in user's password at the signature's prompt, after checking what it signs.
    static func sign(_ session: TmuxSession, _ id: String, _ role: Role, _ meaning: SignatureMeaning) throws {
        #expect(session.waitFor("Sign as \(id) (\(role.rawValue)): \(meaning.words) — password:", timeout: wait), "\(session)")
        try session.type(AccountsFixture.password)
        #expect(!(try session.capture()).contains { $0.contains(AccountsFixture.password) }, "the password is never shown")
        try session.sendKeys("Enter")
    }

    /// `e` on the selected patient, changing the temperature, with a reason; every standing
    /// override is let lapse.
    static func correct(_ session: TmuxSession, _ id: String, _ role: Role, meaning: SignatureMeaning) throws {
        try session.sendKeys("e")
        #expect(session.waitFor("CORRECTING event", timeout: wait), "\(session)")
        try session.type("37.9")
        try session.sendKeys("F2")
        for _ in 0..<3 {
            #expect(session.waitUntil(timeout: wait) { $0.contains { $0.contains("Does it still stand?") || $0.contains("Reason for the correction") } },
                    "\(session)")
            guard try session.capture().contains(where: { $0.contains("Does it still stand?") }) else { break }
            try session.sendKeys("n")
        }
        try session.type("matrix check")
        try session.sendKeys("Enter")
        #expect(session.waitFor("y/N", timeout: wait), "\(session)")
        try session.sendKeys("y")
        try sign(session, id, role, meaning)
        #expect(session.waitFor("Corrected P-001", timeout: wait), "\(session)")
    }

    /// `s` on the timeline with `meaning`, the event proposed.
    static func signEntry(_ session: TmuxSession, _ id: String, _ role: Role, _ meaning: SignatureMeaning) throws {
        try session.sendKeys("s")
        #expect(session.waitFor("Sign an entry of P-001", timeout: wait), "\(session)")
        let number = try #require(role.signingMeanings.firstIndex(of: meaning)) + 1
        try session.sendKeys("\(number)")
        try session.sendKeys("Enter")
        try sign(session, id, role, meaning)
        #expect(session.waitFor("'\(meaning.words)' as", timeout: wait), "\(session)")
    }

    @Test(arguments: Role.personal)
    func eachRoleMakesAtTheBoardExactlyTheWritesOfTheTable(role: Role) throws {
        let (demo, ids) = try Self.copy()
        defer { demo.remove() }
        let id = try #require(ids[role])
        let may = Self.allowed[role] ?? []
        let session = try demo.board(width: 170, height: 40)
        defer { session.kill() }
        try BoardDemo.signIn(session, user: id, password: AccountsFixture.password)
        #expect(session.waitFor("\(id) (\(role.rawValue))", timeout: Self.wait), "\(session)")
        // P-001 alone on the board, selected
        try session.sendKeys("/")
        try session.type("P-001")
        try session.sendKeys("Enter")

        // Correcting another's entry (P-001's last assessment is a demo nurse's)
        if may.contains(.correctAnothersEntry) {
            try Self.correct(session, id, role, meaning: .corrected)
        } else {
            try session.sendKeys("e")
            let refusal = role == .nurse ? "a nurse corrects only their own entries" : role.refusal(.correctAssessment) ?? "?"
            #expect(session.waitFor(refusal, timeout: Self.wait), "\(role): \(session)")
        }
        // Overriding the computed CRS grade
        try session.sendKeys("o")
        if may.contains(.override) {
            #expect(session.waitFor("c CRS", timeout: Self.wait), "\(session)")
            try session.sendKeys("c")
            try session.sendKeys("2")
            try session.type("matrix check")
            try session.sendKeys("Enter")
            #expect(session.waitFor("y/N", timeout: Self.wait), "\(session)")
            try session.sendKeys("y")
            try Self.sign(session, id, role, .overrode)
            #expect(session.waitFor("Overridden CRS", timeout: Self.wait), "\(session)")
        } else {
            #expect(session.waitFor(role.refusal(.overrideGrade) ?? "?", timeout: Self.wait), "\(role): \(session)")
        }
        // A new assessment
        try session.sendKeys("a")
        if may.contains(.enter) {
            #expect(session.waitFor("LIVE GRADES", timeout: Self.wait), "\(session)")
            try session.type("38.7")
            try session.sendKeys("Tab")
            try session.type("n")
            try session.sendKeys("F2")
            #expect(session.waitFor("Saved ", timeout: Self.wait), "\(session)")
        } else {
            #expect(session.waitFor(role.refusal(.enterAssessment) ?? "?", timeout: Self.wait), "\(role): \(session)")
        }
        // Correcting one's own entry (the one just saved)
        if may.contains(.correctOwnEntry) { try Self.correct(session, id, role, meaning: .authored) }
        // Signing an entry, on the timeline
        try session.sendKeys("Enter")
        #expect(session.waitFor("Timeline P-001", timeout: Self.wait), "\(session)")
        if let meaning = Self.signsWith[role] {
            try Self.signEntry(session, id, role, meaning)
        } else if role.signingMeanings.isEmpty {
            try session.sendKeys("s")
            #expect(session.waitFor("\(role.rawValue) signs nothing", timeout: Self.wait), "\(role): \(session)")
        }
        // Acknowledging the demo's tripped stopping rule
        if may.contains(.acknowledgeRule) {
            try Self.signEntry(session, id, role, .acknowledged)
        } else if !role.signingMeanings.isEmpty {
            try session.sendKeys("s")
            #expect(session.waitFor("Sign an entry of P-001", timeout: Self.wait), "\(session)")
            #expect(!(try session.capture()).contains { $0.contains(SignatureMeaning.acknowledged.words) }, "\(role): \(session)")
            try session.sendKeys("Escape")
        }

        // Then the log holds exactly the allowed writes, by this user
        let mine = try SignatureCommandTests.exported(demo.database).filter { $0.author == id }
        func count(_ kind: String) -> Int { mine.filter { $0.kind == kind }.count }
        #expect(count("observation") == (may.contains(.enter) ? 1 : 0), "\(role)")
        #expect(count("correction") == (may.contains(.correctOwnEntry) || may.contains(.correctAnothersEntry) ? 1 : 0), "\(role)")
        #expect(count("override") == (may.contains(.override) ? 1 : 0), "\(role)")
        let signed = Set(mine.filter { $0.kind == "signature" }.compactMap { event -> String? in
            if case .string(let meaning)? = event.payload["meaning"] { meaning } else { nil }
        })
        #expect(signed == Self.meanings[role] ?? [], "\(role)")
    }

    /// The reset flow at the board: an administrator's reset (`aegrade user reset`), the
    /// one-time password at the board's sign-in, which leads to setting one's own and to nothing
    /// else, then the board; the events say so, each by whom.
    @Test func aResetLeadsTheUserAtTheBoardToSetTheirOwnPasswordFirst() throws {
        let (demo, ids) = try Self.copy()
        defer { demo.remove() }
        let admin = try #require(ids[.administrator])
        let reset = try Run.aegradeOnTerminal(["user", "reset", "--db", demo.database, BoardDemo.nurse, "--user", admin],
                                              typing: [AccountsFixture.password])
        #expect(reset.status == 0, "\(reset.transcript)")
        let line = try #require(reset.lines.first { $0.hasPrefix("{") }, "\(reset.transcript)")
        guard case .string(let secret)? = try JSONParser.parse(line)["oneTimePassword"] else {
            Issue.record("no one-time password in \(line)")
            return
        }
        let session = try demo.board(width: 170, height: 40)
        defer { session.kill() }
        try BoardDemo.signIn(session, user: BoardDemo.nurse, password: secret)
        #expect(session.waitFor("set your own", timeout: Self.wait), "\(session)")
        // Nothing else: the board's keys are letters of the new password here
        try session.type("a")
        #expect(!(try session.capture()).contains { $0.contains("P-001") || $0.contains("LIVE GRADES") }, "\(session)")
        try session.sendKeys("BSpace")
        try session.type(BoardDemo.ownPassword)
        try session.sendKeys("Tab")
        try session.type(BoardDemo.ownPassword)
        try session.sendKeys("Enter")
        #expect(session.waitFor("Triage board", timeout: Self.wait), "\(session)")
        #expect(session.waitFor("\(BoardDemo.nurse) (nurse)", timeout: Self.wait), "\(session)")
        // The events: the reset by the administrator, then the nurse's own password and sign-in
        let events = try SignatureCommandTests.exported(demo.database)
        let resetEvent = try #require(events.last { $0.payload["action"] == .string("passwordReset") })
        #expect(resetEvent.author == admin && resetEvent.payload["user"] == .string(BoardDemo.nurse))
        let set = try #require(events.last { $0.payload["action"] == .string("passwordSet") })
        #expect(set.author == BoardDemo.nurse && set.seq > resetEvent.seq)
        #expect(events.contains { $0.kind == "login" && $0.author == BoardDemo.nurse && $0.seq > set.seq })
        #expect(!(try demo.export()).contains { $0.contains(secret) }, "the one-time password is in no event")
    }

    /// The idle lock with the protocol's `boardIdleLock: 5s`, during a signature: the lock hides
    /// the prompt, and after both components the password is asked again for the signature.
    @Test func theIdleLockComesDuringASignatureAndTheSignatureStillAsksThePassword() throws {
        let (demo, ids) = try Self.copy()
        defer { demo.remove() }
        let protocolFile = demo.directory.appendingPathComponent("protocol.yaml")
        let text = try String(contentsOf: protocolFile, encoding: .utf8)
        try #require(text.contains("boardIdleLock: 10m"))
        try text.replacingOccurrences(of: "boardIdleLock: 10m", with: "boardIdleLock: 5s").write(to: protocolFile, atomically: true, encoding: .utf8)
        let id = try #require(ids[.physician])
        let session = try demo.board(width: 170, height: 40)
        defer { session.kill() }
        try BoardDemo.signIn(session, user: id, password: AccountsFixture.password)
        #expect(session.waitFor("\(id) (physician)", timeout: Self.wait), "\(session)")
        try session.sendKeys("/")
        try session.type("P-001")
        try session.sendKeys("Enter", "o", "c", "2")
        try session.type("locked mid-way")
        try session.sendKeys("Enter", "y")
        #expect(session.waitFor("Sign as \(id) (physician): overrode grade — password:", timeout: Self.wait), "\(session)")
        // No key: the board locks (waited for on the screen, bounded)
        #expect(session.waitFor("The board is locked", timeout: Self.wait), "\(session)")
        #expect(!(try session.capture()).contains { $0.contains("Sign as") || $0.contains("P-001") }, "\(session)")
        try BoardDemo.signIn(session, user: id, password: AccountsFixture.password)
        // Back at the signature, which asks the password still; nothing was written meanwhile
        #expect(session.waitFor("Sign as \(id) (physician): overrode grade — password:", timeout: Self.wait), "\(session)")
        #expect(try SignatureCommandTests.exported(demo.database).filter { $0.author == id && $0.kind == "override" }.isEmpty)
        try session.type(AccountsFixture.password)
        try session.sendKeys("Enter")
        #expect(session.waitFor("Overridden CRS", timeout: Self.wait), "\(session)")
        let mine = try SignatureCommandTests.exported(demo.database).filter { $0.author == id }
        #expect(mine.contains { $0.kind == "override" })
        #expect(mine.contains { $0.kind == "login" && $0.payload["action"] == .string("locked") })
    }
}
