import Clinical
import EventLog
import Foundation
import Testing
import TestSupport

/// The log's patient ids are read one index seek at a time in short read transactions, so that
/// listing them (every `record` does, for look-alike warnings) never holds writers for long.
@Suite("Patient ids in short reads")
struct PatientIDsTests {
    @Test func everyIdIsFoundAcrossManyReadTransactions() throws {
        // Given a log with notes for five patients, one of them twice, and a note with no patient
        let scratch = try Scratch()
        defer { scratch.remove() }
        let path = scratch.path("log.db")
        let writer = try SQLiteEventStore(path: path, mode: .readWrite(create: true))
        let author = Author(id: "li.m", role: .nurse)
        for patient in ["BED-03", "bed-03", "A-1", "Z-9", "BED-03", nil, "M-5"] as [String?] {
            _ = try writer.append([EventDraft(kind: .note, patient: patient, clinicalTime: "2026-11-22T08:00:00+08:00",
                                              payload: .object([("text", .string("n"))]))], author: author)
        }
        // When a store that ends every read transaction after one row lists them
        let reader = try SQLiteEventStore(path: path, mode: .readOnly, settings: SQLiteEventStore.Settings(sliceRowLimit: 1))
        // Then each id comes once, in the index's order, none lost between transactions
        #expect(try reader.patientIDs() == ["A-1", "BED-03", "M-5", "Z-9", "bed-03"])
    }
}
