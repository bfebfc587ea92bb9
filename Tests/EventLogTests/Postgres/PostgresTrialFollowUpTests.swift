import Clinical
@testable import EventLog
import Foundation
import Grading
@testable import PostgresLog
import Safety
import Testing
import TestSupport

/// The rule follow-up of a write at one site of a trial of several (README, "The whole trial"):
/// the stopping rules count every site's subjects, so a rule that trips only when both sites are
/// counted is logged by the write that trips it, at that write's site, once for the trial.
@Suite("PostgreSQL trial-wide rule follow-up", .serialized, .enabled(if: PostgresTestServer.shouldRun, "no PostgreSQL test server (AEGRADE_TEST_POSTGRES)"))
struct PostgresTrialFollowUpTests {
    /// After every event is recorded (the server's clock stamps them now).
    static var asOf: ClinicalTime { ClinicalTime(secondsSinceEpoch: Date().timeIntervalSince1970 + 60) }

    static func recorder(_ store: any EventStore) -> LogRecorder {
        LogRecorder(store: store, criteria: CriteriaSet(files: []), signedIn: .unauthenticated(PostgresTrialTests.nurse))
    }

    @Test func aDeathAtOneSiteThatTripsTheTrialsRuleIsLoggedThereOnce() throws {
        // Given a death at ward-a, and the two-deaths rule, which ward-a's own log does not trip
        let fixture = try PostgresTrialFixture()
        let trial = try PostgresTrialTests.loadProtocol()
        let wardA = try fixture.store(site: "ward-a")
        let wardB = try fixture.store(site: "ward-b")
        _ = try wardA.append(PostgresTrialTests.subjectWhoDied("BED-03", day: 1), author: PostgresTrialTests.nurse)
        #expect(try Self.recorder(wardA).appendTrialRuleFollowUp(trial, source: try fixture.trial(), asOf: Self.asOf) == nil)
        // When ward-b records a second death and follows it up over the trial
        _ = try wardB.append(PostgresTrialTests.subjectWhoDied("BED-07", day: 2), author: PostgresTrialTests.nurse)
        let siteOnly = try Self.recorder(wardB)
        var wardBEvents: [RecordedEvent] = []
        try wardB.forEachEvent(from: 1) { wardBEvents.append($0); return true }
        #expect(TrialStatus.evaluate(trial, events: wardBEvents, asOf: Self.asOf).tripped.isEmpty, "one site alone trips nothing")
        let change = try #require(try siteOnly.appendTrialRuleFollowUp(trial, source: try fixture.trial(), asOf: Self.asOf))
        // Then the trial's pause is logged at ward-b, naming both sites counted
        #expect(change.status.tripped == ["two-deaths"])
        #expect(change.event.payload[.status] == .string("paused"))
        #expect(change.event.payload[.sites] == .array([.string("ward-a"), .string("ward-b")]))
        #expect(try wardB.event(seq: change.event.seq)?.kind == .ruleStatus)
        // And a follow-up at ward-a sees the status the trial already logged: nothing new
        #expect(try Self.recorder(wardA).appendTrialRuleFollowUp(trial, source: try fixture.trial(), asOf: Self.asOf) == nil)
    }

    @Test func logEventWithTheProtocolLogsTheTrialsPauseAtItsSite() throws {
        // Given a death at ward-a, and at ward-b a subject infused and the service account's key
        let fixture = try PostgresTrialFixture()
        let scratch = try Scratch()
        defer { scratch.remove() }
        try Data(PostgresTrialTests.protocolText.utf8).write(to: scratch.file("protocol.yaml"))
        _ = try fixture.store(site: "ward-a").append(PostgresTrialTests.subjectWhoDied("BED-03", day: 1), author: PostgresTrialTests.nurse)
        let wardB = try fixture.store(site: "ward-b")
        _ = try AccountsFixture.make(in: wardB, path: fixture.siteText("ward-b"), keyPath: scratch.path("ward-b.key"))
        _ = try wardB.append(Array(PostgresTrialTests.subjectWhoDied("BED-07", day: 2).prefix(2)), author: PostgresTrialTests.nurse)
        // When ward-b logs the subject's death with the protocol
        let output = try Run.aegrade(["log", "event", "--db", fixture.siteText("ward-b"), "--key", scratch.path("ward-b.key"),
                                      "--kind", "death", "--patient", "BED-07", "--time", "2026-11-04T09:00:00+08:00",
                                      "--data", #"{"cause":"crs"}"#, "--reason", "died on day 3", "--protocol", scratch.path("protocol.yaml")])
        #expect(output.status == 0, "\(output.stderr)")
        // Then the trial's pause, counted over both sites, is the last event of ward-b's chain
        var last: RecordedEvent?
        try wardB.forEachEvent(from: 1) { last = $0; return true }
        #expect(last?.kind == .ruleStatus, "\(output.stderr)")
        #expect(last?.payload[.status] == .string("paused"))
        #expect(last?.payload[.sites] == .array([.string("ward-a"), .string("ward-b")]))
        #expect(output.stderr.contains("stopping-rule status changed"), "\(output.stderr)")
    }
}
