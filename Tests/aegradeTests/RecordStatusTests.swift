import Foundation
import Testing

/// `aegrade record --protocol`: a change of the stopping-rule status is appended to the log.
@Suite struct RecordStatusTests {
    @Test func aTrippedRuleIsLoggedOnceWithWhoRecordedIt() throws {
        // Given the demo trial (one rule already tripped and logged)
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("aegrade-status-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        #expect(try BinaryRunner.run(["demo", directory.path]).status == 0)
        let db = directory.appendingPathComponent("aegrade.db").path
        let trial = directory.appendingPathComponent("protocol.yaml").path
        func statusEvents() throws -> [String] {
            try BinaryRunner.run(["log", "export", "--db", db]).lines.filter { $0.contains("\"kind\":\"ruleStatus\"") }
        }
        let before = try statusEvents()
        // When a death from CRS is recorded with the protocol
        let death = #"{"patient":{"id":"P-001","ageYears":40},"time":"2026-11-25T10:00:00+08:00","outcome":{"death":"crs"}}"#
        let recorded = try BinaryRunner.run(["record", "--db", db, "--user", "dr.li", "--role", "physician", "--protocol", trial], stdin: death)
        #expect(recorded.status == 0, "\(recorded.stderr)")
        #expect(recorded.stderr.contains("stopping-rule status changed"))
        // Then one more ruleStatus event, by dr.li, naming the grade-5 rule
        let after = try statusEvents()
        #expect(after.count == before.count + 1)
        #expect(after.last?.contains("\"id\":\"dr.li\"") == true)
        #expect(after.last?.contains("grade5-any") == true)
        // And recording something that changes nothing logs nothing more
        let calm = #"{"patient":{"id":"P-002","ageYears":40},"time":"2026-11-25T11:00:00+08:00","vitals":{"temperature":{"value":37.0,"unit":"C"}}}"#
        #expect(try BinaryRunner.run(["record", "--db", db, "--user", "dr.li", "--protocol", trial], stdin: calm).status == 0)
        #expect(try statusEvents().count == after.count)
        #expect(try BinaryRunner.run(["rules", "status", "--db", db, "--protocol", trial]).status == 1, "a paused trial exits 1")
    }
}
