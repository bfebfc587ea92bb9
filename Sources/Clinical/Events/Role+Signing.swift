/// Who may sign with which meaning: the signing column of the role table (21 CFR 11.10(g),
/// authority checks; ICH E6(R3) 2.12: the investigator's responsibility for the data). A nurse
/// signs as author of her own entries (``SignatureMeaning/refusal(signing:by:)`` keeps it to
/// her own), a physician the clinical meanings, the principal investigator those and the episode's
/// sign-off, a monitor or data manager only a review, a safety reviewer only an acknowledgement of a
/// tripped stopping rule; an administrator, an inspector and aegrade itself sign nothing (an
/// administrator cannot sign clinical content, 21 CFR 11.200(a)(3)).
extension Role {
    /// The meanings this role may sign with.
    package var signingMeanings: [SignatureMeaning] {
        // One line per role: a role added later is one more line (the switch is exhaustive).
        switch self {
        case .nurse: [.authored]
        case .physician: [.authored, .confirmed, .corrected, .overrode, .acknowledged]
        case .principalInvestigator: [.authored, .confirmed, .corrected, .overrode, .acknowledged, .approved]
        case .monitor, .dataManager: [.reviewed]
        case .safety: [.acknowledged]
        case .administrator, .inspector, .system: []
        }
    }

    /// Whether this role may sign with `meaning`.
    package func maySign(_ meaning: SignatureMeaning) -> Bool { signingMeanings.contains(meaning) }

    /// The roles that may sign with `meaning`, in the order they are named in refusals.
    package static func signing(_ meaning: SignatureMeaning) -> [Role] { allCases.filter { $0.maySign(meaning) } }

    /// The plain refusal when this role signs with `meaning`, or nil when it may: "nurse may not
    /// sign 'overrode grade': physician, principalInvestigator only".
    package func signingRefusal(_ meaning: SignatureMeaning) -> String? {
        guard !maySign(meaning) else { return nil }
        let holders = Self.signing(meaning).map(\.rawValue).joined(separator: ", ")
        if signingMeanings.isEmpty { return "\(rawValue) signs nothing; '\(meaning.words)' is signed by \(holders) only" }
        return "\(rawValue) may not sign '\(meaning.words)': \(holders) only"
    }
}
