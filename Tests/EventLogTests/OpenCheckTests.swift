import Clinical
import EventLog
import Foundation
import Testing
import TestSupport

extension ThroughTheBinary {
    /// A writer checks the file header, the schema and the end of the chain before its first
    /// write, and refuses a log damaged there, leaving it untouched (README, "Durability and
    /// concurrency"); damage deep in old pages is `verify`'s to find.
    @Suite("Writers: the check before the first write") struct OpenCheckTests {
        /// The trigger's SQL as stored, to put it back exactly after a change made without it.
        static func triggerSQL(_ path: String, _ name: String) throws -> String {
            let output = try LogFile.sqlite(path, "SELECT sql FROM sqlite_master WHERE name = '\(name)';")
            try #require(output.status == 0 && !output.stdout.isEmpty, "\(output.transcript)")
            return output.stdout.trimmingCharacters(in: .newlines)
        }

        /// Changes to the end of the chain, made with the trigger dropped and put back as it was, so
        /// that the schema is intact and only the chain shows them.
        static let tailChanges: [(sql: String, finding: String)] = [
            ("UPDATE event SET payload = '{\"text\":\"changed\"}' WHERE seq = 12;", "at seq 12: content changed after it was written"),
            ("UPDATE event SET patient = 'P-9' WHERE seq = 8;", "at seq 8: content changed after it was written"),
        ]

        /// Every writing command, given the same damaged log.
        static func writes(_ path: String) throws -> [(String, ProcessOutput)] {
            [("record", try Run.aegrade(["record", "--db", path, "--key", AccountsFixture.keyFile(for: path)], stdin: Bedside.crs(patient: "P-1"))),
             ("event", try Run.aegrade(["log", "event", "--db", path, "--key", AccountsFixture.keyFile(for: path), "--kind", "note", "--patient", "P-1",
                                        "--time", "2026-11-22T08:00:00Z", "--reason", "ward round"])),
             ("stress-append", try Run.aegrade(["log", "stress-append", "--db", path, "--key", AccountsFixture.keyFile(for: path),
                                                "--writer", "w", "--count", "1"]))]
        }

        static func expectRefused(_ path: String, hash: String, saying finding: String, _ label: String) throws {
            for (name, output) in try writes(path) {
                #expect(output.status == 2, "\(label) \(name): \(output.transcript)")
                #expect(output.stderr.contains("the log is damaged") && output.stderr.contains(finding), "\(label) \(name): \(output.stderr)")
                #expect(output.stdout.isEmpty, "\(label) \(name)")
            }
            #expect(try Bytes.sha256(path) == hash, "\(label): the log was changed")
            #expect(!FileManager.default.fileExists(atPath: path + "-journal"))
        }

        @Test(arguments: tailChanges.indices)
        func aBrokenChainTailIsNeverAppendedTo(_ index: Int) throws {
            // Given a product-written log (seq 1–12) with an event near its end changed in place
            let (path, scratch) = try ThroughTheBinary.makeProductLogInScratch()
            defer { scratch.remove() }
            let trigger = try Self.triggerSQL(path, "eventNoUpdate")
            let change = Self.tailChanges[index]
            try #require(try LogFile.sqlite(path, "DROP TRIGGER eventNoUpdate; \(change.sql) \(trigger);").status == 0)
            try #require(try Self.triggerSQL(path, "eventNoUpdate") == trigger)
            let hash = try Bytes.sha256(path)
            // When the product is asked to append; then every write is refused naming the event
            try Self.expectRefused(path, hash: hash, saying: change.finding, change.sql)
        }

        @Test func aChangedSchemaIsNeverAppendedTo() throws {
            // Given a product-written log whose trigger refusing deletes was dropped
            let (path, scratch) = try ThroughTheBinary.makeProductLogInScratch()
            defer { scratch.remove() }
            try #require(try LogFile.sqlite(path, "DROP TRIGGER eventNoDelete;").status == 0)
            let hash = try Bytes.sha256(path)
            // When the product is asked to append; then every write is refused naming the change
            try Self.expectRefused(path, hash: hash, saying: "trigger eventNoDelete is missing", "dropped trigger")
        }

        /// Damage to the file header: (offset, bytes, finding).
        static let headerDamage: [(offset: UInt64, bytes: [UInt8], finding: String)] = [
            // the list of free pages starting far past the end of the file
            (32, [0x00, 0x0F, 0x42, 0x40, 0x00, 0x00, 0x00, 0x01], "the file header gives a list of free pages outside the file"),
            // bytes reserved at the end of every page (SQLite itself may find the cells of the
            // first page out of place before the header is checked: either refusal will do)
            (20, [8], "the log is damaged"),
        ]

        @Test(arguments: headerDamage.indices)
        func aDamagedHeaderIsNeverAppendedTo(_ index: Int) throws {
            // Given a product-written log with a field of its header overwritten
            let (path, scratch) = try ThroughTheBinary.makeProductLogInScratch()
            defer { scratch.remove() }
            let damage = Self.headerDamage[index]
            let handle = try FileHandle(forUpdating: URL(fileURLWithPath: path))
            try handle.seek(toOffset: damage.offset)
            handle.write(Data(damage.bytes))
            try handle.close()
            let hash = try Bytes.sha256(path)
            // When the product is asked to append; then every write is refused naming the header
            try Self.expectRefused(path, hash: hash, saying: damage.finding, damage.finding)
        }

        @Test func aTruncatedFileIsNeverAppendedTo() throws {
            // Given a log of 2,000 notes whose last page was cut off the file
            let scratch = try Scratch()
            defer { scratch.remove() }
            let path = scratch.path("log.db")
            try LogFile.writeNotes(path, patientPrefix: "P-")
            let size = try #require((try FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.uint64Value)
            let handle = try FileHandle(forUpdating: URL(fileURLWithPath: path))
            try handle.truncate(atOffset: size - 16_384)
            try handle.close()
            let hash = try Bytes.sha256(path)
            // When the product is asked to append; then every write is refused (SQLite itself
            // finds the file shorter than its header says as the first read starts)
            try Self.expectRefused(path, hash: hash, saying: "database disk image is malformed", "truncated")
        }
    }
}
