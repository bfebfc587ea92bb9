/// The payloads of the trial event kinds (enrolment, infusion, treatment, death, RCL, manufacturing
/// failure, rule status): how each is written and read, by key.
///
/// Like ``EventPayload``'s clinical kinds, these are JSON objects with fixed keys, so that an exported
/// log reads without aegrade. Readers return nil for a missing or mistyped key rather than a default:
/// a cohort that was not recorded is unknown, not cohort "".
extension EventPayload {
    /// `enrollment`: the dose cohort the subject joins, when the protocol has cohorts.
    package static func enrollment(cohort: String?) -> JSONValue {
        members(cohort.map { [(.cohort, .string($0))] } ?? [])
    }

    /// `infusion` (day 0): the product (lot or name), the dose as written on the order
    /// (`"1e6 CAR+ cells/kg"`), and the dose cohort.
    package static func infusion(product: String, dose: String, cohort: String?) -> JSONValue {
        var pairs: [(PayloadKey, JSONValue)] = [(.dose, .string(dose)), (.product, .string(product))]
        if let cohort { pairs.insert((.cohort, .string(cohort)), at: 0) }
        return members(pairs)
    }

    /// `treatment`: a drug given (tocilizumab, dexamethasone, methylprednisolone, anakinra, ...),
    /// optionally with the dose as written.
    package static func treatment(drug: String, dose: String? = nil) -> JSONValue {
        var pairs: [(PayloadKey, JSONValue)] = []
        if let dose { pairs.append((.dose, .string(dose))) }
        pairs.append((.drug, .string(drug)))
        return members(pairs)
    }

    /// `death`: the principal cause as the investigator states it.
    package static func death(cause: String) -> JSONValue { members([(.cause, .string(cause))]) }

    /// `rclDetected`: the assay that detected replication-competent virus (`"VSV-G qPCR"`).
    package static func rclDetected(assay: String) -> JSONValue { members([(.assay, .string(assay))]) }

    /// `manufacturingFailure`: why the product could not be made or given, and whether the subject is
    /// replaced (CDE 2021 guideline II.(一).3 asks for both).
    package static func manufacturingFailure(reason: String, replaced: Bool? = nil) -> JSONValue {
        var pairs: [(PayloadKey, JSONValue)] = [(.reason, .string(reason))]
        if let replaced { pairs.append((.replaced, .bool(replaced))) }
        return members(pairs)
    }

    /// `ruleStatus`: the trial's stopping-rule status as evaluated on the log.
    ///
    /// - Parameters:
    ///   - status: `continue` or `paused`.
    ///   - tripped: the ids of the rules that tripped, in protocol order.
    ///   - counts: per rule id, the number of subjects (or violations) counted against it.
    ///   - asOf: the instant the log was evaluated at (UTC text).
    package static func ruleStatus(status: String, tripped: [String], counts: [(rule: String, count: Int)], asOf: String) -> JSONValue {
        members([(.asOf, .string(asOf)),
                 (.counts, .object(counts.map { ($0.rule, .number(Double($0.count))) })),
                 (.status, .string(status)),
                 (.tripped, .array(tripped.map { .string($0) }))])
    }
}

/// A `ruleStatus` event read back.
package struct LoggedRuleStatus: Sendable, Equatable {
    package var status: String
    package var tripped: [String]
    package var counts: [String: Int]
    package var asOf: String?

    package init(status: String, tripped: [String], counts: [String: Int], asOf: String?) {
        self.status = status
        self.tripped = tripped
        self.counts = counts
        self.asOf = asOf
    }
}

extension RecordedEvent {
    /// The dose cohort of an `enrollment` or `infusion` event.
    package var cohort: String? { payloadString(.cohort) }

    /// The drug of a `treatment` event.
    package var drug: String? { payloadString(.drug) }

    /// The cause of a `death` event.
    package var deathCause: String? { payloadString(.cause) }

    /// The reason of a `manufacturingFailure` event.
    package var failureReason: String? { payloadString(.reason) }

    /// Whether the subject of a `manufacturingFailure` event is replaced, when recorded.
    package var replaced: Bool? {
        if case .bool(let value)? = payload[.replaced] { return value }
        return nil
    }

    /// The event id a `correction` or `override` supersedes.
    package var supersedes: String? { payloadString(.supersedes) }

    /// The observation (or correction) id a `grades` event graded.
    package var gradedObservation: String? { payloadString(.observation) }

    /// The content of a `ruleStatus` event; nil for other kinds or a malformed payload.
    package var loggedRuleStatus: LoggedRuleStatus? {
        guard kind == .ruleStatus, let status = payloadString(.status), case .array(let tripped)? = payload[.tripped] else {
            return nil
        }
        var counts: [String: Int] = [:]
        if case .object(let members)? = payload[.counts] {
            for (rule, value) in members { if case .number(let n) = value, let count = Int(exactly: n) { counts[rule] = count } }
        }
        let ids = tripped.compactMap { value -> String? in if case .string(let id) = value { return id } else { return nil } }
        return LoggedRuleStatus(status: status, tripped: ids, counts: counts, asOf: payloadString(.asOf))
    }
}
