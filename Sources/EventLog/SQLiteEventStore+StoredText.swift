import Clinical
import Foundation
import GRDB

extension SQLiteEventStore {
    /// The text columns of an event, in the order `storedAsHashed` reads them back.
    private static let textColumns = ["id", "kind", "patient", "clinicalTime", "recordTime", "timeZone", "authorId", "authorRole",
                                      "terminal", "productVersion", "payload", "prevHash", "hash"]

    /// Reads the event just inserted back, byte for byte, inside the write transaction, and throws
    /// (rolling the transaction back) when any column differs from the text that was hashed.
    ///
    /// SQLite takes a bound text up to its first NUL, so an id `A\0B` was acknowledged, stored as
    /// `A` and failed `verify` for ever after. Input checks refuse such text (``TextInput``); this
    /// check makes sure that no other path, present or future, writes an event that reads back
    /// different from its hash. The columns are read as BLOBs, so nothing on the way back cuts them.
    static func checkStoredAsHashed(_ db: Database, _ event: RecordedEvent, payloadText: String) throws {
        let expected: [String?] = [event.id, event.kind.rawValue, event.patient, event.clinicalTime, event.recordTime, event.timeZone,
                                   event.author.id, event.author.role.rawValue, event.terminal, event.productVersion, payloadText,
                                   event.prevHash, event.hash]
        // Each column compared in SQL with the bytes that were hashed, bound as a BLOB of their
        // exact length (nothing cuts a BLOB at a NUL); one small answer per event, not the row.
        // (An empty text is bound as text: an empty BLOB would bind as NULL.)
        var arguments = StatementArguments(expected.map { text -> (any DatabaseValueConvertible)? in
            guard let text else { return nil }
            return text.isEmpty ? text : Data(text.utf8)
        })
        arguments += [event.seq]
        let matches = try Int.fetchOne(try db.cachedStatement(sql: Self.storedAsHashedSQL), arguments: arguments) ?? -1
        guard matches < 0 || matches >= textColumns.count else {
            throw EventLogError.refused("the \(textColumns[matches]) of the event would be stored differently from the text its hash covers "
                                        + "(a NUL or other character SQLite does not keep); nothing was written")
        }
        guard matches >= 0 else {
            throw EventLogError.refused("event \(event.seq) was not found after it was written; nothing was written")
        }
    }

    /// The index of the first text column of the event at `seq` that is not the bound bytes, or
    /// the number of columns when all are.
    private static let storedAsHashedSQL: String = {
        let cases = textColumns.enumerated().map { "WHEN CAST(\($0.element) AS BLOB) IS NOT CAST(? AS BLOB) THEN \($0.offset)" }.joined(separator: " ")
        return "SELECT CASE \(cases) ELSE \(textColumns.count) END FROM event WHERE seq = ?"
    }()
}
