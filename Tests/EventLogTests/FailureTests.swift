import Clinical
import EventLog
import Foundation
import GRDB
import Testing
#if canImport(Glibc)
import Glibc
import TestSupport
#endif

extension ThroughTheBinary {
    /// Disk full, read-only, locked, corrupt, interrupted: a clear error and the log as it was
    /// (README, "Durability and concurrency").
    @Suite("Failures leave the log as it was") struct FailureTests {

        private func pageCount(_ path: String) throws -> Int {
            try LogFile.reader(path).read { db in try Int.fetchOne(db, sql: "PRAGMA page_count") ?? 0 }
        }

        // MARK: Disk full

        @Test func stressAppendUntilTheDiskIsFullKeepsEveryAcknowledgedEventAndResumes() throws {
            // Given a new log with its accounts, on a "disk" of 12 pages more than it holds (SQLite max_page_count)
            let scratch = try Scratch()
            defer { scratch.remove() }
            let path = scratch.path("log.db")
            let key = AccountsFixture.keyFile(for: path)
            let budget = try pageCount(path) + 12
            // When a writer signs in and appends until the disk is full
            let full = try Run.aegrade(["log", "stress-append", "--db", path, "--key", key, "--writer", "w"],
                                       environment: ["AEGRADE_TEST_MAX_PAGE_COUNT": "\(budget)"])
            // Then it stops with exit 3 and a clear message
            #expect(full.status == 3, "\(full.transcript)")
            #expect(full.stderr.contains("the disk holding the log is full; nothing from this entry was written"), "\(full.stderr)")
            let acks = LogFile.acks(in: full.stdout)
            try #require(acks.count > 10, "the budget holds some events first")
            // And every acknowledged event is there with its hash, and nothing after the last
            let rows = try LogFile.rows(path)
            for ack in acks { #expect(rows.first { $0.seq == ack.seq }?.hash == ack.hash, "seq \(ack.seq)") }
            #expect(rows.map(\.seq) == Array(1...acks.last!.seq))
            #expect(try pageCount(path) <= budget)
            #expect(try Run.aegrade(["log", "verify", "--db", path]).status == 0)
            // When the disk has room again, appends resume at the next seq after the writer's sign-in
            let resumed = try Run.aegrade(["log", "stress-append", "--db", path, "--key", key, "--writer", "w", "--count", "3"])
            #expect(resumed.status == 0, "\(resumed.transcript)")
            #expect(LogFile.acks(in: resumed.stdout).map(\.seq) == Array((acks.last!.seq + 2)...(acks.last!.seq + 4)))
            #expect(try Run.aegrade(["log", "verify", "--db", path]).status == 0)
        }

        @Test func recordUntilTheDiskIsFullWritesWholeEntriesOnly() throws {
            // Given a product-written log with three pages of room left
            let (path, scratch) = try ThroughTheBinary.makeProductLogInScratch()
            defer { scratch.remove() }
            let budget = try pageCount(path) + 6
            let input = (0..<60).map { Bedside.crs(patient: "F-\($0)", celsius: 38 + Double($0 % 10) / 10) }.joined(separator: "\n")
            // When sixty assessments are recorded
            let full = try Run.aegrade(["record", "--db", path, "--key", AccountsFixture.keyFile(for: path)], stdin: input,
                                       environment: ["AEGRADE_TEST_MAX_PAGE_COUNT": "\(budget)"])
            // Then record stops with exit 3 and says the disk is full
            #expect(full.status == 3, "\(full.transcript)")
            #expect(full.stderr.contains("aegrade record: \(path): the disk holding the log is full"), "\(full.stderr)")
            let printed = try full.lines.map { try JSONParser.parse($0)["seq"]?.elements.compactMap(\.number).map { Int64($0) } ?? [] }
            try #require(!printed.isEmpty && printed.count < 60, "some entries fit, not all")
            // And every printed entry is in the log, and nothing after the last: no observation
            // without its grades
            let rows = try LogFile.rows(path)
            for seqs in printed {
                #expect(seqs.count == 2)
                #expect(seqs.allSatisfy { seq in rows.contains { $0.seq == seq } })
            }
            #expect(rows.last?.seq == printed.last?.last)
            #expect(rows.filter { $0.kind == "observation" }.count == rows.filter { $0.kind == "grades" }.count)
            #expect(try Run.aegrade(["log", "verify", "--db", path]).status == 0)
            // When the disk has room again, the next entry gets the next seqs
            let next = try Run.aegrade(["record", "--db", path, "--key", AccountsFixture.keyFile(for: path)], stdin: Bedside.crs(patient: "F-next"))
            #expect(next.status == 0, "\(next.transcript)")
            // (after the login event of its sign-in)
            let last = printed.last!.last!
            #expect(next.stdout.contains("\"seq\":[\(last + 2),\(last + 3)]"), "\(next.stdout)")
        }

        // MARK: Read-only

        private func asUnprivileged(_ arguments: [String], stdin: String? = nil) throws -> ProcessOutput {
            try Run.aegradeUnprivileged(arguments, stdin: stdin)
        }

        @Test(.enabled(if: getuid() != 0 || Run.hasTool("setpriv"),
                       "as root, needs util-linux setpriv to run the binary as an unprivileged user (root ignores 0444)"))
        func aReadOnlyFileRefusesTheWriteClearlyAndStaysAsItWas() throws {
            // Given a product-written log, mode 0444, in a world-readable directory
            let (path, scratch) = try ThroughTheBinary.makeProductLogInScratch()
            defer { scratch.remove() }
            try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: scratch.url.path)
            try FileManager.default.setAttributes([.posixPermissions: 0o444], ofItemAtPath: path)
            defer { try? FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: path) }
            // The service key belongs to the user who runs the commands (a key file must be its reader's own)
            if getuid() == 0 { #expect(chown(AccountsFixture.keyFile(for: path), 65534, 65534) == 0) }
            let hash = try Bytes.sha256(path)
            // When an unprivileged user records an assessment and appends an event
            let record = try asUnprivileged(["record", "--db", path, "--key", AccountsFixture.keyFile(for: path)], stdin: Bedside.crs(patient: "P-9"))
            let event = try asUnprivileged(["log", "event", "--db", path, "--key", AccountsFixture.keyFile(for: path), "--kind", "note",
                                            "--patient", "P-9", "--time", "2026-11-22T08:00:00Z", "--reason", "ward round"])
            // Then both exit 3 saying the log is read-only and nothing was written
            #expect(record.status == 3, "\(record.transcript)")
            #expect(record.stderr.contains("the log is read-only; nothing was written"), "\(record.stderr)")
            #expect(record.stdout.isEmpty, "no line printed for an entry not written")
            #expect(event.status == 3, "\(event.transcript)")
            #expect(event.stderr.contains("the log is read-only"), "\(event.stderr)")
            // And the user can still read and verify it, and the file is byte-identical
            let verify = try asUnprivileged(["log", "verify", "--db", path])
            #expect(verify.status == 0, "\(verify.transcript)")
            #expect(try Bytes.sha256(path) == hash)
            #expect(try LogFile.count(path) == 24)
            #expect(!FileManager.default.fileExists(atPath: path + "-journal"))
        }

        // MARK: Locked

        @Test func aLockedLogMakesTheWriterReportItLockedAndWriteNothing() throws {
            // Given a product-written log and another process holding it with BEGIN EXCLUSIVE
            let (path, scratch) = try ThroughTheBinary.makeProductLogInScratch()
            defer { scratch.remove() }
            let hash = try Bytes.sha256(path)
            let release = scratch.path("release")
            let holder = try Run.start(URL(fileURLWithPath: "/usr/bin/env"), ["python3", "-c", """
                import os, sqlite3, sys, time
                c = sqlite3.connect(sys.argv[1], isolation_level=None)
                c.execute("BEGIN EXCLUSIVE")
                print("locked", flush=True)
                deadline = time.time() + 30
                while not os.path.exists(sys.argv[2]) and time.time() < deadline:
                    time.sleep(0.01)
                c.execute("ROLLBACK")
                """, path, release], stdout: scratch.file("holder.out"), stderr: scratch.file("holder.err"))
            defer {
                _ = FileManager.default.createFile(atPath: release, contents: nil)
                holder.waitUntilExit()
            }
            try #require(Run.waitUntil(seconds: 20) {
                ((try? String(contentsOf: scratch.file("holder.out"), encoding: .utf8)) ?? "").contains("locked")
            }, "the python3 holder took the lock")
            // When a writer with a 1 s busy timeout records an assessment, and a reader verifies
            let start = Date()
            let record = try Run.aegrade(["record", "--db", path, "--key", AccountsFixture.keyFile(for: path)], stdin: Bedside.crs(patient: "P-9"),
                                         environment: ["AEGRADE_TEST_BUSY_TIMEOUT": "1"])
            let waited = Date().timeIntervalSince(start)
            let verify = try Run.aegrade(["log", "verify", "--db", path], environment: ["AEGRADE_TEST_BUSY_TIMEOUT": "1"])
            // Then the writer waited, then reported the log locked with exit 3, printing no line
            #expect(record.status == 3, "\(record.transcript)")
            #expect(record.stderr.contains("the log is locked by another process; nothing was written"), "\(record.stderr)")
            #expect(record.stdout.isEmpty)
            #expect(waited >= 0.9, "waited \(waited) s")
            #expect(verify.status == 2, "\(verify.transcript)")
            #expect(verify.stderr.contains("locked by another process"), "\(verify.stderr)")
            // When the holder lets go
            _ = FileManager.default.createFile(atPath: release, contents: nil)
            holder.waitUntilExit()
            // Then nothing was written, and the retried entry is written once with the next seqs
            #expect(try Bytes.sha256(path) == hash)
            let retry = try Run.aegrade(["record", "--db", path, "--key", AccountsFixture.keyFile(for: path)], stdin: Bedside.crs(patient: "P-9"))
            #expect(retry.status == 0, "\(retry.transcript)")
            // (after the login event of its sign-in, 25)
            #expect(retry.stdout.contains("\"seq\":[26,27]"), "\(retry.stdout)")
            #expect(try LogFile.count(path) == 27)
        }

        // MARK: Corrupt

        @Test func aCorruptLogGivesAClearErrorAndIsNeverWritten() throws {
            // Given a log of 2,000 notes written through the store, with the last page of its
            // events overwritten by garbage (the page the next append reads and links to)
            let scratch = try Scratch()
            defer { scratch.remove() }
            let path = scratch.path("log.db")
            try LogFile.writeNotes(path, patientPrefix: "P-")
            // (the last leaf page of the event table)
            let (pageSize, leaves) = try LogFile.leafPages(path, of: "event")
            try #require(leaves.count > 10, "the table spans many pages")
            try Bytes.garble(path, offset: UInt64((leaves[leaves.count - 1] - 1) * pageSize), count: pageSize)
            let hash = try Bytes.sha256(path)
            // When the product is asked to append, verify, replay
            let record = try Run.aegrade(["record", "--db", path, "--key", AccountsFixture.keyFile(for: path)], stdin: Bedside.crs(patient: "P-1"))
            let event = try Run.aegrade(["log", "event", "--db", path, "--key", AccountsFixture.keyFile(for: path), "--kind", "note", "--patient", "P-1",
                                         "--time", "2026-11-22T08:00:00Z", "--reason", "ward round"])
            let stress = try Run.aegrade(["log", "stress-append", "--db", path, "--key", AccountsFixture.keyFile(for: path), "--writer", "w", "--count", "1"])
            let verify = try Run.aegrade(["log", "verify", "--db", path])
            let replay = try Run.aegrade(["log", "replay", "--db", path])
            // Then every write is refused with a clear message, verify fails, replay errs
            for (name, output) in [("record", record), ("event", event), ("stress-append", stress)] {
                #expect(output.status == 2, "\(name): \(output.transcript)")
                #expect(output.stderr.contains("the log is damaged"), "\(name): \(output.stderr)")
                #expect(output.stderr.contains("left untouched"), "\(name)")
                #expect(output.stdout.isEmpty, "\(name)")
            }
            #expect(verify.status == 1, "\(verify.transcript)")
            #expect(verify.stdout.hasPrefix("FAIL"), "\(verify.stdout)")
            #expect(replay.status == 2, "\(replay.transcript)")
            // And the file is byte-identical, with no journal left
            #expect(try Bytes.sha256(path) == hash)
            #expect(!FileManager.default.fileExists(atPath: path + "-journal"))
        }

        @Test func aCorruptPageDeepInTheLogIsFoundByVerifyAndLeftAsItWasByAppends() throws {
            // Given a log of 2,000 notes written through the store, with a leaf page of its events
            // in the middle of the file overwritten by garbage
            let scratch = try Scratch()
            defer { scratch.remove() }
            let path = scratch.path("log.db")
            try LogFile.writeNotes(path, patientPrefix: "P-")
            let (pageSize, leaves) = try LogFile.leafPages(path, of: "event")
            try #require(leaves.count > 10, "the table spans many pages")
            let offset = UInt64((leaves[leaves.count / 2] - 1) * pageSize)
            try Bytes.garble(path, offset: offset, count: pageSize)
            let page = try Self.bytes(path, offset: offset, count: pageSize)
            // When the product is asked to verify, replay and append
            let before = try Run.aegrade(["log", "verify", "--db", path])
            let replay = try Run.aegrade(["log", "replay", "--db", path])
            let record = try Run.aegrade(["record", "--db", path, "--key", AccountsFixture.keyFile(for: path)], stdin: Bedside.crs(patient: "P-1"))
            let after = try Run.aegrade(["log", "verify", "--db", path, "--quick"])
            // Then verify and replay, which read every page, find it. A writer checks only what an
            // append reads and links to (the header, the schema, the last events' chain) rather
            // than the whole file in one read that would hold every other terminal's save, so the
            // append is written; it neither reads the old page nor changes it, and verify still
            // finds the damage afterwards.
            #expect(before.status == 1 && before.stdout.hasPrefix("FAIL"), "\(before.transcript)")
            #expect(replay.status == 2, "\(replay.transcript)")
            #expect(record.status == 0, "\(record.transcript)")
            #expect(try Self.bytes(path, offset: offset, count: pageSize) == page)
            #expect(after.status == 1 && after.stdout.hasPrefix("FAIL"), "\(after.transcript)")
        }

        static func bytes(_ path: String, offset: UInt64, count: Int) throws -> Data {
            let handle = try FileHandle(forReadingFrom: URL(fileURLWithPath: path))
            defer { try? handle.close() }
            try handle.seek(toOffset: offset)
            return try handle.read(upToCount: count) ?? Data()
        }

        // MARK: Not a log

        @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/time"), "needs GNU time to measure peak memory"))
        func aLargeFileIsJudgedByItsHeaderWithoutBeingReadWhole() throws {
            // Given a 1 GiB file that is not SQLite (sparse, so it costs no disk)
            let scratch = try Scratch()
            defer { scratch.remove() }
            let path = scratch.path("big.bin")
            _ = FileManager.default.createFile(atPath: path, contents: nil)
            let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
            try handle.truncate(atOffset: 1 << 30)
            try handle.close()
            // When verify is pointed at it, under GNU time
            let output = try Run.process(URL(fileURLWithPath: "/usr/bin/time"), ["-f", "peak %M KB", Run.binary.path, "log", "verify", "--db", path])
            // Then it is refused as not a log, having read only its header (peak memory far below 1 GiB)
            #expect(output.status == 2, "\(output.transcript)")
            #expect(output.stderr.contains("not an aegrade log (not an SQLite database)"), "\(output.stderr)")
            let peak = output.stderr.split(separator: "\n").last.flatMap { line in
                line.hasPrefix("peak ") ? Int(line.dropFirst(5).prefix { $0.isNumber }) : nil
            }
            #expect((peak ?? Int.max) < 200_000, "peak \(peak.map { "\($0) KB" } ?? "unknown")")
        }

        @Test func aForeignFileGivenToRecordIsRefusedAndLeftAsItWas() throws {
            // Given an SQLite database of another application and a text file
            let scratch = try Scratch()
            defer { scratch.remove() }
            let foreign = scratch.path("other.db"), text = scratch.path("notes.txt")
            _ = try LogFile.sqlite(foreign, "CREATE TABLE t (x); INSERT INTO t VALUES (1);")
            try Data("not a database at all, just some words\n".utf8).write(to: URL(fileURLWithPath: text))
            let hashes = (try Bytes.sha256(foreign), try Bytes.sha256(text))
            // When record is pointed at each
            let one = try Run.aegrade(["record", "--db", foreign, "--key", AccountsFixture.keyFile(for: foreign)], stdin: Bedside.crs(patient: "P-1"))
            let two = try Run.aegrade(["record", "--db", text, "--key", AccountsFixture.keyFile(for: text)], stdin: Bedside.crs(patient: "P-1"))
            // Then both are refused as not a log (exit 2), byte-identical
            for output in [one, two] {
                #expect(output.status == 2, "\(output.transcript)")
                #expect(output.stderr.contains("not an aegrade log"), "\(output.stderr)")
                #expect(output.stdout.isEmpty)
            }
            #expect(try Bytes.sha256(foreign) == hashes.0)
            #expect(try Bytes.sha256(text) == hashes.1)
        }
    }
}
