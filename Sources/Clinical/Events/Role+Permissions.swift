/// What a role may write to the trial log: the one table every front end asks (the bedside board
/// and each `aegrade` command that appends). Reading — the board, timelines, replay, `log verify`,
/// export — is governed by the log file's permissions, not by roles (README, "Accounts and roles").
///
/// The table follows the division of duties of ICH E6(R3) and 21 CFR 11.10(d), (g): the
/// investigator's staff record (E6(R3) 3.11.4: the monitor verifies, the investigator records); a
/// monitor, data manager, safety reviewer or inspector reads; the site's system administrator
/// administers accounts and enters nothing, so that misusing someone's signature needs two people
/// (21 CFR 11.200(a)(3)).
package enum Permission: String, Sendable, CaseIterable {
    /// A new assessment (the bedside form, `aegrade record`).
    case enterAssessment
    /// A correction superseding an assessment (`e` on the board, `aegrade log correct`). A nurse
    /// corrects only the entries they made (``Role/correctsOnlyOwnEntries``).
    case correctAssessment
    /// A clinician's grade replacing a computed one (`o` on the board, `aegrade log override`), and
    /// confirming, while correcting, that an override still stands.
    case overrideGrade
    /// A clinical event by hand: enrolment, infusion, treatment, death, … (`aegrade log event`).
    case recordEvent
    /// Creating, deactivating and reactivating accounts, granting and revoking roles, resetting a
    /// password, issuing a service key (`aegrade user …`).
    case administerUsers

    /// What the permission lets one do, for refusals: "enter assessments".
    package var doing: String {
        switch self {
        case .enterAssessment: "enter assessments"
        case .correctAssessment: "correct assessments"
        case .overrideGrade: "override a grade"
        case .recordEvent: "record clinical events"
        case .administerUsers: "administer user accounts"
        }
    }
}

extension Role {
    /// The roles that hold `permission`, in the order they are named in refusals.
    package static func holding(_ permission: Permission) -> [Role] {
        allCases.filter { $0.may(permission) }
    }

    /// The roles a person's account may hold (every role but aegrade's own).
    package static let personal: [Role] = allCases.filter { $0 != .system }

    /// Whether this role may do `permission`. The table:
    ///
    /// | role | enter | correct | override | event | administer users |
    /// |---|---|---|---|---|---|
    /// | nurse | ✓ | own entries | | ✓ | |
    /// | physician, principalInvestigator | ✓ | ✓ | ✓ | ✓ | |
    /// | monitor, dataManager, safety, inspector | | | | | |
    /// | administrator | | | | | ✓ |
    /// | system (aegrade itself) | | | | | |
    package func may(_ permission: Permission) -> Bool {
        switch (self, permission) {
        case (.administrator, .administerUsers): true
        case (_, .administerUsers): false
        case (.physician, _), (.principalInvestigator, _): true
        case (.nurse, .overrideGrade): false
        case (.nurse, _): true
        case (.monitor, _), (.dataManager, _), (.safety, _), (.inspector, _), (.administrator, _), (.system, _): false
        }
    }

    /// Whether this role corrects only the assessments its own account entered (C-ACC: a nurse
    /// corrects own entries, with a reason).
    package var correctsOnlyOwnEntries: Bool { self == .nurse }

    /// The plain refusal shown when this role tries `permission` (short enough for an 80-column
    /// status line), or nil when it may: "monitor: read-only role; may not enter assessments",
    /// "administrator: administers accounts only; may not enter assessments", "nurse may not
    /// override a grade: physician, principalInvestigator only".
    package func refusal(_ permission: Permission) -> String? {
        guard !may(permission) else { return nil }
        if Permission.allCases.allSatisfy({ !may($0) }) {
            return "\(rawValue): read-only role; may not \(permission.doing)"
        }
        if Permission.allCases.allSatisfy({ may($0) == ($0 == .administerUsers) }) {
            return "\(rawValue): administers accounts only; may not \(permission.doing)"
        }
        return "\(rawValue) may not \(permission.doing): \(Self.holding(permission).map(\.rawValue).joined(separator: ", ")) only"
    }
}
