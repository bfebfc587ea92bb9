import Clinical
@testable import EventLog
import Foundation
import Safety
import Terminal
import Testing
@testable import Bedside

/// The rules screen's dose-finding section: per dose the subjects treated, evaluable, with a DLT
/// and pending; the decision and why; the next subject's dose, nobody while the trial is paused.
@Suite struct RulesScreenDoseTests {
    /// The demo protocol with a BOIN section over the demo's two cohorts (their infusions name the
    /// cohort, which matches the levels' labels).
    static let doseFinding = """

        doseFinding:
          doses:
            - {label: DL1, dose: 1e6/kg}
            - {label: DL2, dose: 2e6/kg}
          design: boin
          target: 0.3
          maxSubjects: 12

        """

    static func context() throws -> BedsideContext {
        let directory = DemoFixture.directory
        let store = try SQLiteEventStore(path: directory + "/" + DemoTrial.logName, mode: .readOnly)
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: directory + "/" + DemoTrial.protocolName))) + Array(doseFinding.utf8)
        let trial = try TrialProtocol.load(bytes: bytes, name: DemoTrial.protocolName, criteria: DemoFixture.criteria)
        return try BedsideContext(store: store, criteria: DemoFixture.criteria, trial: trial,
                                  signedIn: .unauthenticated(Author(id: "nurse.li", role: .nurse)), colors: false)
    }

    @Test func thePausedDemoShowsTheDoseDecisionAndDosesNobody() throws {
        let context = try Self.context()
        let lines = DemoFixture.frame(RulesScreen(context: context), context, width: 120, height: 80)
        let trial = try #require(context.trial), asOf = try #require(context.status?.asOf)
        let status = try #require(DoseEscalationStatus.evaluate(trial, events: context.events, asOf: asOf))
        #expect(lines.contains { $0 == "DOSE FINDING" }, "\(lines.joined(separator: "\n"))")
        // One row per level, with its counts as the evaluation gives them
        for (index, dose) in status.doses.enumerated() {
            let row = try #require(lines.first { $0.dropFirst(2).hasPrefix(dose.level.label + " ") }, "\(dose.level.label)")
            let words = row.split(separator: " ").map(String.init)
            #expect(words.contains("\(dose.treated.count)") && words.contains("\(dose.evaluable)"), "\(row)")
            #expect(row.hasPrefix(index == status.current ? " ▶" : "  "), "\(row)")
        }
        #expect(lines.contains { $0.hasPrefix("  decision: \(status.actionWord.uppercased()) — ") })
        // The demo has tripped a rule that pauses enrolment: nobody is dosed now
        #expect(lines.contains { $0.hasPrefix("  next subject: ⚠ nobody now") })
        #expect(lines.contains { $0.contains("the trial is paused by a stopping rule (sentinel-dlt)") })
    }

    @Test func withoutADoseFindingSectionTheScreenHasNone() throws {
        let context = try DemoFixture.context()
        let lines = DemoFixture.frame(RulesScreen(context: context), context, width: 120, height: 80)
        #expect(!lines.contains { $0 == "DOSE FINDING" })
    }
}
