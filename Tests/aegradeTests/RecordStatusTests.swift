import Foundation
import Testing
import TestSupport

/// `aegrade record --protocol`: a change of the stopping-rule status is appended to the log.
@Suite struct RecordStatusTests {
    @Test func aTrippedRuleIsLoggedOnceWithWhoRecordedIt() throws {
        // Given the demo trial (one rule already tripped and logged)
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("aegrade-status-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        #expect(try Run.aegrade(["demo", directory.path]).status == 0)
        let db = directory.appendingPathComponent("aegrade.db").path
        let trial = directory.appendingPathComponent("protocol.yaml").path
        func statusEvents() throws -> [String] {
            try Run.aegrade(["log", "export", "--db", db]).lines.filter { $0.contains("\"kind\":\"ruleStatus\"") }
        }
        let before = try statusEvents()
        // When a death from CRS is recorded with the protocol, a minute ago: after every infusion
        // of the demo, whose clinical times are set back from the clock (a fixed date fell before
        // P-001's infusion once the clock had moved far enough on, and then counted for no rule)
        let now = Date()
        let time = ISO8601DateFormatter().string(from: now.addingTimeInterval(-60))
        let death = #"{"patient":{"id":"P-001","ageYears":40},"time":""# + time + #"","outcome":{"death":"crs"}}"#
        let recorded = try Run.aegrade(["record", "--db", db, "--key", AccountsFixture.keyFile(for: db), "--protocol", trial], stdin: death)
        #expect(recorded.status == 0, "\(recorded.stderr)")
        #expect(recorded.stderr.contains("stopping-rule status changed"))
        // Then one more ruleStatus event, by aegrade itself, naming the grade-5 rule
        let after = try statusEvents()
        #expect(after.count == before.count + 1)
        #expect(after.last?.contains(#""author":{"id":"aegrade","role":"system"}"#) == true, "\(after.last ?? "")")
        #expect(after.last?.contains("grade5-any") == true)
        // And recording something that changes nothing logs nothing more
        let calmTime = ISO8601DateFormatter().string(from: now.addingTimeInterval(-30))
        let calm = #"{"patient":{"id":"P-002","ageYears":40},"time":""# + calmTime + #"","vitals":{"temperature":{"value":37.0,"unit":"C"}}}"#
        #expect(try Run.aegrade(["record", "--db", db, "--key", AccountsFixture.keyFile(for: db), "--protocol", trial], stdin: calm).status == 0)
        #expect(try statusEvents().count == after.count)
        #expect(try Run.aegrade(["rules", "status", "--db", db, "--protocol", trial]).status == 1, "a paused trial exits 1")
    }
}

/// `aegrade report`: the DMC summary and its CSV for R and SAS.
@Suite struct ReportCommandTests {
    @Test func summaryAndCSVCoverEverySubject() throws {
        // Given the demo trial
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("aegrade-report-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        #expect(try Run.aegrade(["demo", directory.path]).status == 0)
        let db = directory.appendingPathComponent("aegrade.db").path
        let trial = directory.appendingPathComponent("protocol.yaml").path
        // When the report is asked for
        let text = try Run.aegrade(["report", "--db", db, "--protocol", trial])
        let csv = try Run.aegrade(["report", "--db", db, "--protocol", trial, "--csv"])
        // Then the summary has the totals per criteria, a line per subject and the rule status
        #expect(text.status == 0, "\(text.stderr)")
        #expect(text.stdout.contains("astct-2019-crs:") && text.stdout.contains("grade ≥ 3"))
        #expect(text.stdout.contains("PAUSED"))
        // And the CSV has its header and one row per subject (8 in the demo)
        #expect(csv.status == 0)
        let rows = csv.lines
        #expect(rows.first?.hasPrefix("patient,cohort,infusion,evaluable,firstDLT,astct-2019-crs.worst") == true)
        #expect(rows.count == 1 + 8, "\(rows.count) rows")
        #expect(rows.contains { $0.hasPrefix("P-007,") && $0.contains("manufacturing failure") })
        // And a missing protocol is a usage error
        #expect(try Run.aegrade(["report", "--db", db, "--protocol", "/nonexistent.yaml"]).status == 2)
    }
}

/// `aegrade record` reads its input as `aegrade grade` does (`grade-io.md`): the same three forms,
/// a byte order mark ignored, one error per broken input.
@Suite struct RecordInputFormTests {
    @Test func aPrettyPrintedObjectAfterAByteOrderMarkIsRecorded() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("aegrade-record-form-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let db = directory.appendingPathComponent("trial.db").path
        let object = """
            \u{FEFF}{
              "patient": {"id": "BED-03", "ageYears": 40},
              "time": "2026-11-22T08:00:00+08:00",
              "vitals": {"temperature": {"value": 38.4, "unit": "C"}}
            }
            """
        let recorded = try Run.aegrade(["record", "--db", db, "--key", AccountsFixture.keyFile(for: db)], stdin: object)
        #expect(recorded.status == 0, "\(recorded.stdout) \(recorded.stderr)")
        #expect(recorded.lines.count == 1 && recorded.lines[0].contains("\"seq\""), "\(recorded.stdout)")
    }

    @Test func aPrettyPrintedObjectWithOneSyntaxErrorIsOneErrorAndNothingIsRecorded() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("aegrade-record-form-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let db = directory.appendingPathComponent("trial.db").path
        let first = #"{"patient":{"id":"BED-03","ageYears":40},"time":"2026-11-22T07:00:00+08:00","vitals":{"temperature":{"value":37.0,"unit":"C"}}}"#
        #expect(try Run.aegrade(["record", "--db", db, "--key", AccountsFixture.keyFile(for: db)], stdin: first).status == 0)
        let broken = """
            {
              "patient": {"id": "BED-03", "ageYears": 40},
              "time": "2026-11-22T08:00:00+08:00",
              "vitals": {"temperature": {"value": 38.4 "unit": "C"}}
            }
            """
        let recorded = try Run.aegrade(["record", "--db", db, "--key", AccountsFixture.keyFile(for: db)], stdin: broken)
        #expect(recorded.status == 1, "\(recorded.stdout) \(recorded.stderr)")
        #expect(recorded.lines.count == 1, "one error for one assessment: \(recorded.stdout)")
        #expect(recorded.lines.first?.contains("line 4, column") == true, "\(recorded.stdout)")
        let exported = try Run.aegrade(["log", "export", "--db", db])
        #expect(exported.status == 0, "\(exported.stderr)")
        #expect(exported.lines.filter { $0.contains("\"kind\":\"observation\"") }.count == 1, "nothing more recorded: \(exported.stdout)")
    }
}
