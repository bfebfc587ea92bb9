import Clinical
@testable import EventLog
import Foundation
@testable import PostgresLog
import Testing
import TestSupport

/// One patient's events, and one kind's, read on demand (a timeline, `rules status` subject by
/// subject) through the site's indexes on the server, not over the site's chain.
@Suite("PostgreSQL per-patient read", .serialized, .enabled(if: PostgresTestServer.shouldRun, "no PostgreSQL test server (AEGRADE_TEST_POSTGRES)"))
struct PostgresPatientEventsTests {
    /// ward-a with 400 subjects who died (1,200 events) besides BED-03, and ward-b with a
    /// BED-03 of its own.
    static func crowdedSite() throws -> (fixture: PostgresTrialFixture, wardA: PostgresEventStore, wardB: PostgresEventStore) {
        let fixture = try PostgresTrialFixture()
        let wardA = try fixture.store(site: "ward-a"), wardB = try fixture.store(site: "ward-b")
        var crowd: [EventDraft] = []
        for number in 100..<300 { crowd += PostgresTrialTests.subjectWhoDied("BED-\(number)", day: 1) }
        _ = try wardA.append(crowd, author: PostgresTrialTests.nurse)
        _ = try wardA.append(PostgresTrialTests.subjectWhoDied("BED-03", day: 2), author: PostgresTrialTests.nurse)
        crowd = []
        for number in 300..<500 { crowd += PostgresTrialTests.subjectWhoDied("BED-\(number)", day: 1) }
        _ = try wardA.append(crowd, author: PostgresTrialTests.nurse)
        _ = try wardB.append(PostgresTrialTests.subjectWhoDied("BED-03", day: 3), author: PostgresTrialTests.nurse)
        return (fixture, wardA, wardB)
    }

    @Test func aPatientsEventsAreTheSitesOnesOfThatPatientInSeqOrderWithinTheSeqsAsked() throws {
        // Given a crowded ward-a and a ward-b holding a patient of the same id
        let (_, wardA, wardB) = try Self.crowdedSite()
        #expect((wardA as Any) is any PatientEventReading, "the store reads per patient, not through the scan of every event")
        var all: [RecordedEvent] = []
        try wardA.forEachEvent(from: 1) { all.append($0); return true }
        // Then BED-03's events at ward-a are the three of its chain, in seq order; ward-b's are its own
        let own = try wardA.events(ofPatient: "BED-03")
        #expect(own.map(\.kind) == [.enrollment, .infusion, .death])
        #expect(own == all.filter { $0.patient == "BED-03" })
        #expect(try wardB.events(ofPatient: "BED-03").map(\.clinicalTime) != own.map(\.clinicalTime))
        // And a range of seqs keeps those within it; the events of no patient are the site's genesis and such
        let middle = try #require(own.dropFirst().first)
        #expect(try wardA.events(ofPatient: "BED-03", seqs: middle.seq...middle.seq) == [middle])
        #expect(try wardA.events(ofPatient: "BED-03", seqs: (middle.seq + 1)...Int64.max).map(\.kind) == [.death])
        #expect(try wardA.events(ofPatient: nil) == all.filter { $0.patient == nil })
        // And a kind's events are every patient's of that kind, in seq order, across pages of the read
        #expect(try wardA.events(ofKind: .death) == all.filter { $0.kind == .death })
        #expect(try wardA.events(ofKind: .death).count == 401)
        var firstTwo: [RecordedEvent] = []
        try wardA.forEachPatientEvent("BED-03") { firstTwo.append($0); return firstTwo.count < 2 }
        #expect(firstTwo == Array(own.prefix(2)), "the reader stops when asked")
    }

    @Test func theServerReadsAPatientsEventsThroughTheSitesPatientIndex() throws {
        // Given a crowded ward-a, its statistics up to date
        let (fixture, _, _) = try Self.crowdedSite()
        let owner = try PostgresTestServer.session(fixture.ownerURL)
        try owner.execute("ANALYZE event")
        // When the server plans the store's read of one patient's events and of one kind's
        func plan(_ sql: String, _ key: String?) throws -> String {
            let binds: [String?] = ["ward-a", "1", String(Int64.max)] + (key.map { [$0] } ?? [])
            return try owner.rows("EXPLAIN (ANALYZE, FORMAT JSON) " + sql, binds).compactMap { $0.first ?? nil }.joined()
        }
        let patient = try plan(PostgresEventStore.indexedSQL("patient = $4"), "BED-03")
        let kind = try plan(PostgresEventStore.indexedSQL("kind = $4"), EventKind.ruleStatus.rawValue)
        // Then the patient's read is an index scan of event_patient, reading its three rows only
        #expect(patient.contains("\"Index Name\": \"event_patient\""), "\(patient)")
        #expect(!patient.contains("Seq Scan"), "\(patient)")
        #expect(!patient.contains(#/"Rows Removed by Filter": [1-9]/#), "no row of another patient read and dropped: \(patient)")
        #expect(patient.contains("\"Actual Rows\": 3"), "\(patient)")
        // And a rare kind's (the rule statuses a rules screen reads) through an index too, not a
        // pass over every event
        #expect(!kind.contains("Seq Scan"), "\(kind)")
    }
}
