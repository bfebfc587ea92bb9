/// The keys of event payloads: the one place they are spelled. Writers build payloads with them
/// and readers read through them (`event.payload[.supersedesSeq]`, ``RecordedEvent/supersedesSeq``),
/// so a key cannot be written one way and read another. The raw values are stored in the log (and
/// hashed into it) and never change.
package enum PayloadKey: String, Sendable, CaseIterable {
    // observation, correction
    case assessment
    // grades
    case observation, observationSeq, results
    // a result of `results`, or an override
    case criteria, term, grade, computedGrade
    /// Inside a criteria-set result: the grade at least proven so far.
    case atLeast
    // correction, override: the event superseded, and why
    case supersedes, supersedesSeq, reason
    // enrollment, infusion, treatment, death, rclDetected, manufacturingFailure
    case cohort, product, dose, drug, cause, assay, replaced
    /// infusion: the protocol's dose level (its label, `DL2`), beside the dose as written.
    case doseLevel
    /// infusion: why a physician gave a dose above the one the dose decision allowed.
    case deviation
    // ruleStatus
    case status, tripped, counts, asOf
    /// ruleStatus: the dose-escalation decision, when the protocol has a dose-finding section.
    case doseDecision
    /// ruleStatus: the sites whose subjects a trial-wide evaluation counted (a trial of several
    /// sites on PostgreSQL; absent when the status is one log's).
    case sites
    // note
    case text
    // genesis
    case logId, productVersion, schemaVersion, sqliteVersion
    // userAdmin, login, security (``AccountPayload``)
    case action, user, name, roles, role, kind, credential, oneTime, method, failures
    // signature (`name` as above; and each version it signs: id, seq, hash)
    case meaning, signs, id, seq, hash
    // the log's public key (a `logKey` event, or the log's first account event by aegrade), and
    // the userAdmin events that register an account's Ed25519 public key
    case logKey, signingKey
    // clockAnomaly (C-TIME-4): `direction` is "backward" or "forward" (absent in the events of
    // versions that flagged only clocks set back)
    case direction, previousRecordTime, recordTime, monotonicSeconds, bootId, previousBootId
}

extension JSONValue {
    /// The member `key` of an event payload (nil when absent or not an object).
    package subscript(key: PayloadKey) -> JSONValue? { self[key.rawValue] }
}

/// A payload's members, keyed by ``PayloadKey``.
func members(_ pairs: [(PayloadKey, JSONValue)]) -> JSONValue { .object(pairs.map { ($0.0.rawValue, $0.1) }) }

/// The payloads of the clinical event kinds: how each is written and read, by key.
///
/// Payloads are JSON objects so that the log stays readable and verifiable without aegrade; these
/// helpers and ``PayloadKey`` are the one place that knows their keys.
package enum EventPayload {
    /// `grades`: the observation graded and the results (as the batch interface prints them).
    package static func grades(observation: String, observationSeq: Int64, results: [JSONValue]) -> JSONValue {
        members([(.observation, .string(observation)), (.observationSeq, .number(Double(observationSeq))), (.results, .array(results))])
    }

    /// The canonical text (`JSONValue.canonicalText`) of a grades payload as `record` writes it:
    /// ``grades(observation:observationSeq:results:)`` with `warnings` when there are any, from the
    /// canonical text of its `results` array. Written without a tree: the log stores and hashes
    /// this text, and nothing on `record`'s path reads the payload back (``EventPayloadValue``).
    package static func gradesCanonicalText(observation: String, observationSeq: Int64, resultsText: [UInt8],
                                            warnings: [String]) -> String {
        // The keys in canonical order: observation, observationSeq, results, warnings.
        var bytes: [UInt8] = []
        bytes.reserveCapacity(resultsText.count + 128)
        bytes.append(contentsOf: "{\"observation\":".utf8)
        JSONValue.writeString(observation, into: &bytes)
        bytes.append(contentsOf: ",\"observationSeq\":".utf8)
        bytes.append(contentsOf: JSONValue.format(Double(observationSeq)).utf8)
        bytes.append(contentsOf: ",\"results\":".utf8)
        bytes.append(contentsOf: resultsText)
        if !warnings.isEmpty {
            bytes.append(contentsOf: ",\"warnings\":".utf8)
            JSONValue.writeStrings(warnings, into: &bytes)
        }
        bytes.append(UInt8(ascii: "}"))
        return String(decoding: bytes, as: UTF8.self)
    }

    /// `observation`: the assessment as entered.
    package static func observation(_ assessment: JSONValue) -> JSONValue { members([(.assessment, assessment)]) }

    /// `correction`: the corrected assessment, the observation it supersedes, and why.
    package static func correction(supersedes: String, supersedesSeq: Int64, reason: String, assessment: JSONValue) -> JSONValue {
        members([(.assessment, assessment), (.reason, .string(reason)), (.supersedes, .string(supersedes)),
                 (.supersedesSeq, .number(Double(supersedesSeq)))])
    }

    /// `override`: a clinician's grade for one criteria id (and term) of a grades event, and why.
    package static func override(supersedes: String, supersedesSeq: Int64, criteria: String, term: String?, computedGrade: Int?,
                                 grade: Int, reason: String) -> JSONValue {
        var pairs: [(PayloadKey, JSONValue)] = [(.computedGrade, computedGrade.map { .number(Double($0)) } ?? .null),
                                                (.criteria, .string(criteria)), (.grade, .number(Double(grade))),
                                                (.reason, .string(reason)), (.supersedes, .string(supersedes)),
                                                (.supersedesSeq, .number(Double(supersedesSeq)))]
        if let term { pairs.append((.term, .string(term))) }
        return members(pairs)
    }

    /// `signature`: the meaning, the signer's printed name, and each event version signed by id,
    /// seq and hash (``SignedVersion``), with a reason when given (21 CFR 11.50, 11.70).
    package static func signature(meaning: SignatureMeaning, name: String, signs: [SignedVersion], reason: String?) -> JSONValue {
        var pairs: [(PayloadKey, JSONValue)] = [
            (.meaning, .string(meaning.rawValue)), (.name, .string(name)),
            (.signs, .array(signs.map { members([(.hash, .string($0.hash)), (.id, .string($0.id)), (.seq, .number(Double($0.seq)))]) })),
        ]
        if let reason { pairs.append((.reason, .string(reason))) }
        return members(pairs)
    }
}

/// One grade read back from a `grades` or `override` event.
package struct LoggedGrade: Sendable, Equatable {
    package var criteria: String
    package var term: String?
    package var grade: Int?

    package init(criteria: String, term: String?, grade: Int?) {
        self.criteria = criteria
        self.term = term
        self.grade = grade
    }
}

extension RecordedEvent {
    /// The grades a `grades` event carries (criteria results without a grade, such as criteria
    /// sets, are left out), or the one grade of an `override`.
    package var loggedGrades: [LoggedGrade] {
        switch kind {
        case .grades:
            return LoggedGrade.results(payload[.results])
        case .override:
            guard case .string(let criteria)? = payload[.criteria], case .number(let g)? = payload[.grade] else { return [] }
            var term: String?
            if case .string(let t)? = payload[.term] { term = t }
            return [LoggedGrade(criteria: criteria, term: term, value: .number(g))].compactMap { $0 }
        default:
            return []
        }
    }

    /// A string field of the payload.
    package func payloadString(_ key: PayloadKey) -> String? {
        if case .string(let value)? = payload[key] { return value }
        return nil
    }

    /// A sequence number field of the payload (nil when absent, not a number, or not a whole one).
    package func payloadSeq(_ key: PayloadKey) -> Int64? {
        if case .number(let value)? = payload[key] { return Int64(exactly: value) }
        return nil
    }

    /// The seq of the event a `correction` (an observation or correction) or an `override` (a
    /// grades event) names.
    package var supersedesSeq: Int64? { payloadSeq(.supersedesSeq) }

    /// The seq of the observation (or correction) a `grades` event graded.
    package var observationSeq: Int64? { payloadSeq(.observationSeq) }

    /// The reason a correction, override or other amendment gives.
    package var reason: String? { payloadString(.reason) }
}
