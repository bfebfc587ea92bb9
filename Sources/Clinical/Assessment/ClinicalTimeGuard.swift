/// The one check of a clinical time typed or given by a person, against the clock: every path that
/// writes one (the bedside form, `aegrade record`, `log event`, `log correct`) goes through it.
///
/// A clinical time is when something happened, so it cannot be in the future: an assessment timed
/// 21 h ahead clears OVERDUE on the board for a day. A few minutes ahead is allowed for clocks
/// that disagree (a bedside monitor's, a phone's) — see the README's bedside section. A time long
/// past is possible (a late entry, a bulk import), but at the bedside it is asked about, since a
/// wrong date typed is the likelier cause.
package enum ClinicalTimeGuard {
    /// How far ahead of the clock a time may be: clocks of different devices disagree by minutes.
    package static let futureTolerance: Double = 5 * 60
    /// How far back a bedside entry may be before it is asked about.
    package static let pastConfirmation: Double = 7 * 86_400

    /// What the guard says of one time.
    package enum Verdict: Equatable, Sendable {
        /// Within the window.
        case accepted
        /// More than `pastConfirmation` before the clock: the bedside asks; batch input accepts.
        case longAgo(days: Int)
    }

    /// Refuses `time` when it is more than five minutes ahead of `now`, naming `field`; otherwise
    /// says whether it is long past.
    ///
    /// - Parameters:
    ///   - time: the clinical time as given.
    ///   - field: the field or option that gave it (`time`, `--time`), for the message.
    ///   - now: the clock (injected so that tests and the demo can fix it).
    package static func check(_ time: ClinicalTime, field: FieldPath, now: ClinicalTime) throws(InputError) -> Verdict {
        let ahead = time.secondsSinceEpoch - now.secondsSinceEpoch
        if ahead > futureTolerance {
            // What matters first, for a one-line status: how far ahead, and that it cannot be.
            throw InputError(field: field, message: "\(duration(ahead)) ahead of the clock: a clinical time cannot be in the future "
                + "(\(time.utcText), now \(now.utcText))")
        }
        if -ahead > pastConfirmation { return .longAgo(days: Int(-ahead / 86_400)) }
        return .accepted
    }

    /// "21 h 2 min", "7 min".
    static func duration(_ seconds: Double) -> String {
        let minutes = Int((seconds / 60).rounded(.up))
        if minutes < 60 { return "\(minutes) min" }
        if minutes < 48 * 60 { return minutes % 60 == 0 ? "\(minutes / 60) h" : "\(minutes / 60) h \(minutes % 60) min" }
        return "\(minutes / 1440) days"
    }
}
