import Clinical

/// Writes the log for inspection, one event per line, verifiable without aegrade.
package enum LogExport {
    package enum Format: String, Sendable, CaseIterable {
        /// One canonical JSON object per line, with every field by name and the hash.
        case jsonl
        /// RFC 4180 CSV, one row per event, the payload as its canonical JSON text.
        case csv
    }

    static let csvColumns = ["seq", "id", "kind", "patient", "clinicalTime", "recordTime", "timeZone", "authorId", "authorRole",
                             "terminal", "productVersion", "payload", "prevHash", "hash"]

    /// Streams the export of `store` up to `limit` to `write`, a block of lines at a time.
    package static func write(_ store: any EventStore, format: Format, until limit: Replay.Limit = .end,
                              to write: ([UInt8]) -> Void) throws(EventLogError) {
        var out: [UInt8] = []
        out.reserveCapacity(1 << 17)
        if format == .csv { out += (csvColumns.joined(separator: ",") + "\r\n").utf8 }
        try store.forEachEvent(from: 1) { event in
            switch limit {
            case .end: break
            case .seq(let last): if event.seq > last { return false }
            case .recordTime(let time):
                guard let recorded = event.recordInstant, recorded <= time else { return false }
            }
            switch format {
            case .jsonl:
                CanonicalEvent.object(event, includingHash: true).write(into: &out)
                out.append(0x0A)
            case .csv:
                let fields: [String] = [String(event.seq), event.id, event.kind.rawValue, event.patient ?? "", event.clinicalTime ?? "",
                                        event.recordTime, event.timeZone, event.author.id, event.author.role.rawValue, event.terminal,
                                        event.productVersion, event.payload.compactText, event.prevHash, event.hash]
                out += fields.map(csvField).joined(separator: ",").utf8
                out += "\r\n".utf8
            }
            if out.count > 1 << 16 {
                write(out)
                out.removeAll(keepingCapacity: true)
            }
            return true
        }
        if !out.isEmpty { write(out) }
    }

    /// A CSV field: quoted per RFC 4180, control characters escaped, and neutralised against
    /// formula injection (``PrintableText/csvField(_:)``).
    static func csvField(_ text: String) -> String { PrintableText.csvField(text) }
}
