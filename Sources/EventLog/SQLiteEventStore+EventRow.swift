import Clinical
import GRDB

extension SQLiteEventStore {
    /// A row of the `event` table, every column as SQLite stores it (text as the exact text that
    /// was hashed). Written by `SQLiteEventStore.insertRow`, read with `init(row:)`, which, unlike GRDB's
    /// typed subscripts, never stops the process on a value of the wrong type: a damaged or
    /// tampered log can hold anything, and a row that is not one the product wrote is a
    /// `RowProblem` naming its seq.
    struct EventRow: Sendable, FetchableRecord {
        var seq: Int64
        var id: String
        var kind: String
        var patient: String?
        var clinicalTime: String?
        var recordTime: String
        var timeZone: String
        var authorId: String
        var authorRole: String
        var terminal: String
        var productVersion: String
        /// The canonical JSON text of the payload.
        var payload: String
        var prevHash: String
        var hash: String

        /// The columns, in the order of the table (and of `SQLiteEventStore.columns`, which the
        /// raw readers index).
        enum Columns {
            static let seq = Column("seq")
            static let id = Column("id")
            static let kind = Column("kind")
            static let patient = Column("patient")
            static let clinicalTime = Column("clinicalTime")
            static let recordTime = Column("recordTime")
            static let timeZone = Column("timeZone")
            static let authorId = Column("authorId")
            static let authorRole = Column("authorRole")
            static let terminal = Column("terminal")
            static let productVersion = Column("productVersion")
            static let payload = Column("payload")
            static let prevHash = Column("prevHash")
            static let hash = Column("hash")

            static let all = [seq, id, kind, patient, clinicalTime, recordTime, timeZone, authorId, authorRole, terminal,
                              productVersion, payload, prevHash, hash]
            /// Each column's position in ``all``.
            static let index: [String: Int] = Dictionary(uniqueKeysWithValues: all.enumerated().map { ($0.element.name, $0.offset) })
        }

        /// A stored row, each column checked for its type; throws a `RowProblem` naming the seq
        /// for a value the product could not have written.
        init(row: Row) throws {
            // A row of the event table's columns in their order (`SELECT \(columns)`, every read of
            // events) is read by index: GRDB's lookup by name compares names case-insensitively, a
            // cost paid 14 times per event on every read (a `record` on a large log reads each
            // account event this way).
            let inOrder = row.count == Columns.all.count && row.columnNames.first == Columns.seq.name
            let seq = inOrder ? row.integer(0) : row.integer(Columns.seq.name)
            guard let seq else { throw RowProblem(seq: 0, message: "seq is not an integer") }
            func optional(_ column: Column) throws -> String? {
                guard inOrder, let index = Columns.index[column.name] else { return try row.text(column.name, seq: seq) }
                return try row.text(index, seq: seq, name: column.name)
            }
            func required(_ column: Column) throws -> String {
                guard let text = try optional(column) else { throw RowProblem(seq: seq, message: "\(column.name) is null") }
                return text
            }
            self.seq = seq
            // In the order `verify` names a problem: the kind and role, then the payload, then the rest.
            kind = try optional(Columns.kind) ?? ""
            authorRole = try optional(Columns.authorRole) ?? ""
            guard EventKind(rawValue: kind) != nil else { throw RowProblem(seq: seq, message: "unknown kind \"\(kind)\"") }
            guard Role(rawValue: authorRole) != nil else { throw RowProblem(seq: seq, message: "unknown role \"\(authorRole)\"") }
            payload = try required(Columns.payload)
            id = try required(Columns.id)
            patient = try optional(Columns.patient)
            clinicalTime = try optional(Columns.clinicalTime)
            recordTime = try required(Columns.recordTime)
            timeZone = try required(Columns.timeZone)
            authorId = try required(Columns.authorId)
            terminal = try required(Columns.terminal)
            productVersion = try required(Columns.productVersion)
            prevHash = try required(Columns.prevHash)
            hash = try required(Columns.hash)
        }

        /// The row as an event: a known kind and role, a payload that is JSON.
        func event() throws -> RecordedEvent {
            guard let kind = EventKind(rawValue: kind) else { throw RowProblem(seq: seq, message: "unknown kind \"\(self.kind)\"") }
            guard let role = Role(rawValue: authorRole) else { throw RowProblem(seq: seq, message: "unknown role \"\(authorRole)\"") }
            guard let payload = try? JSONParser.parse(payload) else { throw RowProblem(seq: seq, message: "payload is not JSON") }
            return RecordedEvent(seq: seq, id: id, kind: kind, patient: patient, clinicalTime: clinicalTime, recordTime: recordTime,
                                 timeZone: timeZone, author: Author(id: authorId, role: role), terminal: terminal,
                                 productVersion: productVersion, payload: payload, prevHash: prevHash, hash: hash)
        }
    }
}
