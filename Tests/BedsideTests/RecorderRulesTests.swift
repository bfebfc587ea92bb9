import Clinical
@testable import EventLog
import Foundation
import Grading
import Safety
import Terminal
import Testing
@testable import Bedside

/// The rules every write is held to live in `LogRecorder` alone: the role table, the reason, what
/// may be corrected or overridden, the clinical time; the board's screens and `aegrade` ask it.
/// (The command line's side: `RecorderExitTests` in EventLogTests, which runs the binary.)
@Suite("One recorder for every write")
struct RecorderRulesTests {
    /// Each write a role may not make, as (role, permission).
    static let forbidden: [(Role, Permission)] = Role.allCases.flatMap { role in
        Permission.allCases.filter { !role.may($0) }.map { (role, $0) }
    }

    @Test("the recorder refuses every write the role table forbids, before anything is written", arguments: forbidden)
    func roleTableIsEnforcedOnEveryWrite(role: Role, permission: Permission) throws {
        // Given the board signed in as `role`, on a log with one assessment of P-003
        let f = try AmendFixture(author: Author(id: "someone", role: role))
        let before = try f.events().count
        let observation = try #require(f.context.replay.patients["P-003"]?.latestObservation?.seq)
        let grades = try #require(f.context.replay.patients["P-003"]?.latestGradesSeq)
        let recorder = try f.context.recorder()
        // When the write is asked of the recorder directly
        let json = try FormFixture.assessment("P-003", AmendFixture.seed)
        #expect(throws: RecordError.refused(.notPermitted(role: role, permission: permission))) {
            switch permission {
            case .enterAssessment: _ = try recorder.record(json)
            case .correctAssessment: _ = try recorder.correct(seq: observation, with: json, reason: "re-measured")
            case .overrideGrade: _ = try recorder.override(seq: grades, criteria: "astct-2019-crs", term: nil, grade: 2, reason: "on review")
            case .recordEvent:
                _ = try recorder.event(kind: .note, patient: "P-003", time: FormFixture.time, data: .object([]), reason: "a note")
            case .administerUsers: _ = try recorder.addUser(id: "new.user", name: "New User", roles: [.nurse], kind: .person)
            }
        }
        // Then nothing was written
        #expect(try f.events().count == before)
    }

    @Test("a nurse's override: the board says what the recorder says, and the recorder refuses it")
    func nurseOverrideSameRefusalOnTheBoard() throws {
        let f = try AmendFixture(author: Author(id: "nurse-ana", role: .nurse))
        let refusal = RecordError.refused(.notPermitted(role: .nurse, permission: .overrideGrade))
        #expect(refusal.description == "nurse may not override a grade: physician, principalInvestigator only")
        // When the override screen is asked for
        _ = OverrideScreen.open(patient: "P-003", context: f.context)
        // Then its refusal is the recorder's, word for word
        #expect(f.context.message?.text == refusal.description)
        #expect(f.context.message?.isError == true)
        #expect(try f.events().filter { $0.kind == .override }.isEmpty)
    }

    @Test("a reason under 3 characters: the override screen's notice is the recorder's refusal, and the recorder refuses it too")
    func shortReasonSameRefusal() throws {
        let f = try AmendFixture()
        let grades = try #require(f.context.replay.patients["P-003"]?.latestGradesSeq)
        // When the physician types a two-letter reason on the board
        f.press([.character("o")])
        let screen = try #require(f.app.stack.last as? OverrideScreen)
        f.type("i3ok")
        f.press([.enter])
        // Then the screen stays on the reason with the recorder's words
        #expect(screen.step == .reason)
        #expect(screen.notice == RecordRefusal.reasonTooShort(minimum: LogRecorder.minimumReasonLength).sentence)
        #expect(screen.notice == "A reason is required (at least 3 characters): the log keeps why every change was made")
        // And the recorder itself refuses the same reason, writing nothing
        #expect(throws: RecordError.refused(.reasonTooShort(minimum: 3))) {
            _ = try f.context.recorder().override(seq: grades, criteria: "astct-2019-crs", term: nil, grade: 2, reason: " ok ")
        }
        #expect(try f.events().filter { $0.kind == .override }.isEmpty)
    }

    @Test("a correction of a grades event is refused as not an observation")
    func correctionOfAGradesEvent() throws {
        let f = try AmendFixture()
        let grades = try #require(f.context.replay.patients["P-003"]?.latestGradesSeq)
        let json = try FormFixture.assessment("P-003", AmendFixture.seed)
        #expect(throws: RecordError.refused(.notAnObservation(seq: grades, kind: .grades))) {
            _ = try f.context.recorder().correct(seq: grades, with: json, reason: "re-measured")
        }
    }

    @Test("an event timed an hour ahead of the clock is refused on its time, not as a storage failure")
    func clinicalTimeAheadIsARefusal() throws {
        let f = try AmendFixture()
        let ahead = try #require(ClinicalTime(iso8601: FormFixture.time))
        let text = ClockText.iso(ClinicalTime(secondsSinceEpoch: ahead.secondsSinceEpoch + 3600, offsetSeconds: ahead.offsetSeconds))
        do {
            _ = try f.context.recorder().event(kind: .note, patient: "P-003", time: text, data: .object([]), reason: "a note")
            Issue.record("an event an hour ahead was written")
        } catch {
            guard case .refused(.clinicalTimeRefused(let message)) = error else {
                Issue.record("expected a refusal of the clinical time, got \(error)")
                return
            }
            #expect(message.contains("time"), "\(message)")
            #expect(error.exitStatus == 1)
        }
    }

    @Test("a refusal and a storage failure are different errors with different exit statuses")
    func refusalAndStorageFailureDiffer() {
        let refusal = RecordError.refused(.reasonTooShort(minimum: 3))
        let storage = RecordError.storage(.diskFull(path: "/tmp/log.db"))
        #expect(refusal.exitStatus == 1)
        #expect(storage.exitStatus == 3)
        #expect(RecordError.storage(.locked(path: "/tmp/log.db")).exitStatus == 3)
        #expect(RecordError.storage(.readOnly(path: "/tmp/log.db")).exitStatus == 3)
        #expect(storage.description == EventLogError.diskFull(path: "/tmp/log.db").description)
    }
}

/// The rule-status follow-up runs in the recorder: after a write from the board (its context, as
/// every screen calls it after a save) and from the command line (as `aegrade record --protocol`
/// calls it), a changed status is appended once, by the writer.
@Suite("Rule-status follow-up through the recorder")
struct RecorderRuleStatusTests {
    enum FrontEnd: String, CaseIterable, CustomTestStringConvertible {
        case board, commandLine
        var testDescription: String { rawValue }
    }

    static let physician = Author(id: "dr.li", role: .physician)

    /// A new log with the demo protocol: P-001 enrolled and infused, then dead of CRS (which
    /// trips the protocol's grade-5 rule), written through the recorder.
    static func trippedLog(_ directory: String) throws -> (SQLiteEventStore, TrialProtocol) {
        let store = try SQLiteEventStore(path: directory + "/aegrade.db", mode: .readWrite(create: true))
        let trial = try TrialProtocol.load(bytes: Array(DemoProtocol.text.utf8), name: "protocol.yaml", criteria: DemoFixture.criteria)
        let recorder = LogRecorder(store: store, criteria: DemoFixture.criteria, signedIn: .unauthenticated(physician))
        _ = try recorder.event(kind: .enrollment, patient: "P-001", time: "2026-11-19T08:00:00+08:00",
                               data: EventPayload.enrollment(cohort: "DL1"), reason: "eligible; consented")
        _ = try recorder.event(kind: .infusion, patient: "P-001", time: "2026-11-20T08:00:00+08:00",
                               data: EventPayload.infusion(product: "LOT-1", dose: "1e6/kg", cohort: "DL1"), reason: "per protocol")
        let death = try JSONParser.parse(#"{"patient":{"id":"P-001","ageYears":40},"time":"2026-11-25T10:00:00+08:00","outcome":{"death":"crs"}}"#)
        guard case .recorded = try recorder.record(death) else { throw DemoError.stepRejected("the death was rejected") }
        return (store, trial)
    }

    @Test("a write that trips a rule is followed by one ruleStatus event by aegrade", arguments: FrontEnd.allCases)
    func trippedRuleIsLoggedOnce(frontEnd: FrontEnd) throws {
        let directory = DemoFixture.temporaryDirectory("follow-up")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        // Given a write that trips the grade-5 rule, no ruleStatus logged yet
        let (store, trial) = try Self.trippedLog(directory)
        #expect(try store.allEvents().filter { $0.kind == .ruleStatus }.isEmpty)
        // When the front end runs its follow-up, twice
        switch frontEnd {
        case .board:
            let context = try BedsideContext(store: store, criteria: DemoFixture.criteria, trial: trial, signedIn: .unauthenticated(Self.physician), colors: false)
            #expect(context.settleAfterSave().text.contains("stopping-rule status changed"))
            #expect(context.settleAfterSave() == .none)
            #expect(context.status?.tripped.contains("grade5-any") == true)
        case .commandLine:
            let recorder = LogRecorder(store: store, criteria: DemoFixture.criteria, signedIn: .unauthenticated(Self.physician))
            // Each run at the clock as it then reads, as each `aegrade record` process does.
            func now() -> ClinicalTime { ClinicalTime(secondsSinceEpoch: Date().timeIntervalSince1970) }
            let change = try #require(try recorder.appendRuleStatusIfChanged(trial, asOf: now()))
            #expect(change.status.tripped.contains("grade5-any"))
            #expect(try recorder.appendRuleStatusIfChanged(trial, asOf: now()) == nil)
        }
        // Then one ruleStatus event, by aegrade itself (what it concludes), naming the tripped rule
        let logged = try store.allEvents().filter { $0.kind == .ruleStatus }
        #expect(logged.count == 1)
        #expect(logged.first?.author == .system)
        #expect(logged.first?.loggedRuleStatus?.tripped.contains("grade5-any") == true)
    }

    @Test("the board's follow-up after a save takes the status its reload evaluated: the same as the log evaluated afresh")
    func boardFollowUpReusesTheReloadedStatus() throws {
        let directory = DemoFixture.temporaryDirectory("follow-up-reuse")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        // Given the board open on a log with P-001 enrolled and infused, at a clock that stands still
        let (store, trial) = try Self.trippedLog(directory)
        let clock = ClinicalTime(secondsSinceEpoch: Date().timeIntervalSince1970)
        let context = try BedsideContext(store: store, criteria: DemoFixture.criteria, trial: trial, signedIn: .unauthenticated(Self.physician),
                                         colors: false, now: { clock })
        // When a second death is saved through the board's recorder and the board settles
        let death = try JSONParser.parse(#"{"patient":{"id":"P-002","ageYears":50},"time":"2026-11-26T10:00:00+08:00","outcome":{"death":"crs"}}"#)
        guard case .recorded = try context.recorder().record(death) else { throw DemoError.stepRejected("the death was rejected") }
        #expect(context.settleAfterSave().isError == false)
        // Then the board's status is the protocol evaluated on every stored event at that clock,
        let events = try store.allEvents()
        #expect(context.status == TrialStatus.evaluate(trial, events: events, asOf: clock))
        // and the follow-up logged the tripped rule once, as the status it evaluated says
        let logged = events.filter { $0.kind == .ruleStatus }
        #expect(logged.count == 1)
        #expect(logged.first?.loggedRuleStatus?.tripped == context.status?.tripped)
        // And a follow-up handed a status is decided on that status: the tripped one, on a log
        // with nothing logged, is a change to log (evaluated afresh, an empty log trips nothing)
        #expect(LogRecorder.followUpDraft(trial, events: [], asOf: clock, status: context.status)?.status.tripped == context.status?.tripped)
    }
}
