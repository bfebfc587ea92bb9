import Clinical
import GRDB

/// Writes the log for inspection, one event per line, verifiable without aegrade.
package enum LogExport {
    package enum Format: String, Sendable, CaseIterable {
        /// One canonical JSON object per line, with every field by name and the hash.
        case jsonl
        /// RFC 4180 CSV, one row per event, the payload as its canonical JSON text.
        case csv
    }

    package static let csvColumns = ["seq", "id", "kind", "patient", "clinicalTime", "recordTime", "timeZone", "authorId", "authorRole",
                             "terminal", "productVersion", "payload", "prevHash", "hash"]

    /// Streams the export of `store` up to `limit` to `write`, a block of lines at a time.
    ///
    /// A JSON line is the event's canonical text (`CanonicalEvent.write`) built from the stored
    /// bytes, with the stored `hash`: nothing is decoded and written again, so the export costs
    /// about what `verify` does. Each row is checked as `replay` checks it (a known kind and role,
    /// no required column null, UTF-8 text, a payload that is one JSON value); a row that fails
    /// stops the export as a damaged log, naming its seq. The log is read in short read
    /// transactions (`ReadSlice`), and each block is written out after its transaction ended, so
    /// neither reading nor a slow reader of the output holds up a writer's commit.
    package static func write(_ store: SQLiteEventStore, format: Format, until limit: Replay.Limit = .end,
                              to write: ([UInt8]) -> Void) throws(EventLogError) {
        var out: [UInt8] = []
        out.reserveCapacity(1 << 17)
        if format == .csv { out += (csvColumns.joined(separator: ",") + "\r\n").utf8 }
        var range = SeqRange(lower: nil, upper: nil)
        if case .seq(let last) = limit { range = SeqRange(lower: nil, upper: max(last, 0) + 1) }
        // Signatures are read beside the events, on a connection of their own (the events' read
        // is open while a line is written).
        var signatures: ExportSignatures?
        if format == .jsonl { signatures = try ExportSignatures(store) }
        try store.forEachRawRow(range: range, afterSlice: {
            guard !out.isEmpty else { return }
            write(out)
            out.removeAll(keepingCapacity: true)
        }) { row in
            let (seq, _, _) = try SQLiteEventStore.checkedHead(of: row)
            if case .recordTime(let time) = limit {
                guard let recorded = row.string(5).flatMap(ClinicalTime.init(iso8601:)), recorded <= time else { return false }
            }
            guard let payload = row.bytes(11), (try? JSONSkimmer.validate(payload)) != nil else {
                throw SQLiteEventStore.RowProblem(seq: seq, message: "payload is not JSON")
            }
            for (column, name) in textColumns {
                guard let bytes = row.bytes(column) else { continue }
                guard isUTF8(bytes) else { throw SQLiteEventStore.RowProblem(seq: seq, message: "\(name) is not UTF-8 text") }
            }
            switch format {
            case .jsonl:
                CanonicalEvent.write(seq: seq, hash: row.bytes(13), into: &out, withField: { field, body in
                    body(row.bytes(SQLiteEventStore.column(of: field)))
                }, payload: { out, payload in out.append(contentsOf: payload) })
                if let row = try signatures?.row(seq: seq) { appendSignature(row, to: &out) }
                out.append(0x0A)
            case .csv:
                let event = try SQLiteEventStore.header(from: row)
                let fields: [String] = [String(event.seq), event.id, event.kind.rawValue, event.patient ?? "", event.clinicalTime ?? "",
                                        event.recordTime, event.timeZone, event.author.id, event.author.role.rawValue, event.terminal,
                                        event.productVersion, String(decoding: payload, as: UTF8.self), event.prevHash, event.hash]
                out += fields.map(csvField).joined(separator: ",").utf8
                out += "\r\n".utf8
            }
            return true
        }
        if !out.isEmpty { write(out) }
    }

    /// Adds `"signature": {"key": HEX, "sig": HEX}` to the line just written (before its closing
    /// brace) when the event was signed: a reader that checks the hash removes it with `hash`, as
    /// `Examples/verify-log-export.py` does. The public keys are in the log itself (`logKey`,
    /// and the `userAdmin` events that register `signingKey`), so the export carries them.
    private static func appendSignature(_ row: SQLiteEventStore.WriteRow, to out: inout [UInt8]) {
        appendSignature(key: row.publicKey, signature: row.signature, to: &out)
    }

    /// `"signature":{"key":…,"sig":…}` added inside the JSON line just written to `out` (the
    /// export of either store); nothing when the event has no signature.
    package static func appendSignature(key: String?, signature: String?, to out: inout [UInt8]) {
        guard let key, let signature, out.last == UInt8(ascii: "}") else { return }
        out.removeLast()
        out += ",\"signature\":{\"key\":".utf8
        JSONValue.writeString(key, into: &out)
        out += ",\"sig\":".utf8
        JSONValue.writeString(signature, into: &out)
        out += "}}".utf8
    }

    /// The `eventWrite` rows of an export, read a slice ahead on a second read-only connection.
    struct ExportSignatures {
        let connection: DatabaseQueue?
        let path: String
        var rows: [Int64: SQLiteEventStore.WriteRow] = [:]
        var upper: Int64 = 0
        /// The last seq committed when the slice was read: an event's row is written in its
        /// transaction, so a seq up to here without a row has none, and a later one (appended
        /// while the export ran) is read again.
        var committedThrough: Int64 = 0

        init(_ store: SQLiteEventStore) throws(EventLogError) {
            path = store.path
            let connection = try store.readOnlyConnection()
            do {
                self.connection = try connection.read { db in try db.tableExists("eventWrite") } ? connection : nil
            } catch {
                throw SQLiteEventStore.mapped(error, path: store.path)
            }
        }

        mutating func row(seq: Int64) throws -> SQLiteEventStore.WriteRow? {
            guard let connection else { return nil }
            if seq >= upper || seq > committedThrough {
                let lower = seq
                upper = seq + SQLiteEventStore.signatureCheckSlice
                let next = upper
                let (fetched, last) = try connection.read { db in
                    (try SQLiteEventStore.writeRows(db, from: lower, to: next), try Int64.fetchOne(db, sql: "SELECT max(seq) FROM event") ?? 0)
                }
                rows = Dictionary(fetched.map { ($0.seq, $0) }, uniquingKeysWith: { first, _ in first })
                committedThrough = last
            }
            return rows[seq]
        }
    }

    /// The text columns other than the payload (which the JSON check covers), by index.
    private static let textColumns: [(Int32, String)] = [
        (1, "id"), (2, "kind"), (3, "patient"), (4, "clinicalTime"), (5, "recordTime"), (6, "timeZone"), (7, "authorId"),
        (8, "authorRole"), (9, "terminal"), (10, "productVersion"), (12, "prevHash"), (13, "hash"),
    ]

    /// Whether `bytes` is well-formed UTF-8 (ASCII, the usual case, checked without decoding).
    private static func isUTF8(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        if !bytes.contains(where: { $0 >= 0x80 }) { return true }
        return String(validating: bytes, as: UTF8.self) != nil
    }

    /// A CSV field: quoted per RFC 4180, control characters escaped, and neutralised against
    /// formula injection (``PrintableText/csvField(_:)``).
    static func csvField(_ text: String) -> String { PrintableText.csvField(text) }
}
