import Clinical
@testable import EventLog
import Foundation
import Terminal
import Testing
@testable import Bedside

/// Corrections as a clinician meets them: one order (what changed, the standing overrides, the
/// reason, then y/N), no empty corrections, and no override dropped without a word.
@Suite("Correction: order, empty corrections, standing overrides")
struct AmendSafetyTests {
    /// Overrides P-003's ICANS 1 → 3 as the fixture's user (a physician).
    static func overrideICANS(_ f: AmendFixture) {
        f.press([.character("o")])
        f.type("i3aphasic on exam")
        f.press([.enter, .character("y")])
        f.sign()
    }

    /// Opens the correction and changes SpO2 97 → 95 only.
    static func correctSpO2(_ f: AmendFixture) throws -> CorrectionScreen {
        f.press([.character("e")])
        let screen = try #require(f.app.stack.last as? CorrectionScreen)
        f.press([.down, .down, .down])
        #expect(screen.state.focus == .spo2)
        f.type("95")
        return screen
    }

    @Test("a correction whose result is ICANS 3: the reason comes before the y/N, so spaces and i typed go into the reason, not the form")
    func reasonBeforeGradeConfirmation() throws {
        let f = try AmendFixture()
        f.press([.character("e")])
        let screen = try #require(f.app.stack.last as? CorrectionScreen)
        f.press([.pageDown, .pageDown, .pageDown])
        #expect(screen.state.focus == .ice)
        f.type("2")
        f.press([.function(2)])
        #expect(screen.state.prompt == nil)
        #expect(screen.step == .reason)
        #expect(f.screen.contains("What changes: ICE 8 → 2"), "\(f.screen)")
        f.type("ICE redone i x")
        #expect(screen.reason == "ICE redone i x")
        #expect(screen.state.wizard == nil && screen.state.draft.text(.temperature) == "38.5")
        f.press([.enter])
        #expect(screen.step == .confirm)
        #expect(screen.question.contains("CONFIRM ASTCT ICANS grade 3"), "\(screen.question)")
        f.press([.character("y")])
        f.sign()
        #expect(f.app.stack.count == 1)
        #expect(f.grade(LiveGrades.icans) == 3)
    }

    @Test("a correction that changes nothing is refused, saying so, and nothing is written")
    func nothingChangedIsRefused() throws {
        let f = try AmendFixture()
        f.press([.character("e")])
        let screen = try #require(f.app.stack.last as? CorrectionScreen)
        f.press([.function(2)])
        #expect(screen.step == .form)
        #expect(f.screen.contains("correcting the entry of 11-21 08:00 by nurse-bo"), "\(f.screen)")
        #expect(f.screen.contains("Nothing changed"), "\(f.screen)")
        #expect(try f.events().filter { $0.kind == .correction }.isEmpty)
    }

    @Test("a standing override is shown and asked about; n lets it lapse, and the y/N says so")
    func overrideLapsesWhenNotConfirmed() throws {
        let f = try AmendFixture()
        Self.overrideICANS(f)
        #expect(f.grade(LiveGrades.icans) == 3)
        let screen = try Self.correctSpO2(f)
        #expect(f.screen.contains("standing override: ICANS 1 → 3") && f.screen.contains("dr-lee (#"), "\(f.screen)")
        f.press([.function(2)])
        #expect(screen.step == .override(0))
        #expect(f.screen.contains("Does it still stand?"))
        f.type("n")
        f.type("SpO2 misread")
        f.press([.enter])
        #expect(screen.question.contains("the override ICANS 1 → 3 by dr-lee") && screen.question.contains("LAPSES"), "\(screen.question)")
        f.press([.character("y")])
        f.sign()
        #expect(f.grade(LiveGrades.icans) == 1)
        #expect(try f.events().filter { $0.kind == .override }.count == 1)
        #expect(f.context.message?.text.contains("ICANS override 3 lapsed") == true, "\(String(describing: f.context.message))")
    }

    @Test("y: the override still stands and is recorded again on the corrected grades, as the correcting physician's")
    func overrideRestatedWhenConfirmed() throws {
        let f = try AmendFixture()
        Self.overrideICANS(f)
        let screen = try Self.correctSpO2(f)
        f.press([.function(2)])
        f.type("y")
        #expect(screen.step == .reason)
        f.type("SpO2 misread")
        f.press([.enter])
        #expect(screen.question.contains("ICANS 3 is recorded again as yours"), "\(screen.question)")
        f.press([.character("y")])
        f.sign()
        let events = try f.events()
        let correction = try #require(events.last { $0.kind == .correction })
        let grades = try #require(events.last { $0.kind == .grades })
        let restated = try #require(events.last { $0.kind == .override })
        #expect(restated.seq > correction.seq)
        #expect(restated.payload[.supersedesSeq] == .number(Double(grades.seq)))
        #expect(restated.author.id == "dr-lee")
        #expect(restated.payloadString(.reason)?.contains("stands after correction #\(correction.seq)") == true)
        #expect(restated.payloadString(.reason)?.contains("aphasic on exam") == true)
        #expect(f.grade(LiveGrades.icans) == 3)
        let message = f.context.message?.text ?? ""
        #expect(message.contains("ICANS override 3 stands") && message.contains("computed CRS"), "\(message)")
    }

    @Test("a nurse correcting her overridden assessment is not asked (she may not override): the y/N says the override lapses")
    func nurseCannotKeepAnOverride() throws {
        let f = try AmendFixture()
        Self.overrideICANS(f)
        let nurse = try BedsideContext(store: f.context.store, criteria: f.context.criteria, trial: nil,
                                       signedIn: .unauthenticated(Author(id: "nurse-bo", role: .nurse)), colors: false, now: f.context.now)
        let screen = try #require({ () -> CorrectionScreen? in
            if case .push(let pushed) = CorrectionScreen.open(patient: "P-003", context: nurse) { return pushed as? CorrectionScreen }
            return nil
        }())
        for key in [Key.down, .down, .down] + "95".map({ Key.character($0) }) + [.function(2)] { _ = screen.handle(key, context: nurse) }
        #expect(screen.step == .reason)
        for key in "SpO2 misread".map({ Key.character($0) }) + [.enter] { _ = screen.handle(key, context: nurse) }
        #expect(screen.question.contains("LAPSES"), "\(screen.question)")
    }
}
