import Clinical
@testable import EventLog
import Foundation
import Grading
import Testing
import TestSupport

/// A patient's history: an observation, its correction, an override, a late entry.
///
/// seq 2–3 observation at 08:00 (fever, hypotension, one vasopressor: ASTCT grade 3) and its grades;
/// seq 4–6 correction of seq 2 (fever only: grade 1), its grades and its signature; seq 7 override
/// of the grades of seq 5 to grade 2, seq 8 its signature; seq 9–10 a late entry for 07:00 (grade 3),
/// recorded last.
private struct History {
    let store: SQLiteEventStore
    let scratch: Scratch
    var events: [RecordedEvent] { (try? store.allEvents()) ?? [] }

    static let crs = "astct-2019-crs"

    /// A fresh log in a temporary directory with the history above; 20 ms between entries so
    /// that each has its own record time.
    static func make() throws -> History {
        let scratch = try Scratch()
        let store = try SQLiteEventStore(path: scratch.path("log.db"), mode: .readWrite(create: true))
        let nurse = LogRecorder(store: store, criteria: try Fixtures.bundled(), signedIn: .unauthenticated(Author(id: "li.m", role: .nurse)))
        let doctor = LogRecorder(store: store, criteria: try Fixtures.bundled(), signedIn: .unauthenticated(Author(id: "dr.wang", role: .physician)))
        let pause = { _ = usleep(20_000) }
        guard case .recorded(_, _, [2, 3]) = try nurse.record(try Bedside.crsJSON(patient: "P-1", hypotension: true, norepinephrine: true)) else {
            throw TestFailure("the observation was not recorded at seq 2–3")
        }
        pause()
        let corrected = try nurse.correct(seq: 2, with: try Bedside.crsJSON(patient: "P-1"), reason: "blood pressure taken on the wrong patient").get()
        guard corrected.map(\.seq) == [4, 5, 6] else { throw TestFailure("correction at \(corrected.map(\.seq))") }
        pause()
        let override = try doctor.override(seq: 5, criteria: crs, term: nil, grade: 2, reason: "rigors and hypoxia on the ward round")
        guard override.seq == 7 else { throw TestFailure("override at \(override.seq)") }
        pause()
        let late = try nurse.record(try Bedside.crsJSON(patient: "P-1", time: "2026-11-22T07:00:00+08:00", celsius: 38.9,
                                                        hypotension: true, norepinephrine: true))
        guard case .recorded(_, _, [9, 10]) = late else { throw TestFailure("late entry: \(late)") }
        return History(store: store, scratch: scratch)
    }
}

/// Replay: the state of each patient as it was known at a point of the log (README, "The log").
@Suite("Replay") struct ReplayTests {
    private func patient(_ history: History, _ limit: Replay.Limit) throws -> Replay.Patient {
        let replay = try history.store.replay(until: limit)
        return try #require(replay.patients["P-1"])
    }

    @Test func beforeTheCorrectionTheOriginalAssessmentAndGradesShow() throws {
        // Given the history
        let history = try History.make()
        defer { history.scratch.remove() }
        // When it is replayed up to seq 3 (before the correction)
        let p = try patient(history, .seq(3))
        // Then the original observation and its grade 3 are current, and the worst so far
        #expect(p.latestObservation?.seq == 2)
        #expect(p.latestObservation?.payload[path: ["assessment", "vitals", "hypotension"]] == .bool(true))
        #expect(p.grades[History.crs]?.grade == 3)
        #expect(p.grades[History.crs]?.overridden == false)
        #expect(p.worst[History.crs] == 3)
        #expect(p.corrections.isEmpty)
    }

    @Test func afterTheCorrectionTheCorrectedOnesShowAndTheSupersededGradesLeaveTheWorst() throws {
        // Given the history
        let history = try History.make()
        defer { history.scratch.remove() }
        // When it is replayed up to seq 5 (the correction and its grades)
        let p = try patient(history, .seq(5))
        // Then the correction is the current observation with its grade 1, and the superseded
        // grade 3 no longer counts as the worst so far
        #expect(p.latestObservation?.seq == 4)
        #expect(p.latestObservation?.kind == .correction)
        #expect(p.latestObservation?.payload[path: ["assessment", "vitals", "hypotension"]] == .bool(false))
        #expect(p.grades[History.crs]?.grade == 1)
        #expect(p.grades[History.crs]?.seq == 5)
        #expect(p.worst[History.crs] == 1)
        #expect(p.corrections.map(\.seq) == [4])
        #expect(p.corrections.first?.payloadString(.reason) == "blood pressure taken on the wrong patient")
    }

    @Test func anOverrideShowsAsOverriddenAndCountsInTheWorstGrade() throws {
        // Given the history
        let history = try History.make()
        defer { history.scratch.remove() }
        // When it is replayed up to seq 7 (the override)
        let p = try patient(history, .seq(7))
        // Then the clinician's grade 2 replaces the computed 1, marked overridden, and is the worst so far
        #expect(p.grades[History.crs]?.grade == 2)
        #expect(p.grades[History.crs]?.overridden == true)
        #expect(p.grades[History.crs]?.seq == 7)
        #expect(p.worst[History.crs] == 2)
        #expect(p.overrides.map(\.seq) == [7])
        // And the computed grade stays in the log
        #expect(try history.store.event(seq: 5)?.loggedGrades.first { $0.criteria == History.crs }?.grade == 1)
    }

    @Test func aLateEntryAddsToTheHistoryButDoesNotBecomeCurrent() throws {
        // Given the history
        let history = try History.make()
        defer { history.scratch.remove() }
        // When it is replayed to the end (the late entry for 07:00 recorded last)
        let p = try patient(history, .end)
        // Then the 08:00 correction stays current with its overridden grade, while the late
        // entry's grade 3 counts in the worst so far
        #expect(p.latestObservation?.seq == 4)
        #expect(p.grades[History.crs]?.grade == 2)
        #expect(p.grades[History.crs]?.overridden == true)
        #expect(p.worst[History.crs] == 3)
        #expect(p.lastSeq == 10)
    }

    @Test func asOfATimeFoldsTheLongestPrefixRecordedByThen() throws {
        // Given the history, each entry with its own record time
        let history = try History.make()
        defer { history.scratch.remove() }
        let events = history.events
        let time = { (seq: Int) in ClinicalTime(iso8601: events[seq - 1].recordTime)! }
        try #require(time(3) < time(4) && time(6) < time(7))
        // When it is replayed as of the record time of seq 3, of seq 6 (the correction's
        // transaction ends there), and before the genesis event
        let asOf3 = try history.store.replay(until: .recordTime(time(3)))
        let asOf5 = try history.store.replay(until: .recordTime(time(6)))
        let before = try history.store.replay(until: .recordTime(ClinicalTime(secondsSinceEpoch: time(1).secondsSinceEpoch - 1)))
        // Then each stops where the sequence does at that time
        #expect(asOf3.lastSeq == 3)
        #expect(asOf3.patients["P-1"]?.latestObservation?.seq == 2)
        #expect(asOf3.patients["P-1"]?.worst[History.crs] == 3)
        #expect(asOf5.lastSeq == 6)
        #expect(asOf5.patients["P-1"]?.grades[History.crs]?.grade == 1)
        #expect(before.lastSeq == 0)
        #expect(before.patients.isEmpty)
        // And the same prefix by seq gives the same JSON
        #expect(asOf5.json == (try history.store.replay(until: .seq(6))).json)
    }

    @Test func theInPlaceReplayEqualsAFoldOfTheDecodedEvents() throws {
        // Given the history (an observation, its correction, an override, a late entry)
        let history = try History.make()
        defer { history.scratch.remove() }
        let events = history.events
        // When the log is replayed reading rows in place (grades skimmed, observations read
        // again only if current at the end), in ranges of 1, 2, 3 events and in one, and beside
        // it every event is decoded whole and folded, up to every seq and as of every record time
        let limits = events.map { Replay.Limit.seq($0.seq) } + events.compactMap { $0.recordInstant.map(Replay.Limit.recordTime) }
        for limit in limits {
            var decoded = Replay(lookup: try history.store.replayLookup())
            for event in events { guard decoded.fold(event, limit: limit) else { break } }
            for size in [1, 2, 3, 1 << 40] as [Int64] {
                let inPlace = try history.store.replay(until: limit, rangeSize: size)
                // Then both know the same: the JSON answer, the trend's previous grades, the last seq
                #expect(inPlace.json.compactText == decoded.json.compactText, "\(limit), ranges of \(size)")
                #expect(inPlace.lastSeq == decoded.lastSeq)
                for (id, patient) in decoded.patients {
                    #expect(inPlace.patients[id]?.previousGrades == patient.previousGrades, "\(limit), \(id)")
                    #expect(inPlace.patients[id]?.latestObservationTime == patient.latestObservationTime, "\(limit), \(id)")
                }
            }
        }
    }

    @Test func aDamagedPayloadStopsTheReplayAsACorruptLog() throws {
        // Given the history with the payload of the grades at seq 3 cut short (triggers dropped)
        let history = try History.make()
        defer { history.scratch.remove() }
        let path = history.scratch.path("log.db")
        let edit = try LogFile.sqlite(path, "DROP TRIGGER eventNoUpdate; UPDATE event SET payload = substr(payload, 1, 40) WHERE seq = 3;")
        try #require(edit.status == 0, "\(edit.transcript)")
        // When it is replayed
        // Then the replay refuses, naming the event, instead of folding half a payload
        let error = #expect(throws: EventLogError.self) { try SQLiteEventStore(path: path, mode: .readOnly).replay() }
        #expect(error.map { "\($0)" }?.contains("event 3") == true, "\(String(describing: error))")
    }

    /// A fresh log, a nurse and a physician writing to it.
    private func freshLog() throws -> (Scratch, SQLiteEventStore, nurse: LogRecorder, doctor: LogRecorder) {
        let scratch = try Scratch()
        let store = try SQLiteEventStore(path: scratch.path("log.db"), mode: .readWrite(create: true))
        return (scratch, store, LogRecorder(store: store, criteria: try Fixtures.bundled(), signedIn: .unauthenticated(Author(id: "li.m", role: .nurse))),
                LogRecorder(store: store, criteria: try Fixtures.bundled(), signedIn: .unauthenticated(Author(id: "dr.wang", role: .physician))))
    }

    @Test func correctingTheSameEntryTwiceTakesItsGradesBackOnce() throws {
        // Given A at 08:00 (grade 3) and B at 09:00 (grade 3), then A corrected twice to fever only
        // (grade 1), each correction of A itself (seq 2), not of the first correction
        let (scratch, store, nurse, _) = try freshLog()
        defer { scratch.remove() }
        _ = try nurse.record(try Bedside.crsJSON(patient: "P-1", hypotension: true, norepinephrine: true))
        _ = try nurse.record(try Bedside.crsJSON(patient: "P-1", time: "2026-11-22T09:00:00+08:00", hypotension: true, norepinephrine: true))
        _ = try nurse.correct(seq: 2, with: try Bedside.crsJSON(patient: "P-1"), reason: "blood pressure of another patient").get()
        _ = try nurse.correct(seq: 2, with: try Bedside.crsJSON(patient: "P-1"), reason: "blood pressure of another patient").get()
        // When it is replayed
        let p = try #require(try store.replay().patients["P-1"])
        // Then B's grade 3 still stands as the worst: A's grade 3 left the count once, not twice
        #expect(p.worst[History.crs] == 3)
        #expect(p.corrections.count == 2)
    }

    @Test func anOverrideOfASupersededEntrysGradesDoesNotCountInTheWorstGrade() throws {
        // Given A (grade 1) corrected to another fever reading (grade 1), then a physician's
        // override of A's own grades (seq 3) to grade 4
        let (scratch, store, nurse, doctor) = try freshLog()
        defer { scratch.remove() }
        _ = try nurse.record(try Bedside.crsJSON(patient: "P-1"))
        _ = try nurse.correct(seq: 2, with: try Bedside.crsJSON(patient: "P-1", celsius: 38.2), reason: "re-measured").get()
        _ = try doctor.override(seq: 3, criteria: History.crs, term: nil, grade: 4, reason: "on the superseded entry")
        // When it is replayed
        let p = try #require(try store.replay().patients["P-1"])
        // Then the worst grade is the correction's 1: the superseded entry's grades no longer count
        #expect(p.worst[History.crs] == 1)
        #expect(p.overrides.count == 1)
        #expect(p.grades[History.crs]?.grade == 1)
    }

    @Test func theGradesOfAnOlderEntryAreFoundWhereverTheyStandInTheLog() throws {
        // Given an entry at 08:00 (grade 3) whose grades event does not follow it directly (a note
        // between them, as a log written by another tool might have), a later entry at 09:00
        // (grade 1) written by the recorder, and a correction of the first entry (grade 1)
        let (scratch, store, nurse, _) = try freshLog()
        defer { scratch.remove() }
        let author = Author(id: "li.m", role: .nurse)
        let json = try Bedside.crsJSON(patient: "P-1", hypotension: true, norepinephrine: true)
        let time = "2026-11-22T08:00:00+08:00"
        let first = try store.append([EventDraft(kind: .observation, patient: "P-1", clinicalTime: time,
                                                 payload: EventPayload.observation(json))], author: author)[0]
        _ = try store.append([EventDraft(kind: .note, patient: "P-1", clinicalTime: time, payload: .object([("reason", .string("bed moved"))]))],
                             author: author)
        let results = try Fixtures.bundled().evaluate(try Assessment(json: json)).map(\.json)
        let firstGrades = try store.append([EventDraft(kind: .grades, patient: "P-1", clinicalTime: time,
                                                       payload: EventPayload.grades(observation: first.id, observationSeq: first.seq,
                                                                                    results: results))], author: author)[0]
        guard case .recorded(_, _, let later) = try nurse.record(try Bedside.crsJSON(patient: "P-1", time: "2026-11-22T09:00:00+08:00"))
        else { throw TestFailure("the later entry was not recorded") }
        _ = try nurse.correct(seq: first.seq, with: try Bedside.crsJSON(patient: "P-1"), reason: "blood pressure of another patient").get()
        // When the log is asked for the grades of each entry
        let lookup = try store.replayLookup()
        // Then it finds them after a note as right after the entry
        #expect(lookup.gradesOfObservation(first.seq)?.seq == firstGrades.seq)
        #expect(lookup.gradesOfObservation(later[0])?.seq == later[1])
        #expect(lookup.gradesOfObservation(firstGrades.seq) == nil)
        // And the replay takes the first entry's grade 3 out of the worst grade
        #expect(try store.replay().patients["P-1"]?.worst[History.crs] == 1)
    }

    @Test func replayingTwiceGivesTheSameAnswer() throws {
        // Given the history
        let history = try History.make()
        defer { history.scratch.remove() }
        // When it is replayed twice at every seq
        for seq in Int64(1)...8 {
            let first = try history.store.replay(until: .seq(seq)).json.compactText
            let second = try history.store.replay(until: .seq(seq)).json.compactText
            // Then the answers are identical
            #expect(first == second, "seq \(seq)")
        }
    }
}

extension ThroughTheBinary {
    /// `aegrade log replay --seq / --as-of` on the same history written through the binary.
    @Suite("Replay command") struct ReplayCommandTests {
        private func grade(_ replay: JSONValue, _ key: String) -> JSONValue? {
            replay[path: ["patients", 0, key]]?.elements.first { $0["criteria"] == .string("astct-2019-crs") }
        }

        @Test func replayBeforeAndAfterACorrectionThroughTheBinary() throws {
            // Given an observation, then its correction, written with the binary
            let scratch = try Scratch()
            defer { scratch.remove() }
            let path = scratch.path("log.db")
            let first = try Run.aegrade(["record", "--db", path, "--key", AccountsFixture.keyFile(for: path)],
                                        stdin: Bedside.crs(patient: "P-1", hypotension: true, norepinephrine: true))
            try #require(first.status == 0, "\(first.transcript)")
            usleep(20_000)
            // (seq 12 the observation, 13 its grades, after the accounts and the record's sign-in;
            // the correction 15, its grades 16 and its signature 17, after the physician's sign-in)
            let correct = try Run.aegrade(as: .physician, ["log", "correct", "--db", path, "--event", "12",
                                                           "--reason", "blood pressure taken on the wrong patient"], input: Bedside.crs(patient: "P-1"))
            try #require(correct.status == 0, "\(correct.transcript)")
            #expect(correct.stdout == "{\"seq\":[15,16,17]}\n")
            let rows = try LogFile.rows(path)
            let recordTime = try #require(try SQLiteEventStore(path: path, mode: .readOnly).event(seq: 13)?.recordTime)
            // When replayed with --seq 13, --as-of the record time of seq 13, and to the end
            let bySeq = try Run.aegrade(["log", "replay", "--db", path, "--seq", "13"])
            let byTime = try Run.aegrade(["log", "replay", "--db", path, "--as-of", recordTime])
            let now = try Run.aegrade(["log", "replay", "--db", path])
            // Then before the correction the original shows, after it the corrected
            for output in [bySeq, byTime, now] { try #require(output.status == 0, "\(output.transcript)") }
            let before = try JSONParser.parse(bySeq.stdout), asOf = try JSONParser.parse(byTime.stdout), after = try JSONParser.parse(now.stdout)
            #expect(before == asOf, "--as-of the record time of seq 13 equals --seq 13")
            #expect(before[path: ["asOf", "seq"]] == .number(13))
            #expect(before[path: ["patients", 0, "latestObservation", "seq"]] == .number(12))
            #expect(before[path: ["patients", 0, "latestObservation", "assessment", "vitals", "hypotension"]] == .bool(true))
            #expect(grade(before, "grades")?["grade"] == .number(3))
            #expect(grade(before, "worst")?["grade"] == .number(3))
            #expect(after[path: ["asOf", "seq"]] == .number(Double(rows.count)))
            #expect(after[path: ["patients", 0, "latestObservation", "seq"]] == .number(15))
            #expect(after[path: ["patients", 0, "latestObservation", "kind"]] == .string("correction"))
            #expect(grade(after, "grades")?["grade"] == .number(1))
            #expect(grade(after, "worst")?["grade"] == .number(1))
            #expect(after[path: ["patients", 0, "corrections", 0, "seq"]] == .number(15))
        }
    }
}
