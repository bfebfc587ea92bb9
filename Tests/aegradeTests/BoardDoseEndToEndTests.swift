import Foundation
import Testing
import TestSupport

/// The board's rules screen shows the dose decision, in a real terminal (tmux is required: this
/// fails, never skips).
@Suite(.serialized) struct BoardDoseEndToEndTests {
    @Test func theRulesScreenShowsTheDoseDecisionAndThatNobodyIsDosedWhilePaused() throws {
        // Given the demo trial (a rule has paused enrolment) whose protocol gains a BOIN section
        // over its two cohorts
        let demo = try BoardDemo.make()
        defer { demo.remove() }
        let protocolURL = demo.directory.appendingPathComponent("protocol.yaml")
        let text = try String(contentsOf: protocolURL, encoding: .utf8) + """

            doseFinding:
              doses:
                - {label: DL1, dose: 1e6/kg}
                - {label: DL2, dose: 2e6/kg}
              design: boin
              target: 0.3
              maxSubjects: 12

            """
        try Data(text.utf8).write(to: protocolURL)
        let rules = try Run.aegrade(["rules", "dose", "--db", demo.database, "--protocol", protocolURL.path])
        try #require(rules.status == 0, "\(rules.stderr)")
        let decision = try #require(rules.lines.first { $0.hasPrefix("decision: ") })
        // When a nurse opens the rules screen
        let session = try demo.signedInBoard(user: BoardDemo.nurse, width: 120, height: 80)
        defer { session.kill() }
        try session.sendKeys("r")
        // Then the dose section shows the levels, the decision as `rules dose` states it, and nobody dosed now
        #expect(session.waitFor("DOSE FINDING", timeout: .seconds(20)), "\(session)")
        let lines = try session.capture()
        #expect(lines.contains { $0.hasPrefix("  level     dose") }, "\(lines.joined(separator: "\n"))")
        #expect(lines.contains { $0.hasPrefix(" ▶DL") || $0.hasPrefix("  DL1") })
        let word = String(decision.dropFirst("decision: ".count).prefix { $0 != " " }).uppercased()
        #expect(lines.contains { $0.hasPrefix("  decision: \(word) — ") }, "\(decision)")
        #expect(lines.contains { $0.hasPrefix("  next subject: ⚠ nobody now") })
        #expect(lines.contains { $0.contains("the trial is paused by a stopping rule (sentinel-dlt)") })
    }
}
