import Clinical
import Foundation

extension SQLiteEventStore {
    /// The text columns of an event, in the order `checkStorable` names them.
    private static let textColumns = ["id", "kind", "patient", "clinicalTime", "recordTime", "timeZone", "authorId", "authorRole",
                                      "terminal", "productVersion", "payload", "prevHash", "hash"]

    /// Throws, before the event is inserted (so that its transaction rolls back), when a text the
    /// hash covers would be stored differently from the text that was hashed.
    ///
    /// SQLite takes a text bound as GRDB binds a `String` (`sqlite3_bind_text` with length -1) up
    /// to its first NUL, so an id `A\0B` was acknowledged, stored as `A` and failed `verify` for
    /// ever after. Input checks refuse such text (``TextInput``); this check makes sure that no
    /// other path, present or future, writes one. A Swift string is valid UTF-8, which SQLite
    /// stores byte for byte in a UTF-8 database, so the NUL is the one difference; the check looks
    /// at the bytes about to be bound instead of reading back what this process just wrote (issue
    /// 19: the read-back was a statement per event on the writer, before the commit).
    static func checkStorable(_ event: RecordedEvent, payloadText: String) throws {
        let texts: [String?] = [event.id, event.kind.rawValue, event.patient, event.clinicalTime, event.recordTime, event.timeZone,
                                event.author.id, event.author.role.rawValue, event.terminal, event.productVersion, payloadText,
                                event.prevHash, event.hash]
        for (index, text) in texts.enumerated() where text?.utf8.contains(0) == true {
            throw EventLogError.refused("the \(textColumns[index]) of the event would be stored differently from the text its hash covers "
                                        + "(a NUL or other character SQLite does not keep); nothing was written")
        }
    }
}
