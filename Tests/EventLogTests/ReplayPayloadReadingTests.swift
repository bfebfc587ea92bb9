import Clinical
@testable import EventLog
import Foundation
import Grading
import Testing
import TestSupport

/// How a replay reads stored payloads: the product's own through ``PayloadFastScan``, any other
/// (written otherwise, or damaged) through the skimmer, which decides. The answer and the errors
/// are the skimmer's either way.
@Suite("Replay: reading payloads") struct ReplayPayloadReadingTests {
    /// A log of two patients, each with two observations: P-1's at seq 2 and 6 (their grades at 3
    /// and 7), P-2's at 4 and 8.
    private func log() throws -> (Scratch, SQLiteEventStore) {
        let scratch = try Scratch()
        let store = try SQLiteEventStore(path: scratch.path("log.db"), mode: .readWrite(create: true))
        let nurse = LogRecorder(store: store, criteria: try Fixtures.bundled(), signedIn: .unauthenticated(Author(id: "li.m", role: .nurse)))
        for (patient, time) in [("P-1", "08:00"), ("P-2", "08:00"), ("P-1", "09:00"), ("P-2", "09:00")] {
            _ = try nurse.record(try Bedside.crsJSON(patient: patient, time: "2026-11-22T\(time):00+08:00", hypotension: patient == "P-1"))
        }
        return (scratch, store)
    }

    private func edit(_ scratch: Scratch, _ sql: String) throws {
        let edit = try LogFile.sqlite(scratch.path("log.db"), "DROP TRIGGER eventNoUpdate; " + sql)
        try #require(edit.status == 0, "\(edit.transcript)")
    }

    /// The fold of every event decoded whole (the reference the in-place replay must equal).
    private func decodedFold(_ store: SQLiteEventStore) throws -> String {
        var decoded = Replay(lookup: try store.replayLookup())
        for event in try store.allEvents() { _ = decoded.fold(event) }
        return decoded.json.compactText
    }

    @Test func theProductsPayloadsAreReadByTheFastScan() throws {
        let (scratch, store) = try log()
        defer { scratch.remove() }
        // Every grades and observation payload the recorder wrote, as stored, is vouched for: a
        // replay of the product's own log never falls back to the skimmer.
        var read = 0
        try store.forEachRawRow(range: SeqRange(lower: nil, upper: nil)) { row in
            guard let kind = row.string(2), kind == "grades" || kind == "observation", let payload = row.bytes(11) else { return true }
            var seq: Double?, results: [PayloadFastScan.Result] = []
            let vouched = kind == "grades" ? PayloadFastScan.grades(payload, observationSeq: &seq, results: &results) : PayloadFastScan.vouches(for: payload)
            #expect(vouched, "event \(row.int64(0)) (\(kind))")
            if kind == "grades" { #expect(!results.isEmpty && seq != nil, "event \(row.int64(0))") }
            read += 1
            return true
        }
        #expect(read == 8)
        #expect(try store.replay().json.compactText == (try decodedFold(store)))
    }

    @Test func payloadsWrittenOtherwiseAreReadByTheSkimmerWithTheSameAnswer() throws {
        // Given grades payloads whose keys are written with escapes (declined by the fast scan),
        // beside ones written by the product, and ranges of one event
        let (scratch, _) = try log()
        defer { scratch.remove() }
        try edit(scratch, #"UPDATE event SET payload = replace(payload, '"criteria":', '"crit\u0065ria":') WHERE kind = 'grades' AND patient = 'P-1';"#)
        let reopened = try SQLiteEventStore(path: scratch.path("log.db"), mode: .readOnly)
        // Then the replay gives what the fold of the decoded events gives, whatever the ranges
        let reference = try decodedFold(reopened)
        #expect(reference.contains("astct-2019-crs"))
        for size in [1, 3, 1 << 40] as [Int64] {
            #expect(try reopened.replay(rangeSize: size).json.compactText == reference, "ranges of \(size)")
        }
    }

    @Test(arguments: [(2, 7), (3, 6), (7, 2)] as [(Int64, Int64)])
    func theFirstDamagedEventIsNamedWithTheSkimmersReason(first: Int64, second: Int64) throws {
        // Given two damaged payloads (grades, observations) in different ranges of the read
        let (scratch, _) = try log()
        defer { scratch.remove() }
        try edit(scratch, "UPDATE event SET payload = substr(payload, 1, 40) || ']' WHERE seq IN (\(first), \(second));")
        let reopened = try SQLiteEventStore(path: scratch.path("log.db"), mode: .readOnly)
        let low = min(first, second)
        let damaged = try #require(try reopened.forEachDamagedPayload(seq: low))
        for size in [1, 2, 1 << 40] as [Int64] {
            // When it is replayed
            // Then the replay names the first of them, with the skimmer's reason
            let error = #expect(throws: EventLogError.self) { try reopened.replay(rangeSize: size) }
            guard case .corrupt(_, let detail)? = error else {
                Issue.record("expected a corrupt log, got \(String(describing: error))")
                continue
            }
            #expect(detail == "event \(low): payload is not JSON (\(damaged))", "ranges of \(size)")
        }
    }
}

extension SQLiteEventStore {
    /// The skimmer's error for the stored payload of event `seq`, as the replay's reading would
    /// raise it (nil when the skimmer accepts it).
    fileprivate func forEachDamagedPayload(seq: Int64) throws -> String? {
        var message: String?
        try forEachRawRow(range: SeqRange(lower: seq, upper: seq + 1)) { row in
            let payload = row.bytes(11)!
            do {
                if row.string(2) == "grades" { _ = try GradesDigest(skimming: payload) } else { try JSONSkimmer.validate(payload) }
            } catch {
                message = "\(error)"
            }
            return false
        }
        return message
    }
}
