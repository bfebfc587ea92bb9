import GRDB

extension SQLiteEventStore {
    /// One entry of `sqlite_master`: a table, index or trigger and the SQL that created it.
    struct SchemaEntry: Hashable, Sendable {
        var type: String
        var name: String
        var table: String
        var sql: String?

        static let query = "SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name"

        init(_ row: Row) {
            type = (try? row.text(0, seq: 0, name: "type")) ?? ""
            name = (try? row.text(1, seq: 0, name: "name")) ?? ""
            table = (try? row.text(2, seq: 0, name: "tbl_name")) ?? ""
            sql = try? row.text(3, seq: 0, name: "sql")
        }
    }

    /// The schema of `version` as this product makes it (`createSchema`, then `addAccounts` for
    /// version 2 and `addSignatures` for version 3), read from a scratch database in memory (never a log).
    static func expectedSchema(version: Int = schemaVersion) throws -> [SchemaEntry] {
        let scratch = try DatabaseQueue()
        try scratch.write { db in try createSchema(db, version: version) }
        return try scratch.read { db in try Row.fetchAll(db, sql: SchemaEntry.query).map(SchemaEntry.init) }
    }

    /// Creates the schema of `version` in the empty database `db`.
    static func createSchema(_ db: Database, version: Int) throws {
        try createSchema(db)
        if version >= schemaVersionBeforeSignatures { try addAccounts(db) }
        if version >= schemaVersion { try addSignatures(db) }
    }

    /// How the log's tables, indexes and triggers differ from those this product creates for the
    /// log's schema version (a log made before accounts, or one with them): nil when they are
    /// exactly the same (by type, name, table and SQL), else the first difference.
    /// A dropped trigger would let events be changed in place; a dropped or redefined index
    /// would change what the board's queries read.
    static func schemaProblem(on connection: DatabaseQueue, path: String) throws(EventLogError) -> String? {
        do {
            return try connection.read { db in try schemaProblem(in: db) }
        } catch {
            throw mapped(error, path: path)
        }
    }

    /// `schemaProblem(on:path:)` inside a transaction already open on `db`.
    static func schemaProblem(in db: Database) throws -> String? {
        let version = try Int.fetchOne(db, sql: "PRAGMA user_version") ?? 0
        guard knownSchemaVersions.contains(version) else { return "schema version \(version) is not one aegrade knows" }
        let expected = try expectedSchema(version: version)
        let found = try Row.fetchAll(db, sql: SchemaEntry.query).map(SchemaEntry.init)
        let foundByName = Dictionary(found.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        let expectedNames = Set(expected.map(\.name))
        for entry in expected {
            guard let other = foundByName[entry.name] else { return "\(entry.type) \(entry.name) is missing" }
            if other != entry { return "\(entry.type) \(entry.name) is not defined as aegrade defines it" }
        }
        if let extra = found.first(where: { !expectedNames.contains($0.name) }) {
            return "\(extra.type) \(extra.name) is not one of aegrade's"
        }
        return nil
    }
}
