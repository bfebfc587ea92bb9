/// An event to be appended: what the caller decides. The store adds the sequence number, the event
/// id, the record time (from the system clock, never typed), the time zone, the terminal, the
/// product version and the hashes.
package struct EventDraft: Sendable, Equatable {
    package var kind: EventKind
    /// The trial subject; nil for trial-level events (genesis, rule status).
    package var patient: String?
    /// When it happened at the bedside, ISO 8601 as entered; nil when not clinical.
    package var clinicalTime: String?
    /// The payload as made: a tree, or the canonical text a writer made it as (``EventPayloadValue``).
    package var payloadValue: EventPayloadValue

    /// The payload as a JSON tree.
    package var payload: JSONValue {
        get { payloadValue.tree }
        set { payloadValue = EventPayloadValue(newValue) }
    }

    package init(kind: EventKind, patient: String?, clinicalTime: String?, payload: JSONValue) {
        self.init(kind: kind, patient: patient, clinicalTime: clinicalTime, payloadValue: EventPayloadValue(payload))
    }

    package init(kind: EventKind, patient: String?, clinicalTime: String?, payloadValue: EventPayloadValue) {
        self.kind = kind
        self.patient = patient
        self.clinicalTime = clinicalTime
        self.payloadValue = payloadValue
    }
}

/// An event as stored in the log: attributable, time-stamped and chained to its predecessor.
package struct RecordedEvent: Sendable, Equatable {
    /// Gap-free position in the log, from 1 (the genesis event).
    package var seq: Int64
    /// A random UUID, for references from corrections and overrides.
    package var id: String
    package var kind: EventKind
    package var patient: String?
    package var clinicalTime: String?
    /// UTC time of the write, from the system clock (`2026-11-22T00:00:00.123Z`).
    package var recordTime: String
    /// The writer's time zone and offset then (`Asia/Shanghai +08:00`).
    package var timeZone: String
    package var author: Author
    /// The terminal that wrote it (host, tty, process).
    package var terminal: String
    package var productVersion: String
    /// The payload as the store built it: the draft's canonical tree, or the canonical text the
    /// draft was made as (``EventPayloadValue``), read into a tree when ``payload`` is asked for.
    package var payloadValue: EventPayloadValue
    /// The hash of the previous event (64 zeros before the genesis event).
    package var prevHash: String
    /// SHA-256 of this event's canonical form without `hash` (README, "The log").
    package var hash: String

    package init(seq: Int64, id: String, kind: EventKind, patient: String?, clinicalTime: String?, recordTime: String,
                 timeZone: String, author: Author, terminal: String, productVersion: String, payload: JSONValue,
                 prevHash: String, hash: String) {
        self.init(seq: seq, id: id, kind: kind, patient: patient, clinicalTime: clinicalTime, recordTime: recordTime,
                  timeZone: timeZone, author: author, terminal: terminal, productVersion: productVersion,
                  payloadValue: EventPayloadValue(payload), prevHash: prevHash, hash: hash)
    }

    package init(seq: Int64, id: String, kind: EventKind, patient: String?, clinicalTime: String?, recordTime: String,
                 timeZone: String, author: Author, terminal: String, productVersion: String, payloadValue: EventPayloadValue,
                 prevHash: String, hash: String) {
        self.seq = seq
        self.id = id
        self.kind = kind
        self.patient = patient
        self.clinicalTime = clinicalTime
        self.recordTime = recordTime
        self.timeZone = timeZone
        self.author = author
        self.terminal = terminal
        self.productVersion = productVersion
        self.payloadValue = payloadValue
        self.prevHash = prevHash
        self.hash = hash
    }

    /// The payload as a JSON tree.
    package var payload: JSONValue {
        get { payloadValue.tree }
        set { payloadValue = EventPayloadValue(newValue) }
    }

    /// The clinical time parsed, when there is one.
    package var clinicalInstant: ClinicalTime? { clinicalTime.flatMap(ClinicalTime.init(iso8601:)) }

    /// The record time parsed.
    package var recordInstant: ClinicalTime? { ClinicalTime(iso8601: recordTime) }
}
