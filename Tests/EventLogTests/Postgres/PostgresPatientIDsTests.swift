import Clinical
@testable import EventLog
import Foundation
@testable import PostgresLog
import Testing
import TestSupport

/// A site's patient ids (every `record` lists them at its start) read one seek of the patient
/// index per id, not through every event of the site.
@Suite("PostgreSQL patient ids", .enabled(if: PostgresTestServer.shouldRun, "no PostgreSQL test server (AEGRADE_TEST_POSTGRES)"))
struct PostgresPatientIDsTests {
    @Test func eachIdOnceInTheIndexOrderReadWithASeekPerIdNotAnEntryPerEvent() throws {
        // Given a site whose three patients have 150 notes each, look-alike ids among them, a
        // note of no patient, and another site with a patient of its own
        let fixture = try PostgresTrialFixture()
        let wardA = try fixture.store(site: "ward-a"), wardB = try fixture.store(site: "ward-b")
        let note = { (patient: String?) in
            EventDraft(kind: .note, patient: patient, clinicalTime: "2026-11-22T08:00:00+08:00", payload: .object([("text", .string("n"))]))
        }
        var drafts: [EventDraft] = []
        for _ in 0..<150 { drafts += ["BED-03", "bed-03", "A-1"].map(note) }
        drafts.append(note(nil))
        _ = try wardA.append(drafts, author: PostgresTrialTests.nurse)
        _ = try wardB.append([note("Z-9")], author: PostgresTrialTests.nurse)
        // Then each of ward-a's ids comes once, in the index's order, and none of ward-b's
        let order = try wardA.session.rows("SELECT unnest(ARRAY['A-1', 'BED-03', 'bed-03']) AS id ORDER BY id").compactMap { $0.first ?? nil }
        #expect(try wardA.patientIDs() == order)
        #expect(try wardB.patientIDs() == ["Z-9"])
        // And the server read a few index entries for them, not the site's 450 notes
        let plan = try #require(try wardA.session.rows("EXPLAIN (ANALYZE, FORMAT JSON) " + PostgresEventStore.patientIDsSQL, ["ward-a"]).first?.first ?? nil)
        let read = Self.rowsReadFromTheTable(try JSONParser.parse(plan))
        #expect(read > 0 && read <= 10, "rows read: \(read)")
    }

    /// The rows every scan of a table or index in an `EXPLAIN (ANALYZE, FORMAT JSON)` plan
    /// returned, all loops (a bitmap scan's index and table both counted).
    static func rowsReadFromTheTable(_ plan: JSONValue) -> Double {
        switch plan {
        case .array(let elements): return elements.map(rowsReadFromTheTable).reduce(0, +)
        case .object(let members):
            var total = members.map { rowsReadFromTheTable($0.1) }.reduce(0, +)
            if plan["Relation Name"] != nil || plan["Index Name"] != nil,
               case .number(let rows) = plan["Actual Rows"], case .number(let loops) = plan["Actual Loops"] {
                total += rows * loops
            }
            return total
        default: return 0
        }
    }
}
