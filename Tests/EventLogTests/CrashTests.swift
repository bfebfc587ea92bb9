import Clinical
import EventLog
import Foundation
import Testing
import TestSupport
#if canImport(Glibc)
import Glibc
#endif

extension ThroughTheBinary {
    /// Writers killed with SIGKILL at random moments lose nothing they acknowledged and leave
    /// nothing half-written.
    @Suite("Crash") struct CrashTests {
        /// The storm's seed: `AEGRADE_TEST_SEED` to repeat a run, else the clock.
        private static func seed() -> UInt64 {
            if let text = ProcessInfo.processInfo.environment["AEGRADE_TEST_SEED"], let seed = UInt64(text) { return seed }
            return UInt64(Date().timeIntervalSince1970 * 1000)
        }

        @Test func writersKilledAtRandomLoseNoAcknowledgedEvent() throws {
            // Given 4 stress-append writers on one new log (with the accounts they sign in with)
            let seed = Self.seed()
            print("crash storm seed \(seed) (repeat with AEGRADE_TEST_SEED=\(seed))")
            var random = SplitMix64(seed: seed)
            let scratch = try Scratch()
            defer { scratch.remove() }
            let path = scratch.path("log.db")
            let key = AccountsFixture.keyFile(for: path)
            var runs = 0
            var ackFiles: [URL] = [], errFiles: [URL] = []
            func start(_ writer: Int) throws -> Process {
                runs += 1
                ackFiles.append(scratch.file("acks-\(runs).txt"))
                errFiles.append(scratch.file("err-\(runs).txt"))
                return try Run.startAegrade(["log", "stress-append", "--db", path, "--key", key, "--writer", "\(writer)"],
                                            stdout: ackFiles.last!, stderr: errFiles.last!)
            }
            var writers = try (0..<4).map { try start($0) }
            // Each writer's current acknowledgement file.
            var current = Array(0..<4)
            var killed: [Process] = []
            var killedAfterWork = 0
            // When 100 times a random writer is killed with SIGKILL and restarted: every other time
            // once it has acknowledged at least one event (a writer killed in the middle of its
            // work), otherwise after a random 5–50 ms (also while it starts or opens the log).
            // Counted, not timed, so that a slow machine runs the same storm.
            func hasAcknowledged(_ writer: Int) -> Bool {
                ((try? FileManager.default.attributesOfItem(atPath: ackFiles[current[writer]].path))?[.size] as? Int ?? 0) > 0
            }
            for round in 0..<100 {
                var victim = Int.random(in: 0..<4, using: &random)
                if round.isMultiple(of: 2) {
                    // A writer that has acknowledged work since it started (SQLite's lock is not
                    // fair, so waiting for one given writer could take long; one of four soon has).
                    let worked = Run.waitUntil(seconds: 30) { (0..<4).contains(where: hasAcknowledged) }
                    try #require(worked, "seed \(seed): no writer acknowledged anything within 30 s")
                    let candidates = (0..<4).filter(hasAcknowledged)
                    victim = candidates[Int.random(in: 0..<candidates.count, using: &random)]
                    killedAfterWork += 1
                } else {
                    usleep(UInt32.random(in: 5_000...50_000, using: &random))
                }
                Run.kill9(writers[victim], wait: false)
                killed.append(writers[victim])
                writers[victim] = try start(victim)
                current[victim] = ackFiles.count - 1
            }
            for writer in writers { Run.kill9(writer, wait: false) }
            for process in killed + writers { process.waitUntilExit() }
            let kills = killed.count
            // And a last writer opens the log once more (SQLite rolls back any interrupted commit)
            let last = try Run.aegrade(["log", "stress-append", "--db", path, "--key", key, "--writer", "last", "--count", "1"])
            try #require(last.status == 0, "seed \(seed): \(last.transcript)")
            // Then every acknowledged (seq, hash) is in the log with that hash
            var acks = try ackFiles.flatMap { LogFile.acks(in: try String(contentsOf: $0, encoding: .utf8)) }
            acks += LogFile.acks(in: last.stdout)
            let rows = try LogFile.rows(path)
            let stored = Dictionary(uniqueKeysWithValues: rows.map { ($0.seq, $0.hash) })
            print("crash storm seed \(seed): \(kills) kills, \(runs) writer runs, \(acks.count) acknowledged, \(rows.count) events")
            #expect(kills == 100, "seed \(seed)")
            #expect(acks.count >= killedAfterWork, "seed \(seed): each writer killed after its work had acknowledged something")
            let lost = acks.filter { stored[$0.seq] != $0.hash }
            #expect(lost.isEmpty, "seed \(seed): acknowledged but lost or changed: \(lost.prefix(5))")
            #expect(Set(acks.map(\.seq)).count == acks.count, "seed \(seed): no seq acknowledged twice")
            // And the sequence is gap-free, the chain verifies, SQLite's structure is sound
            #expect(rows.map(\.seq) == Array(1...Int64(rows.count)), "seed \(seed)")
            #expect(rows.first?.kind == "genesis")
            let verify = try Run.aegrade(["log", "verify", "--db", path])
            #expect(verify.status == 0, "seed \(seed): \(verify.transcript)")
            #expect(try LogFile.integrityCheck(path) == ["ok"], "seed \(seed)")
            // And no writer ever reported an error (no busy error reaches the user)
            let errors = try errFiles.map { try String(contentsOf: $0, encoding: .utf8) }.filter { !$0.isEmpty }
            #expect(errors.isEmpty, "seed \(seed): \(errors.prefix(3))")
        }

        @Test func aRecordKilledBeforeCommitLeavesNeitherObservationNorGrades() throws {
            // Given a product-written log (seq 1–24)
            let scratch = try Scratch()
            defer { scratch.remove() }
            let path = try ThroughTheBinary.makeProductLog(in: scratch)
            let before = try LogFile.rows(path)
            try Data(Bedside.crs(patient: "T2", hypotension: true).utf8).write(to: scratch.file("t2.json"))
            // When record pauses 5 s inside its write transaction (observation and grades
            // inserted, not committed) and is killed with SIGKILL there
            let record = try Run.startAegrade(["record", "--db", path, "--key", AccountsFixture.keyFile(for: path)],
                                              environment: ["AEGRADE_TEST_PAUSE_BEFORE_COMMIT": "5"], stdin: scratch.file("t2.json"),
                                              stdout: scratch.file("out"), stderr: scratch.file("err"))
            // (the writer says on standard error when it waits before COMMIT)
            let inTransaction = Run.waitForText("aegrade-test: paused before commit", in: scratch.file("err"), seconds: 30)
            let printedBeforeKill = try String(contentsOf: scratch.file("out"), encoding: .utf8)
            Run.kill9(record)
            try #require(inTransaction, "the writer reached its transaction")
            #expect(record.terminationReason == .uncaughtSignal)
            // Then nothing was acknowledged and neither the observation nor its grades are visible,
            // nor the login of its sign-in, which was in the same transaction
            #expect(printedBeforeKill.isEmpty)
            let after = try LogFile.rows(path)
            #expect(after == before)
            #expect(!after.contains { $0.patient == "T2" })
            #expect(try Run.aegrade(["log", "verify", "--db", path]).status == 0)
            let replay = try Run.aegrade(["log", "replay", "--db", path])
            // (by its patient field: "T2" alone also matches a record time such as "…04T21:…")
            #expect(replay.status == 0 && !replay.stdout.contains(#""patient":"T2""#), "\(replay.transcript)")
            // And the next record gets the next seqs
            let next = try Run.aegrade(["record", "--db", path, "--key", AccountsFixture.keyFile(for: path)], stdin: Bedside.crs(patient: "T2"))
            #expect(next.status == 0, "\(next.transcript)")
            // (its login at 25, written with the entry)
            #expect(next.stdout.contains("\"seq\":[26,27]"), "\(next.stdout)")
        }

        @Test func recordPrintsItsLineOnlyAfterTheCommit() throws {
            // Given a product-written log
            let scratch = try Scratch()
            defer { scratch.remove() }
            let path = try ThroughTheBinary.makeProductLog(in: scratch)
            try Data(Bedside.crs(patient: "A-1").utf8).write(to: scratch.file("a.json"))
            // When record pauses 2 s before its commit
            let record = try Run.startAegrade(["record", "--db", path, "--key", AccountsFixture.keyFile(for: path)],
                                              environment: ["AEGRADE_TEST_PAUSE_BEFORE_COMMIT": "2"], stdin: scratch.file("a.json"),
                                              stdout: scratch.file("out"), stderr: scratch.file("err"))
            let inTransaction = Run.waitForText("aegrade-test: paused before commit", in: scratch.file("err"), seconds: 30)
            let duringPause = try String(contentsOf: scratch.file("out"), encoding: .utf8)
            let countDuringPause = try LogFile.count(path)
            record.waitUntilExit()
            // Then nothing was printed (nor visible to a reader) during the pause, and after the
            // commit the line names seqs that are in the log
            try #require(inTransaction)
            #expect(duringPause.isEmpty)
            #expect(countDuringPause == 24)  // the product log: the login of this record's sign-in commits with its entry
            #expect(record.terminationStatus == 0)
            #expect(try String(contentsOf: scratch.file("out"), encoding: .utf8) == "{\"patient\":\"A-1\",\"time\":\"2026-11-22T00:00:00Z\",\"seq\":[26,27]}\n")
            #expect(try LogFile.rows(path).suffix(2).map(\.kind) == ["observation", "grades"])
        }
    }

    /// Several processes appending to one file at once.
    @Suite("Concurrency") struct ConcurrencyTests {
        @Test func fourWritersOfFiveHundredEventsMakeOneGapFreeSequence() throws {
            // Given a new log with its accounts only (genesis and \(AccountsFixture.events - 1) accounts)
            let scratch = try Scratch()
            defer { scratch.remove() }
            let path = scratch.path("log.db")
            let key = AccountsFixture.keyFile(for: path)
            // When 4 stress-append processes each sign in and append 500 events at once
            let writers = try (0..<4).map { writer in
                try Run.startAegrade(["log", "stress-append", "--db", path, "--key", key, "--writer", "\(writer)", "--count", "500"],
                                     stdout: scratch.file("acks-\(writer)"), stderr: scratch.file("err-\(writer)"))
            }
            for writer in writers { writer.waitUntilExit() }
            // Then all exit 0 with no error output and 500 acknowledgements each
            for (index, writer) in writers.enumerated() {
                #expect(writer.terminationStatus == 0, "writer \(index)")
                #expect(try String(contentsOf: scratch.file("err-\(index)"), encoding: .utf8).isEmpty, "writer \(index)")
                #expect(LogFile.acks(in: try String(contentsOf: scratch.file("acks-\(index)"), encoding: .utf8)).count == 500)
            }
            // And the log holds the accounts, 4 sign-ins and 2,000 notes in one gap-free sequence
            let rows = try LogFile.rows(path)
            let total = Int64(AccountsFixture.events) + 4 + 2000
            #expect(rows.count == total)
            #expect(rows.map(\.seq) == Array(1...total))
            #expect(rows.filter { $0.kind == "login" }.count == 4)
            #expect(rows.filter { $0.kind == "genesis" }.count == 1)
            // And every writer's events are in its own order
            for writer in 0..<4 {
                let texts = rows.filter { $0.patient == "STRESS-\(writer)" }.map(\.payload)
                #expect(texts == (0..<500).map { #"{"text":"writer \#(writer) event \#($0)"}"# }, "writer \(writer)")
            }
            #expect(try Run.aegrade(["log", "verify", "--db", path]).status == 0)
        }
    }
}
