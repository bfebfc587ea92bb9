import Clinical
@testable import EventLog
import Foundation
import Safety
import Terminal
import Testing
@testable import Bedside

/// The rules screen (issue 6): each rule's count against its threshold, the state and the tripped
/// rules, the next permitted dosing, the subjects not treated.
@Suite struct RulesScreenTests {
    @Test(arguments: DemoFixture.sizes) func theTrippedRuleAndEachCountAgainstItsThreshold(size: (width: Int, height: Int)) throws {
        let context = try DemoFixture.context()
        let screen = RulesScreen(context: context)
        let lines = DemoFixture.frame(screen, context, width: size.width, height: size.height)
        #expect(lines.count == size.height && lines.allSatisfy { $0.displayWidth <= size.width })
        #expect(lines[0].contains("Stopping rules"))
        #expect(lines[2].contains("DEMO-CART-01 · 8 subjects · 6 infused · 2 evaluable · 1 not treated"))
        #expect(lines[3].contains("STATE  ⚠ PAUSED — enrolment paused · tripped: sentinel-dlt"))
        #expect(lines[4].contains("logged #") && lines[4].contains("paused (sentinel-dlt), aegrade"))
        func rule(_ id: String) -> String? { lines.first { $0.dropFirst(3).hasPrefix(id + " ") } }
        #expect(rule("sentinel-dlt")?.hasPrefix(" ⚠ sentinel-dlt      count    ●● 2 of ≥ 2 in the first 3 evaluable (2 so far)") == true)
        #expect(rule("rcl-any")?.contains("✓ rcl-any") == true && rule("rcl-any")?.contains("○ 0 of ≥ 1 subjects") == true)
        #expect(rule("grade5-any")?.contains("0 of ≥ 1 subjects") == true)
        // A monitoring rule at the current number of evaluable subjects: Pocock cannot stop at n = 2.
        #expect(rule("dlt-pocock")?.contains("Pocock   2 of n = 2 — no stop possible yet (≥ 3 at n = 3)") == true)
        #expect(rule("icans-bayes")?.contains("Bayes    ●○ 1 of n = 2; stops at ≥ 2") == true)
        #expect(lines.contains { $0.contains("TRIPPED → pauseEnrolment · Two DLTs among the first three evaluable") })
        #expect(lines.contains { $0.contains("counted: P-002, P-005") })
    }

    @Test func dosingAndNotTreatedAtTheLargerSize() throws {
        let context = try DemoFixture.context()
        let lines = DemoFixture.frame(RulesScreen(context: context), context, width: 120, height: 40)
        #expect(lines.contains { $0.contains("cohort-stagger") && $0.contains("0 dosed < 2 d after the previous; see DOSING") })
        #expect(lines.contains { $0.hasPrefix("  next permitted dosing: any time (trial-wide; see the cohorts below)") })
        let cohort = try #require(lines.first { $0.hasPrefix("    cohort DL2: from ") })
        #expect(cohort.contains(" — in "))
        #expect(lines.contains { $0.contains("enrolment: ⚠ paused until the data monitoring committee has reviewed") })
        #expect(lines.contains { $0 == "NOT TREATED (1)" })
        #expect(lines.contains { $0.contains("P-007") && $0.contains("manufacturing failure: T-cell expansion below the release specification · replaced") })
        #expect(lines.contains { $0.contains("waiting for infusion: P-008") })
    }

    @Test func at80x24TabReachesEachSection() throws {
        let context = try DemoFixture.context()
        let screen = RulesScreen(context: context)
        var lines = DemoFixture.frame(screen, context, width: 80, height: 24)
        #expect(!lines.contains { $0.hasPrefix("NOT TREATED") } && lines[22].hasSuffix("↓"))
        _ = screen.handle(.tab, context: context)
        #expect(DemoFixture.frame(screen, context, width: 80, height: 24)[2].hasPrefix("RULES "))
        _ = screen.handle(.tab, context: context)
        lines = DemoFixture.frame(screen, context, width: 80, height: 24)
        // The last section fits below DOSING, so the document stops at its end.
        #expect(lines.contains { $0 == "DOSING" } && lines.contains { $0 == "NOT TREATED (1)" })
        #expect(lines.contains { $0.contains("waiting for infusion: P-008") })
        _ = screen.handle(.home, context: context)
        #expect(DemoFixture.frame(screen, context, width: 80, height: 24)[3].contains("STATE"))
    }

    @Test(arguments: DemoFixture.sizes) func withoutAProtocolItSaysSoPlainly(size: (width: Int, height: Int)) throws {
        let context = try DemoFixture.context(withProtocol: false)
        let lines = DemoFixture.frame(RulesScreen(context: context), context, width: size.width, height: size.height)
        #expect(lines[0].contains("no protocol"))
        #expect(lines[1] == " No protocol is loaded, so no stopping rule is evaluated.")
        #expect(lines.contains { $0.contains("--protocol") })
        // What the log recorded is still shown.
        #expect(lines.contains { $0.contains("The log's last rule status (#") && $0.contains("paused — tripped sentinel-dlt") })
    }

    @Test func aTrialThatContinuesSaysSoAndDosesAnyTime() throws {
        let directory = DemoFixture.temporaryDirectory("continue")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let store = try SQLiteEventStore(path: directory + "/aegrade.db", mode: .readWrite(create: true))
        let recorder = LogRecorder(store: store, criteria: DemoFixture.criteria, signedIn: .unauthenticated(Author(id: "dr.chen", role: .principalInvestigator)))
        _ = try recorder.event(kind: .enrollment, patient: "S-01", time: "2026-01-05T09:00:00+08:00",
                               data: EventPayload.enrollment(cohort: nil), reason: "eligible")
        let trial = try TrialProtocol.load(bytes: Array(DemoProtocol.text.utf8), name: "protocol.yaml", criteria: DemoFixture.criteria)
        let context = try BedsideContext(store: store, criteria: DemoFixture.criteria, trial: trial, signedIn: .system, colors: false)
        let lines = DemoFixture.frame(RulesScreen(context: context), context, width: 80, height: 24)
        #expect(lines[1].contains("1 subjects · 0 infused · 0 evaluable · 0 not treated"))
        #expect(lines[2].contains("STATE  ✓ continue — no rule has tripped"))
        #expect(lines[3].contains("logged: nothing (no rule has tripped)"))
        #expect(lines.contains { $0.contains("dlt-pocock") && $0.contains("0 of n = 0 — no stop possible yet (≥ 3 at n = 3)") })
    }

    @Test func theScreenFollowsTheLog() throws {
        let directory = DemoFixture.temporaryDirectory("follow")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let store = try SQLiteEventStore(path: directory + "/aegrade.db", mode: .readWrite(create: true))
        let trial = try TrialProtocol.load(bytes: Array(DemoProtocol.text.utf8), name: "protocol.yaml", criteria: DemoFixture.criteria)
        let context = try BedsideContext(store: store, criteria: DemoFixture.criteria, trial: trial, signedIn: .system, colors: false)
        let screen = RulesScreen(context: context)
        #expect(DemoFixture.frame(screen, context, width: 80, height: 24)[1].contains("0 subjects"))
        let recorder = LogRecorder(store: store, criteria: DemoFixture.criteria, signedIn: .unauthenticated(Author(id: "dr.chen", role: .principalInvestigator)))
        _ = try recorder.event(kind: .manufacturingFailure, patient: "S-02", time: "2026-01-05T09:00:00+08:00",
                               data: .object([("replaced", .bool(false))]), reason: "vector lot failed release")
        #expect(try context.reloadIfChanged())
        screen.logChanged(context: context)
        let lines = DemoFixture.frame(screen, context, width: 80, height: 24)
        #expect(lines[1].contains("1 subjects") && lines[1].contains("1 not treated"))
    }
}
