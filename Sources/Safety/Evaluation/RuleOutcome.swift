import Clinical

/// One rule's standing at the evaluation time: what it counted against what threshold.
package struct RuleOutcome: Sendable, Equatable {
    package let rule: String
    package let description: String
    package let action: SafetyRule.Action
    /// `count`, `pocock`, `bayes` or `stagger`.
    package let type: String
    /// Subjects with the toxicity counted (for a stagger rule: infusions earlier than permitted).
    package let count: Int
    /// The count that trips the rule now: k of a count rule, b_n of a monitoring rule at the
    /// current n; nil when no stop is possible yet (or for a stagger rule).
    package let threshold: Int?
    /// Evaluable subjects looked at (count … ofFirst, monitoring); nil when the rule counts all subjects.
    package let subjects: Int?
    /// The subjects counted, by patient id (trial-level findings as `trial`).
    package let counted: [String]
    package let tripped: Bool
    /// For a monitoring rule: the first n after which X_n ≥ b_n.
    package let trippedAfter: Int?
    /// For a stagger rule: the earliest permitted next infusion, trial-wide (nil: any time).
    package let nextDosing: ClinicalTime?
    /// For a per-cohort stagger rule: the earliest permitted next infusion of each cohort that has one.
    package let nextDosingByCohort: [String: ClinicalTime]
    /// For a stagger rule: the subjects infused earlier than permitted.
    package let violations: [String]

    package init(rule: SafetyRule, type: String, count: Int, threshold: Int?, subjects: Int?, counted: [String], tripped: Bool,
                 trippedAfter: Int? = nil, nextDosing: ClinicalTime? = nil, nextDosingByCohort: [String: ClinicalTime] = [:],
                 violations: [String] = []) {
        self.rule = rule.id
        self.description = rule.description
        self.action = rule.action
        self.type = type
        self.count = count
        self.threshold = threshold
        self.subjects = subjects
        self.counted = counted
        self.tripped = tripped
        self.trippedAfter = trippedAfter
        self.nextDosing = nextDosing
        self.nextDosingByCohort = nextDosingByCohort
        self.violations = violations
    }
}
