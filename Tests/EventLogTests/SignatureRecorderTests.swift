import Clinical
@testable import EventLog
import Foundation
import Grading
import Testing
import TestSupport

/// Signatures written through the one recorder: `sign` refuses what the role table or the content
/// does not allow, writing nothing; overrides and corrections are signed in their own transaction;
/// the export verifier checks each signature against the line it names (21 CFR 11.70).
@Suite struct SignatureRecorderTests {
    static let nurse = Author(id: "nurse.li", role: .nurse)
    static let physician = Author(id: "dr.wang", role: .physician)

    /// A fresh log with one CRS 3 assessment by the nurse (observation 2, grades 3).
    static func log(_ scratch: Scratch) throws -> (store: SQLiteEventStore, criteria: CriteriaSet) {
        let store = try SQLiteEventStore(path: scratch.path("log.db"), mode: .readWrite(create: true))
        let criteria = try CriteriaSet.bundled()
        let nurse = LogRecorder(store: store, criteria: criteria, signedIn: .unauthenticated(Self.nurse))
        guard case .recorded(_, _, let seqs) = try nurse.record(try Bedside.crsJSON(patient: "P-1", hypotension: true, norepinephrine: true)) else {
            throw EventLogError.refused("the test's assessment was rejected")
        }
        try #require(seqs == [2, 3])
        return (store, criteria)
    }

    static func refusal(_ body: () throws(RecordError) -> RecordedEvent) -> String? {
        do { _ = try body(); return nil } catch { return error.description }
    }

    @Test func signRefusesWhatTheRoleOrTheContentDoesNotAllowAndWritesNothing() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let (store, criteria) = try Self.log(scratch)
        let nurse = LogRecorder(store: store, criteria: criteria, signedIn: .unauthenticated(Self.nurse))
        let physician = LogRecorder(store: store, criteria: criteria, signedIn: .unauthenticated(Self.physician))
        let monitor = LogRecorder(store: store, criteria: criteria, signedIn: .unauthenticated(Author(id: "cra.zhou", role: .monitor)))
        #expect(Self.refusal { () throws(RecordError) in try nurse.sign([3], meaning: .confirmed, name: "Li Mei") }
                == "nurse may not sign 'confirmed grade ≥ 3': physician, principalInvestigator only")
        #expect(Self.refusal { () throws(RecordError) in try physician.sign([2], meaning: .authored, name: "Wang Li") }?
                    .contains("written by nurse.li: one signs as author only one's own entries") == true)
        #expect(Self.refusal { () throws(RecordError) in try physician.sign([2], meaning: .confirmed, name: "Wang Li") }?
                    .contains("only a grades event is confirmed") == true)
        #expect(Self.refusal { () throws(RecordError) in try physician.sign([3, 3], meaning: .confirmed, name: "Wang Li") } == "event 3 is named twice")
        #expect(Self.refusal { () throws(RecordError) in try physician.sign([9], meaning: .confirmed, name: "Wang Li") } == "there is no event 9 to sign")
        #expect(Self.refusal { () throws(RecordError) in try physician.sign([3], meaning: .confirmed, name: " ") }?.contains("printed name") == true)
        #expect(Self.refusal { () throws(RecordError) in try monitor.sign([1], meaning: .reviewed, name: "Zhou") }?.contains("genesis") == true)
        #expect(try store.allEvents().count == 3)
        // What is allowed is written: the signature names the version by id, seq and hash
        let signed = try physician.sign([3], meaning: .confirmed, name: "Wang Li", reason: "reviewed at the bedside")
        let grades = try #require(try store.event(seq: 3))
        #expect(signed.kind == .signature && signed.patient == nil && signed.author == Self.physician)
        #expect(signed.loggedSignature == LoggedSignature(meaning: .confirmed, name: "Wang Li", signs: [SignedVersion(grades)],
                                                           reason: "reviewed at the bedside"))
        #expect(Self.refusal { () throws(RecordError) in try monitor.sign([2, 4], meaning: .reviewed, name: "Zhou Min") }?
                    .contains("a signature signs content, not another signature") == true)
        #expect(try monitor.sign([2, 3], meaning: .reviewed, name: "Zhou Min").seq == 5)
    }

    @Test func anOverrideAndACorrectionAreSignedInTheirOwnTransaction() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let (store, criteria) = try Self.log(scratch)
        let physician = LogRecorder(store: store, criteria: criteria, signedIn: .unauthenticated(Self.physician))
        let override = try physician.override(seq: 3, criteria: "astct-2019-crs", term: nil, grade: 4, reason: "two pressors in fact")
        let overrideSignature = try #require(try store.event(seq: override.seq + 1))
        #expect(overrideSignature.loggedSignature?.meaning == .overrode)
        #expect(overrideSignature.loggedSignature?.signs == [SignedVersion(override)])
        // One transaction: one record time for both
        #expect(overrideSignature.recordTime == override.recordTime)
        guard case .success(let corrected) = try physician.correct(seq: 2, with: try Bedside.crsJSON(patient: "P-1", hypotension: true),
                                                                     reason: "no vasopressor was running") else {
            Issue.record("the correction was rejected")
            return
        }
        #expect(corrected.map(\.kind) == [.correction, .grades, .signature])
        #expect(corrected[2].loggedSignature?.meaning == .corrected && corrected[2].loggedSignature?.signs == [SignedVersion(corrected[0])])
        #expect(Set(corrected.map(\.recordTime)).count == 1)
        // A nurse correcting her own entry signs it as its author
        let nurse = LogRecorder(store: store, criteria: criteria, signedIn: .unauthenticated(Self.nurse))
        guard case .recorded(_, _, let own) = try nurse.record(try Bedside.crsJSON(patient: "P-2", hypotension: true)) else {
            Issue.record("the nurse's assessment was rejected")
            return
        }
        guard case .success(let again) = try nurse.correct(seq: own[0], with: try Bedside.crsJSON(patient: "P-2", celsius: 38.2),
                                                           reason: "pressure was normal") else {
            Issue.record("the nurse's correction was rejected")
            return
        }
        #expect(again.last?.loggedSignature?.meaning == .authored && again.last?.author == Self.nurse)
    }

    static let verifier = Run.packageRoot.appendingPathComponent("Examples/verify-log-export.py").path

    /// Exports `path` as JSONL into the scratch directory and runs the verifier on it.
    static func verifyExport(_ path: String, _ scratch: Scratch) throws -> ProcessOutput {
        let export = try Run.aegrade(["log", "export", "--db", path, "--format", "jsonl"])
        try #require(export.status == 0, "\(export.transcript)")
        try Data(export.stdout.utf8).write(to: scratch.file("events.jsonl"))
        return try Run.tool("python3", [verifier, scratch.path("events.jsonl")])
    }

    @Test func theExportVerifierChecksEachSignatureAgainstTheLineItNames() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let (store, criteria) = try Self.log(scratch)
        _ = try LogRecorder(store: store, criteria: criteria, signedIn: .unauthenticated(Self.physician)).sign([3], meaning: .confirmed, name: "Wang Li")
        let good = try Self.verifyExport(scratch.path("log.db"), scratch)
        #expect(good.status == 0 && good.stdout == "ok: 4 events intact, 1 signatures linked to the versions they sign\n", "\(good.transcript)")
        // A signature naming a version the log does not hold: chained like any event, so only its
        // link shows the fault (the store keeps payloads as given; the recorder never writes this)
        let grades = try #require(try store.event(seq: 3))
        let moved = SignedVersion(id: grades.id, seq: 3, hash: String(repeating: "0", count: 64))
        _ = try store.append([EventDraft(kind: .signature, patient: nil, clinicalTime: nil,
                                         payload: EventPayload.signature(meaning: .confirmed, name: "Wang Li", signs: [moved], reason: nil))],
                             author: Self.physician)
        let bad = try Self.verifyExport(scratch.path("log.db"), scratch)
        #expect(bad.status == 1 && bad.stdout.hasPrefix("FAIL at seq 5: signature names seq 3 with an id or hash that event does not have"),
                "\(bad.transcript)")
    }

    @Test func theExportVerifierRefusesASignatureOfALaterEvent() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let (store, _) = try Self.log(scratch)
        _ = try store.append([EventDraft(kind: .signature, patient: nil, clinicalTime: nil, payload: EventPayload.signature(
            meaning: .reviewed, name: "Zhou Min", signs: [SignedVersion(id: "x", seq: 7, hash: "y")], reason: nil))],
                             author: Author(id: "cra.zhou", role: .monitor))
        let bad = try Self.verifyExport(scratch.path("log.db"), scratch)
        #expect(bad.status == 1 && bad.stdout == "FAIL at seq 4: signature names seq 7, not an earlier event\n", "\(bad.transcript)")
    }
}
