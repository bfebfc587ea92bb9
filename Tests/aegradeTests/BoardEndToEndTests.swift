import Foundation
import Testing
import TestSupport

/// The bedside board in a real terminal: `aegrade` started inside tmux, driven with send-keys and
/// read with capture-pane (issue 6). tmux is required: these tests fail, never skip, without it.
@Suite(.serialized) struct BoardEndToEndTests {
    @Test func typingAnAssessmentGradesItLiveAndSavesItToTheLog() throws {
        let demo = try BoardDemo.make()
        let directory = demo.directory
        defer { demo.remove() }
        let session = try demo.signedInBoard(user: BoardDemo.nurse)
        defer { session.kill() }
        // Given the board of the demo trial, its tripped rule in the banner
        #expect(session.waitFor("Triage board", timeout: .seconds(20)), "\(session)")
        #expect(session.waitFor("PAUSED"), "the tripped rule's banner: \(session)")
        let top = try #require(try session.capture().first { $0.hasPrefix("▸ ") }?.dropFirst(2).split(separator: " ").first.map(String.init))

        // When a new assessment of the top patient is typed: 38.6 °C, no hypotension
        try session.sendKeys("a")
        #expect(session.waitFor("LIVE GRADES"), "\(session)")
        try session.type("38.6")
        try session.sendKeys("Tab")
        try session.type("n")
        // Then the live CRS grade is 1 (fever, no hypotension, room air carried over)
        #expect(session.waitUntil { lines in lines.contains { $0.hasPrefix("CRS") && $0.contains("1 ▮") } }, "\(session)")

        // When it is saved (F2)
        try session.sendKeys("F2")
        #expect(session.waitFor("Saved \(top)"), "\(session)")

        // Then the log holds the observation, attributed to the signed-in user, with its grades after it
        let export = try demo.export()
        let observation = try #require(export.lastIndex { $0.contains("\"kind\":\"observation\"") })
        #expect(export[observation].contains("\"id\":\"\(BoardDemo.nurse)\"") && export[observation].contains("\"value\":38.6")
                && export[observation].contains("\"patient\":\"\(top)\""), "\(export[observation])")
        #expect(export.dropFirst(observation + 1).contains { $0.contains("\"kind\":\"grades\"") && $0.contains("\"id\":\"\(BoardDemo.nurse)\"") })
        let verify = try Run.aegrade(["log", "verify", "--db", directory.appendingPathComponent("aegrade.db").path])
        #expect(verify.status == 0, "\(verify.stdout)")
    }

    @Test func resizingKeepsTheBoardAndATooSmallTerminalSaysSo() throws {
        let demo = try BoardDemo.make()
        defer { demo.remove() }
        let session = try demo.signedInBoard(user: BoardDemo.nurse, width: 120, height: 40)
        defer { session.kill() }
        #expect(session.waitFor("Triage board", timeout: .seconds(20)), "\(session)")
        try session.resize(width: 80, height: 24)
        #expect(session.waitUntil { lines in lines.count == 24 && lines.contains { $0.contains("PATIENT") } }, "\(session)")
        try session.resize(width: 70, height: 20)
        #expect(session.waitFor("at least 80×24"), "\(session)")
        try session.resize(width: 100, height: 30)
        #expect(session.waitFor("PATIENT"), "\(session)")
        // Quitting restores the terminal and ends the program with status 0.
        try session.sendKeys("q")
        #expect(session.waitForExit(timeout: .seconds(10)) == 0)
    }

    /// The board follows the log on its own (its refresh: BoardClockTests); here, through a real
    /// terminal, that another terminal's write reaches the screen with no key pressed.
    @Test func anotherTerminalsWriteAppearsWithoutAKeyPressed() throws {
        let demo = try BoardDemo.make()
        let directory = demo.directory
        defer { demo.remove() }
        let session = try demo.signedInBoard(user: BoardDemo.nurse)
        defer { session.kill() }
        #expect(session.waitFor("Triage board", timeout: .seconds(20)), "\(session)")
        #expect(!(try session.capture()).contains { $0.contains("E2E-99") })
        // When another terminal records a patient on two vasopressors
        let assessment = #"{"patient":{"id":"E2E-99","ageYears":44},"time":"2026-11-25T08:00:00+08:00","vitals":{"temperature":{"value":39.2,"unit":"C"},"hypotension":true},"support":{"vasopressors":[{"drug":"norepinephrine","dose":0.2,"unit":"mcg/kg/min"},{"drug":"epinephrine","dose":0.05,"unit":"mcg/kg/min"}],"oxygen":{"device":"roomAir"}}}"#
        let record = try Run.aegrade(["record", "--db", directory.appendingPathComponent("aegrade.db").path,
                                      "--key", demo.importKey], stdin: assessment)
        #expect(record.status == 0, "\(record.stderr)")
        // Then the board shows it, at the top with CRS 4, without a key pressed
        #expect(session.waitUntil { lines in lines.contains { $0.contains("E2E-99") && $0.contains("4 ▮▮▮▮") } }, "\(session)")
    }

    @Test func noColorGivesAMonochromeScreenWithTheSameMeaning() throws {
        let demo = try BoardDemo.make()
        defer { demo.remove() }
        let session = try demo.signedInBoard(user: BoardDemo.nurse, environment: ["NO_COLOR": "1"])
        defer { session.kill() }
        #expect(session.waitFor("Triage board", timeout: .seconds(20)), "\(session)")
        let styled = try session.captureStyled().joined(separator: "\n")
        // No colour escapes (38;5 / 3x foreground) on a NO_COLOR screen; the grade digits are there.
        #expect(!styled.contains("[31m") && !styled.contains("[32m") && !styled.contains("38;5;"), "colour on a NO_COLOR screen")
        #expect(try session.capture().contains { $0.contains("0 ·") })
    }
}

/// `aegrade` without a terminal: a clear refusal, and no log created on the way.
@Suite struct BoardWithoutTerminalTests {
    @Test func bareAegradeWithoutATerminalExitsTwoAndCreatesNothing() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("aegrade-notty-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let output = try Run.aegrade([], stdin: "", directory: directory)
        #expect(output.status == 2)
        #expect(output.stderr.contains("must be a terminal"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).isEmpty, "no aegrade.db left behind")
    }
}
