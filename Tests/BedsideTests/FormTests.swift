import Bedside
import Clinical
@testable import EventLog
import Foundation
import Grading
import Terminal
import Testing

/// A bedside context on a real SQLite log in a temporary directory, signed in as a nurse, at a
/// fixed time; and the keys and frames of one form screen.
final class FormFixture {
    static let time = "2026-11-22T08:00:00+08:00"
    static let nurse = Author(id: "nurse-ana", role: .nurse)
    let directory: URL
    let path: String
    let context: BedsideContext

    init(readOnly: Bool = false, seed: [JSONValue] = [], now: String = FormFixture.time, author: Author = FormFixture.nurse) throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("aegrade-form-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        path = directory.appendingPathComponent("aegrade.db").path
        let criteria = try CriteriaSet.bundled()
        let writer = try SQLiteEventStore(path: path, mode: .readWrite(create: true))
        for json in seed {
            _ = try LogRecorder(store: writer, criteria: criteria, signedIn: .unauthenticated(Author(id: "nurse-bo", role: .nurse))).record(json)
        }
        let store = readOnly ? try SQLiteEventStore(path: path, mode: .readOnly) : writer
        context = try BedsideContext(store: store, criteria: criteria, trial: nil, signedIn: .unauthenticated(author), colors: false,
                                     now: { ClinicalTime(iso8601: now)! })
    }

    deinit { try? FileManager.default.removeItem(at: directory) }

    func form(_ patient: String? = "P-001", wizard: Bool = false) -> AssessmentFormScreen {
        AssessmentFormScreen(patient: patient, context: context, startWithNeuroWizard: wizard)
    }

    /// Presses each key; returns the last reaction.
    @discardableResult
    func press(_ keys: [Key], on screen: AssessmentFormScreen) -> Reaction {
        var reaction = Reaction.none
        for key in keys { reaction = screen.handle(key, context: context) }
        return reaction
    }

    /// Presses `key` until the cursor is on `field`, at most once per field of the form: a form
    /// that never gets there fails the test instead of hanging it.
    func move(to field: FormField, pressing key: Key, on screen: AssessmentFormScreen,
              sourceLocation: SourceLocation = #_sourceLocation) {
        for _ in 0..<200 where screen.state.focus != field { _ = press([key], on: screen) }
        #expect(screen.state.focus == field, "the cursor never reached \(field)", sourceLocation: sourceLocation)
    }

    /// Types `text` one character at a time.
    @discardableResult
    func type(_ text: String, on screen: AssessmentFormScreen) -> Reaction {
        press(text.map { Key.character($0) }, on: screen)
    }

    /// The frame the app draws with the form on top, in a terminal of `width`×`height`.
    func lines(_ screen: AssessmentFormScreen, width: Int = 80, height: Int = 24) -> [String] {
        BedsideApp.frame(stack: [screen], context: context, width: width, height: height).lines
    }

    func text(_ screen: AssessmentFormScreen, width: Int = 80, height: Int = 24) -> String {
        lines(screen, width: width, height: height).joined(separator: "\n")
    }

    /// The line of the frame that starts with `prefix` (after leading blanks).
    func line(_ screen: AssessmentFormScreen, startingWith prefix: String, width: Int = 80, height: Int = 24) -> String? {
        lines(screen, width: width, height: height).first { $0.trimmingCharacters(in: .whitespaces).hasPrefix(prefix) }
    }

    func events() throws -> [RecordedEvent] { try context.store.allEvents() }

    /// An adult's assessment as `aegrade record` takes it.
    static func assessment(_ patient: String = "P-001", _ members: String) throws -> JSONValue {
        try JSONParser.parse(bytes: Array(#"{"patient": {"id": "\#(patient)", "ageYears": 54, "developmentalDelay": false}, "time": "2026-11-21T08:00:00+08:00", \#(members)}"#.utf8))
    }
}

fileprivate extension Reaction {
    var isPop: Bool { if case .pop = self { true } else { false } }
}

/// Everything a CRS grade reads apart from the temperature, stated normal: typed from the
/// temperature field on.
private func afebrileRest(_ f: FormFixture, _ screen: AssessmentFormScreen) {
    f.press([.tab], on: screen)                       // → hypotension
    f.type("n", on: screen)                           // no; → systolic BP
    f.press([.tab, .tab, .tab], on: screen)           // → MAP → SpO2 → vasopressors
    f.type("n", on: screen)                           // none; → oxygen
    f.type("r", on: screen)                           // room air; → flow
    f.press([.tab, .tab], on: screen)                 // → FiO2 → tocilizumab
    f.type("nnnn", on: screen)                        // no treatments; → ICE
}

@Suite("Assessment form: live grades, saving, carry-over, units (issue 6)")
struct FormTests {
    @Test("the CRS grade follows the temperature on every key: 37.9 °C is 0, 38.0 °C is 1")
    func liveGradeFollowsTemperature() throws {
        let f = try FormFixture()
        let screen = f.form()
        #expect(screen.state.focus == .temperature)
        f.type("37.9", on: screen)
        afebrileRest(f, screen)
        let before = try #require(f.line(screen, startingWith: "CRS"))
        #expect(before.contains("CRS   0 ·"))
        #expect(before.contains("no grading criterion met"))
        f.move(to: .temperature, pressing: .backTab, on: screen)
        f.type("38.0", on: screen)  // the first digit in a field just reached replaces its value
        #expect(screen.state.draft.text(.temperature) == "38.0")
        let after = try #require(f.line(screen, startingWith: "CRS"))
        #expect(after.contains("CRS   1 ▮"))
        #expect(after.contains("fever ≥ 38.0 °C"))
        // The same at 120×40, where the grades stand beside the fields.
        let wide = f.lines(screen, width: 120, height: 40)
        #expect(wide.contains { $0.contains("│") && $0.contains("CRS   1 ▮") })
    }

    @Test("an empty form grades nothing as 0: ICANS is not assessable and names what is missing")
    func missingIsNotAssessable() throws {
        let f = try FormFixture()
        let screen = f.form()
        let icans = try #require(f.line(screen, startingWith: "ICANS"))
        #expect(icans.contains("not assessable — missing"))
        #expect(!icans.contains("ICANS 0"))
        let crs = try #require(f.line(screen, startingWith: "CRS"))
        #expect(crs.contains("not assessable — missing"))
        #expect(screen.state.live.result(LiveGrades.crs)?.outcome?.grade == nil)
    }

    @Test("a grade 3 asks y/N: Enter does not save, y does; the log holds observation and grades by the nurse, as aegrade record writes them")
    func severeGradeNeedsY() throws {
        let f = try FormFixture()
        let screen = f.form()
        f.type("39.2", on: screen)
        f.press([.tab], on: screen)
        f.type("y", on: screen)                           // hypotensive; → systolic BP
        f.type("82", on: screen)
        f.press([.tab, .tab, .tab], on: screen)           // → vasopressors
        f.type("a", on: screen)                           // add a drug line; → drug 1
        f.type("n", on: screen)                           // norepinephrine; → dose
        f.type("0.1", on: screen)
        #expect(screen.state.live.result(LiveGrades.crs)?.outcome?.atLeast == 3)  // oxygen unknown: could be 4
        f.press([.tab], on: screen)                       // → oxygen
        f.type("r", on: screen)                           // room air
        #expect(screen.state.live.result(LiveGrades.crs)?.outcome?.grade == 3)
        let eventsBefore = try f.events().count

        f.press([.function(2)], on: screen)
        #expect(f.text(screen).contains("CONFIRM ASTCT CRS grade 3 ▮▮▮"))
        let enter = f.press([.enter], on: screen)
        #expect(!enter.isPop)
        #expect(try f.events().count == eventsBefore)
        #expect(f.text(screen).contains("Not saved: only y confirms"))
        #expect(screen.hasUnsavedInput)

        f.press([.character("S")], on: screen)
        let yes = f.press([.character("y")], on: screen)
        #expect(yes.isPop)
        let events = try f.events()
        #expect(events.count == eventsBefore + 2)
        let observation = events[events.count - 2], grades = events[events.count - 1]
        #expect(observation.kind == .observation && grades.kind == .grades)
        #expect(observation.author == FormFixture.nurse && grades.author == FormFixture.nurse)
        #expect(observation.patient == "P-001")
        // The log is what `aegrade record` writes for the same JSON.
        let json = try #require(observation.payload[.assessment])
        let assessment = try Assessment(json: json)
        #expect(observation.payload == EventPayload.observation(json))
        #expect(grades.payload[.results] == JSONValue.array(f.context.criteria.evaluate(assessment).map(\.json)).canonical)
        #expect(grades.payload[.observationSeq] == .number(Double(observation.seq)))
        #expect(json["vitals"]?["temperature"] == JSONValue.object([("value", .number(39.2)), ("unit", .string("C"))]).canonical)
        #expect(json["support"]?["vasopressors"] == JSONValue.array([.object([("drug", .string("norepinephrine")), ("dose", .number(0.1)),
                                                                               ("unit", .string("mcg/kg/min"))])]).canonical)
        // The context has folded the new events (the save brings it up to the head of the log),
        // so the board learns of them at once.
        _ = try f.context.reloadIfChanged()
        #expect(f.context.headSeq == events.last?.seq)
        #expect(f.context.replay.patients["P-001"]?.grades[LiveGrades.crs]?.grade == 3)
        #expect(f.context.message?.text.contains("Saved P-001") == true)
        #expect(f.context.message?.text.contains("CRS 3 ▮▮▮") == true)
    }

    @Test("a routine save asks nothing and leaves a status message")
    func routineSaveIsSilent() throws {
        let f = try FormFixture()
        let screen = f.form()
        f.type("37.2", on: screen)
        afebrileRest(f, screen)
        let reaction = f.press([.control("s")], on: screen)
        #expect(reaction.isPop)
        #expect(screen.state.prompt == nil)
        #expect(try f.events().filter { $0.kind == .observation }.count == 1)
        #expect(f.context.message?.isError == false)
    }

    @Test("a death asks y/N even when every grade is low")
    func deathNeedsY() throws {
        let f = try FormFixture()
        let screen = f.form()
        f.press([.end], on: screen)
        #expect(screen.state.focus == .death)
        f.type("o", on: screen)
        f.press([.function(2)], on: screen)
        guard case .confirmSave(let summary, _)? = screen.state.prompt else { Issue.record("no confirmation"); return }
        #expect(summary.contains("DEATH (other)"))
        f.press([.escape], on: screen)
        #expect(screen.state.prompt == nil)
        #expect(try f.events().filter { $0.kind == .observation }.isEmpty)
    }

    @Test("support, treatments and attribution are carried over from the last assessment; vitals and neuro are not")
    func carryOverSupportNotVitals() throws {
        let seed = try FormFixture.assessment("P-001", #""vitals": {"temperature": {"value": 101.5, "unit": "F"}, "hypotension": true}, "support": {"vasopressors": [{"drug": "norepinephrine", "dose": 0.08, "unit": "mcg/kg/min"}], "oxygen": {"device": "nasalCannula", "flowLPerMin": 4}}, "neuro": {"ice": {"total": 8}, "consciousness": "awakensSpontaneously"}, "labs": {"alt": {"value": 120, "unit": "U/L", "uln": 40}}, "treatments": {"tocilizumab": true, "corticosteroids": false}, "otherCause": ["hypoxia"]"#)
        let f = try FormFixture(seed: [seed])
        let screen = f.form()
        let draft = screen.state.draft
        #expect(draft.pressorsKnown && draft.pressors == [PressorDraft(drug: .norepinephrine, doseText: "0.08", unit: .mcgPerKgPerMin)])
        #expect(draft.choice(.oxygenDevice) == "nasalCannula" && draft.text(.flowLPerMin) == "4")
        #expect(draft.bool(.treatment(.tocilizumab)) == true && draft.bool(.treatment(.corticosteroids)) == false)
        #expect(draft.otherCause == [.hypoxia])
        #expect(draft.text(.ageYears) == "54")
        #expect(draft.text(.labLimit(.alt)) == "40")
        // Not carried: the observations themselves.
        #expect(draft.text(.temperature).isEmpty && draft.choice(.hypotension) == nil)
        #expect(draft.ice == nil && draft.choice(.consciousness) == nil && draft.text(.lab(.alt)).isEmpty)
        #expect(draft.temperatureUnit == .fahrenheit)  // the unit in use is carried, not the value
        #expect(!screen.hasUnsavedInput)
        let text = f.text(screen)
        #expect(text.contains("↺ carried over from 11-21 08:00 by nurse-bo"))
        // Carried values are marked until touched.
        #expect(screen.state.carried.contains(.oxygenDevice))
        let vasopressorLine = f.lines(screen, width: 120, height: 40).first { $0.contains("Vasopressors") }
        #expect(vasopressorLine?.contains("↺") == true)
    }

    @Test("°C/°F on one key: 101.3 in °C is refused naming the field and keeping the input; f makes it 101.3 °F")
    func temperatureUnitQuestion() throws {
        let f = try FormFixture()
        let screen = f.form()
        f.type("101.3", on: screen)
        #expect(f.text(screen).contains("looks like °F"))
        #expect(f.text(screen).contains("press f if it is °F"))
        f.press([.function(2)], on: screen)
        #expect(screen.state.rejection?.field == "vitals.temperature")
        #expect(screen.state.focus == .temperature)
        #expect(screen.state.draft.text(.temperature) == "101.3")
        #expect(f.text(screen).contains("✗ Refused: vitals.temperature"))
        #expect(try f.events().filter { $0.kind == .observation }.isEmpty)
        f.type("f", on: screen)
        #expect(screen.state.draft.temperatureUnit == .fahrenheit)
        #expect(screen.state.draft.text(.temperature) == "101.3")
        #expect(screen.state.rejection == nil)
        #expect(screen.state.live.issues.isEmpty)
        let temperature = try #require(f.line(screen, startingWith: "▸ Temperature"))
        #expect(temperature.contains("101.3") && temperature.contains("°F"))
    }

    @Test("labs switch between SI and conventional units, one lab with u, all with U")
    func labUnits() throws {
        let f = try FormFixture()
        let screen = f.form()
        f.move(to: .lab(.platelets), pressing: .tab, on: screen)
        f.type("40", on: screen)
        #expect(screen.state.draft.labUnit(.platelets) == .perNanoliter)
        #expect(screen.state.live.results.contains { $0.term == "platelets" && $0.outcome?.grade == 3 })
        f.type("u", on: screen)
        #expect(screen.state.draft.labUnit(.platelets) == .perMicroliter)
        // 40 /uL is a different count: the unit relabels what was typed, it never converts.
        #expect(screen.state.draft.text(.lab(.platelets)) == "40")
        f.type("U", on: screen)
        #expect(screen.state.draft.labUnit(.ferritin) == .nanogramsPerMilliliter)
        #expect(screen.state.draft.labUnit(.fibrinogen) == .milligramsPerDeciliter)
        f.type("U", on: screen)
        #expect(screen.state.draft.labUnit(.platelets) == .perNanoliter)
        #expect(f.line(screen, startingWith: "▸ Platelets")?.contains("10^9/L") == true)
    }

    @Test("an impossible value is refused at save with its field and message; everything typed is kept")
    func hardLimitKeepsInput() throws {
        let f = try FormFixture()
        let screen = f.form()
        f.type("38.4", on: screen)
        f.press([.tab, .tab, .tab, .tab], on: screen)
        #expect(screen.state.focus == .spo2)
        f.type("150", on: screen)
        f.press([.home], on: screen)
        let reaction = f.press([.function(2)], on: screen)
        #expect(!reaction.isPop)
        #expect(screen.state.rejection?.field == "vitals.spo2")
        #expect(screen.state.focus == .spo2)
        #expect(screen.state.draft.text(.spo2) == "150" && screen.state.draft.text(.temperature) == "38.4")
        #expect(f.text(screen).contains("✗ Refused: vitals.spo2: 150 % is not possible"))
        #expect(screen.hasUnsavedInput)
    }

    @Test("a failed save keeps the form and says why")
    func failedSaveKeepsForm() throws {
        let f = try FormFixture(readOnly: true)
        let screen = f.form()
        f.type("37.0", on: screen)
        afebrileRest(f, screen)
        let draft = screen.state.draft
        let reaction = f.press([.function(2)], on: screen)
        #expect(!reaction.isPop)
        #expect(screen.state.draft == draft)
        #expect(screen.state.saveFailure?.contains("read-only") == true)
        #expect(f.context.message?.isError == true)
        #expect(f.text(screen).contains("✗ Not saved:"))
        #expect(screen.hasUnsavedInput)
    }

    @Test("Esc with unsaved input asks y/N: Enter keeps the entry, y discards it; an untouched form just closes")
    func escapeAsksBeforeDiscarding() throws {
        let f = try FormFixture()
        let untouched = f.form()
        #expect(!untouched.hasUnsavedInput)
        #expect(f.press([.escape], on: untouched).isPop)

        let screen = f.form()
        f.type("38", on: screen)
        #expect(screen.hasUnsavedInput)
        #expect(!f.press([.escape], on: screen).isPop)
        #expect(screen.state.prompt == .discard)
        #expect(f.text(screen).contains("Discard this unsaved entry? y = discard"))
        #expect(!f.press([.enter], on: screen).isPop)
        #expect(screen.state.draft.text(.temperature) == "38")
        f.press([.character("q")], on: screen)
        #expect(f.press([.character("y")], on: screen).isPop)
    }

    @Test("a resize and another terminal's write leave the entry as typed")
    func resizeAndConcurrentWrite() throws {
        let f = try FormFixture()
        let screen = f.form()
        f.type("38.6", on: screen)
        f.press([.tab], on: screen)
        f.type("y", on: screen)
        let draft = screen.state.draft
        _ = f.lines(screen, width: 80, height: 24)
        f.press([.resize], on: screen)
        _ = f.lines(screen, width: 120, height: 40)
        #expect(screen.state.draft == draft)

        let other = try SQLiteEventStore(path: f.path, mode: .readWrite(create: false))
        let json = try FormFixture.assessment("P-001", #""vitals": {"temperature": {"value": 37.0, "unit": "C"}}"#)
        _ = try LogRecorder(store: other, criteria: f.context.criteria, signedIn: .unauthenticated(Author(id: "nurse-cy", role: .nurse))).record(json)
        #expect(try f.context.reloadIfChanged())
        screen.logChanged(context: f.context)
        #expect(screen.state.draft == draft)
        #expect(screen.state.concurrentNote?.contains("nurse-cy") == true)
        #expect(f.text(screen, width: 120, height: 40).contains("assessed at 11-21 08:00 by nurse-cy"))
    }

    @Test("a new patient is asked for id, age and developmental delay first; Enter opens the form")
    func newPatientIdentifiedFirst() throws {
        let f = try FormFixture()
        let screen = f.form(nil)
        #expect(screen.state.phase == .identify)
        #expect(screen.state.focus == .patientID)
        #expect(f.text(screen).contains("New patient: who is it?"))
        f.press([.enter], on: screen)
        #expect(screen.state.phase == .identify)
        #expect(f.text(screen).contains("Type the patient id first"))
        f.type("P-NEW", on: screen)
        f.press([.tab], on: screen)
        f.type("45", on: screen)
        f.press([.tab], on: screen)
        f.type("n", on: screen)
        f.press([.enter], on: screen)
        #expect(screen.state.phase == .form)
        #expect(screen.title == "Assessment P-NEW")
        #expect(screen.state.focus == .temperature)
        #expect(screen.state.draft.text(.ageYears) == "45" && screen.state.draft.bool(.developmentalDelay) == false)
        #expect(screen.hasUnsavedInput)
    }

    @Test("every field is reachable with Tab, and the layout scrolls at 80×24 to keep the cursor visible")
    func tabReachesEveryField() throws {
        let f = try FormFixture()
        let screen = f.form()
        var seen: [FormField] = []
        for _ in 0..<screen.state.fields.count {
            seen.append(screen.state.focus)
            let lines = f.lines(screen)
            #expect(lines.contains { $0.hasPrefix("▸") }, "the cursor row of \(screen.state.focus) is visible")
            f.press([.tab], on: screen)
        }
        #expect(Set(seen) == Set(screen.state.fields))
        for field: FormField in [.temperature, .hypotension, .systolicBP, .spo2, .vasopressors, .oxygenDevice, .flowLPerMin, .fio2,
                                 .treatment(.anakinra), .ice, .capd, .consciousness, .seizure, .motorWeakness, .cerebralEdema,
                                 .sign(.posturing), .sign(.cranialNerveVIPalsy), .sign(.papilledema), .sign(.cushingsTriad),
                                 .lab(.ferritin), .lab(.alt), .labLimit(.alt), .lab(.fibrinogen), .labLimit(.fibrinogen),
                                 .otherCause, .death] {
            #expect(seen.contains(field))
        }
    }

    @Test("the keys of the focused choice are shown beside it")
    func choiceKeysShown() throws {
        let f = try FormFixture()
        let screen = f.form()
        f.move(to: .consciousness, pressing: .tab, on: screen)
        let text = f.text(screen)
        #expect(text.contains("a alert"))
        #expect(text.contains("v awakens to voice"))
        f.type("v", on: screen)
        #expect(screen.state.draft.choice(.consciousness) == "awakensToVoice")
        #expect(screen.state.focus == .seizure)
        #expect(screen.state.live.result(LiveGrades.icans)?.outcome.map { ($0.grade ?? $0.atLeast ?? 0) >= 2 } == true)
    }

    @Test("the form's JSON is the grade-io.md assessment, accepted by the strict decoder")
    func draftBuildsGradeIOJSON() throws {
        var draft = FormDraft(patient: "P-9", openedAt: FormFixture.time)
        draft.setText("07:30", for: .time)   // HH:MM: its last occurrence before the form was opened at 08:00
        draft.setText("54", for: .ageYears)
        draft.setChoice("no", for: .developmentalDelay)
        draft.setText("38.6", for: .temperature)
        draft.setChoice("yes", for: .hypotension)
        draft.pressorsKnown = true
        draft.pressors = [PressorDraft(drug: .vasopressin, doseText: "0.03", unit: .unitsPerMin)]
        draft.setChoice("nasalCannula", for: .oxygenDevice)
        draft.setText("4", for: .flowLPerMin)
        draft.ice = .recorded(.items(orientation: 4, naming: 3, commands: 1, writing: 1, attention: 1))
        draft.capd = .typed("6")
        draft.setChoice("alert", for: .consciousness)
        draft.setChoice("no", for: .sign(.papilledema))
        draft.setText("240", for: .lab(.ast))
        draft.setText("40", for: .labLimit(.ast))
        draft.setText("12", for: .labLimit(.fibrinogen))  // a limit without a value is left out
        draft.setChoice("yes", for: .treatment(.tocilizumab))
        draft.otherCause = [.fever]
        draft.setChoice("crs", for: .death)
        let built = draft.assessmentJSON()
        #expect(built.issues.isEmpty)
        #expect(built.json.compactText == #"{"patient":{"id":"P-9","ageYears":54,"developmentalDelay":false},"time":"2026-11-22T07:30:00+08:00","vitals":{"temperature":{"value":38.6,"unit":"C"},"hypotension":true},"support":{"vasopressors":[{"drug":"vasopressin","dose":0.03,"unit":"units/min"}],"oxygen":{"device":"nasalCannula","flowLPerMin":4}},"neuro":{"ice":{"orientation":4,"naming":3,"commands":1,"writing":1,"attention":1},"capd":{"total":6},"consciousness":"alert","papilledema":false},"labs":{"ast":{"value":240,"unit":"U/L","uln":40}},"treatments":{"tocilizumab":true},"otherCause":["fever"],"outcome":{"death":"crs"}}"#)
        let assessment = try Assessment(json: built.json)
        #expect(assessment.support?.vasopressors?.first?.drug == .vasopressin)
        #expect(assessment.neuro?.ice?.total == 10)
    }

    @Test("what is not a number is named and left out (unknown), never read as 0")
    func badNumberIsUnknown() {
        var draft = FormDraft(patient: "P-9", openedAt: FormFixture.time)
        draft.setText("38..1", for: .temperature)
        draft.setText("25:99", for: .time)
        let built = draft.assessmentJSON()
        #expect(Set(built.issues.map(\.field)) == ["vitals.temperature", "time"])
        #expect(built.json["vitals"] == nil)
        #expect(FormDraft.number(".5") == 0.5 && FormDraft.number("38.") == 38 && FormDraft.number("-1") == nil)
    }

    @Test("a nasal cannula without its flow still grades the rest live, and is refused at save naming the flow")
    func liveGradingAroundAnIncompleteField() throws {
        let f = try FormFixture()
        let screen = f.form()
        f.type("38.2", on: screen)
        f.move(to: .oxygenDevice, pressing: .tab, on: screen)
        f.type("n", on: screen)
        #expect(screen.state.live.issues.contains { $0.field == "support.oxygen.flowLPerMin" })
        #expect(screen.state.live.result(LiveGrades.crs)?.outcome?.atLeast == 1)
        f.press([.function(2)], on: screen)
        #expect(screen.state.rejection?.field == "support.oxygen.flowLPerMin")
        #expect(screen.state.focus == .flowLPerMin)
        f.type("7", on: screen)
        #expect(screen.state.rejection == nil)
        #expect(screen.state.live.result(LiveGrades.crs)?.outcome.map { $0.grade ?? $0.atLeast } == 3)
    }

    @Test("vasopressor lines are added and removed; the last removal leaves none")
    func vasopressorLines() throws {
        let f = try FormFixture()
        let screen = f.form()
        f.move(to: .vasopressors, pressing: .tab, on: screen)
        f.type("a", on: screen)
        f.type("n", on: screen)
        f.type("0.2", on: screen)
        f.press([.up], on: screen)
        #expect(screen.state.focus == .vasopressors)
        f.type("a", on: screen)
        f.type("v", on: screen)
        #expect(screen.state.draft.pressors.map(\.unit) == [.mcgPerKgPerMin, .unitsPerMin])
        f.type("0.04", on: screen)
        f.press([.backTab], on: screen)
        #expect(screen.state.focus == .pressorDrug(1))
        f.type("x", on: screen)
        #expect(screen.state.draft.pressors.count == 1)
        #expect(screen.state.focus == .pressorDrug(0))
        f.type("x", on: screen)
        #expect(screen.state.draft.pressorsKnown && screen.state.draft.pressors.isEmpty)
        #expect(screen.state.focus == .vasopressors)
        f.press([.character(" ")], on: screen)
        #expect(!screen.state.draft.pressorsKnown)
    }

    @Test("through the app: a from the board opens the form, Ctrl-C does not lose the entry, the save reaches the board on the next poll")
    func throughTheApp() throws {
        let seed = try FormFixture.assessment("P-001", #""vitals": {"temperature": {"value": 37.0, "unit": "C"}, "hypotension": false}, "support": {"vasopressors": [], "oxygen": {"device": "roomAir"}}, "treatments": {"tocilizumab": false, "corticosteroids": false, "antipyretics": false, "anakinra": false}"#)
        let f = try FormFixture(seed: [seed])
        let app = BedsideApp(device: SilentDevice(), context: f.context, root: TriageBoardScreen(context: f.context))
        #expect(app.frame().lines.contains { $0.contains("P-001") && $0.contains("0 ·") })
        app.handle(.character("a"))
        #expect(app.stack.last is AssessmentFormScreen)
        for key in "38.5".map({ Key.character($0) }) + [.tab, .character("n")] { app.handle(key) }
        app.handle(.control("c"))
        #expect(app.stack.last is AssessmentFormScreen)
        #expect((app.stack.last as? AssessmentFormScreen)?.state.prompt == .discard)   // asked, as Esc does
        app.handle(.character("n"))
        #expect(app.frame().lines.contains { $0.contains("CRS   1 ▮") })
        app.handle(.function(2))
        #expect(app.stack.count == 1)
        #expect(app.frame().lines.last?.contains("Saved P-001") == true)
        app.pollLog()
        #expect(app.frame().lines.contains { $0.contains("P-001") && $0.contains("1 ▮") })
    }
}

/// A terminal that never types: the tests call `handle` and `pollLog` themselves.
final class SilentDevice: TerminalDevice {
    var size: (width: Int, height: Int) { (80, 24) }
    func readKey(timeoutMilliseconds: Int) -> Key? { nil }
    func draw(_ buffer: ScreenBuffer) {}
}
