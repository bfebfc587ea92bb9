import Clinical
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
        let output = try Run.aegrade(["record", "--db", db, "--key", AccountsFixture.keyFile(for: db)],
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
        let recorded = try Run.aegrade(["record", "--db", db, "--key", AccountsFixture.keyFile(for: db)], stdin: Self.assessment(at: Self.time(fromNow: -3600)))
        try #require(recorded.status == 0, "\(recorded.stderr)")
        let event = try Run.aegrade(["log", "event", "--db", db, "--key", AccountsFixture.keyFile(for: db), "--kind", "note",
                                          "--patient", "G-01", "--time", Self.time(fromNow: 6 * 3600), "--data", #"{"text": "x"}"#,
                                          "--reason", "a note"])
        #expect(event.status == 1, "\(event.stdout) \(event.stderr)")
        #expect(event.stderr.contains("time:") && event.stderr.contains("cannot be in the future"), "\(event.stderr)")
        // seq 12: the observation, after the accounts and the record's sign-in
        let correct = try Run.aegrade(as: .physician, ["log", "correct", "--db", db, "--event", "12",
                                                       "--reason", "time mistyped"], input: Self.assessment(at: Self.time(fromNow: 3 * 3600)))
        #expect(correct.status == 1, "\(correct.stdout) \(correct.stderr)")
        #expect(correct.stderr.contains("time:") && correct.stderr.contains("ahead of the clock"), "\(correct.stderr)")
        let export = try Run.aegrade(["log", "export", "--db", db])
        #expect(!export.stdout.contains(#""kind":"note""#) && !export.stdout.contains(#""kind":"correction""#))
    }

    @Test func logCorrectNamesTheOverrideItLapses() throws {
        let (directory, db) = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: directory) }
        let recorded = try Run.aegrade(["record", "--db", db, "--key", AccountsFixture.keyFile(for: db)], stdin: Self.assessment(at: Self.time(fromNow: -3600)))
        try #require(recorded.status == 0, "\(recorded.stderr)")
        // seq 12 the observation, 13 its grades (after the accounts and the record's sign-in);
        // each command's sign-in is a login event before its write
        let override = try Run.aegrade(as: .physician, ["log", "override", "--db", db, "--event", "13",
                                                        "--criteria", "astct-2019-crs", "--grade", "3", "--reason", "looks worse"])
        try #require(override.status == 0, "\(override.stderr)")
        let correct = try Run.aegrade(as: .physician, ["log", "correct", "--db", db, "--event", "12",
                                                       "--reason", "SpO2 misread"], input: Self.assessment(at: Self.time(fromNow: -3600), spo2: 95))
        #expect(correct.status == 0, "\(correct.stderr)")
        // The override (15) is signed in its own transaction (16); after the next sign-in (17) the
        // correction, its grades and its signature follow.
        #expect(correct.lines.first == #"{"seq":[18,19,20]}"#, "\(correct.stdout)")
        #expect(correct.stderr.contains("the override of astct-2019-crs to 3 (event 15, by dr.wang) lapses with this correction")
                && correct.stderr.contains("override grades event 19 again"), "\(correct.stderr)")
    }

    @Test(arguments: [Role.monitor, .safety, .dataManager, .inspector, .administrator])
    func aReadOnlyRoleWritesNothing(role: Role) throws {
        let (directory, db) = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: directory) }
        let recorded = try Run.aegrade(["record", "--db", db, "--key", AccountsFixture.keyFile(for: db)], stdin: Self.assessment(at: Self.time(fromNow: -3600)))
        try #require(recorded.status == 0, "\(recorded.stderr)")
        let input = Self.assessment(at: Self.time(fromNow: -1800), spo2: 90)
        let attempts: [([String], String?)] = [
            (["record", "--db", db], input),
            (["log", "correct", "--db", db, "--event", "12", "--reason", "looks wrong"], input),
            (["log", "override", "--db", db, "--event", "13", "--criteria", "astct-2019-crs", "--grade", "2", "--reason", "looks worse"], nil),
            (["log", "event", "--db", db, "--kind", "note", "--patient", "G-01", "--time", Self.time(fromNow: -60), "--data", #"{"text": "x"}"#,
              "--reason", "a note"], nil),
        ]
        // Each signed in on a terminal as the account holding the role: refused (exit 1) by the role table
        for (arguments, input) in attempts {
            let output = try Run.aegrade(as: role, arguments, input: input)
            #expect(output.status == 1, "\(arguments[0...1]): \(output.stdout)")
            #expect(output.stderr.contains(role.rawValue) && output.stderr.contains("may not"), "\(output.stderr)")
        }
        // Nothing but their sign-ins bears their name
        let export = try Run.aegrade(["log", "export", "--db", db])
        let user = AccountsFixture.user(role)
        for line in export.lines where line.contains(#""id":"\#(user)""#) {
            #expect(line.contains(#""kind":"login""#) || line.contains(#""kind":"userAdmin""#), "\(line)")
        }
    }
}
