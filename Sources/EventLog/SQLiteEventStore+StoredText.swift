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
        let select = textColumns.map { "CAST(\($0) AS BLOB)" }.joined(separator: ", ")
        guard let row = try Row.fetchOne(db, sql: "SELECT \(select) FROM event WHERE seq = ?", arguments: [event.seq]) else {
            throw EventLogError.refused("event \(event.seq) was not found after it was written; nothing was written")
        }
        for (index, column) in textColumns.enumerated() {
            let stored: Data? = row[index]
            let matches = switch (expected[index], stored) {
            case (nil, nil): true
            case let (text?, bytes?): bytes.elementsEqual(text.utf8)
            case (let text?, nil): text.isEmpty  // SQLite may hand back an empty BLOB as NULL
            case (nil, _): false
            }
            guard matches else {
                throw EventLogError.refused("the \(column) of the event would be stored differently from the text its hash covers "
                                            + "(a NUL or other character SQLite does not keep); nothing was written")
            }
        }
    }
}
