import Clinical
@testable import EventLog
import Foundation
import GRDB
import Testing
import TestSupport

/// What a forger with write access to the log file does, with the `sqlite3` shell and the
/// published hash (README, "The hash, byte for byte"): appends an event whose chain is right,
/// signs it or not, changes a row and recomputes the chain after it.
enum Forgery {
    /// An event as a forger writes it: every column, its hash recomputed from its fields.
    struct Row {
        var seq: Int64
        var id = UUID().uuidString.lowercased()
        var kind: String
        var patient: String?
        var clinicalTime: String?
        var recordTime = "2026-11-23T01:00:00.000Z"
        var timeZone = "Asia/Shanghai +08:00"
        var authorId: String
        var authorRole: String
        var terminal = "ward-3 /dev/pts/1 pid 4242"
        var productVersion = Product.version
        var payload: String
        var prevHash: String

        var hash: String {
            CanonicalEvent.hash(CanonicalEvent.Fields(seq: seq, id: id, kind: kind, patient: patient, clinicalTime: clinicalTime,
                                                      recordTime: recordTime, timeZone: timeZone, authorId: authorId, authorRole: authorRole,
                                                      terminal: terminal, productVersion: productVersion, payloadText: payload, prevHash: prevHash))
        }

        /// The stored row of `seq` in the log at `path`.
        static func stored(_ path: String, seq: Int64) throws -> Row {
            try LogFile.reader(path).read { db in
                let row = try #require(try GRDB.Row.fetchOne(db, sql: "SELECT * FROM event WHERE seq = ?", arguments: [seq]))
                return Row(seq: row["seq"], id: row["id"], kind: row["kind"], patient: row["patient"], clinicalTime: row["clinicalTime"],
                           recordTime: row["recordTime"], timeZone: row["timeZone"], authorId: row["authorId"], authorRole: row["authorRole"],
                           terminal: row["terminal"], productVersion: row["productVersion"], payload: row["payload"], prevHash: row["prevHash"])
            }
        }
    }

    /// A death the victim never recorded, chained to the head of the log at `path`.
    static func death(_ path: String, by author: Author, patient: String = "BED-07") throws -> Row {
        let head = try #require(try LogFile.rows(path).last)
        return Row(seq: head.seq + 1, kind: EventKind.death.rawValue, patient: patient, clinicalTime: "2026-11-23T08:00:00+08:00",
                   authorId: author.id, authorRole: author.role.rawValue, payload: #"{"cause":"CRS"}"#, prevHash: head.hash)
    }

    /// SQL text as a quoted literal.
    static func literal(_ text: String?) -> String {
        guard let text else { return "NULL" }
        return "'" + text.replacingOccurrences(of: "'", with: "''") + "'"
    }

    /// Appends `row` with the `sqlite3` shell (inserting needs no trigger dropped), with an
    /// `eventWrite` row carrying `signature` (key and signature, hex) when given.
    static func append(_ path: String, _ row: Row, signature: (key: String, sig: String)? = nil) throws {
        var sql = """
            INSERT INTO event (seq, id, kind, patient, clinicalTime, recordTime, timeZone, authorId, authorRole, terminal, productVersion, payload, prevHash, hash)
            VALUES (\(row.seq), \(literal(row.id)), \(literal(row.kind)), \(literal(row.patient)), \(literal(row.clinicalTime)), \(literal(row.recordTime)),
            \(literal(row.timeZone)), \(literal(row.authorId)), \(literal(row.authorRole)), \(literal(row.terminal)), \(literal(row.productVersion)),
            \(literal(row.payload)), \(literal(row.prevHash)), \(literal(row.hash)));
            """
        if let signature {
            sql += "INSERT INTO eventWrite (seq, publicKey, signature) VALUES (\(row.seq), \(literal(signature.key)), \(literal(signature.sig)));"
        }
        let output = try LogFile.sqlite(path, sql)
        try #require(output.status == 0, "the forgery itself failed: \(output.transcript)")
    }

    /// `signer`'s signature of `row`, as the `eventWrite` row holds it.
    static func signature(of row: Row, by signer: EventSigner) throws -> (key: String, sig: String) {
        let message = try #require(EventSignature.message(ofHash: row.hash))
        let bytes = try #require(signer.sign(message))
        return (signer.publicKeyHex, bytes.map { String(format: "%02x", $0) }.joined())
    }

    /// Runs `sql` with the triggers of `table` dropped, and puts them back exactly as they were
    /// (their SQL read from the schema first), so that only the rows differ from aegrade's log.
    static func withoutTriggers(_ path: String, on table: String, _ sql: String) throws {
        let triggers = try LogFile.reader(path).read { db in
            try String.fetchAll(db, sql: "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = ?", arguments: [table])
        }
        let names = try LogFile.reader(path).read { db in
            try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = ?", arguments: [table])
        }
        let script = names.map { "DROP TRIGGER \($0);" }.joined() + sql + triggers.map { $0 + ";" }.joined(separator: "\n")
        let output = try LogFile.sqlite(path, script)
        try #require(output.status == 0, "the tampering itself failed: \(output.transcript)")
    }

    /// Changes the payload of event `seq` and recomputes the hash of every event from it on, as a
    /// forger who knows the hash's definition would (the rows' triggers dropped and put back).
    static func rewrite(_ path: String, seq: Int64, payload: (String) -> String) throws {
        let last = try #require(try LogFile.rows(path).last?.seq)
        var sql = ""
        var prevHash: String?
        for current in seq...last {
            var row = try Row.stored(path, seq: current)
            if current == seq { row.payload = payload(row.payload) }
            if let prevHash { row.prevHash = prevHash }
            sql += "UPDATE event SET payload = \(literal(row.payload)), prevHash = \(literal(row.prevHash)), hash = \(literal(row.hash)) WHERE seq = \(current);\n"
            prevHash = row.hash
        }
        try withoutTriggers(path, on: "event", sql)
    }
}
