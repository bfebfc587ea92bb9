import Clinical
import Dispatch
@testable import EventLog
import Foundation
import Grading
import Testing
import TestSupport

/// The behaviour every `EventStore` must show (the guarantees its doc comment lists), written once
/// against the protocol and run with each implementation's factory:
/// `try EventStoreConformance(factory: MyFactory()).run(.gapFreeChain)` for every `Check`.
struct EventStoreConformance {
    let factory: any EventStoreFactory

    /// One behaviour, named as the test report shows it.
    enum Check: String, CaseIterable, Sendable, CustomTestStringConvertible {
        case appendedEventsReadBackAsReturned
        case linkedDraftsFollowTheirFirstInOneTransaction
        case seqsRunFromOneWithoutGapsAndEachEventNamesItsPredecessorsHash
        case appendsFromSeveralConnectionsAtOnceKeepOneChain
        case anUntouchedLogVerifiesAndNamesItsHead
        case anEditedPayloadIsNamedAtItsSeq
        case aDeletedEventIsNamedAtItsSeq
        case aBrokenHashIsNamedAtItsSeq
        case replayToASeqIsTheFoldOfTheEventsUpToIt
        case replayToARecordTimeIsTheFoldOfTheEventsRecordedByThen
        case exportWritesEveryEventAsItsCanonicalLine
        case backupCopiesTheCommittedLog
        case aReadOnlyLogRefusesAndStaysAsItWas
        case aFullDiskRefusesAndLeavesTheLogAsItWas
        case aLockedLogRefusesAndStaysAsItWas
        case textThatWouldNotReadBackIsRefusedWhole
        case anAccountEventIsStoredWithItsCredentialInOneTransaction
        case anAccountEventThatDoesNotCommitToItsCredentialIsRefused
        case anAccountWriteTheStorageRefusesLeavesNeitherEventNorCredential
        case exportsHoldNoCredentialAndBackupsKeepThem
        case aDeferredLoginIsWrittenOnceBeforeItsAuthorsFirstEventInTheSameTransaction
        case theAccountEventsADirectoryNeedsFoldToTheWholeFold

        var testDescription: String { rawValue }
    }

    func run(_ check: Check) throws {
        let log = try factory.makeLog()
        defer { log.remove() }
        switch check {
        case .appendedEventsReadBackAsReturned: try appendedEventsReadBackAsReturned(log)
        case .linkedDraftsFollowTheirFirstInOneTransaction: try linkedDraftsFollowTheirFirst(log)
        case .seqsRunFromOneWithoutGapsAndEachEventNamesItsPredecessorsHash: try gapFreeChain(log)
        case .appendsFromSeveralConnectionsAtOnceKeepOneChain: try concurrentAppends(log)
        case .anUntouchedLogVerifiesAndNamesItsHead: try untouchedLogVerifies(log)
        case .anEditedPayloadIsNamedAtItsSeq: try tamperIsNamed(log, .editPayload(seq: 5))
        case .aDeletedEventIsNamedAtItsSeq: try tamperIsNamed(log, .delete(seq: 5))
        case .aBrokenHashIsNamedAtItsSeq: try tamperIsNamed(log, .breakHash(seq: 5))
        case .replayToASeqIsTheFoldOfTheEventsUpToIt: try replayToSeq(log)
        case .replayToARecordTimeIsTheFoldOfTheEventsRecordedByThen: try replayToTime(log)
        case .exportWritesEveryEventAsItsCanonicalLine: try export(log)
        case .backupCopiesTheCommittedLog: try backup(log)
        case .aReadOnlyLogRefusesAndStaysAsItWas: try refusal(log, .readOnly)
        case .aFullDiskRefusesAndLeavesTheLogAsItWas: try refusal(log, .diskFull)
        case .aLockedLogRefusesAndStaysAsItWas: try refusal(log, .locked)
        case .textThatWouldNotReadBackIsRefusedWhole: try unstorableText(log)
        case .anAccountEventIsStoredWithItsCredentialInOneTransaction: try accountWithCredential(log)
        case .anAccountEventThatDoesNotCommitToItsCredentialIsRefused: try uncommittedCredential(log)
        case .anAccountWriteTheStorageRefusesLeavesNeitherEventNorCredential: try refusedAccountWrite(log)
        case .exportsHoldNoCredentialAndBackupsKeepThem: try credentialsStayOutOfExports(log)
        case .aDeferredLoginIsWrittenOnceBeforeItsAuthorsFirstEventInTheSameTransaction: try deferredLogin(log)
        case .theAccountEventsADirectoryNeedsFoldToTheWholeFold: try accountStandingEvents(log)
        }
    }

    // MARK: Fixtures

    static let nurse = Author(id: "li.m", role: .nurse)

    static func note(_ text: String, patient: String? = "P-1") -> EventDraft {
        EventDraft(kind: .note, patient: patient, clinicalTime: "2026-11-22T08:00:00+08:00", payload: .object([("text", .string(text))]))
    }

    /// Eight clinical entries through `LogRecorder` (observations with their grades, a
    /// correction, an override, notes) for three patients: seq 1 the genesis event, 2…13 these.
    static func clinicalHistory(_ store: any EventStore) throws {
        let recorder = LogRecorder(store: store, criteria: try Fixtures.bundled(), signedIn: .unauthenticated(nurse))
        let doctor = LogRecorder(store: store, criteria: try Fixtures.bundled(), signedIn: .unauthenticated(Author(id: "dr.wang", role: .physician)))
        for (index, patient) in ["P-1", "P-2", "P-3"].enumerated() {
            guard case .recorded = try recorder.record(try Bedside.crsJSON(patient: patient, time: "2026-11-22T0\(index + 1):00:00+08:00",
                                                                           hypotension: index > 0, norepinephrine: index > 1)) else {
                throw TestFailure("assessment of \(patient) rejected")
            }
        }
        _ = try store.append([note("ward round"), note("family called", patient: "P-2")], author: nurse)
        _ = try recorder.correct(seq: 4, with: try Bedside.crsJSON(patient: "P-2", time: "2026-11-22T02:00:00+08:00"),
                                 reason: "blood pressure of another patient").get()
        let grades = try #require(try store.allEvents().last { $0.kind == .grades && $0.patient == "P-3" })
        _ = try doctor.override(seq: grades.seq, criteria: "astct-2019-crs", term: nil, grade: 2, reason: "on review")
        _ = try store.append([note("settled", patient: "P-3")], author: nurse)
    }

    /// Everything a reader of the log can see: the events, the verification and the head.
    static func snapshot(_ store: any EventStore) throws -> (events: [RecordedEvent], verification: LogVerification) {
        (try store.allEvents(), try store.verify())
    }

    // MARK: Appending and reading

    private func appendedEventsReadBackAsReturned(_ log: any ConformanceLog) throws {
        // Given a fresh log
        let store = log.store
        // When single events and a batch are appended
        let single = try store.append([Self.note("first")], author: Self.nurse)
        let batch = try store.append([Self.note("a", patient: "P-2"), Self.note("b", patient: nil)], author: Self.nurse)
        let status = try store.append([EventDraft(kind: .ruleStatus, patient: nil, clinicalTime: nil, payload: .object([("rules", .array([]))]))],
                                      author: .system)
        // Then each reads back exactly as it was returned, by seq, by id, in order and as the head
        let written = single + batch + status
        #expect(written.map(\.seq) == [2, 3, 4, 5])
        let all = try store.allEvents()
        #expect(Array(all.dropFirst()) == written)
        #expect(all.first?.kind == .genesis)
        for event in written {
            #expect(try store.event(seq: event.seq) == event)
            #expect(try store.event(id: event.id) == event)
        }
        #expect(try store.event(seq: 99) == nil)
        #expect(try store.event(id: "no such id") == nil)
        #expect(try store.lastEvent() == status.last)
        #expect(try store.lastEvent(of: .note) == batch.last)
        #expect(try store.lastEvent(of: .death) == nil)
        #expect(Set(try store.patientIDs()) == ["P-1", "P-2"])
        // … to another connection as well, and from a seq on
        let reader = try log.openReader()
        #expect(try reader.allEvents() == all)
        var fromThree: [Int64] = []
        try reader.forEachEvent(from: 3) { fromThree.append($0.seq); return $0.seq < 4 }
        #expect(fromThree == [3, 4])
        // and the record time is the store's, in the chain's order
        #expect(written.allSatisfy { ClinicalTime(iso8601: $0.recordTime) != nil })
        #expect(zip(all, all.dropFirst()).allSatisfy { $0.recordTime <= $1.recordTime })
    }

    private func linkedDraftsFollowTheirFirst(_ log: any ConformanceLog) throws {
        // Given a log with one event after the genesis event
        let store = log.store
        _ = try store.append([Self.note("before")], author: Self.nurse)
        // When a linked pair and two pairs in one call are appended
        let pair = try store.appendLinked(Self.note("first"), author: Self.nurse) { first in Self.note("after \(first.seq) \(first.id)") }
        let pairs = try store.appendPairs([
            (Self.note("x"), { Self.note("after \($0.seq) \($0.id)") }),
            (Self.note("y", patient: "P-2"), { Self.note("after \($0.seq) \($0.id)", patient: $0.patient) }),
        ], author: Self.nurse)
        // Then each second event follows its first, made from the first as recorded
        #expect(pair.map(\.seq) == [3, 4])
        #expect(pairs.map(\.seq) == [5, 6, 7, 8])
        for (first, second) in [(pair[0], pair[1]), (pairs[0], pairs[1]), (pairs[2], pairs[3])] {
            #expect(second.seq == first.seq + 1)
            #expect(second.payload["text"] == .string("after \(first.seq) \(first.id)"))
            #expect(second.prevHash == first.hash)
        }
        #expect(pairs[3].patient == "P-2")
        #expect(Array(try store.allEvents().suffix(6)) == pair + pairs)
        // And a first with several drafts made from it (a correction, its grades, its signature)
        // has them right after it, in order, in one transaction
        let group = try store.appendFollowed(Self.note("correction"), author: Self.nurse) { first in
            [Self.note("grades of \(first.seq)"), Self.note("signs \(first.hash)")]
        }
        #expect(group.map(\.seq) == [9, 10, 11])
        #expect(group[1].payload["text"] == .string("grades of 9") && group[2].payload["text"] == .string("signs \(group[0].hash)"))
        #expect(group[1].prevHash == group[0].hash && group[2].prevHash == group[1].hash)
        #expect(Set(group.map(\.recordTime)).count == 1)
        #expect(Array(try store.allEvents().suffix(3)) == group)
    }

    private func gapFreeChain(_ log: any ConformanceLog) throws {
        // Given a log written as the bedside writes it
        try Self.clinicalHistory(log.store)
        // When it is read back
        let all = try log.store.allEvents()
        // Then seqs run from 1 without a gap, the genesis event first naming 64 zeros, and each
        // event names its predecessor's hash and carries the hash of its canonical form
        #expect(all.map(\.seq) == Array(1...Int64(all.count)))
        #expect(all.first?.kind == .genesis)
        #expect(all.first?.prevHash == CanonicalEvent.genesisPrevHash)
        for (previous, event) in zip(all, all.dropFirst()) { #expect(event.prevHash == previous.hash, "seq \(event.seq)") }
        for event in all { #expect(event.hash == CanonicalEvent.hash(event), "seq \(event.seq)") }
    }

    private func concurrentAppends(_ log: any ConformanceLog) throws {
        // Given four writers on one log, each its own connection
        let writers = try (0..<4).map { _ in try log.openWriter() }
        let perWriter = 25
        let results = Results(count: writers.count)
        // When they append at once, single events and pairs
        DispatchQueue.concurrentPerform(iterations: writers.count) { writer in
            results.set(writer, Result { () throws(EventLogError) -> [RecordedEvent] in
                var mine: [RecordedEvent] = []
                for index in 0..<perWriter {
                    if index % 5 == 0 {
                        mine += try writers[writer].appendLinked(Self.note("w\(writer) \(index)"), author: Self.nurse) { Self.note("after \($0.seq)") }
                    } else {
                        mine += try writers[writer].append([Self.note("w\(writer) \(index)", patient: "P-\(writer)")], author: Self.nurse)
                    }
                }
                return mine
            })
        }
        // Then every acknowledged event is in the log as acknowledged, in one gap-free chain
        let acknowledged = try results.values.flatMap { try $0.get() }
        #expect(acknowledged.count == writers.count * (perWriter + perWriter / 5))
        let all = try log.store.allEvents()
        #expect(all.count == acknowledged.count + 1)
        #expect(all.map(\.seq) == Array(1...Int64(all.count)))
        for (previous, event) in zip(all, all.dropFirst()) { #expect(event.prevHash == previous.hash, "seq \(event.seq)") }
        let bySeq = Dictionary(uniqueKeysWithValues: all.map { ($0.seq, $0) })
        for event in acknowledged { #expect(bySeq[event.seq] == event, "seq \(event.seq)") }
        for event in acknowledged where event.payload["text"]?.string?.hasPrefix("after ") == true {
            #expect(event.payload["text"] == .string("after \(event.seq - 1)"), "a pair was split at \(event.seq)")
        }
        #expect(try log.store.verify().isIntact)
    }

    // MARK: Verify

    private func untouchedLogVerifies(_ log: any ConformanceLog) throws {
        try Self.clinicalHistory(log.store)
        let all = try log.store.allEvents()
        let verification = try log.openReader().verify()
        #expect(verification.isIntact, "\(verification.report)")
        #expect(verification.checked == Int64(all.count))
        #expect(verification.head?.seq == all.last?.seq && verification.head?.hash == all.last?.hash)
        // Against its own head as a checkpoint it holds; against another hash it names the seq
        let head = try #require(all.last)
        #expect(try log.store.verify(checkpoint: (head.seq, head.hash), quick: true).isIntact)
        let wrong = try log.store.verify(checkpoint: (head.seq, String(repeating: "f", count: 64)), quick: false)
        #expect(wrong.failure?.seq == head.seq)
    }

    private func tamperIsNamed(_ log: any ConformanceLog, _ tampering: Tampering) throws {
        // Given a log that verifies
        try Self.clinicalHistory(log.store)
        try #require(try log.store.verify().isIntact)
        // When the storage is changed behind the store's back
        guard try log.tamper(tampering) else { return }
        // Then verify names the first bad seq, and what is wrong there
        let verification = try log.openReader().verify()
        #expect(verification.failure?.seq == tampering.seq, "\(tampering): \(verification.report)")
        switch (tampering, verification.failure?.problem) {
        case (.editPayload, .contentChanged?), (.breakHash, .contentChanged?): break
        case (.delete(let seq), .gap(let expected, let found)?): #expect(expected == seq && found == seq + 1)
        default: Issue.record("\(tampering): \(verification.report)")
        }
    }

    // MARK: Replay and copies

    /// The fold of `events` up to `limit`, event by event: what a replay must equal.
    private static func fold(_ events: [RecordedEvent], until limit: Replay.Limit, lookup: Replay.Lookup) -> JSONValue {
        var replay = Replay(lookup: lookup)
        for event in events { guard replay.fold(event, limit: limit) else { break } }
        return replay.json
    }

    private func replayToSeq(_ log: any ConformanceLog) throws {
        // Given a clinical history
        try Self.clinicalHistory(log.store)
        let reader = try log.openReader()
        let all = try reader.allEvents()
        let lookup = try reader.replayLookup()
        // When it is replayed to every seq, and to the end
        for seq in 0...Int64(all.count) + 1 {
            let replay = try reader.replay(until: .seq(seq))
            // Then each is the fold of the events up to that seq
            #expect(replay.lastSeq == min(seq, Int64(all.count)), "seq \(seq)")
            #expect(replay.json == Self.fold(all, until: .seq(seq), lookup: lookup), "seq \(seq)")
        }
        #expect(try reader.replay().json == Self.fold(all, until: .end, lookup: lookup))
        #expect(Set(try reader.replay().patients.map(\.key)) == ["P-1", "P-2", "P-3"])
    }

    private func replayToTime(_ log: any ConformanceLog) throws {
        // Given a clinical history, recorded over some milliseconds
        try Self.clinicalHistory(log.store)
        let reader = try log.openReader()
        let all = try reader.allEvents()
        let lookup = try reader.replayLookup()
        // When it is replayed to each record time the log holds, and to one before the first
        let times = Set(all.compactMap { ClinicalTime(iso8601: $0.recordTime) }).sorted()
        let first = try #require(times.first)
        for time in [ClinicalTime(secondsSinceEpoch: first.secondsSinceEpoch - 60)] + times {
            let replay = try reader.replay(until: .recordTime(time))
            // Then each is the fold of the events recorded by then
            let expected = all.last { ClinicalTime(iso8601: $0.recordTime).map { $0 <= time } ?? false }?.seq ?? 0
            #expect(replay.lastSeq == expected, "\(time)")
            #expect(replay.json == Self.fold(all, until: .recordTime(time), lookup: lookup), "\(time)")
        }
    }

    private func export(_ log: any ConformanceLog) throws {
        // Given a clinical history
        try Self.clinicalHistory(log.store)
        let all = try log.store.allEvents()
        // When it is exported as JSON lines, whole and to a seq, and as CSV
        func exported(_ format: LogExport.Format, _ limit: Replay.Limit) throws -> String {
            var bytes: [UInt8] = []
            try log.store.export(format: format, until: limit) { bytes += $0 }
            return String(decoding: bytes, as: UTF8.self)
        }
        let lines = try exported(.jsonl, .end).split(separator: "\n", omittingEmptySubsequences: false).dropLast()
        // Then each line is the event's canonical text with its hash, in seq order
        #expect(lines.count == all.count)
        for (line, event) in zip(lines, all) {
            let json = try JSONParser.parse(String(line))
            #expect(json["seq"] == .number(Double(event.seq)) && json["hash"] == .string(event.hash), "seq \(event.seq)")
            #expect(json["prevHash"] == .string(event.prevHash) && json["payload"] == event.payload, "seq \(event.seq)")
        }
        #expect(try exported(.jsonl, .seq(5)).split(separator: "\n").count == 5)
        let csv = try exported(.csv, .end).components(separatedBy: "\r\n").filter { !$0.isEmpty }
        #expect(csv.first == LogExport.csvColumns.joined(separator: ","))
        #expect(csv.count == all.count + 1)
    }

    private func backup(_ log: any ConformanceLog) throws {
        // Given a clinical history
        try Self.clinicalHistory(log.store)
        let all = try log.store.allEvents()
        guard log.backsUpToAFile else {
            // A store backed up by its server's tools refuses the copy, naming them, and writes nothing
            let destination = log.backupDestination()
            #expect(throws: EventLogError.self) { try log.store.backup(to: destination) }
            #expect(!FileManager.default.fileExists(atPath: destination))
            return
        }
        // When it is backed up
        let destination = log.backupDestination()
        let last = try log.store.backup(to: destination)
        // Then the copy holds the same events and verifies; a second backup to the same place is refused
        #expect(last == all.last?.seq)
        let copy = try log.openCopy(destination)
        #expect(try copy.allEvents() == all)
        #expect(try copy.verify().isIntact)
        #expect(throws: EventLogError.self) { try log.store.backup(to: destination) }
    }

    // MARK: Failures

    private func refusal(_ log: any ConformanceLog, _ reason: Refusal) throws {
        // Given a clinical history
        try Self.clinicalHistory(log.store)
        let before = try Self.snapshot(log.store)
        // When the storage refuses a write (a large entry, so that a full disk shows)
        guard let (store, release) = try log.refusing(reason) else { return }
        let large = EventDraft(kind: .note, patient: "P-1", clinicalTime: "2026-11-22T09:00:00+08:00",
                               payload: .object([("text", .string(String(repeating: "observed at the bedside; ", count: 8_000)))]))
        do {
            let written = try store.appendLinked(large, author: Self.nurse) { Self.note("after \($0.seq)") }
            Issue.record("\(reason): the append was not refused: \(written.map(\.seq))")
        } catch {
            // Then the store names the cause
            #expect(reason.matches(error), "\(reason): \(error)")
        }
        try release()
        // … and the log is exactly as it was, and takes the next append
        let after = try Self.snapshot(try log.openReader())
        #expect(after.events == before.events, "\(reason)")
        #expect(after.verification == before.verification, "\(reason)")
        let next = try log.store.append([Self.note("later")], author: Self.nurse)
        #expect(next.first?.seq == (before.events.last?.seq ?? 0) + 1)
        #expect(next.first?.prevHash == before.events.last?.hash)
    }

    private func unstorableText(_ log: any ConformanceLog) throws {
        // Given a log
        let before = try Self.snapshot(log.store)
        // When a batch holds an event whose patient carries a NUL
        let batch = [Self.note("fine"), Self.note("odd", patient: "A\u{0}B")]
        do {
            let written = try log.store.append(batch, author: Self.nurse)
            // Then either the text is kept exactly as hashed …
            #expect(try log.store.event(seq: written[1].seq)?.patient == "A\u{0}B")
            #expect(try log.store.verify().isIntact)
        } catch {
            // … or the whole batch is refused and the log is as it was
            let after = try Self.snapshot(log.store)
            #expect(after.events == before.events && after.verification == before.verification)
        }
    }
}

/// Answers of concurrent writers, each set once by its own writer.
private final class Results: @unchecked Sendable {
    private let lock = NSLock()
    private var slots: [Result<[RecordedEvent], EventLogError>?]
    init(count: Int) { slots = Array(repeating: nil, count: count) }
    func set(_ index: Int, _ value: Result<[RecordedEvent], EventLogError>) { lock.lock(); slots[index] = value; lock.unlock() }
    var values: [Result<[RecordedEvent], EventLogError>] {
        lock.lock(); defer { lock.unlock() }
        return slots.map { $0 ?? .failure(.refused("a writer gave no answer")) }
    }
}
