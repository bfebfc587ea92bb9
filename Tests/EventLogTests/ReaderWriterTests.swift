import Clinical
import EventLog
import Foundation
import Testing
import TestSupport

extension ThroughTheBinary {
    /// Readers hold their read lock only for short slices, so a bedside save is never held up by
    /// an export, a verify or a replay for longer than one slice (README, "Durability and
    /// concurrency").
    @Suite("Readers do not stall writers") struct ReaderWriterTests {
        @Test func aWriterCommitsWhileAnExportIsHalfWay() throws {
            // Given a product-written log (seq 1–12)
            let scratch = try Scratch()
            defer { scratch.remove() }
            let path = try ThroughTheBinary.makeProductLog(in: scratch)
            // When an export is stopped after its first block (a slice of 5 rows), mid-way
            let release = scratch.path("release")
            let export = try Run.startAegrade(["log", "export", "--db", path],
                                              environment: ["AEGRADE_TEST_SLICE_ROWS": "5", "AEGRADE_TEST_PAUSE_EXPORT": release],
                                              stdout: scratch.file("export.jsonl"), stderr: scratch.file("export.err"))
            defer {
                _ = FileManager.default.createFile(atPath: release, contents: nil)
                export.waitUntilExit()
            }
            try #require(Run.waitForText("aegrade-test: export paused", in: scratch.file("export.err"), seconds: 30),
                         "\((try? String(contentsOf: scratch.file("export.err"), encoding: .utf8)) ?? "")")
            let firstBlock = try String(contentsOf: scratch.file("export.jsonl"), encoding: .utf8)
            #expect(firstBlock.split(separator: "\n").count == 5, "the export is half-way: \(firstBlock)")
            // And a record commits meanwhile, waiting at most one second for a lock
            let record = try Run.aegrade(["record", "--db", path, "--key", AccountsFixture.keyFile(for: path)], stdin: Bedside.crs(patient: "W-1"),
                                         environment: ["AEGRADE_TEST_BUSY_TIMEOUT": "1"])
            // Then the record was written
            #expect(record.status == 0, "\(record.transcript)")
            #expect(record.stdout.contains("\"seq\":[26,27]"), "\(record.stdout)")  // after its sign-in, 25
            // When the export goes on
            _ = FileManager.default.createFile(atPath: release, contents: nil)
            export.waitUntilExit()
            // Then it ends well, with every event in order (those appended meanwhile too), and
            // verifies with the independent Python script
            #expect(export.terminationStatus == 0)
            let lines = try String(contentsOf: scratch.file("export.jsonl"), encoding: .utf8).split(separator: "\n")
            #expect(lines.count == 27)
            let check = try Run.tool("python3", [Run.packageRoot.appendingPathComponent("Examples/verify-log-export.py").path,
                                                 scratch.path("export.jsonl")])
            #expect(check.status == 0 && check.stdout.hasPrefix("ok: 27 events intact"), "\(check.transcript)")
        }

        @Test func theExportIsTheCanonicalTextOfEachEventWithItsHash() throws {
            // Given a product-written log
            let scratch = try Scratch()
            defer { scratch.remove() }
            let path = try ThroughTheBinary.makeProductLog(in: scratch)
            // When it is exported in slices of one row
            let export = try Run.aegrade(["log", "export", "--db", path], environment: ["AEGRADE_TEST_SLICE_ROWS": "1"])
            // Then each line is the event's canonical text with its stored hash at its sorted place
            #expect(export.status == 0, "\(export.transcript)")
            let events = try SQLiteEventStore(path: path, mode: .readOnly).allEvents()
            // (the export adds each event's signature after its canonical fields: README, "Signed events")
            let withoutSignatures = try export.lines.map { line in
                guard case .object(let members) = try JSONParser.parse(line) else { return "" }
                return JSONValue.object(members.filter { $0.0 != "signature" }).compactText
            }
            #expect(withoutSignatures == events.map { CanonicalEvent.object($0, includingHash: true).compactText })
        }
    }
}
