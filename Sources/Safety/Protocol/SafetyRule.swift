/// One stopping or stagger rule of a protocol: what it watches and what a trip does.
package struct SafetyRule: Sendable {
    /// The rule's id, unique in the protocol (`dlt-pocock`); recorded in `ruleStatus` events.
    package let id: String
    package let description: String
    package let action: Action
    package let kind: Kind

    package init(id: String, description: String, action: Action, kind: Kind) {
        self.id = id
        self.description = description
        self.action = action
        self.kind = kind
    }

    /// What happens when the rule trips.
    package enum Action: String, Sendable, CaseIterable {
        /// No new subject is enrolled until the data monitoring committee has reviewed.
        case pauseEnrolment
        /// No subject is dosed until the review.
        case pauseDosing
        /// The committee and sponsor are told; the trial continues.
        case notify

        /// Whether the action pauses the trial.
        package var pauses: Bool { self != .notify }
    }

    /// The rule types a protocol file may use (README, "Protocol safety rules").
    package enum Kind: Sendable {
        /// A count rule: at least `atLeast` subjects have one of `toxicities`; with `ofFirst`, counted among the
        /// first `ofFirst` evaluable subjects only.
        case count(toxicities: [String], atLeast: Int, ofFirst: Int?)
        /// Pocock-type (Ivanova, Qaqish & Schell, Biometrics 2005;61:540–545) or Bayesian
        /// beta-binomial (Thall & Simon, Biometrics 1994;50:337–349) continuous monitoring after each evaluable subject, up to `boundary.maxSubjects`.
        case monitoring(toxicities: [String], boundary: StoppingBoundary)
        /// A first-in-human dosing stagger: the next infusion no earlier than `days` after the previous one.
        case stagger(Stagger)
    }

    /// A dosing stagger (first-in-human, CDE 2021 guideline II.(二).4).
    package struct Stagger: Sendable, Equatable {
        /// The minimum interval between consecutive infusions, in days of 24 hours.
        package let days: Int
        /// Only the first k subjects (of the trial, or of each cohort) are staggered; all when nil.
        package let firstSubjects: Int?
        /// Intervals are counted between infusions of the same dose cohort.
        package let perCohort: Bool

        package init(days: Int, firstSubjects: Int?, perCohort: Bool) {
            self.days = days
            self.firstSubjects = firstSubjects
            self.perCohort = perCohort
        }
    }

    /// The toxicity ids the rule counts (none for a stagger rule).
    package var toxicities: [String] {
        switch kind {
        case .count(let toxicities, _, _), .monitoring(let toxicities, _): toxicities
        case .stagger: []
        }
    }
}
