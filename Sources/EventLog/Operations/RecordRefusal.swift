import Clinical

/// Why ``LogRecorder`` would not write what it was asked to: a request the log's rules do not
/// allow, decided before anything was written. Distinct from ``EventLogError``, which says the
/// log itself could not be read or written (disk full, locked, read-only, damaged): a refusal is
/// `aegrade`'s exit 1 ("request refused"), a storage failure its exit 3 (README, "Durability and
/// concurrency").
package enum RecordRefusal: Error, Equatable, Sendable, CustomStringConvertible {
    /// The author's role may not do this (the table of `Role.may`).
    case notPermitted(role: Role, permission: Permission)
    /// A nurse corrects only the entries their own account made (C-ACC).
    case notOwnEntry(seq: Int64, author: String)
    /// A service account only enters assessments and records clinical events.
    case serviceAccount(Permission)
    /// The account, or a change to an account, the log does not allow: the message says why.
    case account(String)
    /// The reason holds a character the log does not keep (``TextInput``): the message names it.
    case reasonNotText(message: String)
    /// The reason says nothing: fewer than ``LogRecorder/minimumReasonLength`` characters.
    case reasonTooShort(minimum: Int)
    /// A clinician's grade outside 0 to 5.
    case gradeOutOfRange(Int)
    /// There is no event `seq` to correct or override (`action`: "correct", "override").
    case noSuchEvent(seq: Int64, action: String)
    /// A correction names an event that is not an observation (nor an earlier correction).
    case notAnObservation(seq: Int64, kind: EventKind)
    /// An override names an event that is not a grades event.
    case notAGradesEvent(seq: Int64, kind: EventKind)
    /// A correction names an observation of another patient.
    case otherPatient(seq: Int64, stored: String?, given: String)
    /// An override names a grade the grades event does not hold; `offered` lists those it does.
    case noSuchGrade(seq: Int64, criteria: String, term: String?, offered: [String])
    /// A patient id or an event's data the log does not keep as typed (``PatientIdentifier``,
    /// ``TextInput``): the message names the field.
    case invalidText(message: String)
    /// A clinical time that is not ISO 8601 with an offset.
    case notATime(String)
    /// A clinical time the clock refuses (``ClinicalTimeGuard``): the message names the field.
    case clinicalTimeRefused(message: String)
    /// An event kind that only aegrade itself writes (grades, ruleStatus, …).
    case writtenByAegrade(EventKind)
    /// An event's data that is not a JSON object.
    case dataNotAnObject
    /// An event's data that carries its own "reason" (the reason is given apart).
    case reasonInData
    /// A death without one of the known causes.
    case deathWithoutCause
    /// A signature the signer's role or the content named does not allow (``SignatureRefusal``).
    case signing(SignatureRefusal)
    /// An infusion's or enrolment's dose level the protocol's dose finding refuses: the message
    /// names the field and the reason (`LogRecorder+DoseLevel`).
    case doseLevel(String)

    package var description: String {
        switch self {
        case let .notPermitted(role, permission):
            role.refusal(permission) ?? "\(role.rawValue) may not \(permission.doing)"
        case let .notOwnEntry(seq, author):
            "a nurse corrects only their own entries: event \(seq) was entered by \(PrintableText.escaped(author))"
        case .serviceAccount(let permission):
            "a service account may only enter assessments and record clinical events, not \(permission.doing)"
        case .account(let message): message
        case .reasonNotText(let message): message
        case .reasonTooShort(let minimum):
            "a reason is required (at least \(minimum) characters): the log keeps why every change was made"
        case .gradeOutOfRange(let grade): "a grade is 0 to 5, not \(grade)"
        case let .noSuchEvent(seq, action): "there is no event \(seq) to \(action)"
        case let .notAnObservation(seq, kind):
            "event \(seq) is a \(kind.rawValue) event: only observations are corrected (grades follow from them; override a grade instead)"
        case let .notAGradesEvent(seq, kind):
            "event \(seq) is a \(kind.rawValue) event: override the grades event that follows an observation"
        case let .otherPatient(seq, stored, given):
            "event \(seq) concerns patient \(PrintableText.quoted(stored ?? "-")), the correction patient \(PrintableText.quoted(given))"
        case let .noSuchGrade(seq, criteria, term, offered):
            "event \(seq) has no grade for \(criteria)\(term.map { " term \($0)" } ?? ""); it has \(offered.joined(separator: ", "))"
        case .invalidText(let message): message
        case .notATime(let text): "\(text) is not an ISO 8601 time with an offset"
        case .clinicalTimeRefused(let message): message
        case .writtenByAegrade(let kind): "\(kind.rawValue) events are written by aegrade itself, not by hand"
        case .dataNotAnObject: "--data must be a JSON object"
        case .reasonInData: "give the reason with --reason, not in --data"
        case .deathWithoutCause:
            "a death needs --data '{\"cause\": …}' with one of \(DeathCause.allCases.map(\.rawValue).joined(separator: ", "))"
        case .signing(let refusal): refusal.description
        case .doseLevel(let message): message
        }
    }

    /// The message as a sentence of its own, capitalised, for a screen's notice line.
    package var sentence: String {
        let text = description
        return text.prefix(1).uppercased() + text.dropFirst()
    }
}
