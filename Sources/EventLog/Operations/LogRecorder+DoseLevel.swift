import Clinical
import Foundation
import Safety

/// Infusions and enrolments held to the protocol's dose finding (README, "Dose finding from the
/// log"): an infusion names a dose level of the protocol (`doseLevel`); an enrolment without a
/// cohort is given the dose the decision gives the next subject.
///
/// An infusion above the dose the decision allows now — or any infusion while nothing may be
/// dosed (a paused trial, a stagger, a decision waiting for pending subjects) — is refused unless
/// a physician records it as a deviation with why (`deviation` in the data). Not a plain
/// refusal: the log records what happened, and an infusion already given must be recordable; not
/// a plain warning: escalating past the decision is the protocol deviation that dose finding
/// exists to prevent (ICH E6(R3) 3.11: deviations documented and explained), so it is written
/// only knowingly, by a role that may override a computed result, with its reason in the event.
extension LogRecorder {
    /// ``event(kind:patient:time:data:reason:)`` with the protocol's dose finding applied first to
    /// an infusion or an enrolment; any other kind, or a protocol without dose finding, as there.
    package func event(kind: EventKind, patient: String, time: String, data: JSONValue, reason: String,
                       protocol trial: TrialProtocol?) throws(RecordError) -> RecordedEvent {
        guard let trial, trial.doseFinding != nil, kind == .infusion || kind == .enrollment else {
            return try event(kind: kind, patient: patient, time: time, data: data, reason: reason)
        }
        try permit(.recordEvent)
        var all: [RecordedEvent] = []
        try stored { () throws(EventLogError) in try store.forEachEvent(from: 1) { all.append($0); return true } }
        let checked: JSONValue
        do {
            checked = try Self.doseChecked(kind, data: data, trial: trial, events: all, asOf: now(), mayDeviate: may(.overrideGrade))
        } catch {
            throw .refused(error)
        }
        return try event(kind: kind, patient: patient, time: time, data: checked, reason: reason)
    }

    /// The event's data as it will be written: an infusion's `doseLevel` checked (required, a
    /// level of the protocol, not above what the decision allows unless a physician gives a
    /// `deviation`); an enrolment's `cohort`, when absent, set to the dose the design gives the
    /// next subject, and when present checked as an infusion's level is. Other data unchanged.
    package static func doseChecked(_ kind: EventKind, data: JSONValue, trial: TrialProtocol, events: [RecordedEvent], asOf: ClinicalTime,
                                    mayDeviate: Bool) throws(RecordRefusal) -> JSONValue {
        guard let plan = trial.doseFinding, case .object(var members) = data else { return data }
        guard let status = DoseEscalationStatus.evaluate(trial, events: events, asOf: asOf) else { return data }
        let labels = plan.doses.map { PrintableText.quoted($0.label) }.joined(separator: ", ")
        let field = kind == .infusion ? "data.\(PayloadKey.doseLevel.rawValue)" : "data.\(PayloadKey.cohort.rawValue)"
        let given: String
        switch data[kind == .infusion ? PayloadKey.doseLevel.rawValue : PayloadKey.cohort.rawValue] {
        case .string(let label)?:
            given = label
        case nil where kind == .enrollment:
            // Enrolment assigns the dose the current decision gives the next subject.
            guard let dose = status.designDose else { return data }
            members.append((PayloadKey.cohort.rawValue, .string(plan.doses[dose].label)))
            return .object(members)
        case nil:
            throw .doseLevel("\(field) is required: the protocol names the dose levels \(labels)")
        case _?:
            throw .doseLevel("\(field) must be the label of a dose level as text (\(labels))")
        }
        guard let index = plan.doses.firstIndex(where: { $0.label == given }) else {
            throw .doseLevel("\(field): \(PrintableText.quoted(given)) is not a dose level of the protocol (\(labels))")
        }
        let allowed = kind == .infusion ? status.nextDose : status.designDose
        if let allowed, index <= allowed, !status.doses[index].eliminated { return data }
        let why: String
        if let allowed {
            why = status.doses[index].eliminated
                ? "\(PrintableText.quoted(given)) is eliminated" : "\(PrintableText.quoted(given)) is above \(PrintableText.quoted(plan.doses[allowed].label)), the dose the decision allows now"
        } else {
            why = "nobody may be dosed now (" + status.holds.map { PrintableText.escaped($0.text) }.joined(separator: "; ") + ")"
        }
        guard kind == .infusion else { throw .doseLevel("\(field): \(why)") }
        guard case .string(let deviation)? = data[PayloadKey.deviation.rawValue],
              deviation.trimmingCharacters(in: .whitespacesAndNewlines).count >= minimumReasonLength else {
            throw .doseLevel("\(field): \(why); a physician may record it as a protocol deviation, giving why in data.\(PayloadKey.deviation.rawValue)")
        }
        guard mayDeviate else { throw .doseLevel("\(field): \(why); only a physician may record a dose deviation") }
        return data
    }
}
