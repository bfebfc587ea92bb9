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
    /// at the bytes about to be bound instead of reading back what this process just wrote (a
    /// statement per event on the writer before each commit: README, "Tests and benchmarks").
    static func checkStorable(_ event: RecordedEvent, payloadText: String) throws {
        let texts: [String?] = [event.id, event.kind.rawValue, event.patient, event.clinicalTime, event.recordTime, event.timeZone,
                                event.author.id, event.author.role.rawValue, event.terminal, event.productVersion, payloadText,
                                event.prevHash, event.hash]
        for (index, text) in texts.enumerated() where text.map(holdsNUL) == true {
            throw EventLogError.refused("the \(textColumns[index]) of the event would be stored differently from the text its hash covers "
                                        + "(a NUL or other character SQLite does not keep); nothing was written")
        }
    }

    /// Whether `text` holds a NUL byte: `memchr` over its UTF-8 bytes where they lie (a native
    /// string's are contiguous), the byte-by-byte search only for one that is not.
    private static func holdsNUL(_ text: String) -> Bool {
        text.utf8.withContiguousStorageIfAvailable { bytes in
            guard let base = bytes.baseAddress else { return false }
            return memchr(base, 0, bytes.count) != nil
        } ?? text.utf8.contains(0)
    }
}
