import Clinical
import EventLog
import Foundation
@testable import PostgresLog
import Safety
import Testing
import TestSupport

/// The whole trial on PostgreSQL (README, "The whole trial"): every site's chain read as one,
/// merged by record time then site then seq, a page per site at a time, patients qualified by
/// their site; the stopping rules count the subjects of every site.
@Suite("PostgreSQL trial", .enabled(if: PostgresTestServer.shouldRun, "no PostgreSQL test server (AEGRADE_TEST_POSTGRES)"))
struct PostgresTrialTests {
    static let nurse = Author(id: "li.m", role: .nurse)

    /// A protocol whose one rule trips at two deaths: one at each of two sites trips it only when
    /// both sites' subjects are counted.
    static let protocolText = """
        trial: TWO-SITES
        title: Two sites
        productClass: noForeignGene
        dltWindowDays: 28
        assessmentIntervalHours: 12
        toxicities:
          death:
            description: Death of any cause
            event: death
        dlt: [death]
        rules:
          - id: two-deaths
            description: Two deaths in the trial pause enrolment
            action: pauseEnrolment
            count:
              toxicity: death
              atLeast: 2

        """

    static func loadProtocol() throws -> TrialProtocol {
        try TrialProtocol.load(bytes: Array(protocolText.utf8), name: "two-sites.yaml", criteria: try Fixtures.bundled())
    }

    /// Enrolment, infusion and death of `patient` on day 2.
    static func subjectWhoDied(_ patient: String, day: Int) -> [EventDraft] {
        [EventDraft(kind: .enrollment, patient: patient, clinicalTime: "2026-11-0\(day)T08:00:00+08:00", payload: EventPayload.enrollment(cohort: nil)),
         EventDraft(kind: .infusion, patient: patient, clinicalTime: "2026-11-0\(day)T09:00:00+08:00",
                    payload: EventPayload.infusion(product: "LOT-1", dose: "1e6 CAR+ cells/kg", cohort: nil)),
         EventDraft(kind: .death, patient: patient, clinicalTime: "2026-11-0\(day + 2)T09:00:00+08:00", payload: EventPayload.death(cause: "crs"))]
    }

    @Test func theSitesAreMergedByRecordTimeThenSiteThenSeqAPageAtATime() throws {
        // Given two sites whose rows carry record times that tie across sites and within a
        // transaction, and a site whose own clock went back (an offline ward's pushed log)
        let fixture = try PostgresTrialFixture()
        for (site, seq, time) in [("ward-b", 1, "2026-11-01T00:00:00.000Z"), ("ward-b", 2, "2026-11-01T00:00:02.000Z"),
                                  ("ward-b", 3, "2026-11-01T00:00:02.000Z"), ("ward-b", 4, "2026-11-01T00:00:01.000Z"),
                                  ("ward-a", 1, "2026-11-01T00:00:00.000Z"), ("ward-a", 2, "2026-11-01T00:00:02.000Z"),
                                  ("ward-a", 3, "2026-11-01T00:00:03.000Z")] as [(String, Int64, String)] {
            try fixture.insertRow(site: site, seq: seq, patient: "BED-\(seq)", recordTime: time)
        }
        // When the trial is read with pages of two events
        let trial = try fixture.trial(pageSize: 2)
        let events = PostgresTrialEvents(trial, until: .end)
        let order = events.map { "\($0.patient ?? "-")@\($0.recordTime.dropFirst(17).prefix(2))" }
        // Then ties go to the site first by name, then the seq; ward-b's 4th event (recorded
        // "earlier" than its 3rd by its own clock) keeps its chain's place
        #expect(events.failure == nil)
        #expect(order == ["ward-a/BED-1@00", "ward-b/BED-1@00", "ward-a/BED-2@02", "ward-b/BED-2@02", "ward-b/BED-3@02",
                          "ward-b/BED-4@01", "ward-a/BED-3@03"], "\(order)")
        #expect(trial.sites == ["ward-a", "ward-b"])
        // And each site's prefix "as of" a time is its own
        let asOf = PostgresTrialEvents(trial, until: .recordTime(try #require(ClinicalTime(iso8601: "2026-11-01T00:00:01Z"))))
        #expect(asOf.map { $0.patient ?? "" } == ["ward-a/BED-1", "ward-b/BED-1"])
    }

    @Test func eachSitesChainIsReadInFullAcrossPagesInItsOrder() throws {
        // Given two sites written by the store, the server's clock stamping them
        let fixture = try PostgresTrialFixture()
        let a = try fixture.store(site: "ward-a"), b = try fixture.store(site: "ward-b")
        for index in 0..<7 {
            let draft = EventDraft(kind: .note, patient: "P-\(index)", clinicalTime: nil, payload: .object([("text", .string("n\(index)"))]))
            _ = try (index % 3 == 0 ? b : a).append([draft, draft], author: Self.nurse)
        }
        // When the trial is read a few events to a page
        let merged = Array(PostgresTrialEvents(try fixture.trial(pageSize: 3), until: .end))
        // Then every event of both chains is there once, each site in its seq order, all in the
        // order of (record time, site, seq)
        let perSite = Dictionary(grouping: merged) { $0.patient.map { String($0.prefix { $0 != "/" }) } ?? "?" }
        #expect(merged.count == (try a.allEvents().count + b.allEvents().count))
        #expect(merged.filter { $0.kind == .genesis }.count == 2)
        #expect(perSite["ward-a"]?.map(\.seq) == (try a.allEvents()).filter { $0.patient != nil }.map(\.seq))
        #expect(perSite["ward-b"]?.map(\.seq) == (try b.allEvents()).filter { $0.patient != nil }.map(\.seq))
        let keys = merged.map { (time: $0.recordInstant?.secondsSinceEpoch ?? 0, site: $0.patient ?? "", seq: $0.seq) }
        #expect(zip(keys, keys.dropFirst()).allSatisfy { $0.time <= $1.time }, "record times go back in the merge")
    }

    @Test func theSamePatientIdAtTwoSitesIsTwoSubjectsAndTheRuleCountsBoth() throws {
        // Given BED-03 at ward-a and BED-03 at ward-b, each infused and dead
        let fixture = try PostgresTrialFixture()
        let a = try fixture.store(site: "ward-a"), b = try fixture.store(site: "ward-b")
        _ = try a.append(Self.subjectWhoDied("BED-03", day: 1), author: Self.nurse)
        _ = try b.append(Self.subjectWhoDied("BED-03", day: 2), author: Self.nurse)
        let trialProtocol = try Self.loadProtocol()
        let now = ClinicalTime(secondsSinceEpoch: Date().timeIntervalSince1970 + 60)
        // When the protocol is evaluated on each site alone and on the trial
        let siteA = try TrialEvaluation.status(trialProtocol, store: a, until: .end, now: now)
        let whole = try fixture.trial().status(trialProtocol, until: .end, now: now)
        let onlyB = try fixture.trial(only: ["ward-b"]).status(trialProtocol, until: .end, now: now)
        // Then one site alone does not trip the rule, and the trial does, with two subjects
        #expect(siteA.tripped.isEmpty && siteA.state == .continue)
        #expect(onlyB.tripped.isEmpty && onlyB.subjects.map(\.patient) == ["ward-b/BED-03"])
        #expect(whole.tripped == ["two-deaths"] && whole.state == .paused)
        #expect(whole.subjects.map(\.patient) == ["ward-a/BED-03", "ward-b/BED-03"])
        // And as of a time before ward-b's events were recorded, only ward-a's subject is counted
        let before = try #require(try b.allEvents().first { $0.patient != nil }?.recordInstant)
        let earlier = try fixture.trial().status(trialProtocol, until: .recordTime(ClinicalTime(secondsSinceEpoch: before.secondsSinceEpoch - 0.001)),
                                                 now: now)
        #expect(earlier.subjects.map(\.patient) == ["ward-a/BED-03"] && earlier.tripped.isEmpty)
    }

    @Test func aDamagedRowEndsTheMergeNamingItsSiteAndSeq() throws {
        // Given a site whose second row is of no kind aegrade writes
        let fixture = try PostgresTrialFixture()
        try fixture.insertRow(site: "ward-a", seq: 1, patient: nil, recordTime: "2026-11-01T00:00:00.000Z")
        try fixture.insertRow(site: "ward-a", seq: 2, patient: "BED-1", recordTime: "2026-11-01T00:00:01.000Z", kind: "bogus")
        try fixture.insertRow(site: "ward-b", seq: 1, patient: nil, recordTime: "2026-11-01T00:00:00.000Z")
        // When the trial is read, and evaluated
        let events = PostgresTrialEvents(try fixture.trial(), until: .end)
        let read = Array(events)
        // Then the merge stops at the damaged page (ward-a's, read first) with the damage named,
        // and the evaluation throws it
        #expect(read.isEmpty)
        #expect(events.failure?.description.contains("?site=ward-a") == true && events.failure?.description.contains("event 2: unknown kind") == true,
                "\(String(describing: events.failure))")
        #expect(throws: EventLogError.self) { try fixture.trial().status(try Self.loadProtocol(), until: .end, now: ClinicalTime(secondsSinceEpoch: 0)) }
    }

    @Test func aSiteTheTrialDoesNotHoldIsRefusedNamingItsSites() throws {
        let fixture = try PostgresTrialFixture()
        _ = try fixture.store(site: "ward-a")
        #expect(throws: EventLogError.self) { try fixture.trial(only: ["ward-z"]) }
        do {
            _ = try fixture.trial(only: ["ward-z"])
        } catch let error as EventLogError {
            #expect(error.description.contains("no site \"ward-z\"") && error.description.contains("its sites: ward-a"), "\(error)")
        }
    }

    @Test func theTrialReplayListsEveryPatientQualifiedWithEachSitesPoint() throws {
        // Given a site with an observation at each of two sites, under the same id
        let fixture = try PostgresTrialFixture()
        let a = try fixture.store(site: "ward-a"), b = try fixture.store(site: "ward-b")
        _ = try a.append(Self.subjectWhoDied("BED-03", day: 1), author: Self.nurse)
        _ = try b.append(Self.subjectWhoDied("BED-03", day: 2), author: Self.nurse)
        // When the trial is replayed
        let json = try fixture.trial().replayJSON(until: .end)
        // Then both patients are listed, each qualified, and each site's last seq is given
        guard case .array(let patients)? = json["patients"], case .array(let sites)? = json["sites"] else {
            Issue.record("no patients or sites in \(json.compactText)")
            return
        }
        #expect(patients.map { $0["patient"] } == [.string("ward-a/BED-03"), .string("ward-b/BED-03")])
        #expect(sites.map { $0["site"] } == [.string("ward-a"), .string("ward-b")])
        #expect(sites.map { $0["asOf"]?["seq"] } == [.number(4), .number(4)])
    }
}
