import EventLog
import Localization

extension RecordRefusal {
    /// ``sentence`` in the current language: the refusal's message found by its pattern in the
    /// catalogue (``localizedMessage(_:)``), as a notice line shows it; English capitalised as before.
    package var localizedSentence: String {
        Localization.language == .english ? sentence : localizedMessage(description)
    }
}
