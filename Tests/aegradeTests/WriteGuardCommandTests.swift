import Foundation
import Testing
import TestSupport

/// The write commands refuse a clinical time ahead of the clock, naming the field, and a role the
/// role table does not allow to write (a monitor reads only).
@Suite struct WriteGuardCommandTests {
    static func scratch() throws -> (URL, String) {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("aegrade-guard-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return (directory, directory.appendingPathComponent("aegrade.db").path)
    }

    /// An ISO 8601 time `seconds` from the real clock, in UTC.
    static func time(fromNow seconds: Double) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = TimeZone(identifier: "UTC")
        return formatter.string(from: Date().addingTimeInterval(seconds))
    }

    static func assessment(at time: String, spo2: Int = 97) -> String {
        #"{"patient": {"id": "G-01", "ageYears": 50}, "time": "\#(time)", "vitals": {"temperature": {"value": 38.4, "unit": "C"}, "spo2": \#(spo2)}}"#
    }

    @Test func recordRefusesATimeAheadOfTheClockNamingTheField() throws {
        let (directory, db) = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: directory) }
        // 21 hours ahead is refused; 2 minutes ahead (clocks disagree) and an hour ago are written
        let output = try Run.aegrade(["record", "--db", db, "--user", "nurse.li"],
                                          stdin: Self.assessment(at: Self.time(fromNow: 21 * 3600)) + "\n"
                                              + Self.assessment(at: Self.time(fromNow: 120)) + "\n" + Self.assessment(at: Self.time(fromNow: -3600)))
        #expect(output.status == 1, "\(output.stdout) \(output.stderr)")
        let lines = output.stdout.split(separator: "\n")
        #expect(lines.count == 3)
        #expect(lines.first?.contains(#""field":"time""#) == true && lines.first?.contains("ahead of the clock") == true, "\(output.stdout)")
        #expect(lines.dropFirst().allSatisfy { $0.contains(#""seq""#) }, "\(output.stdout)")
    }

    @Test func logEventAndLogCorrectRefuseAFutureTime() throws {
        let (directory, db) = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: directory) }
        let recorded = try Run.aegrade(["record", "--db", db, "--user", "nurse.li"], stdin: Self.assessment(at: Self.time(fromNow: -3600)))
        try #require(recorded.status == 0, "\(recorded.stderr)")
        let event = try Run.aegrade(["log", "event", "--db", db, "--user", "dr.wang", "--role", "physician", "--kind", "note",
                                          "--patient", "G-01", "--time", Self.time(fromNow: 6 * 3600), "--data", #"{"text": "x"}"#,
                                          "--reason", "a note"])
        #expect(event.status == 1, "\(event.stdout) \(event.stderr)")
        #expect(event.stderr.contains("time:") && event.stderr.contains("cannot be in the future"), "\(event.stderr)")
        let correct = try Run.aegrade(["log", "correct", "--db", db, "--user", "dr.wang", "--role", "physician", "--event", "2",
                                            "--reason", "time mistyped"], stdin: Self.assessment(at: Self.time(fromNow: 3 * 3600)))
        #expect(correct.status == 1, "\(correct.stdout) \(correct.stderr)")
        #expect(correct.stderr.contains("time:") && correct.stderr.contains("ahead of the clock"), "\(correct.stderr)")
        let export = try Run.aegrade(["log", "export", "--db", db])
        #expect(!export.stdout.contains(#""kind":"note""#) && !export.stdout.contains(#""kind":"correction""#))
    }

    @Test func logCorrectNamesTheOverrideItLapses() throws {
        let (directory, db) = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: directory) }
        let recorded = try Run.aegrade(["record", "--db", db, "--user", "nurse.li"], stdin: Self.assessment(at: Self.time(fromNow: -3600)))
        try #require(recorded.status == 0, "\(recorded.stderr)")
        let override = try Run.aegrade(["log", "override", "--db", db, "--user", "dr.wang", "--role", "physician", "--event", "3",
                                             "--criteria", "astct-2019-crs", "--grade", "3", "--reason", "looks worse"])
        try #require(override.status == 0, "\(override.stderr)")
        let correct = try Run.aegrade(["log", "correct", "--db", db, "--user", "dr.wang", "--role", "physician", "--event", "2",
                                            "--reason", "SpO2 misread"], stdin: Self.assessment(at: Self.time(fromNow: -3600), spo2: 95))
        #expect(correct.status == 0, "\(correct.stderr)")
        // The override is signed in its own transaction (seq 5); the correction, its grades and its signature follow.
        #expect(correct.stdout == #"{"seq":[6,7,8]}"# + "\n", "\(correct.stdout)")
        #expect(correct.stderr.contains("the override of astct-2019-crs to 3 (event 4, by dr.wang) lapses with this correction")
                && correct.stderr.contains("override grades event 7 again"), "\(correct.stderr)")
    }

    @Test(arguments: ["monitor", "safety"])
    func aReadOnlyRoleWritesNothing(role: String) throws {
        let (directory, db) = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: directory) }
        let recorded = try Run.aegrade(["record", "--db", db, "--user", "nurse.li"], stdin: Self.assessment(at: Self.time(fromNow: -3600)))
        try #require(recorded.status == 0, "\(recorded.stderr)")
        let attempts: [[String]] = [
            ["record", "--db", db, "--user", "cra.zhou", "--role", role],
            ["log", "correct", "--db", db, "--user", "cra.zhou", "--role", role, "--event", "2", "--reason", "looks wrong"],
            ["log", "override", "--db", db, "--user", "cra.zhou", "--role", role, "--event", "3", "--criteria", "astct-2019-crs",
             "--grade", "2", "--reason", "looks worse"],
            ["log", "event", "--db", db, "--user", "cra.zhou", "--role", role, "--kind", "note", "--patient", "G-01",
             "--time", Self.time(fromNow: -60), "--data", #"{"text": "x"}"#, "--reason", "a note"],
        ]
        for arguments in attempts {
            let output = try Run.aegrade(arguments, stdin: Self.assessment(at: Self.time(fromNow: -1800), spo2: 90))
            #expect(output.status == 2, "\(arguments[0...1]): \(output.stdout) \(output.stderr)")
            #expect(output.stderr.contains("--role \(role) may not"), "\(output.stderr)")
        }
        let export = try Run.aegrade(["log", "export", "--db", db])
        #expect(!export.stdout.contains("cra.zhou"))
    }
}
