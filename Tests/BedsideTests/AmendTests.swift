import Bedside
import Clinical
@testable import EventLog
import Foundation
import Grading
import Terminal
import TestSupport
import Testing

/// A bedside app on a real SQLite log in a temporary directory, seeded with one assessment of
/// P-003 (CRS 1, ICANS 1) by a nurse, signed in as `author`.
final class AmendFixture {
    static let seed = #""vitals": {"temperature": {"value": 38.5, "unit": "C"}, "hypotension": false, "spo2": 97}, "support": {"vasopressors": [], "oxygen": {"device": "roomAir"}}, "neuro": {"ice": {"total": 8}, "consciousness": "awakensSpontaneously", "seizure": "none", "motorWeakness": "none", "cerebralEdema": "none", "posturing": false, "cranialNerveVIPalsy": false, "papilledema": false, "cushingsTriad": false}, "labs": {"alt": {"value": 120, "unit": "U/L", "uln": 40}}, "treatments": {"tocilizumab": false, "corticosteroids": false, "antipyretics": false, "anakinra": false}"#
    let directory: URL
    let context: BedsideContext
    let app: BedsideApp

    init(author: Author = Author(id: "dr-lee", role: .physician)) throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("aegrade-amend-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let path = directory.appendingPathComponent("aegrade.db").path
        let criteria = try CriteriaSet.bundled()
        // The log has accounts (the fixture's, and `author`'s): the board signs with the password again.
        _ = try AccountsFixture.make(at: path)
        let store = try SQLiteEventStore(path: path, mode: .readWrite(create: true))
        if try AccountDirectory(store: store)[author.id] == nil { try AccountsFixture.addPerson(author.id, role: author.role, to: store) }
        _ = try LogRecorder(store: store, criteria: criteria, signedIn: .unauthenticated(Author(id: "nurse-bo", role: .nurse)))
            .record(try FormFixture.assessment("P-003", Self.seed))
        let signedIn = try Authenticator(store: store).signIn(user: author.id, password: AccountsFixture.password, role: author.role)
        context = try BedsideContext(store: store, criteria: criteria, trial: nil, signedIn: signedIn, colors: false,
                                     now: { ClinicalTime(iso8601: FormFixture.time)! })
        app = BedsideApp(device: SilentDevice(), context: context, root: TriageBoardScreen(context: context))
    }

    deinit { try? FileManager.default.removeItem(at: directory) }

    func press(_ keys: [Key]) { for key in keys { app.handle(key) } }
    func type(_ text: String) { press(text.map { Key.character($0) }) }
    /// Types the signed-in user's password at the signature's prompt and presses Enter.
    func sign(password: String = AccountsFixture.password) { type(password); press([.enter]) }
    var screen: String { app.frame().lines.joined(separator: "\n") }
    var boardLine: String? { app.frame().lines.first { $0.contains("P-003") } }
    func events() throws -> [RecordedEvent] { try context.store.allEvents() }
    func grade(_ criteria: String) -> Int? {
        context.replay.patients["P-003"]?.grades.values.first { $0.criteria == criteria && $0.term == nil }?.grade
    }
}

@Suite("Override and correction from the terminal (issue 6)")
struct AmendTests {
    @Test("o overrides ICANS 1 → 3: Enter alone does not confirm, y does; the log holds the override with reason and author; the board shows it")
    func overrideByKeys() throws {
        let f = try AmendFixture()
        #expect(f.grade(LiveGrades.icans) == 1)
        let gradesSeq = try #require(f.context.replay.patients["P-003"]?.latestGradesSeq)
        f.press([.character("o")])
        let screen = try #require(f.app.stack.last as? OverrideScreen)
        #expect(screen.gradesSeq == gradesSeq)
        #expect(f.screen.contains("c CRS   i ICANS"))
        #expect(f.app.frame().lines.last?.contains("c crs") == true)  // the status bar comes from the step's keymap
        f.type("i3")
        #expect(screen.step == .reason)
        f.type("ok")
        f.press([.enter])
        #expect(screen.step == .reason)
        #expect(f.screen.contains("at least 3 characters"))
        f.type(" clinical aphasia")
        f.press([.enter])
        #expect(screen.step == .confirm)
        #expect(f.screen.contains("Override ICANS 1 → 3 for P-003: ok clinical aphasia? y/N"))
        f.press([.enter])
        #expect(f.app.stack.last === screen)
        #expect(try f.events().filter { $0.kind == .override }.isEmpty)
        #expect(f.screen.contains("only y confirms"))
        f.press([.character("y")])
        f.sign()
        #expect(f.app.stack.count == 1)
        let override = try #require(try f.events().last { $0.kind == .override })
        #expect(override.author == Author(id: "dr-lee", role: .physician))
        #expect(override.payload[.reason] == .string("ok clinical aphasia"))
        #expect(override.payload[.supersedesSeq] == .number(Double(gradesSeq)))
        #expect(override.loggedGrades.first?.grade == 3)
        #expect(f.app.frame().lines.last?.contains("Overridden ICANS 1 → 3 for P-003 (event \(override.seq))") == true)
        #expect(f.grade(LiveGrades.icans) == 3)
        let line = try #require(f.boardLine)
        #expect(line.contains("3 ") && line.contains("overridden"))
    }

    @Test("n and Esc cancel an override and write nothing; the timeline's o opens it too")
    func overrideCancelAndTimeline() throws {
        let f = try AmendFixture(author: Author(id: "pi-kim", role: .principalInvestigator))
        f.press([.enter])  // the timeline
        #expect(f.app.stack.last is PatientTimelineScreen)
        #expect(f.app.frame().lines.last?.contains("o override") == true)
        f.press([.character("o")])
        #expect(f.app.stack.last is OverrideScreen)
        f.type("c2abc")
        f.press([.enter, .character("n")])
        #expect(f.app.stack.last is PatientTimelineScreen)
        f.press([.character("o"), .escape])
        #expect(f.app.stack.last is PatientTimelineScreen)
        #expect(try f.events().filter { $0.kind == .override }.isEmpty)
    }

    @Test("a nurse is refused an override, plainly, and nothing is opened or written")
    func nurseIsRefused() throws {
        let f = try AmendFixture(author: Author(id: "nurse-ana", role: .nurse))
        f.press([.character("o")])
        #expect(f.app.stack.count == 1)
        #expect(f.app.frame().lines.last?.contains("nurse may not override a grade: physician, principalInvestigator only") == true)
        #expect(try f.events().filter { $0.kind == .override }.isEmpty)
    }

    @Test("a nurse's e on another's entry is refused when asked, before the form is filled in")
    func nurseIsRefusedAnothersEntryAtOnce() throws {
        let f = try AmendFixture(author: Author(id: "nurse-ana", role: .nurse))
        f.press([.character("e")])
        #expect(f.app.stack.count == 1)
        #expect(f.app.frame().lines.last?.contains("a nurse corrects only their own entries") == true, "\(f.screen)")
    }

    @Test("e opens the form with every value of the last observation, vitals and neuro too")
    func correctionPrefillsEverything() throws {
        let f = try AmendFixture(author: Author(id: "nurse-bo", role: .nurse))
        f.press([.character("e")])
        let screen = try #require(f.app.stack.last as? CorrectionScreen)
        let draft = screen.state.draft
        #expect(draft.text(.temperature) == "38.5" && draft.bool(.hypotension) == false && draft.text(.spo2) == "97")
        #expect(draft.choice(.consciousness) == "awakensSpontaneously" && draft.choice(.seizure) == "none")
        #expect(draft.ice == .recorded(.total(8)))
        #expect(draft.text(.lab(.alt)) == "120" && draft.text(.labLimit(.alt)) == "40")
        #expect(draft.text(.time) == "2026-11-21T08:00:00+08:00")
        #expect(!screen.hasUnsavedInput)
        #expect(screen.notInForm.isEmpty)
        // The prefill is the assessment as logged, unchanged.
        let logged = try #require(f.context.replay.patients["P-003"]?.latestObservation?.payload[.assessment])
        if case .success(let (json, _)) = screen.state.validated() { #expect(json.sortedKeys == logged.sortedKeys) } else { Issue.record("prefill does not validate") }
        f.press([.escape])
        #expect(f.app.stack.count == 1)
    }

    @Test("a correction asks a reason and y/N (Enter alone does not confirm); it supersedes the observation, its grades follow")
    func correctionByKeys() throws {
        // The nurse who entered the assessment (a nurse corrects only their own entries)
        let f = try AmendFixture(author: Author(id: "nurse-bo", role: .nurse))
        let observation = try #require(f.context.replay.patients["P-003"]?.latestObservation)
        f.press([.character("e")])
        let screen = try #require(f.app.stack.last as? CorrectionScreen)
        #expect(screen.state.focus == .temperature)
        f.type("37.2")  // the first digit replaces the value: CRS 0
        f.press([.function(2)])
        #expect(screen.step == .reason)
        f.type("typo in temperature")
        f.press([.enter])
        #expect(screen.step == .confirm)
        // What changed, the reason, then the y/N, in that order
        #expect(screen.question.hasPrefix("Correct P-003 (event \(observation.seq)): Temperature 38.5 °C → 37.2 °C; reason \"typo in temperature\""),
                "\(screen.question)")
        #expect(f.screen.contains("y/N"))
        f.press([.enter])
        #expect(screen.step == .confirm)
        #expect(try f.events().filter { $0.kind == .correction }.isEmpty)
        f.press([.character("y")])
        f.sign()
        #expect(f.app.stack.count == 1)
        let correction = try #require(try f.events().last { $0.kind == .correction })
        #expect(correction.author.id == "nurse-bo")
        #expect(correction.payload[.supersedesSeq] == .number(Double(observation.seq)))
        #expect(correction.payload[.reason] == .string("typo in temperature"))
        #expect(correction.payload[.assessment]?["vitals"]?["temperature"]?["value"] == .number(37.2))
        let grades = try #require(try f.events().last { $0.kind == .grades })
        #expect(grades.kind == .grades && grades.payload[.observationSeq] == .number(Double(correction.seq)))
        #expect(f.context.replay.patients["P-003"]?.latestObservation?.seq == correction.seq)
        #expect(f.grade(LiveGrades.crs) == 0)
        #expect(f.app.frame().lines.last?.contains("Corrected P-003: event \(correction.seq) supersedes event \(observation.seq)") == true)
    }

    @Test("a correction's reason under 3 characters is refused and kept; n goes back to the form with nothing written")
    func correctionShortReasonAndCancel() throws {
        let f = try AmendFixture(author: Author(id: "nurse-bo", role: .nurse))
        f.press([.character("e")])
        let screen = try #require(f.app.stack.last as? CorrectionScreen)
        f.type("37.2")
        f.press([.function(2)])
        f.type("no")
        f.press([.enter])
        #expect(screen.step == .reason && screen.reason == "no")
        #expect(f.screen.contains("at least 3 characters"))
        f.type("t really")
        f.press([.enter, .character("n")])
        #expect(screen.step == .form)
        #expect(f.app.stack.last === screen)
        #expect(try f.events().filter { $0.kind == .correction }.isEmpty)
    }
}

private extension JSONValue {
    /// The same value with every object's keys in order (the log stores them canonically sorted).
    var sortedKeys: JSONValue {
        switch self {
        case .object(let members): .object(members.map { ($0.0, $0.1.sortedKeys) }.sorted { $0.0 < $1.0 })
        case .array(let items): .array(items.map(\.sortedKeys))
        default: self
        }
    }
}
