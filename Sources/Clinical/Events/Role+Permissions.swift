/// What a role may write to the trial log: the one table every front end asks (the bedside board
/// and each `aegrade` command that appends). Reading — the board, timelines, replay, `log verify`,
/// export — is open to every role.
///
/// A monitor reviews source data and the audit trail and must never create it (ICH E6(R3) 3.11.4:
/// the monitor verifies, the investigator records); a safety reviewer likewise reads only.
package enum Permission: String, Sendable, CaseIterable {
    /// A new assessment (the bedside form, `aegrade record`).
    case enterAssessment
    /// A correction superseding an assessment (`e` on the board, `aegrade log correct`).
    case correctAssessment
    /// A clinician's grade replacing a computed one (`o` on the board, `aegrade log override`), and
    /// confirming, while correcting, that an override still stands.
    case overrideGrade
    /// A clinical event by hand: enrolment, infusion, treatment, death, … (`aegrade log event`).
    case recordEvent

    /// What the permission lets one do, for refusals: "enter assessments".
    package var doing: String {
        switch self {
        case .enterAssessment: "enter assessments"
        case .correctAssessment: "correct assessments"
        case .overrideGrade: "override a grade"
        case .recordEvent: "record clinical events"
        }
    }
}

extension Role {
    /// The roles that hold `permission`, in the order they are named in refusals.
    package static func holding(_ permission: Permission) -> [Role] {
        allCases.filter { $0.may(permission) }
    }

    /// Whether this role may do `permission`. The table:
    ///
    /// | role | enter | correct | override | event |
    /// |---|---|---|---|---|
    /// | nurse | ✓ | ✓ | | ✓ |
    /// | physician, principalInvestigator | ✓ | ✓ | ✓ | ✓ |
    /// | dataManager | ✓ | ✓ | | ✓ |
    /// | monitor, safety | | | | |
    /// | system (aegrade itself) | | | | |
    package func may(_ permission: Permission) -> Bool {
        switch (self, permission) {
        case (.physician, _), (.principalInvestigator, _): true
        case (.nurse, .overrideGrade), (.dataManager, .overrideGrade): false
        case (.nurse, _), (.dataManager, _): true
        case (.monitor, _), (.safety, _), (.system, _): false
        }
    }

    /// The plain refusal shown when this role tries `permission` (short enough for an 80-column
    /// status line), or nil when it may: "monitor: read-only role (review, replay, verify); may
    /// not enter assessments", "nurse may not override a grade: physician, principalInvestigator only".
    package func refusal(_ permission: Permission) -> String? {
        guard !may(permission) else { return nil }
        if Permission.allCases.allSatisfy({ !may($0) }) {
            return "\(rawValue): read-only role (review, replay, verify); may not \(permission.doing)"
        }
        return "\(rawValue) may not \(permission.doing): \(Self.holding(permission).map(\.rawValue).joined(separator: ", ")) only"
    }
}
