import Foundation
import Testing
import TestSupport

/// `aegrade log checkpoint` and `aegrade log verify --checkpoint FILE` through the built binary,
/// as a monitor uses them from one visit to the next, on a log made with the test accounts (README, "Signed checkpoints").
@Suite struct CheckpointCommandTests {
    /// A log with the test accounts and `entries` recorded assessments (each an observation and
    /// its grades), and a log key beside it (written as `LogKey` writes one, mode 0600, unless
    /// the log already has one).
    static func makeLog(_ directory: URL, entries: Int = 3) throws -> String {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let db = directory.appendingPathComponent("trial.db").path
        let serviceKey = AccountsFixture.keyFile(for: db)
        for _ in 0..<entries {
            let recorded = try Run.aegrade(["record", "--db", db, "--key", serviceKey], stdin: calm)
            try #require(recorded.status == 0, "\(recorded.transcript)")
        }
        let key = db + ".logkey"
        if !FileManager.default.fileExists(atPath: key) {
            let seed = (0..<32).map { _ in String(format: "%02x", UInt8.random(in: 0...255)) }.joined()
            try #require(FileManager.default.createFile(atPath: key, contents: Data("aegrade-log-key \(seed)\n".utf8),
                                                        attributes: [.posixPermissions: 0o600]))
        }
        return db
    }

    static let calm = #"{"patient":{"id":"P-002","ageYears":40},"time":"2026-11-25T11:00:00+08:00","vitals":{"temperature":{"value":37.0,"unit":"C"}}}"#

    @Test func aMonitorsCheckpointHoldsAtTheNextVisitAndADamagedOneNamesItsLine() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("aegrade-checkpoint-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let db = try Self.makeLog(directory)
        let visit1 = directory.appendingPathComponent("visit-1.checkpoint").path
        // Given a checkpoint made at the first visit and kept in the visit report
        let made = try Run.aegrade(["log", "checkpoint", "--db", db, "--out", visit1])
        #expect(made.status == 0, "\(made.transcript)")
        let lines = made.lines
        #expect(lines.count == 4, "origin, size, root, signature: \(made.stdout)")
        #expect(lines.first?.hasPrefix("aegrade/") == true)
        #expect(lines.last?.hasPrefix("\u{2014} \(lines.first ?? "")") == true)
        #expect(try String(contentsOfFile: visit1, encoding: .utf8) == made.stdout)
        // And the log records it (a note by aegrade) and goes on
        let export = try Run.aegrade(["log", "export", "--db", db]).lines
        #expect(export.last?.contains(#""author":{"id":"aegrade","role":"system"}"#) == true)
        #expect(export.last?.contains("signed checkpoint: \(lines[1]) events") == true, "\(export.last ?? "")")
        let recorded = try Run.aegrade(["record", "--db", db, "--key", AccountsFixture.keyFile(for: db)], stdin: Self.calm)
        #expect(recorded.status == 0, "\(recorded.transcript)")
        // When the next visit verifies the log against it (the file, or its text as $(cat FILE) gives it)
        let verified = try Run.aegrade(["log", "verify", "--db", db, "--checkpoint", visit1, "--quick"])
        #expect(verified.status == 0, "\(verified.transcript)")
        let text = try String(contentsOfFile: visit1, encoding: .utf8)
        let byText = try Run.aegrade(["log", "verify", "--db", db, "--checkpoint", String(text.dropLast()), "--quick"])
        #expect(byText.status == 0, "\(byText.transcript)")
        // And a second checkpoint is signed consistent with the first
        #expect(try Run.aegrade(["log", "checkpoint", "--db", db]).status == 0)
        // Then a checkpoint file with a damaged line is refused, naming the line
        let damaged = directory.appendingPathComponent("damaged.checkpoint").path
        try text.replacingOccurrences(of: "\n\(lines[1])\n", with: "\n0\(lines[1])\n").write(toFile: damaged, atomically: true, encoding: .utf8)
        let refused = try Run.aegrade(["log", "verify", "--db", db, "--checkpoint", damaged, "--quick"])
        #expect(refused.status == 2, "\(refused.transcript)")
        #expect(refused.stderr.contains("checkpoint line 2: the tree size"), "\(refused.stderr)")
        // And one whose size was changed (the signature no longer covers it) fails its signature
        let resized = directory.appendingPathComponent("resized.checkpoint").path
        let smaller = (Int(lines[1]) ?? 2) - 1
        try text.replacingOccurrences(of: "\n\(lines[1])\n", with: "\n\(smaller)\n").write(toFile: resized, atomically: true, encoding: .utf8)
        let forged = try Run.aegrade(["log", "verify", "--db", db, "--checkpoint", resized, "--quick"])
        #expect(forged.status == 1, "\(forged.transcript)")
        #expect(forged.stdout.hasPrefix("FAIL at seq 0: checkpoint signature: the signature of"), "\(forged.stdout)")
        // And against another public key (--public-key) it is not the log's key's
        let other = try Run.aegrade(["log", "verify", "--db", db, "--checkpoint", visit1, "--quick", "--public-key", String(repeating: "ab", count: 32)])
        #expect(other.status == 1, "\(other.transcript)")
        #expect(other.stdout.contains("not signed by this log's key"), "\(other.stdout)")
    }

    @Test func aTruncatedLogFailsTheMonitorsCheckpointAndChainFormStillWorks() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("aegrade-checkpoint-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let db = try Self.makeLog(directory)
        let kept = directory.appendingPathComponent("kept.checkpoint").path
        let chain = try Run.aegrade(["log", "checkpoint", "--chain", "--db", db])
        #expect(chain.status == 0)
        #expect(chain.stdout.range(of: #"^[0-9]+:[0-9a-f]{64}\n$"#, options: .regularExpression) != nil, "\(chain.stdout)")
        let made = try Run.aegrade(["log", "checkpoint", "--db", db, "--out", kept])
        try #require(made.status == 0, "\(made.transcript)")
        let size = try #require(Int(made.lines[1]))
        // When the log's tail is deleted below the checkpoint's size with the sqlite3 shell, the trigger put back
        let trigger = try Run.tool("sqlite3", [db, "SELECT sql || ';' FROM sqlite_master WHERE name = 'eventNoDelete';"]).stdout
        let cut = try Run.tool("sqlite3", ["-bail", db], stdin: "DROP TRIGGER eventNoDelete; DELETE FROM event WHERE seq > \(size - 2); \(trigger)")
        try #require(cut.status == 0, "\(cut.transcript)")
        // Then verify alone passes, and against the checkpoint it names the first missing event
        #expect(try Run.aegrade(["log", "verify", "--db", db, "--quick"]).status == 0)
        let against = try Run.aegrade(["log", "verify", "--db", db, "--checkpoint", kept, "--quick"])
        #expect(against.status == 1, "\(against.transcript)")
        #expect(against.stdout.hasPrefix("FAIL at seq \(size - 1): truncated: the checkpoint covers \(size) events"), "\(against.stdout)")
        // And the old SEQ:HASH form still names the truncation too
        let old = try Run.aegrade(["log", "verify", "--db", db, "--checkpoint", chain.stdout.trimmingCharacters(in: .newlines), "--quick"])
        #expect(old.status == 1)
    }

    @Test func noLogKeyIsAClearUsageError() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("aegrade-checkpoint-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let db = try Self.makeLog(directory)
        try FileManager.default.removeItem(atPath: db + ".logkey")
        let output = try Run.aegrade(["log", "checkpoint", "--db", db])
        #expect(output.status == 2, "\(output.transcript)")
        #expect(output.stderr.contains("no log key"), "\(output.stderr)")
        #expect(output.stdout.isEmpty)
    }
}
