import Bedside
import Clinical
import Foundation
import Grading
import Terminal
import Testing

/// The ICE and CAPD wizards: one item per step, one key per answer, the total and the ICANS
/// grade at the end (ICE: Lee 2019, PMC8153820 Table 2; CAPD: Traube 2014).
@Suite("ICE and CAPD wizards")
struct WizardTests {
    static func keys(_ text: String) -> [Key] { text.map { Key.character($0) } }

    @Test("ICE all correct is 10/10, ICANS 0 from the ICE; Enter puts the items into the form")
    func iceAllCorrect() throws {
        let f = try FormFixture()
        let screen = f.form(wizard: true)
        guard case .ice? = screen.state.wizard else { Issue.record("the ICE wizard did not open"); return }
        #expect(f.text(screen).contains("ICE step 1 of 8"))
        #expect(f.text(screen).contains("Says the year correctly?"))
        f.press(Self.keys("yyyy"), on: screen)
        #expect(f.text(screen).contains("ICE step 5 of 8 · Naming · points so far 4"))
        f.press(Self.keys("3yyy"), on: screen)
        let grades = try #require(screen.state.wizardGrades)
        #expect(grades.total == 10)
        #expect(grades.domain?.grade == 0)
        let text = f.text(screen)
        #expect(text.contains("ICE total 10/10"))
        #expect(text.contains("ICANS from this score alone (other neuro domains normal): 0 ·"))
        #expect(f.text(screen, width: 120, height: 40).contains("ICE total 10/10"))
        f.press([.enter], on: screen)
        #expect(screen.state.wizard == nil)
        #expect(screen.state.draft.ice == .recorded(.items(orientation: 4, naming: 3, commands: 1, writing: 1, attention: 1)))
        #expect(screen.state.focus == .consciousness)
        #expect(f.line(screen, startingWith: "ICE score", width: 120, height: 40)?.contains("10/10") == true)
    }

    @Test("ICE 8/10 gives ICANS 1; 5/10 gives 2", arguments: [("yynn3yyy", 8, 1), ("yynn2nyn", 5, 2)])
    func iceTotals(_ row: (keys: String, total: Int, grade: Int)) throws {
        var wizard = ICEWizard()
        for key in Self.keys(row.keys) { _ = wizard.apply(key) }
        #expect(wizard.step == .done)
        #expect(wizard.result?.total == row.total)
        let f = try FormFixture()
        let screen = f.form(wizard: true)
        f.press(Self.keys(row.keys), on: screen)
        #expect(screen.state.wizardGrades?.domain?.grade == row.grade)
    }

    @Test("u records why the ICE could not be done: unarousable is ICANS 4, awake and aphasic 3, another reason is not assessable")
    func iceUnable() throws {
        for (reason, grade) in [("u", 4 as Int?), ("a", 3), ("o", nil)] {
            let f = try FormFixture()
            let screen = f.form(wizard: true)
            f.press(Self.keys("yy"), on: screen)
            f.press(Self.keys("u"), on: screen)
            #expect(f.text(screen).contains("ICE could not be done: why?"))
            f.press(Self.keys(reason), on: screen)
            #expect(screen.state.wizardGrades?.domain?.grade == grade)
            f.press([.enter], on: screen)
            guard case .recorded(.unable)? = screen.state.draft.ice else { Issue.record("no unable ICE for \(reason)"); continue }
        }
    }

    @Test("Backspace goes back one step; naming takes only 0–3")
    func iceBackAndNaming() {
        var wizard = ICEWizard()
        for key in Self.keys("yyyy") { _ = wizard.apply(key) }
        #expect(wizard.apply(.character("7")) == .ignored)
        #expect(wizard.apply(.character("y")) == .ignored)
        #expect(wizard.apply(.character("2")) == .redraw)
        #expect(wizard.points == [1, 1, 1, 1, 2])
        #expect(wizard.apply(.backspace) == .redraw)
        #expect(wizard.step == .item(4))
        #expect(wizard.apply(.escape) == .leave)
    }

    @Test("Esc in a wizard with answers asks y/N; without answers it just leaves")
    func leavingAWizard() throws {
        let f = try FormFixture()
        let screen = f.form(wizard: true)
        f.press([.escape], on: screen)
        #expect(screen.state.wizard == nil)
        f.press([.character("i")], on: screen)
        f.press(Self.keys("yn"), on: screen)
        f.press([.escape], on: screen)
        #expect(screen.state.prompt == .leaveWizard)
        f.press([.enter], on: screen)
        #expect(screen.state.wizard != nil)
        #expect(screen.hasUnsavedInput)
        f.press([.escape, .character("y")], on: screen)
        #expect(screen.state.wizard == nil)
        #expect(screen.state.draft.ice == nil)
    }

    @Test("the published CAPD example (never, never, always, always, always, never, never, never) totals 12: ICANS 3")
    func capdPublishedExample() throws {
        let seed = try JSONParser.parse(bytes: Array(#"{"patient": {"id": "C-07", "ageYears": 6, "developmentalDelay": false}, "time": "2026-11-21T08:00:00+08:00"}"#.utf8))
        let f = try FormFixture(seed: [seed])
        let screen = f.form("C-07")
        #expect(screen.state.usesCAPD)
        f.press([.character("i")], on: screen)
        guard case .capd? = screen.state.wizard else { Issue.record("the CAPD wizard did not open for a 6-year-old"); return }
        #expect(f.text(screen).contains("CAPD item 1 of 8"))
        #expect(f.text(screen).contains("Makes eye contact with the caregiver?"))
        #expect(f.text(screen).contains("n never"))
        f.press(Self.keys("nnaaannn"), on: screen)
        let grades = try #require(screen.state.wizardGrades)
        #expect(grades.total == 12)
        #expect(grades.domain?.grade == 3)
        #expect(f.text(screen).contains("CAPD total 12/32"))
        #expect(f.text(screen).contains("3 ▮▮▮"))
        f.press([.character("y")], on: screen)
        #expect(screen.state.draft.capd == .recorded(.answers([.never, .never, .always, .always, .always, .never, .never, .never])))
        let json = screen.state.draft.assessmentJSON().json
        #expect(json["neuro"]?["capd"]?["answers"] == .array(["never", "never", "always", "always", "always", "never", "never", "never"].map { .string($0) }))
    }

    @Test("developmental delay chooses CAPD at any age; u records that CAPD could not be done (ICANS 4)")
    func capdWithDevelopmentalDelay() throws {
        let f = try FormFixture()
        let screen = f.form()
        while screen.state.focus != .developmentalDelay { f.press([.tab], on: screen) }
        f.type("y", on: screen)
        f.press([.character("i")], on: screen)
        guard case .capd? = screen.state.wizard else { Issue.record("CAPD did not open"); return }
        f.press(Self.keys("u"), on: screen)
        #expect(screen.state.wizardGrades?.domain?.grade == 4)
        f.press([.enter], on: screen)
        #expect(screen.state.draft.capd == .recorded(.unable))
    }

    @Test("w on the ICE field opens the ICE wizard even for a child")
    func explicitWizard() throws {
        var capd = CAPDWizard()
        for key in Self.keys("nrsoa") { _ = capd.apply(key) }
        #expect(capd.total == 4 + 3 + 2 + 1 + 4)
        let f = try FormFixture()
        let screen = f.form()
        while screen.state.focus != .ice { f.press([.tab], on: screen) }
        f.press([.character("w")], on: screen)
        guard case .ice? = screen.state.wizard else { Issue.record("ICE did not open"); return }
    }
}
