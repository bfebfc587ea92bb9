import Clinical
import Crypto

/// The canonical text of an event and its hash: the definition `verify` checks and the README
/// documents byte for byte.
///
/// The canonical text is the event as a JSON object with the keys `author` (`{"id", "role"}`),
/// `clinicalTime`, `id`, `kind`, `patient`, `payload`, `prevHash`, `productVersion`, `recordTime`,
/// `seq`, `terminal` and `timeZone`, keys sorted at every level, no whitespace, strings escaped as
/// JSON requires and nothing more (non-ASCII as UTF-8). The event's `hash` is the lowercase hex
/// SHA-256 of that text's UTF-8 bytes; an exported line is the same object with `hash` added.
package enum CanonicalEvent {
    /// The `prevHash` of the first event.
    package static let genesisPrevHash = String(repeating: "0", count: 64)

    /// The event as a JSON object, without `hash` unless `includingHash`.
    package static func object(_ e: RecordedEvent, includingHash: Bool) -> JSONValue {
        var members: [(String, JSONValue)] = [
            ("author", .object([("id", .string(e.author.id)), ("role", .string(e.author.role.rawValue))])),
            ("clinicalTime", e.clinicalTime.map { .string($0) } ?? .null),
            ("id", .string(e.id)),
            ("kind", .string(e.kind.rawValue)),
            ("patient", e.patient.map { .string($0) } ?? .null),
            ("payload", e.payload),
            ("prevHash", .string(e.prevHash)),
            ("productVersion", .string(e.productVersion)),
            ("recordTime", .string(e.recordTime)),
            ("seq", .number(Double(e.seq))),
            ("terminal", .string(e.terminal)),
            ("timeZone", .string(e.timeZone)),
        ]
        if includingHash { members.append(("hash", .string(e.hash))) }
        return JSONValue.object(members).canonical
    }

    /// The canonical text that is hashed.
    package static func text(_ e: RecordedEvent) -> String { object(e, includingHash: false).compactText }

    /// The hash of an event (its `hash` field is ignored).
    package static func hash(_ e: RecordedEvent) -> String {
        hash(Fields(seq: e.seq, id: e.id, kind: e.kind.rawValue, patient: e.patient, clinicalTime: e.clinicalTime,
                    recordTime: e.recordTime, timeZone: e.timeZone, authorId: e.author.id, authorRole: e.author.role.rawValue,
                    terminal: e.terminal, productVersion: e.productVersion, payloadText: e.payload.canonicalText, prevHash: e.prevHash))
    }

    /// An event's fields as stored, the payload as its canonical text.
    package struct Fields {
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
        var payloadText: String
        var prevHash: String
    }

    /// The hash of stored fields, building the canonical text directly from them (the keys in
    /// sorted order, the stored payload text spliced in). It equals `hash(_:)` of the decoded event
    /// whenever the stored payload is canonical, and differs whenever anything stored was changed,
    /// so `verify` needs no JSON parsing.
    package static func hash(_ f: Fields) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(f.payloadText.utf8.count + 512)
        func raw(_ text: StaticString) { out.append(contentsOf: UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount)) }
        func string(_ text: String?) {
            if let text { JSONValue.writeString(text, into: &out) } else { raw("null") }
        }
        raw("{\"author\":{\"id\":"); string(f.authorId)
        raw(",\"role\":"); string(f.authorRole)
        raw("},\"clinicalTime\":"); string(f.clinicalTime)
        raw(",\"id\":"); string(f.id)
        raw(",\"kind\":"); string(f.kind)
        raw(",\"patient\":"); string(f.patient)
        raw(",\"payload\":"); out.append(contentsOf: f.payloadText.utf8)
        raw(",\"prevHash\":"); string(f.prevHash)
        raw(",\"productVersion\":"); string(f.productVersion)
        raw(",\"recordTime\":"); string(f.recordTime)
        raw(",\"seq\":"); out.append(contentsOf: String(f.seq).utf8)
        raw(",\"terminal\":"); string(f.terminal)
        raw(",\"timeZone\":"); string(f.timeZone)
        raw("}")
        return sha256Hex(out)
    }

    /// Lowercase hex SHA-256.
    package static func sha256Hex(_ bytes: [UInt8]) -> String {
        let digest = SHA256.hash(data: bytes)
        var hex = ""
        hex.reserveCapacity(64)
        let digits = Array("0123456789abcdef".utf8)
        var out = [UInt8](repeating: 0, count: 64)
        for (index, byte) in digest.enumerated() {
            out[2 * index] = digits[Int(byte >> 4)]
            out[2 * index + 1] = digits[Int(byte & 0x0F)]
        }
        hex = String(decoding: out, as: UTF8.self)
        return hex
    }
}
