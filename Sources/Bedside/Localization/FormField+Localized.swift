import Localization

extension FormField {
    /// The label in the current language. Drug rows carry their number; the reference limits
    /// (ULN, LLN) and the labs clinicians name by abbreviation (ANC, AST, ALT …) stay as written.
    package var localizedLabel: String {
        switch self {
        case .pressorDrug(let index): "  " + localized("drug {n}", ["n": String(index + 1)])
        case .lab(let analyte): localized(Self.analyteName(analyte))
        default: localized(label)
        }
    }
}
