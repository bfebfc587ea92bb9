@testable import Bedside
import Clinical
@testable import EventLog
import Foundation
@testable import PostgresLog
import Safety
import Terminal
import Testing
import TestSupport

/// One site's board of a PostgreSQL trial speaks for the trial's stopping rules (README, "The whole
/// trial"): its banner and rules screen show the status over every site's subjects, naming the
/// sites, kept current when another site's head moves; its saves are followed up on a fold of the
/// trial that reads only what the sites appended since (``TrialRuleFold``).
@Suite("PostgreSQL site board's trial-wide rules", .serialized,
       .enabled(if: PostgresTestServer.shouldRun, "no PostgreSQL test server (AEGRADE_TEST_POSTGRES)"))
struct PostgresSiteBoardTrialRulesTests {
    static let nurse = SignedIn.unauthenticated(PostgresTrialTests.nurse)
    /// A clock after every event the tests record, standing still.
    static let now = ClinicalTime(secondsSinceEpoch: Date().timeIntervalSince1970 + 3_600)

    /// ward-b's board as `aegrade board` opens it on ward-b (the trial's sites beside it), signed
    /// in as a nurse, who sees the site.
    static func wardBBoard(_ wardB: any EventStore, sites: PostgresTrial, scope: BoardScope = .trialFor(BoardScope.trialReaders)) throws -> BedsideContext {
        let context = try BedsideContext(fastStart: wardB, sites: sites, scope: scope, criteria: try Fixtures.bundled(),
                                         trial: try PostgresTrialTests.loadProtocol(), signedIn: nil, colors: false, now: { Self.now })
        try context.finishLoading(wait: true)
        context.begin(Self.nurse)
        return context
    }

    static func screen(_ screen: any Screen, _ context: BedsideContext) -> [String] {
        BedsideApp.frame(stack: [screen], context: context, width: 100, height: 30).lines
    }

    @Test func theBannerAndRulesScreenShowTheTrialsStatusNamingTheSitesAndFollowAnotherSitesHead() throws {
        // Given a death at ward-a and, at ward-b, a subject infused: the trial continues
        let fixture = try PostgresTrialFixture()
        let wardA = try fixture.store(site: "ward-a"), wardB = try fixture.store(site: "ward-b")
        _ = try wardA.append(PostgresTrialTests.subjectWhoDied("BED-03", day: 1), author: PostgresTrialTests.nurse)
        _ = try wardB.append(Array(PostgresTrialTests.subjectWhoDied("BED-07", day: 2).prefix(2)), author: PostgresTrialTests.nurse)
        let sites = try fixture.trial()
        let context = try Self.wardBBoard(wardB, sites: sites)
        let board = TriageBoardScreen(context: context)
        #expect(context.readOnlyReason == nil && !context.showsTrial, "the nurse sees ward-b, and writes there")
        #expect(context.ruleStatus?.subjects.count == 2, "both sites' subjects counted")
        #expect(context.countedSites == ["ward-a", "ward-b"])
        #expect(!Self.screen(board, context).contains { $0.contains("tripped") })
        // When ward-a records a second death, and ward-b's board polls
        let before = sites.rowsRead
        _ = try wardA.append(PostgresTrialTests.subjectWhoDied("BED-05", day: 3), author: PostgresTrialTests.nurse)
        #expect(try context.reloadIfChanged(), "another site's head moved")
        // Then only ward-a's three new rows were read
        let after = sites.rowsRead
        #expect((after["ward-a"] ?? 0) - (before["ward-a"] ?? 0) == 3, "\(before) → \(after)")
        #expect(after["ward-b"] == before["ward-b"], "\(before) → \(after)")
        // And the banner shows the trial's rule tripped, saying whose it is; ward-b alone trips nothing
        #expect(context.ruleStatus?.tripped == ["two-deaths"])
        #expect(context.status?.tripped == [], "ward-b's own status")
        let lines = Self.screen(board, context)
        #expect(lines.contains { $0.contains("ENROLMENT PAUSED — rule two-deaths tripped · the trial (ward-a, ward-b)") },
                "\(lines.joined(separator: "\n"))")
        // And the board's rows are still ward-b's own, unqualified
        #expect(board.state.rows.map(\.patient) == ["BED-07"])
        // And the rules screen counts every site's subjects, and says so
        let rules = Self.screen(RulesScreen(context: context), context)
        #expect(rules.contains { $0.contains("the trial's rules: the subjects of every site counted (ward-a, ward-b)") }, "\(rules.joined(separator: "\n"))")
        #expect(rules.contains { $0.contains("3 subjects") && $0.contains("3 infused") }, "\(rules.joined(separator: "\n"))")
        #expect(rules.contains { $0.contains("ward-a/BED-05") }, "\(rules.joined(separator: "\n"))")
        // And it is what `rules status` over the trial says
        let wholeTrial = try fixture.trial().status(try PostgresTrialTests.loadProtocol(), until: .end, now: Self.now)
        #expect(context.ruleStatus?.tripped == wholeTrial.tripped && context.ruleStatus?.state == wholeTrial.state)
        #expect(context.ruleStatus?.subjects.map(\.patient) == wholeTrial.subjects.map(\.patient))
        // And a poll with no head moved reads nothing
        #expect(try context.reloadIfChanged() == false)
        #expect(sites.rowsRead == after)
    }

    @Test func oneLogsBoardKeepsItsOwnStatusAndBanner() throws {
        // Given ward-b's board opened on its site alone (no trial beside it, as on an SQLite log)
        let fixture = try PostgresTrialFixture()
        let wardA = try fixture.store(site: "ward-a"), wardB = try fixture.store(site: "ward-b")
        _ = try wardA.append(PostgresTrialTests.subjectWhoDied("BED-03", day: 1), author: PostgresTrialTests.nurse)
        _ = try wardB.append(PostgresTrialTests.subjectWhoDied("BED-07", day: 2), author: PostgresTrialTests.nurse)
        let context = try BedsideContext(fastStart: wardB, criteria: try Fixtures.bundled(), trial: try PostgresTrialTests.loadProtocol(),
                                         signedIn: Self.nurse, colors: false, now: { Self.now })
        try context.finishLoading(wait: true)
        // Then its rules are its own: one death, nothing tripped, no sites named
        #expect(context.countedSites == nil && context.trialRules == nil)
        #expect(context.ruleStatus?.tripped == [] && context.ruleStatus?.subjects.count == 1)
        let rules = Self.screen(RulesScreen(context: context), context)
        #expect(!rules.contains { $0.contains("every site") }, "\(rules.joined(separator: "\n"))")
    }

    static func note(_ text: String) -> EventDraft {
        EventDraft(kind: .note, patient: "BED-99", clinicalTime: "2026-11-04T08:00:00+08:00", payload: .object([("text", .string(text))]))
    }

    @Test func aSecondSaveFollowsUpReadingOnlyWhatGrew() throws {
        // Given ward-a and ward-b each with a death (the trial's rule tripped, not yet logged) and
        // a febrile patient, and ward-b's board, opened as one --site opens it
        let (fixture, wardA, wardB) = try PostgresTrialBoardTests.twoSites()
        let sites = try fixture.trial()
        let context = try Self.wardBBoard(wardB, sites: sites, scope: .site)
        #expect(context.ruleStatus?.tripped == ["two-deaths"])
        // When an entry is saved at the board: its follow-up logs the trial's pause at ward-b
        _ = try context.recorder().event(kind: .note, patient: "BED-06", time: "2026-11-08T09:00:00+08:00",
                                         data: .object([("text", .string("first"))]), reason: "a note at the board")
        let first = context.settleAfterSave()
        #expect(!first.isError && first.text.contains("stopping-rule status changed"), "\(first.text)")
        let logged = try wardB.events(ofKind: .ruleStatus)
        #expect(logged.count == 1 && logged.first?.payload[.sites] == .array([.string("ward-a"), .string("ward-b")]))
        let afterFirst = sites.rowsRead
        // And ward-a appends one event meanwhile, and a second entry is saved at the board
        _ = try wardA.append([Self.note("at ward-a")], author: PostgresTrialTests.nurse)
        _ = try context.recorder().event(kind: .note, patient: "BED-06", time: "2026-11-08T10:00:00+08:00",
                                         data: .object([("text", .string("second"))]), reason: "a note at the board")
        let second = context.settleAfterSave()
        // Then nothing changed, and the follow-up read what grew: ward-a's one event and ward-b's
        // one, not either chain again
        #expect(second == .none, "\(second.text)")
        let afterSecond = sites.rowsRead
        #expect((afterSecond["ward-a"] ?? 0) - (afterFirst["ward-a"] ?? 0) == 1, "\(afterFirst) → \(afterSecond)")
        #expect((afterSecond["ward-b"] ?? 0) - (afterFirst["ward-b"] ?? 0) == 1, "\(afterFirst) → \(afterSecond)")
        // And the fold it kept answers as the trial read whole does: the follow-up `record
        // --protocol` makes at ward-a, reading every site, finds nothing more to log
        let atWardA = LogRecorder(store: wardA, criteria: try Fixtures.bundled(), signedIn: Self.nurse)
        let whole = try fixture.trial()
        #expect(try atWardA.appendTrialRuleFollowUp(try PostgresTrialTests.loadProtocol(), source: whole, asOf: Self.now) == nil)
        #expect(try wardB.events(ofKind: .ruleStatus).count == 1)
        // (which reads every row of every site: what each save read before the board kept its fold)
        #expect(whole.rowsRead == (try whole.heads()).mapValues { Int($0) }, "\(whole.rowsRead)")
    }

    @Test func aPushedOfflineEventRecordedBeforeOthersFoldedIsFoldedAgainInItsPlace() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        // Given ward-a with a death, and an offline ward whose log, its subject enrolled, was pushed
        // once, and which, the network down, records the subject's infusion and death before
        // ward-b, on the server, records a note
        let fixture = try PostgresTrialFixture()
        let trial = try fixture.offlineWardPushedOnce(in: scratch)
        let (wardB, offline, centre) = (trial.wardB, trial.offline, trial.centre)
        _ = try wardB.append([Self.note("at ward-b")], author: PostgresTrialTests.nurse)
        // And the trial folded: one death, nothing tripped
        let sites = try fixture.trial()
        var fold = TrialRuleFold(try PostgresTrialTests.loadProtocol())
        #expect(try fold.catchUp(sites))
        #expect(fold.status(asOf: Self.now)?.tripped == [])
        let before = sites.rowsRead
        // When the offline log is pushed: its new events come before ward-b's note, folded after them
        _ = try centre.receive(try offline.allEvents())
        #expect(try fold.catchUp(sites))
        // Then the trial was read whole again (ward-a's chain too), and the fold is the trial's:
        // two deaths, the rule tripped, as `rules status` over the trial says
        #expect((sites.rowsRead["ward-a"] ?? 0) > (before["ward-a"] ?? 0), "\(before) → \(sites.rowsRead)")
        let wholeTrial = try fixture.trial().status(try PostgresTrialTests.loadProtocol(), until: .end, now: Self.now)
        #expect(fold.status(asOf: Self.now)?.tripped == ["two-deaths"])
        #expect(fold.status(asOf: Self.now)?.subjects.map(\.patient) == wholeTrial.subjects.map(\.patient))
        #expect(fold.heads == (try sites.heads()) && fold.sites == ["offline", "ward-a", "ward-b"], "\(fold.heads)")
        // And with nothing new it reads nothing
        let after = sites.rowsRead
        #expect(try fold.catchUp(sites) == false)
        #expect(sites.rowsRead == after)
    }

    @Test func aBoardOpenedWithOneSiteOnTheTrialsURLShowsAndFollowsUpTheTrialsRules() throws {
        // Given two deaths at ward-a, a subject infused at ward-b and ward-b's accounts: the trial's
        // rule is tripped, not yet logged, and ward-b alone trips nothing
        let fixture = try PostgresTrialFixture()
        let scratch = try Scratch()
        defer { scratch.remove() }
        let wardA = try fixture.store(site: "ward-a"), wardB = try fixture.store(site: "ward-b")
        _ = try AccountsFixture.make(in: wardB, path: fixture.siteText("ward-b"), keyPath: scratch.path("ward-b.key"))
        _ = try wardA.append(PostgresTrialTests.subjectWhoDied("BED-03", day: 1) + PostgresTrialTests.subjectWhoDied("BED-05", day: 2),
                             author: PostgresTrialTests.nurse)
        _ = try wardB.append(Array(PostgresTrialTests.subjectWhoDied("BED-07", day: 3).prefix(2)), author: PostgresTrialTests.nurse)
        let protocolPath = scratch.path("two-sites.yaml")
        try PostgresTrialTests.protocolText.write(toFile: protocolPath, atomically: true, encoding: .utf8)
        // When the board opens on the trial's URL (no site=) with --site ward-b and a nurse signs in
        let session = try TmuxSession(command: Run.shellQuoted(Run.binary.path) + " board --db " + Run.shellQuoted(fixture.trialText)
                                          + " --site ward-b --protocol " + Run.shellQuoted(protocolPath) + " --user " + AccountsFixture.user(.nurse),
                                      width: 160, height: 30,
                                      environment: ["LANG": "C.UTF-8", "PGPASSFILE": ProcessInfo.processInfo.environment["PGPASSFILE"] ?? ""])
        defer { session.kill() }
        #expect(session.waitFor("Password", timeout: .seconds(30)), "\(session)")
        try session.type(AccountsFixture.password)
        try session.sendKeys("Enter")
        // Then the board is ward-b's, its banner the trial's rule, naming the sites counted
        #expect(session.waitFor("Triage board", timeout: .seconds(30)), "\(session)")
        #expect(session.waitFor("BED-07", timeout: .seconds(30)), "\(session)")
        #expect(session.waitFor("two-deaths tripped · the trial (ward-a, ward-b)", timeout: .seconds(30)), "\(session)")
        #expect(!(try session.capture()).contains { $0.contains("ward-a/") }, "\(session)")
        // When a febrile assessment of BED-07 is saved there
        try session.sendKeys("a")
        #expect(session.waitFor("LIVE GRADES"), "\(session)")
        try session.type("38.6")
        try session.sendKeys("Tab")
        try session.type("n")
        try session.sendKeys("F2")
        // (the form asks before saving an assessment without oxygen, nothing being carried over)
        #expect(session.waitFor("y confirm", timeout: .seconds(10)), "\(session)")
        try session.sendKeys("y")
        // Then the save's follow-up counts every site, as `record --protocol` does: the trial's
        // pause is logged at ward-b, naming both sites
        #expect(session.waitFor("stopping-rule status changed", timeout: .seconds(30)), "\(session)")
        let logged = try wardB.events(ofKind: .ruleStatus)
        #expect(logged.count == 1, "\(logged)")
        #expect(logged.first?.loggedRuleStatus?.tripped == ["two-deaths"])
        #expect(logged.first?.payload[.sites] == .array([.string("ward-a"), .string("ward-b")]))
        #expect(try wardA.events(ofKind: .ruleStatus).isEmpty)
    }

    /// A clock a test moves on.
    final class MovableClock {
        var time: ClinicalTime
        init(_ time: ClinicalTime) { self.time = time }
    }

    @Test func theTrialsStatusIsEvaluatedAgainAtTheClocksTickReadingNothing() throws {
        // Given a subject infused yesterday at each of ward-a and ward-b, both in their DLT window,
        // and ward-b's board at a clock an hour on
        let fixture = try PostgresTrialFixture()
        let wardA = try fixture.store(site: "ward-a"), wardB = try fixture.store(site: "ward-b")
        let yesterday = ISO8601DateFormatter().string(from: Date().addingTimeInterval(-86_400))
        for (store, patient) in [(wardA, "BED-01"), (wardB, "BED-02")] {
            _ = try store.append([EventDraft(kind: .enrollment, patient: patient, clinicalTime: yesterday, payload: EventPayload.enrollment(cohort: nil)),
                                  EventDraft(kind: .infusion, patient: patient, clinicalTime: yesterday,
                                             payload: EventPayload.infusion(product: "LOT-1", dose: "1e6 CAR+ cells/kg", cohort: nil))],
                                 author: PostgresTrialTests.nurse)
        }
        let clock = MovableClock(ClinicalTime(secondsSinceEpoch: Date().timeIntervalSince1970 + 3_600))
        let sites = try fixture.trial()
        let context = try BedsideContext(fastStart: wardB, sites: sites, scope: .site, criteria: try Fixtures.bundled(),
                                         trial: try PostgresTrialTests.loadProtocol(), signedIn: Self.nurse, colors: false, now: { clock.time })
        try context.finishLoading(wait: true)
        #expect(context.ruleStatus?.infusedCount == 2 && context.ruleStatus?.evaluableCount == 0)
        let read = sites.rowsRead
        // When the clock passes the end of both DLT windows and the board ticks
        clock.time = ClinicalTime(secondsSinceEpoch: clock.time.secondsSinceEpoch + 40 * 86_400)
        context.refreshClock()
        // Then the trial's status is evaluated at the new time: both subjects evaluable, alive
        #expect(context.ruleStatus?.evaluableCount == 2)
        #expect(context.ruleStatus?.asOf == clock.time)
        // And nothing was read for it
        #expect(sites.rowsRead == read)
    }

    @Test func theDoseDecisionOfTheBoardsFollowUpCountsEverySitesInfusions() throws {
        // Given the two-deaths protocol with a dose-finding section, a subject infused at ward-a
        // and ward-b's board
        let bytes = Array((PostgresTrialTests.protocolText + """
            doseFinding:
              doses:
                - {label: DL1, dose: 1e6 CAR+ cells/kg}
                - {label: DL2, dose: 2e6 CAR+ cells/kg}
              design: boin
              target: 0.3
              maxSubjects: 12

            """).utf8)
        let trial = try TrialProtocol.load(bytes: bytes, name: "two-sites-dose.yaml", criteria: try Fixtures.bundled())
        let fixture = try PostgresTrialFixture()
        let wardA = try fixture.store(site: "ward-a"), wardB = try fixture.store(site: "ward-b")
        _ = try wardA.append(Array(PostgresTrialTests.subjectWhoDied("BED-01", day: 1).prefix(2)), author: PostgresTrialTests.nurse)
        let sites = try fixture.trial()
        let context = try BedsideContext(fastStart: wardB, sites: sites, scope: .site, criteria: try Fixtures.bundled(), trial: trial,
                                         signedIn: Self.nurse, colors: false, now: { Self.now })
        try context.finishLoading(wait: true)
        let atWardA = LogRecorder(store: wardA, criteria: try Fixtures.bundled(), signedIn: Self.nurse)
        for (round, patient) in ["BED-02", "BED-03"].enumerated() {
            // When ward-a infuses another subject and an entry is saved at ward-b's board
            if round > 0 { _ = try wardA.append(Array(PostgresTrialTests.subjectWhoDied(patient, day: 2).prefix(2)), author: PostgresTrialTests.nurse) }
            _ = try context.recorder().event(kind: .note, patient: "BED-09", time: "2026-11-08T09:00:00+08:00",
                                             data: .object([("text", .string("round \(round)"))]), reason: "a note at the board")
            let followUp = context.settleAfterSave()
            #expect(!followUp.isError, "\(followUp.text)")
            // Then the dose decision logged at ward-b counts ward-a's infusions
            let logged = try #require(try wardB.events(ofKind: .ruleStatus).last)
            let whole = try fixture.trial()
            let expected = try #require(DoseEscalationStatus.evaluate(trial, events: PostgresTrialEvents(whole, until: .end), asOf: Self.now)?.loggedDecision)
            #expect(LogRecorder.sameJSON(expected, logged.payload[.doseDecision]), "round \(round): \(String(describing: logged.payload[.doseDecision]))")
            // And the follow-up reading every site finds nothing more to log
            #expect(try atWardA.appendTrialRuleFollowUp(trial, source: whole, asOf: Self.now) == nil, "round \(round)")
        }
        let rules = Self.screen(RulesScreen(context: context), context)
        #expect(rules.contains { $0.contains("DOSE FINDING") }, "\(rules.joined(separator: "\n"))")
    }
}
