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
                    terminal: e.terminal, productVersion: e.productVersion, payloadText: e.payloadValue.canonicalText ?? e.payload.canonicalText, prevHash: e.prevHash))
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

        /// The fields as another store read them (the PostgreSQL store hashes its rows with it).
        package init(seq: Int64, id: String, kind: String, patient: String?, clinicalTime: String?, recordTime: String,
                     timeZone: String, authorId: String, authorRole: String, terminal: String, productVersion: String,
                     payloadText: String, prevHash: String) {
            self.seq = seq
            self.id = id
            self.kind = kind
            self.patient = patient
            self.clinicalTime = clinicalTime
            self.recordTime = recordTime
            self.timeZone = timeZone
            self.authorId = authorId
            self.authorRole = authorRole
            self.terminal = terminal
            self.productVersion = productVersion
            self.payloadText = payloadText
            self.prevHash = prevHash
        }
    }

    /// The hash of stored fields, building the canonical text directly from them (the keys in
    /// sorted order, the stored payload text spliced in). It equals `hash(_:)` of the decoded event
    /// whenever the stored payload is canonical, and differs whenever anything stored was changed,
    /// so `verify` needs no JSON parsing.
    package static func hash(_ f: Fields) -> String {
        var scratch: [UInt8] = []
        let digest = hash(seq: f.seq, scratch: &scratch) { field, body in
            func text(_ value: String?) {
                guard var value else { return body(nil) }
                value.withUTF8 { body($0) }
            }
            switch field {
            case .authorId: text(f.authorId)
            case .authorRole: text(f.authorRole)
            case .clinicalTime: text(f.clinicalTime)
            case .id: text(f.id)
            case .kind: text(f.kind)
            case .patient: text(f.patient)
            case .payload: text(f.payloadText)
            case .prevHash: text(f.prevHash)
            case .productVersion: text(f.productVersion)
            case .recordTime: text(f.recordTime)
            case .terminal: text(f.terminal)
            case .timeZone: text(f.timeZone)
            }
        }
        return String(decoding: digest, as: UTF8.self)
    }

    /// The text fields of an event, in the order of their keys in the canonical text (`seq` comes
    /// between `recordTime` and `terminal`).
    package enum Field: CaseIterable {
        case authorId, authorRole, clinicalTime, id, kind, patient, payload, prevHash, productVersion, recordTime, terminal, timeZone

        /// The canonical text before the field's value.
        var prefix: StaticString {
            switch self {
            case .authorId: "{\"author\":{\"id\":"
            case .authorRole: ",\"role\":"
            case .clinicalTime: "},\"clinicalTime\":"
            case .id: ",\"id\":"
            case .kind: ",\"kind\":"
            case .patient: ",\"patient\":"
            case .payload: ",\"payload\":"
            case .prevHash: ",\"prevHash\":"
            case .productVersion: ",\"productVersion\":"
            case .recordTime: ",\"recordTime\":"
            case .terminal: ",\"terminal\":"
            case .timeZone: ",\"timeZone\":"
            }
        }
    }

    /// The lowercase hex SHA-256 (64 ASCII bytes) of the canonical text of an event whose text
    /// fields `withField` hands over as UTF-8 bytes (nil for null; the payload as its stored JSON
    /// text, spliced in as it is).
    ///
    /// `verify` hashes the stored bytes in place through here, and appends through `Fields`.
    /// `scratch` is reused between calls so that hashing a million events allocates nothing per
    /// event; the payload is hashed where it lies, never copied.
    package static func hash(seq: Int64, scratch: inout [UInt8],
                             withField: (Field, (UnsafeBufferPointer<UInt8>?) -> Void) -> Void) -> [UInt8] {
        var hasher = SHA256()
        scratch.removeAll(keepingCapacity: true)
        write(seq: seq, hash: nil, into: &scratch, withField: withField) { text, payload in
            text.withUnsafeBytes { hasher.update(bufferPointer: $0) }
            text.removeAll(keepingCapacity: true)
            hasher.update(bufferPointer: UnsafeRawBufferPointer(payload))
        }
        scratch.withUnsafeBytes { hasher.update(bufferPointer: $0) }
        return hex(hasher.finalize())
    }

    /// Appends the canonical text of an event to `out`: the one definition of its layout, which
    /// `hash` hashes and `log export` writes (with `hash`, given, at its sorted place after
    /// `clinicalTime`). `withField` hands over each text field as stored (nil for null);
    /// `payload` is given `out` and the payload's stored JSON text to splice in.
    package static func write(seq: Int64, hash: UnsafeBufferPointer<UInt8>?, into out: inout [UInt8],
                              withField: (Field, (UnsafeBufferPointer<UInt8>?) -> Void) -> Void,
                              payload: (inout [UInt8], UnsafeBufferPointer<UInt8>) -> Void) {
        func raw(_ text: StaticString) {
            out.append(contentsOf: UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
        }
        // The payload closure is called only while this function runs.
        withoutActuallyEscaping(payload) { payload in
            for field in Field.allCases {
                if field == .id, let hash {
                    raw(",\"hash\":")
                    JSONValue.writeString(utf8: hash, into: &out)
                }
                if field == .terminal {
                    raw(",\"seq\":")
                    out.append(contentsOf: String(seq).utf8)
                }
                raw(field.prefix)
                withField(field) { bytes in
                    guard let bytes else { return raw("null") }
                    if field == .payload {
                        payload(&out, bytes)
                    } else {
                        JSONValue.writeString(utf8: bytes, into: &out)
                    }
                }
            }
        }
        raw("}")
    }

    /// Lowercase hex SHA-256.
    package static func sha256Hex(_ bytes: [UInt8]) -> String {
        String(decoding: hex(SHA256.hash(data: bytes)), as: UTF8.self)
    }

    /// A digest as lowercase hex ASCII bytes.
    static func hex(_ digest: SHA256.Digest) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: 2 * SHA256.Digest.byteCount)
        for (index, byte) in digest.enumerated() {
            out[2 * index] = LowercaseHex.digit(byte >> 4)
            out[2 * index + 1] = LowercaseHex.digit(byte)
        }
        return out
    }
}
