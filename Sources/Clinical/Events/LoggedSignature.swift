/// One event version a signature signs: its id, seq and hash, so that the signature cannot be moved
/// to another record, nor stay on content changed since (21 CFR 11.70).
package struct SignedVersion: Sendable, Equatable, Hashable {
    package var id: String
    package var seq: Int64
    package var hash: String

    package init(id: String, seq: Int64, hash: String) {
        self.id = id
        self.seq = seq
        self.hash = hash
    }

    /// The version of `event` as recorded.
    package init(_ event: RecordedEvent) { self.init(id: event.id, seq: event.seq, hash: event.hash) }
}

/// A `signature` event read back: who signed (the event's author), the printed name, the meaning,
/// the versions signed and the reason when given.
package struct LoggedSignature: Sendable, Equatable {
    package var meaning: SignatureMeaning
    package var name: String
    package var signs: [SignedVersion]
    package var reason: String?

    package init(meaning: SignatureMeaning, name: String, signs: [SignedVersion], reason: String?) {
        self.meaning = meaning
        self.name = name
        self.signs = signs
        self.reason = reason
    }
}

extension RecordedEvent {
    /// The content of a `signature` event; nil for other kinds, or a payload without a known
    /// meaning, a name and at least one well-formed version signed.
    package var loggedSignature: LoggedSignature? {
        guard kind == .signature, let meaning = payloadString(.meaning).flatMap(SignatureMeaning.init(rawValue:)),
              let name = payloadString(.name), case .array(let list)? = payload[.signs], !list.isEmpty else { return nil }
        var signs: [SignedVersion] = []
        for item in list {
            guard case .string(let id)? = item[.id], case .string(let hash)? = item[.hash], case .number(let n)? = item[.seq],
                  let seq = Int64(exactly: n) else { return nil }
            signs.append(SignedVersion(id: id, seq: seq, hash: hash))
        }
        return LoggedSignature(meaning: meaning, name: name, signs: signs, reason: payloadString(.reason))
    }
}
