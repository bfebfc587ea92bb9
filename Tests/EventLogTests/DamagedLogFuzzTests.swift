import Clinical
import EventLog
import Foundation
import Testing
import TestSupport

extension ThroughTheBinary {
    /// Nothing read from disk may crash the program: every reading command, on randomly damaged
    /// copies of a real log, ends with an exit status (0, 1 or 2, and a reason on standard error
    /// for 2), never a trap or a signal.
    @Suite("Damaged logs") struct DamagedLogFuzzTests {
        /// The seed: `AEGRADE_TEST_SEED` to repeat another run, else a fixed one, so CI repeats.
        private static func seed() -> UInt64 {
            ProcessInfo.processInfo.environment["AEGRADE_TEST_SEED"].flatMap(UInt64.init) ?? 20_261_206
        }

        /// At most this many damaged copies, and no new copy once this many seconds have passed.
        static let copies = 40
        static let seconds: Double = 150

        /// A log written through the product with every kind of event a reader meets: recorded
        /// assessments (observations and grades), a correction, an override, clinical events, notes.
        private static func makeRichLog(in scratch: Scratch) throws -> String {
            let path = try ThroughTheBinary.makeProductLog(in: scratch)
            var lines: [String] = []
            for index in 0..<40 {
                let time = "2026-11-2\(2 + index % 6)T0\(index % 10):00:00+08:00"
                let celsius = 37.5 + Double(index % 20) / 10
                lines.append(Bedside.crs(patient: "P-\(index % 5)", time: time, celsius: celsius, hypotension: index % 3 == 0,
                                         norepinephrine: index % 7 == 0))
            }
            let more = lines.joined(separator: "\n")
            let record = try Run.aegrade(["record", "--db", path, "--key", AccountsFixture.keyFile(for: path), "--batch", "10"], stdin: more)
            try #require(record.status == 0, "\(record.transcript)")
            // The first observation is seq 12 after the accounts and the record's sign-in; the second's grades 15
            let correct = try Run.aegrade(as: .physician, ["log", "correct", "--db", path, "--event", "12",
                                                           "--reason", "typo"], input: Bedside.crs(patient: "P-1", celsius: 37.2))
            try #require(correct.status == 0, "\(correct.transcript)")
            let override = try Run.aegrade(as: .physician, ["log", "override", "--db", path, "--event", "15",
                                            "--criteria", "astct-2019-crs", "--grade", "3", "--reason", "clinical judgement"])
            try #require(override.status == 0, "\(override.transcript)")
            return path
        }

        /// Values a tamperer (or damage) may leave in a column: of every storage class, invalid
        /// UTF-8, and JSON whose numbers no integer holds.
        static let hostileValues = [
            "NULL", "42", "-1", "1e308", "x'ff00fe'", "CAST(x'c328e29c' AS TEXT)", "''", "'[]'", "'null'", "'{}'",
            #"'{"observationSeq":1e300,"results":[{"criteria":"","grade":1e300},{"criteria":"astct-2019-crs","grade":-7}]}'"#,
            #"'{"supersedesSeq":-9.3e18,"criteria":"/","grade":99,"reason":"x"}'"#,
            #"'{"observationSeq":9223372036854775807,"results":[{"criteria":"ctcae-5-labs","term":"","grade":2.5}]}'"#,
            #"'{"assessment":{"patient":{"id":"P-1"}},"supersedesSeq":2}'"#,
            #"'{"observationSeq":2,"results":[{"criteria":"astct-2019-crs","grade":null,"atLeast":1e300}]}'"#,
        ]
        static let columns = ["id", "kind", "patient", "clinicalTime", "recordTime", "timeZone", "authorId", "authorRole", "terminal",
                              "productVersion", "payload", "prevHash", "hash"]

        /// Damages the file at `path` one way, chosen by `random`; returns what was done.
        private static func damage(_ path: String, using random: inout SplitMix64) throws -> String {
            let size = try (FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
            let pageSize = 16_384
            let handle = try FileHandle(forUpdating: URL(fileURLWithPath: path))
            defer { try? handle.close() }
            switch Int.random(in: 0..<8, using: &random) {
            case 0:
                let count = Int.random(in: 1...64, using: &random)
                let offset = Int.random(in: 0..<max(1, size - count), using: &random)
                try handle.seek(toOffset: UInt64(offset))
                handle.write(Data((0..<count).map { _ in UInt8.random(in: 0...255, using: &random) }))
                return "\(count) random bytes at \(offset)"
            case 1:
                let page = Int.random(in: 1..<max(2, size / pageSize), using: &random)
                try handle.seek(toOffset: UInt64(page * pageSize))
                handle.write(Data(count: pageSize))
                return "page \(page + 1) zeroed"
            case 2:
                var flipped: [Int] = []
                for _ in 0..<Int.random(in: 1...8, using: &random) {
                    let offset = Int.random(in: 100..<size, using: &random)
                    try handle.seek(toOffset: UInt64(offset))
                    var byte = [UInt8](try handle.read(upToCount: 1) ?? Data([0]))
                    byte[0] ^= UInt8(1) << UInt8.random(in: 0..<8, using: &random)
                    try handle.seek(toOffset: UInt64(offset))
                    handle.write(Data(byte))
                    flipped.append(offset)
                }
                return "bits flipped at \(flipped)"
            case 3:
                let pages = Int.random(in: 1..<max(2, size / pageSize), using: &random)
                try handle.truncate(atOffset: UInt64(pages * pageSize))
                return "truncated to \(pages) pages"
            case 4, 5:
                // A value of any type in any column, NULL in a NOT NULL one too (as a damaged
                // record header gives): the constraints are taken out of the stored schema first.
                let column = columns.randomElement(using: &random) ?? "payload"
                let value = Bool.random(using: &random) ? "NULL" : hostileValues.randomElement(using: &random) ?? "NULL"
                let seq = Int.random(in: 1...60, using: &random)
                try handle.close()
                try LogFile.sqlite(path, "PRAGMA writable_schema = ON; UPDATE sqlite_master SET sql = replace(sql, 'NOT NULL', '') WHERE name = 'event';")
                try LogFile.sqlite(path, "DROP TRIGGER eventNoUpdate; UPDATE event SET \(column) = \(value) WHERE seq = \(seq);")
                return "\(column) = \(value) at seq \(seq)"
            case 6:
                // A rule status whose counts no integer holds (the board shows the last one).
                let seq = Int.random(in: 2...60, using: &random)
                try handle.close()
                try LogFile.sqlite(path, """
                    DROP TRIGGER eventNoUpdate; UPDATE event SET kind = 'ruleStatus', patient = NULL,
                    payload = '{"asOf":"2026-11-22T00:00:00Z","counts":{"r1":1e300,"r2":-1e19},"status":"paused","tripped":["r1"]}' WHERE seq = \(seq);
                    """)
                return "a rule status with huge counts at seq \(seq)"
            default:
                let (a, b) = (Int.random(in: 1...60, using: &random), Int.random(in: 1...60, using: &random))
                try handle.close()
                try LogFile.sqlite(path, "DROP TRIGGER eventNoUpdate; UPDATE event SET payload = (SELECT payload FROM event WHERE seq = \(a)) WHERE seq = \(b);")
                return "payload of seq \(a) put at seq \(b)"
            }
        }

        @Test func noReadingCommandCrashesOnARandomlyDamagedLog() throws {
            let seed = Self.seed()
            print("damaged-log seed \(seed) (repeat with AEGRADE_TEST_SEED=\(seed))")
            var random = SplitMix64(seed: seed)
            let scratch = try Scratch()
            defer { scratch.remove() }
            let original = try Self.makeRichLog(in: scratch)
            let trial = Run.packageRoot.appendingPathComponent("Examples/protocol.yaml").path
            let commands: [[String]] = [
                ["log", "verify"], ["log", "verify", "--quick"], ["log", "replay"], ["log", "export"], ["log", "export", "--format", "csv"],
                ["log", "checkpoint"], ["log", "regrade"], ["report", "--protocol", trial], ["rules", "status", "--protocol", trial],
            ]
            var findings: [String] = []
            let end = Date().addingTimeInterval(Self.seconds)
            var done = 0
            for copy in 0..<Self.copies where Date() < end {
                let path = scratch.path("damaged-\(copy).db")
                try FileManager.default.copyItem(atPath: original, toPath: path)
                let what = try Self.damage(path, using: &random)
                for command in commands {
                    let output = try Run.aegrade(command + ["--db", path])
                    if output.signaled || !(0...2).contains(output.status) {
                        findings.append("copy \(copy) (\(what)): \(command.joined(separator: " ")) ended with \(output.signaled ? "signal" : "status") \(output.status): \(output.stderr.suffix(300))")
                    } else if output.status == 2, output.stderr.isEmpty {
                        findings.append("copy \(copy) (\(what)): \(command.joined(separator: " ")) exit 2 without a reason")
                    }
                }
                // The board's first load, in a real terminal, on every fourth copy.
                if copy % 4 == 0, let finding = try Self.boardFinding(path) {
                    findings.append("copy \(copy) (\(what)): board \(finding)")
                }
                done += 1
            }
            print("damaged-log seed \(seed): \(done) damaged copies, \(findings.count) findings")
            #expect(done > 0)
            #expect(findings.isEmpty, "seed \(seed): \(findings.joined(separator: "\n"))")
        }

        /// Opens the board on `path` in tmux and signs in as the fixture's nurse: nil when it drew
        /// its sign-in screen and then either its first frame (and quit on `q`), or stayed at the
        /// sign-in screen refusing a sign-in the damaged log cannot record (and quit on Ctrl-C), or
        /// refused with an exit status; otherwise what went wrong.
        private static func boardFinding(_ path: String) throws -> String? {
            let session = try TmuxSession(command: "exec '\(Run.binary.path)' board --db '\(path)'", width: 100, height: 30,
                                          environment: ["LANG": "C.UTF-8"])
            defer { session.kill() }
            var status: Int32?
            let signIn = session.waitUntil(timeout: .seconds(30)) { lines in
                status = try? session.exitStatus()
                return status != nil || lines.contains { $0.contains("Sign in to the bedside board") }
            }
            guard signIn else { return "neither drew its sign-in nor ended within 30 s" }
            if status == nil {
                try session.type(AccountsFixture.user(.nurse))
                try session.sendKeys("Tab")
                try session.type(AccountsFixture.password)
                try session.sendKeys("Enter")
                let board = session.waitUntil(timeout: .seconds(10)) { lines in
                    status = try? session.exitStatus()
                    return status != nil || lines.contains { $0.contains("Triage board") }
                }
                if status == nil {
                    try session.sendKeys(board ? "q" : "C-c")
                    status = session.waitForExit(timeout: .seconds(10))
                }
            }
            // A board that cannot read the log says so and still quits on q.
            guard let status else { return "did not quit on q: \(try session.capture().joined(separator: "\n"))" }
            return status >= 128 ? "ended with signal \(status - 128)" : (status <= 2 ? nil : "exit \(status)")
        }
    }
}
