import Clinical
import EventLog
import Foundation
import Grading
import Terminal
import Testing
@testable import Bedside

/// What a clinician acts on in the form: the y/N before an entry that grades nothing, clinical
/// times against the clock, keys that cannot be seen, Ctrl-C, refusals that outlive their cause,
/// contradictions, every key of a field shown.
@Suite("Assessment form: the bedside safeguards")
struct FormSafetyTests {
    /// `wall` ("2026-11-22T00:02:00") at this machine's UTC offset, which the form writes times in.
    static func local(_ wall: String) -> String {
        let offset = TimeZone.current.secondsFromGMT(for: Date(timeIntervalSince1970: 1_795_000_000))
        let probe = ClinicalTime(iso8601: wall + "Z")!
        return FormDraft.isoText(ClinicalTime(secondsSinceEpoch: probe.secondsSinceEpoch - Double(offset)), offsetSeconds: offset)
    }

    @Test("an entry in which neither CRS nor ICANS can be graded asks y/N, naming what is missing; Enter does not save, y does")
    func neitherGradeAsks() throws {
        let f = try FormFixture()
        let screen = f.form()
        f.type("37", on: screen)
        f.press([.function(2)], on: screen)
        guard case .confirmSave(let summary, _)? = screen.state.prompt else { Issue.record("no y/N: \(f.text(screen))"); return }
        #expect(summary.contains("NEITHER CRS NOR ICANS CAN BE GRADED"), "\(summary)")
        #expect(summary.contains("CRS missing") && summary.contains("ICANS missing") && summary.contains("ICE"), "\(summary)")
        #expect(f.text(screen).contains("NEITHER CRS NOR ICANS"))
        f.press([.enter], on: screen)
        #expect(try f.events().filter { $0.kind == .observation }.isEmpty)
        f.press([.function(2)], on: screen)
        #expect(f.press([.character("y")], on: screen).popsScreen)
        #expect(try f.events().filter { $0.kind == .observation }.count == 1)
    }

    @Test("HH:MM is its last occurrence: 23:00 typed at 00:02 is yesterday's, not 21 h ahead")
    func hhmmIsTheLastOccurrence() throws {
        let f = try FormFixture(now: Self.local("2026-11-22T00:02:00"))
        let screen = f.form()
        f.press([.home], on: screen)
        #expect(screen.state.focus == .time)
        f.type("23:00", on: screen)
        f.press([.function(2)], on: screen)
        if screen.state.prompt != nil { f.press([.character("y")], on: screen) }
        let saved = try #require(try f.events().first { $0.kind == .observation })
        #expect(saved.clinicalTime == Self.local("2026-11-21T23:00:00"))
    }

    @Test("a time more than 5 minutes ahead of the clock is refused on its field; 2 minutes ahead is accepted")
    func futureTimeIsRefused() throws {
        let f = try FormFixture(now: Self.local("2026-11-22T00:02:00"))
        let screen = f.form()
        f.press([.home], on: screen)
        f.type("2026-11-22 09:00", on: screen)
        #expect(f.text(screen).contains("⚠ time: 8 h 58 min ahead of the clock"), "shown while typing: \(f.text(screen))")
        f.press([.function(2)], on: screen)
        #expect(screen.state.rejection?.field.text == "time", "\(f.text(screen))")
        #expect(f.text(screen).contains("✗ Refused: time:"), "\(f.text(screen))")
        #expect(f.text(screen).contains("ahead of the clock"))
        #expect(try f.events().filter { $0.kind == .observation }.isEmpty)
        f.press([.home], on: screen)
        f.type("2026-11-22 00:04", on: screen)
        #expect(screen.state.rejection == nil)
        f.press([.function(2)], on: screen)
        if screen.state.prompt != nil { f.press([.character("y")], on: screen) }
        #expect(try f.events().first { $0.kind == .observation }?.clinicalTime == Self.local("2026-11-22T00:04:00"))
    }

    @Test("a time more than 7 days back asks y/N before it is saved")
    func longAgoAsks() throws {
        let f = try FormFixture()
        let screen = f.form()
        f.press([.home], on: screen)
        f.type("2026-11-13 08:00", on: screen)
        f.press([.function(2)], on: screen)
        guard case .confirmSave(let summary, _)? = screen.state.prompt else { Issue.record("no y/N"); return }
        #expect(summary.contains("IS 8 DAYS AGO"), "\(summary)")
    }

    @Test("keys typed while the terminal is too small are ignored: the temperature stays as it was")
    func tooSmallIgnoresKeys() throws {
        let f = try FormFixture()
        let device = ResizableDevice()
        let app = BedsideApp(device: device, context: f.context, root: TriageBoardScreen(context: f.context))
        app.handle(.character("n"))
        for key in "P-9".map({ Key.character($0) }) + [.enter] { app.handle(key) }
        for key in "39.2".map({ Key.character($0) }) { app.handle(key) }
        let form = try #require(app.stack.last as? AssessmentFormScreen)
        #expect(form.state.draft.text(.temperature) == "39.2")
        device.size = (70, 20)
        #expect(app.frame().lines.joined().contains("Keys are ignored"))
        for key in [Key.backspace, .backspace, .backspace, .backspace] + "37".map({ Key.character($0) }) + [.escape, .character("y")] {
            app.handle(key)
        }
        device.size = (80, 24)
        #expect(app.stack.last === form)
        #expect(form.state.draft.text(.temperature) == "39.2")
    }

    @Test("Ctrl-C in a form with typed data asks, as Esc does; n keeps the entry")
    func ctrlCAsks() throws {
        let f = try FormFixture()
        let app = BedsideApp(device: SilentDevice(), context: f.context, root: TriageBoardScreen(context: f.context))
        app.handle(.character("n"))
        for key in "P-9".map({ Key.character($0) }) + [.enter] + "39.2".map({ Key.character($0) }) { app.handle(key) }
        app.handle(.control("c"))
        let form = try #require(app.stack.last as? AssessmentFormScreen)
        #expect(form.state.prompt == .discard)
        app.handle(.character("n"))
        #expect(form.state.draft.text(.temperature) == "39.2")
        #expect(app.stack.last === form)
    }

    @Test("a refusal goes once its cause is fixed in another field (nasal cannula without flow, then room air)")
    func refusalClearsWhenFixed() throws {
        let f = try FormFixture()
        let screen = f.form()
        f.type("38.5", on: screen)
        f.press([.pageDown, .down], on: screen)
        #expect(screen.state.focus == .oxygenDevice)
        f.type("n", on: screen)
        f.press([.function(2)], on: screen)
        #expect(screen.state.rejection?.field.text == "support.oxygen.flowLPerMin")
        #expect(f.text(screen).contains("✗ Refused"))
        f.press([.up], on: screen)
        #expect(screen.state.focus == .oxygenDevice)
        f.type("r", on: screen)
        #expect(screen.state.rejection == nil)
        #expect(!f.text(screen).contains("✗ Refused"), "\(f.text(screen))")
    }

    @Test("a lab row shows its unit whole at 80 columns (no 'baseline — U')")
    func labUnitsAreWhole() throws {
        let f = try FormFixture()
        let screen = f.form()
        for _ in 0..<5 { f.press([.pageDown], on: screen) }
        for _ in 0..<8 where !(f.lines(screen).contains { $0.contains("ALT") && $0.contains("baseline") }) { f.press([.down], on: screen) }
        let row = try #require(f.lines(screen).first { $0.contains("ALT") && $0.contains("baseline") })
        #expect(row.contains("U/L"), "\(row)")
        #expect(!row.hasSuffix(" U") && !row.contains("baseline — U "), "\(row)")
    }

    @Test("every choice of the oxygen device is shown at 80 and at 120 columns; ? lists the keys of every field")
    func everyChoiceShown() throws {
        let f = try FormFixture()
        let screen = f.form()
        f.press([.pageDown, .down], on: screen)
        #expect(screen.state.focus == .oxygenDevice)
        for (width, height) in [(80, 24), (120, 40)] {
            let text = f.lines(screen, width: width, height: height).joined(separator: " ")
            for choice in ["r room air", "c CPAP", "p BiPAP", "m mechanical ventilation", "Space unknown"] {
                #expect(text.contains(choice), "\(width)×\(height): \(choice)")
            }
        }
        let help = HelpScreen(for: screen)
        let text = help.document(width: 80).map { $0.text.trimmingCharacters(in: .whitespaces) }.joined(separator: " ")
        for field in FormLayout.allFields(pressorCount: 0) {
            for key in screen.state.keyHint(field).components(separatedBy: " · ") {
                #expect(text.contains(key), "\(field): \(key)")
            }
        }
        #expect(text.contains("Oxygen: r room air"))
    }

    @Test("a contradiction (ICE unable: unarousable, consciousness alert) is warned live, and the entry still saves")
    func contradictionWarned() throws {
        let f = try FormFixture()
        let screen = f.form()
        for _ in 0..<3 { f.press([.pageDown], on: screen) }
        #expect(screen.state.focus == .ice)
        f.type("u", on: screen)
        f.press([.down, .down], on: screen)
        #expect(screen.state.focus == .consciousness)
        f.type("a", on: screen)
        #expect(screen.state.live.warnings.contains { $0.contains("unarousable") && $0.contains("alert") })
        #expect(f.text(screen, width: 120, height: 40).contains("please check both"))
    }
}

/// A terminal whose size the test sets.
final class ResizableDevice: TerminalDevice {
    var size: (width: Int, height: Int) = (80, 24)
    func readKey(timeoutMilliseconds: Int) -> Key? { nil }
    func draw(_ buffer: ScreenBuffer) {}
}

extension Reaction {
    var popsScreen: Bool { if case .pop = self { true } else { false } }
}
