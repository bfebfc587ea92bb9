import Clinical
@testable import EventLog
import Foundation
import TestSupport

/// A random history of three patients written through the recorder into a real log: entries,
/// late entries, corrections of the current, of older and of already corrected entries,
/// overrides of current, older and superseded grades, infusions and deaths, and — with `notes` —
/// notes, one in two without a patient. Shared by the replay suites that compare a replay with
/// its reference and with the other store's.
enum RandomHistory {
    static func write(seed: UInt64, operations: Int, into store: SQLiteEventStore, nurse nurseAuthor: Author,
                      notes: Bool = false) throws {
        var random = SplitMix64(seed: seed)
        let criteria = try Fixtures.bundled()
        let nurse = LogRecorder(store: store, criteria: criteria, signedIn: .unauthenticated(nurseAuthor))
        let doctor = LogRecorder(store: store, criteria: criteria, signedIn: .unauthenticated(Author(id: "dr.wang", role: .physician)))
        let patients = ["P-1", "P-2", "P-3"]
        var entries: [String: [Int64]] = [:]
        var grades: [String: [Int64]] = [:]
        var hour: [String: Int] = [:]
        func assessment(_ patient: String) throws -> JSONValue {
            // Mostly later than the patient's last entry, sometimes a late entry of an earlier hour.
            let next = max(0, min(23, (hour[patient] ?? 8) + Int.random(in: -2...3, using: &random)))
            hour[patient] = next
            return try Bedside.crsJSON(patient: patient, time: String(format: "2026-11-22T%02d:00:00+08:00", next),
                                       celsius: [37.5, 38.6, 39.4][Int.random(in: 0..<3, using: &random)],
                                       hypotension: Bool.random(using: &random), norepinephrine: Bool.random(using: &random))
        }
        // Rolls 0–3 enter, 4–5 correct, 6–8 override (6–7 with notes, 8 a note), the rest an
        // infusion or a death.
        let overrides = notes ? 6..<8 : 6..<9
        for _ in 0..<operations {
            let patient = patients[Int.random(in: 0..<patients.count, using: &random)]
            let roll = Int.random(in: 0..<(notes ? 11 : 10), using: &random)
            switch roll {
            case 0..<4:
                guard case .recorded(_, _, let seqs) = try nurse.record(try assessment(patient)) else { throw TestFailure("not recorded") }
                entries[patient, default: []].append(seqs[0])
                grades[patient, default: []].append(seqs[1])
            case 4..<6:
                // The current entry half of the time, else any (an older one, or one already corrected).
                guard let target = Bool.random(using: &random) ? entries[patient]?.last : entries[patient]?.randomElement(using: &random)
                else { continue }
                let written = try nurse.correct(seq: target, with: try assessment(patient), reason: "re-measured at the bedside").get()
                entries[patient, default: []].append(written[0].seq)
                grades[patient, default: []].append(written[1].seq)
            case overrides:
                guard let target = grades[patient]?.randomElement(using: &random) else { continue }
                _ = try doctor.override(seq: target, criteria: "astct-2019-crs", term: nil, grade: Int.random(in: 0...5, using: &random),
                                        reason: "clinical judgement on the ward round")
            case 8 where notes:
                let about: String? = Bool.random(using: &random) ? patient : nil
                let note = EventDraft(kind: .note, patient: about, clinicalTime: "2026-11-22T08:00:00+08:00",
                                      payload: .object([("text", .string("ward round"))]))
                _ = try store.append([note], author: nurseAuthor)
            default:
                let kind: EventKind = Bool.random(using: &random) ? .infusion : .death
                let data: JSONValue = kind == .infusion ? .object([("product", .string("CAR-T"))]) : .object([("cause", .string("other"))])
                _ = try nurse.event(kind: kind, patient: patient, time: "2026-11-22T09:00:00+08:00", data: data, reason: "as charted")
            }
        }
    }
}
