import Clinical
import EventLog
import Foundation
import Terminal
import Testing
@testable import Bedside

/// `/` finds a patient; Esc clears the filter and never quits the board (as in htop, k9s and
/// lazygit); the status bar shows the filter, the footer keeps the counts.
@Suite struct BoardFilterTests {
    @Test func escClearsTheFilterAndNeverQuitsTheBoard() throws {
        let (context, directory) = try BoardTests.makeContext()
        defer { try? FileManager.default.removeItem(at: directory) }
        // Given a filter typed and kept, then Esc, Esc again, j, and q
        let device = ScriptedDevice(width: 80, height: 24, keys: [.character("/"), .character("0"), .character("3"), .enter,
                                                                   .escape, .escape, .character("j"), .character("q")])
        let app = BedsideApp(device: device, context: context, root: TriageBoardScreen(context: context))
        app.run()
        // Then only q ended the program, every key read
        #expect(device.keys.isEmpty, "Esc quit the board with keys left: \(device.keys)")
        // The kept filter in the status bar (frame after Enter), the counts in the footer
        let filtered = device.frames[4].lines
        #expect(filtered[23].hasPrefix(" /03 · 1 of 3 · Esc clears"), "\(filtered[23])")
        #expect(filtered[22].contains("3 patients · 0 overdue · 1 shown"), "\(filtered[22])")
        // After Esc: every patient again, the key hints back
        let cleared = device.frames[5].lines
        #expect(cleared.contains { $0.contains("BED-01") } && cleared.contains { $0.contains("BED-03") })
        #expect(cleared[23].hasPrefix(" ? help  q back │ Enter timeline  a new  r rules  / find"), "\(cleared[23])")
    }

    @Test func escWhileTypingClearsIt() throws {
        let (context, directory) = try BoardTests.makeContext()
        defer { try? FileManager.default.removeItem(at: directory) }
        let app = BedsideApp(device: ScriptedDevice(width: 80, height: 24), context: context, root: TriageBoardScreen(context: context))
        for key: Key in [.character("/"), .character("0"), .character("2")] { app.handle(key) }
        #expect(app.frame().lines[23].hasPrefix(" /02▏ · 1 of 3"))
        app.handle(.escape)
        let lines = app.frame().lines
        #expect(lines.contains { $0.contains("BED-01") } && lines.contains { $0.contains("BED-03") })
        #expect(lines[22].contains("3 patients"))
    }

    @Test func theRuleBannerIsNeverCut() throws {
        let context = try DemoFixture.context()
        // At 80 columns the compact banner, whole; with room, the whole sentence.
        let narrow = BedsideApp.frame(stack: [TriageBoardScreen(context: context)], context: context, width: 80, height: 24).lines
        #expect(narrow[1].trimmingCharacters(in: .whitespaces) == "⚠ ENROLMENT PAUSED — rule sentinel-dlt tripped · r: rules", "\(narrow[1])")
        #expect(narrow[2].hasPrefix("  PATIENT"))
        let wide = BedsideApp.frame(stack: [TriageBoardScreen(context: context)], context: context, width: 120, height: 40).lines
        #expect(wide[1].trimmingCharacters(in: .whitespaces).hasSuffix("tripped: review before the next subject (r: rules)"), "\(wide[1])")
        // A banner too long for either wraps onto more lines rather than lose its end.
        let long = Banner(kind: .rule, text: String(repeating: "word ", count: 30) + "END", compact: String(repeating: "w ", count: 50) + "END")
        #expect(long.lines(width: 80).count > 1 && long.lines(width: 80).last?.hasSuffix("END") == true)
    }
}
