import Clinical
import Foundation

/// Clinical events entered by hand: enrolment, infusion, treatment, death, RCL, manufacturing
/// failure, note.
extension LogRecorder {
    /// The clinical event kinds a user appends by hand with `aegrade log event`.
    package static let manualKinds: [EventKind] = [.enrollment, .infusion, .treatment, .death, .rclDetected, .manufacturingFailure, .note]

    /// Appends a clinical event (infusion, treatment, death, ...) with its data and reason.
    package func event(kind: EventKind, patient typedPatient: String, time timeText: String, data: JSONValue, reason: String) throws(RecordError) -> RecordedEvent {
        try permit(.recordEvent)
        try requireReason(reason)
        let patient: String
        do {
            patient = try PatientIdentifier(typedPatient, at: "patient").text
            try TextInput.check(data, at: "data", as: .multiLine)
        } catch {
            throw .refused(.invalidText(message: error.description))
        }
        guard let time = ClinicalTime(iso8601: timeText) else { throw .refused(.notATime(timeText)) }
        do {
            _ = try ClinicalTimeGuard.check(time, field: "time", now: now())
        } catch {
            throw .refused(.clinicalTimeRefused(message: error.description))
        }
        guard Self.manualKinds.contains(kind) else { throw .refused(.writtenByAegrade(kind)) }
        guard case .object(var members) = data else { throw .refused(.dataNotAnObject) }
        guard !members.contains(where: { $0.0 == "reason" }) else { throw .refused(.reasonInData) }
        if kind == .death {
            guard case .string(let cause)? = data["cause"], DeathCause(rawValue: cause) != nil else { throw .refused(.deathWithoutCause) }
        }
        members.append(("reason", .string(reason)))
        let draft = EventDraft(kind: kind, patient: patient, clinicalTime: timeText, payload: .object(members))
        return try stored { () throws(EventLogError) in try store.append([draft], author: author)[0] }
    }
}
