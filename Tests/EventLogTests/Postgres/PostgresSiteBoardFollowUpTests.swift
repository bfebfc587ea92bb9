@testable import Bedside
import Clinical
@testable import EventLog
import Foundation
@testable import PostgresLog
import Safety
import Testing
import TestSupport

/// A save at one site's board on a PostgreSQL trial is followed up as `record --protocol` is
/// there (README, "The whole trial"): the stopping rules count every site's subjects, and a change
/// is logged at the board's site, naming the sites counted, by the save that made it.
@Suite("PostgreSQL site board's rule follow-up over the trial", .serialized,
       .enabled(if: PostgresTestServer.shouldRun, "no PostgreSQL test server (AEGRADE_TEST_POSTGRES)"))
struct PostgresSiteBoardFollowUpTests {
    static let nurse = SignedIn.unauthenticated(PostgresTrialTests.nurse)
    static var now: ClinicalTime { ClinicalTime(secondsSinceEpoch: Date().timeIntervalSince1970) }

    static func ruleStatuses(_ store: any EventStore) throws -> [RecordedEvent] {
        try store.events(ofKind: .ruleStatus)
    }

    @Test func aDeathSavedAtWardBsBoardTripsTheTrialsRuleAndIsLoggedThereOnceNamingBothSites() throws {
        // Given a death at ward-a, and at ward-b a subject enrolled and infused, the board open on
        // ward-b (as a URL naming the site opens it: the trial's sites beside it) with the
        // two-deaths protocol, which neither site trips alone
        let fixture = try PostgresTrialFixture()
        let trial = try PostgresTrialTests.loadProtocol()
        let wardA = try fixture.store(site: "ward-a"), wardB = try fixture.store(site: "ward-b")
        _ = try wardA.append(PostgresTrialTests.subjectWhoDied("BED-03", day: 1), author: PostgresTrialTests.nurse)
        _ = try wardB.append(Array(PostgresTrialTests.subjectWhoDied("BED-07", day: 2).prefix(2)), author: PostgresTrialTests.nurse)
        let context = try BedsideContext(fastStart: wardB, sites: try fixture.trial(), scope: .trialFor(BoardScope.trialReaders),
                                         criteria: try Fixtures.bundled(), trial: trial, signedIn: nil, colors: false, now: { Self.now })
        try context.finishLoading(wait: true)
        context.begin(Self.nurse)
        #expect(context.readOnlyReason == nil, "the nurse writes at ward-b")
        #expect(context.settleAfterSave() == .none, "one death in the trial: nothing to log")
        // When the second death is saved at ward-b's board and the board follows the save up
        _ = try context.recorder().event(kind: .death, patient: "BED-07", time: "2026-11-04T09:00:00+08:00",
                                         data: EventPayload.death(cause: "crs"), reason: "died on day 3")
        var wardBEvents: [RecordedEvent] = []
        try wardB.forEachEvent(from: 1) { wardBEvents.append($0); return true }
        #expect(TrialStatus.evaluate(trial, events: wardBEvents, asOf: Self.now).tripped.isEmpty, "ward-b alone trips nothing")
        let followUp = context.settleAfterSave()
        // Then the save's message says the status changed, and it is no error
        #expect(!followUp.isError && followUp.text.contains("stopping-rule status changed"), "\(followUp.text)")
        // And one ruleStatus is logged at ward-b, by aegrade, pausing the trial and naming both sites
        let logged = try Self.ruleStatuses(wardB)
        #expect(logged.count == 1)
        #expect(logged.first?.author == .system)
        #expect(logged.first?.payload[.status] == .string("paused"))
        #expect(logged.first?.loggedRuleStatus?.tripped == ["two-deaths"])
        #expect(logged.first?.payload[.sites] == .array([.string("ward-a"), .string("ward-b")]))
        #expect(followUp.text.contains("event \(logged.first?.seq ?? 0)"), "\(followUp.text)")
        // And nothing at ward-a; the follow-up `record --protocol` makes there finds it logged
        #expect(try Self.ruleStatuses(wardA).isEmpty)
        let atWardA = LogRecorder(store: wardA, criteria: try Fixtures.bundled(), signedIn: .unauthenticated(PostgresTrialTests.nurse))
        #expect(try atWardA.appendTrialRuleFollowUp(trial, source: try fixture.trial(), asOf: Self.now) == nil)
        // And the board's next save logs it no more
        #expect(context.settleAfterSave() == .none)
        #expect(try Self.ruleStatuses(wardB).count == 1)
    }
}
