import Clinical
import EventLog
import Foundation
import GRDB
import Testing
import TestSupport

extension ThroughTheBinary {
    /// `verify` checks the schema as created and runs SQLite's `integrity_check`.
    @Suite("Verify: schema and structure") struct VerifyStructureTests {

        /// Changes to the schema that leave every event intact.
        static let schemaChanges: [(sql: String, finding: String)] = [
            ("DROP TRIGGER eventNoUpdate;", "trigger eventNoUpdate is missing"),
            ("DROP TRIGGER eventNoDelete;", "trigger eventNoDelete is missing"),
            ("DROP TRIGGER eventNoReplace;", "trigger eventNoReplace is missing"),
            ("DROP INDEX eventPatient;", "index eventPatient is missing"),
            ("DROP INDEX eventKind; CREATE INDEX eventKind ON event(kind);", "index eventKind is not defined as aegrade defines it"),
            ("CREATE TABLE notes (x);", "table notes is not one of aegrade's"),
            ("CREATE TRIGGER eventQuiet AFTER INSERT ON event BEGIN SELECT 1; END;", "trigger eventQuiet is not one of aegrade's"),
        ]

        @Test(arguments: schemaChanges.indices)
        func aChangedSchemaFailsVerify(_ index: Int) throws {
            // Given a product-written log whose schema was changed with the sqlite3 shell
            let (path, scratch) = try ThroughTheBinary.makeProductLogInScratch()
            defer { scratch.remove() }
            let change = Self.schemaChanges[index]
            try #require(try LogFile.sqlite(path, change.sql).status == 0)
            // When it is verified (thoroughly and quickly)
            for flags in [[], ["--quick"]] {
                let output = try Run.aegrade(["log", "verify", "--db", path] + flags)
                // Then verify fails naming the change
                #expect(output.status == 1, "\(change.sql) \(flags): \(output.transcript)")
                #expect(output.stdout == "FAIL at seq 0: the schema is not the one aegrade creates: \(change.finding)\n", "\(output.stdout)")
            }
        }

        @Test func anIndexEntryThatNoLongerMatchesItsRowFailsVerifyButNotQuick() throws {
            // Given a log of 2,000 notes whose eventPatient index has one entry pointing to another
            // row (a bit flipped in the seq stored in an index cell): the pages are sound, so
            // quick_check passes, but the index no longer matches the table
            let scratch = try Scratch()
            defer { scratch.remove() }
            let path = scratch.path("log.db")
            try LogFile.writeNotes(path, patientPrefix: "PAT-")
            let (pageSize, leaves) = try LogFile.leafPages(path, of: "eventPatient")
            try #require(!leaves.isEmpty)
            let handle = try FileHandle(forUpdating: URL(fileURLWithPath: path))
            let pageStart = UInt64((leaves[0] - 1) * pageSize)
            try handle.seek(toOffset: pageStart)
            var page = [UInt8](try handle.read(upToCount: pageSize) ?? Data())
            let marker = Array("PAT-".utf8)
            let cells = (0..<(page.count - 6)).filter { Array(page[$0..<$0 + 4]) == marker }
            try #require(cells.count > 10)
            // the byte after "PAT-n" is the first byte of the seq stored in the index entry
            let target = cells[cells.count / 2] + 5
            page[target] ^= 0x01
            try handle.seek(toOffset: pageStart)
            handle.write(Data(page))
            try handle.close()
            try #require(try LogFile.sqlite(path, "PRAGMA quick_check;").stdout == "ok\n")
            // When it is verified
            let thorough = try Run.aegrade(["log", "verify", "--db", path])
            let quick = try Run.aegrade(["log", "verify", "--db", path, "--quick"])
            // Then verify fails with SQLite's finding; --quick (quick_check) passes, as documented
            #expect(thorough.status == 1, "\(thorough.transcript)")
            #expect(thorough.stdout.hasPrefix("FAIL at seq 0: SQLite structure check failed:"), "\(thorough.stdout)")
            #expect(thorough.stdout.contains("eventPatient"), "\(thorough.stdout)")
            #expect(quick.status == 0, "\(quick.transcript)")
        }
    }
}
