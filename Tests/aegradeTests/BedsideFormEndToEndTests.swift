import Foundation
import Testing
import TestSupport

/// The assessment form as a nurse, a physician and a monitor meet it in a real terminal: `aegrade`
/// inside tmux, driven with send-keys, read with capture-pane.
@Suite(.serialized) struct BedsideFormEndToEndTests {
    @Test func ctrlCInAFormWithTypedDataAsksInsteadOfLosingIt() throws {
        let demo = try BoardDemo.make()
        defer { demo.remove() }
        let session = try demo.signedInBoard(user: BoardDemo.nurse)
        defer { session.kill() }
        #expect(session.waitFor("Triage board", timeout: .seconds(20)), "\(session)")
        // Given a form with a temperature typed
        try session.sendKeys("a")
        #expect(session.waitFor("LIVE GRADES"), "\(session)")
        try session.type("39.2")
        // When Ctrl-C is pressed
        try session.sendKeys("C-c")
        // Then the program asks, as Esc does, and is still running
        #expect(session.waitFor("Discard this unsaved entry?"), "\(session)")
        #expect(try session.exitStatus() == nil)
        // When the question is answered n, the entry is kept
        try session.sendKeys("n")
        #expect(session.waitFor("Kept the entry"), "\(session)")
        #expect(try session.capture().contains { $0.contains("39.2") }, "\(session)")
        // And Ctrl-C then y discards it; Ctrl-C on the board quits with status 0
        try session.sendKeys("C-c")
        #expect(session.waitFor("Discard this unsaved entry?"), "\(session)")
        try session.sendKeys("y")
        #expect(session.waitFor("PATIENT"), "\(session)")
        try session.sendKeys("C-c")
        #expect(session.waitForExit(timeout: .seconds(10)) == 0)
    }

    @Test func keysTypedWhileTheTerminalIsTooSmallChangeNothing() throws {
        let demo = try BoardDemo.make()
        defer { demo.remove() }
        let session = try demo.signedInBoard(user: BoardDemo.nurse, width: 100, height: 30)
        defer { session.kill() }
        #expect(session.waitFor("Triage board", timeout: .seconds(20)), "\(session)")
        let observations = { try demo.export().filter { $0.contains("\"kind\":\"observation\"") }.count }
        let before = try observations()
        try session.sendKeys("a")
        #expect(session.waitFor("LIVE GRADES"), "\(session)")
        try session.type("39.2")
        #expect(session.waitUntil { $0.contains { $0.contains("39.2") } }, "\(session)")
        // When the terminal shrinks below 80×24 and keys are typed, unseen
        try session.resize(width: 70, height: 20)
        #expect(session.waitFor("please enlarge it"), "\(session)")
        try session.sendKeys("BSpace", "BSpace", "BSpace", "BSpace")
        try session.type("37")
        try session.sendKeys("Tab", "y", "F2")
        // Then, enlarged again, the form shows the temperature as it was, and nothing was saved
        try session.resize(width: 100, height: 30)
        #expect(session.waitFor("LIVE GRADES"), "\(session)")
        #expect(try session.capture().contains { $0.contains("Temperature") && $0.contains("39.2") }, "\(session)")
        #expect(try observations() == before, "nothing saved by the unseen keys")
    }

    @Test func aMonitorCanReviewButNotEnterOrCorrect() throws {
        let demo = try BoardDemo.make()
        defer { demo.remove() }
        let session = try demo.signedInBoard(user: BoardDemo.monitor)
        defer { session.kill() }
        #expect(session.waitFor("Triage board", timeout: .seconds(20)), "\(session)")
        for key in ["a", "e", "o", "n", "i"] {
            try session.sendKeys(key)
            #expect(session.waitFor("monitor: read-only role"), "key \(key): \(session)")
            #expect(!(try session.capture()).contains { $0.contains("LIVE GRADES") || $0.contains("CORRECTING") }, "key \(key)")
        }
        // Reading still works: the timeline opens
        try session.sendKeys("Enter")
        #expect(session.waitFor("Timeline"), "\(session)")
    }

    @Test func theOxygenHintShowsEveryChoiceAndHelpListsEveryFieldsKeys() throws {
        let demo = try BoardDemo.make()
        defer { demo.remove() }
        let session = try demo.signedInBoard(user: BoardDemo.nurse, width: 120, height: 40)
        defer { session.kill() }
        #expect(session.waitFor("Triage board", timeout: .seconds(20)), "\(session)")
        try session.sendKeys("a")
        #expect(session.waitFor("LIVE GRADES"), "\(session)")
        // When the cursor is moved, row by row, onto the oxygen device (the rows above it depend on
        // the vasopressors carried over)
        for _ in 0..<12 {
            let before = try session.capture()
            if before.contains(where: { $0.contains("Oxygen:") }) { break }
            try session.sendKeys("Down")
            _ = session.waitUntil { $0 != before }
        }
        #expect(session.waitUntil { $0.contains { $0.contains("Oxygen:") } }, "\(session)")
        // Then the grade-4 choices and "Space unknown" are all on the screen
        #expect(session.waitUntil { lines in
            let text = lines.joined(separator: " ")
            return ["c CPAP", "p BiPAP", "m mechanical ventilation", "Space unknown"].allSatisfy(text.contains)
        }, "\(session)")
        // When ? is pressed, the help lists the fields' keys
        try session.sendKeys("?")
        #expect(session.waitFor("Keys of each field"), "\(session)")
        #expect(session.waitUntil { $0.contains { $0.contains("Consciousness") && $0.contains("a alert") } }, "\(session)")
    }
}
