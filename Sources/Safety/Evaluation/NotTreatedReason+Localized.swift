import Localization

extension NotTreatedReason {
    /// ``text`` in the current language; the recorded reason or cause as recorded.
    package var localizedText: String {
        switch self {
        case .manufacturingFailure(let reason): localized("manufacturing failure: {reason}", ["reason": reason])
        case .diedBeforeInfusion(let cause):
            localized("died before infusion") + (cause.map { localized(": {reason}", ["reason": $0]) } ?? "")
        }
    }
}
