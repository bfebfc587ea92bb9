import Foundation
import Testing
import TestSupport

/// What a clinician watching the board acts on, in a real terminal: the clock ticks by itself, a
/// not-assessable entry never hides a sick patient, Esc never quits, a log that fails verification
/// says so, and the replay never shows the present. tmux is required: these fail, never skip.
@Suite(.serialized) struct BoardWatchEndToEndTests {
    static var database: (URL) -> String { { $0.appendingPathComponent("aegrade.db").path } }

    /// `2026-12-06T01:30:00+00:00`: an instant `seconds` from now, as `record` reads it.
    static func iso(secondsFromNow seconds: Double) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        formatter.timeZone = TimeZone(secondsFromGMT: 0)
        return formatter.string(from: Date().addingTimeInterval(seconds)).replacingOccurrences(of: "Z", with: "+00:00")
    }

    static func record(_ json: String, in directory: URL) throws {
        let output = try Run.aegrade(["record", "--db", database(directory), "--key", BoardDemo.importKey(in: directory)], stdin: json)
        try #require(output.status == 0, "record failed: \(output.stderr) \(output.stdout)")
    }

    static func row(_ patient: String, _ lines: [String]) -> String? { lines.first { $0.dropFirst(2).hasPrefix(patient + " ") } }

    @Test func aBoardLeftOpenTurnsOverdueByItself() throws {
        // Given a patient infused two days ago whose last assessment is 8 s short of the 12-hour interval
        let demo = try BoardDemo.make()
        let directory = demo.directory
        defer { demo.remove() }
        let infusion = try Run.aegrade(["log", "event", "--db", Self.database(directory), "--key", demo.importKey,
                                             "--kind", "infusion", "--patient", "E2E-CLK", "--time", Self.iso(secondsFromNow: -2 * 86_400),
                                             "--data", #"{"product": "CD19 CAR-T", "dose": "1e6/kg"}"#, "--reason", "per protocol"])
        try #require(infusion.status == 0, "\(infusion.stderr)")
        try Self.record(#"{"patient":{"id":"E2E-CLK","ageYears":44},"time":""# + Self.iso(secondsFromNow: -12 * 3600 + 8)
                        + #"","vitals":{"temperature":{"value":37.0,"unit":"C"},"hypotension":false},"support":{"vasopressors":[],"oxygen":{"device":"roomAir"}}}"#,
                        in: directory)
        let session = try demo.signedInBoard(user: BoardDemo.nurse, width: 100, height: 30)
        defer { session.kill() }
        #expect(session.waitUntil(timeout: .seconds(20)) { Self.row("E2E-CLK", $0)?.contains("11h59m") == true }, "\(session)")
        // A key that changes nothing clears the sign-in's message, and the status bar shows its time
        try session.sendKeys("Escape")
        #expect(session.waitUntil { $0.last?.contains("as of ") == true }, "\(session)")
        let opened = try #require(try session.capture().last)
        #expect(Self.row("E2E-CLK", try session.capture())?.contains("OVERDUE") == false)
        // When nobody touches a key: within a tick of the interval passing, it says so
        #expect(session.waitUntil(timeout: .seconds(60)) { Self.row("E2E-CLK", $0)?.contains("OVERDUE") == true }, "\(session)")
        // And the status bar's time moved on with it
        let later = try session.capture().last
        #expect(opened.contains("as of ") && later != opened, "\(session)")
    }

    @Test func aTemperatureAloneKeepsAPatientOnTwoVasopressorsOnTop() throws {
        let demo = try BoardDemo.make()
        let directory = demo.directory
        defer { demo.remove() }
        try Self.record(#"{"patient":{"id":"E2E-77","ageYears":44},"time":""# + Self.iso(secondsFromNow: -7200) + #"","vitals":{"temperature":{"value":39.2,"unit":"C"},"hypotension":true},"support":{"vasopressors":[{"drug":"norepinephrine","dose":0.2,"unit":"mcg/kg/min"},{"drug":"epinephrine","dose":0.05,"unit":"mcg/kg/min"}],"oxygen":{"device":"roomAir"}}}"#,
                        in: directory)
        try Self.record(#"{"patient":{"id":"E2E-77","ageYears":44},"time":""# + Self.iso(secondsFromNow: -3600) + #"","vitals":{"temperature":{"value":37.4,"unit":"C"}}}"#,
                        in: directory)
        let session = try demo.signedInBoard(user: BoardDemo.nurse)
        defer { session.kill() }
        #expect(session.waitUntil(timeout: .seconds(20)) { lines in
            lines.first { $0.hasPrefix("▸ ") }.map { $0.hasPrefix("▸ E2E-77") && $0.contains("?(4)") } == true
        }, "\(session)")
    }

    @Test func escClearsTheFilterAndNeverQuits() throws {
        let demo = try BoardDemo.make()
        defer { demo.remove() }
        let session = try demo.signedInBoard(user: BoardDemo.nurse, width: 80, height: 24)
        defer { session.kill() }
        #expect(session.waitFor("Triage board", timeout: .seconds(20)), "\(session)")
        try session.sendKeys("/")
        try session.type("005")
        #expect(session.waitUntil { $0.last?.contains("/005▏ · 1 of 8") == true }, "\(session)")
        try session.sendKeys("Enter")
        #expect(session.waitUntil { $0.last?.contains("/005 · 1 of 8 · Esc clears") == true }, "the kept filter: \(session)")
        try session.sendKeys("Escape")
        #expect(session.waitUntil { lines in Self.row("P-001", lines) != nil && Self.row("P-008", lines) != nil }, "cleared: \(session)")
        // Esc again on the bare board: nothing happens, and the board still answers keys.
        let top = try #require(try session.capture().first { $0.hasPrefix("▸ ") })
        try session.sendKeys("Escape")
        try session.sendKeys("G")
        #expect(session.waitUntil { lines in lines.contains { $0.hasPrefix("▸ ") && $0 != top } }, "the cursor went to the last patient: \(session)")
        #expect(try session.exitStatus() == nil, "Esc must never quit the board")
    }

    @Test func aLogThatFailsVerificationSaysSoOnTheBoard() throws {
        let demo = try BoardDemo.make()
        let directory = demo.directory
        defer { demo.remove() }
        // Someone edits a stored assessment with the sqlite3 shell, past the triggers
        let tamper = try Run.tool("sqlite3", [Self.database(directory),
                                              "DROP TRIGGER eventNoUpdate; UPDATE event SET authorId = 'mallory' WHERE seq = (SELECT min(seq) FROM event WHERE kind = 'observation');"])
        try #require(tamper.status == 0, "\(tamper.transcript)")
        let session = try demo.board(width: 80, height: 24)
        defer { session.kill() }
        // The sign-in screen says so at once, and a sign-in, which the log must record, is refused
        #expect(session.waitUntil(timeout: .seconds(20)) { $0.count > 1 && $0[1].contains("✖ THIS LOG FAILS VERIFICATION") }, "\(session)")
        try demo.firstSignIn(session, user: BoardDemo.nurse)
        #expect(session.waitFor("the log is damaged", timeout: .seconds(20)), "\(session)")
        #expect(!(try session.capture()).contains { $0.contains("P-00") }, "\(session)")
    }

    @Test func theReplayShowsItsOwnBannerNotThePresent() throws {
        let demo = try BoardDemo.make()
        defer { demo.remove() }
        let session = try demo.signedInBoard(user: BoardDemo.nurse)
        defer { session.kill() }
        #expect(session.waitFor("ENROLMENT PAUSED", timeout: .seconds(20)), "the live board: \(session)")
        try session.sendKeys("p")
        #expect(session.waitFor("verify: ok"), "\(session)")
        try session.sendKeys("g")
        try session.type("#100")
        try session.sendKeys("Enter")
        #expect(session.waitUntil { $0.count > 1 && $0[1].contains("◀◀ REPLAY as of event #10") }, "\(session)")
        #expect(!(try session.capture()).contains { $0.contains("ENROLMENT PAUSED") }, "nothing of the present: \(session)")
    }
}
