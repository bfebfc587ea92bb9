import Clinical

/// What a protocol counts as a toxicity: a graded result at or above a grade, or an event kind.
///
/// A subject "has" a toxicity when one of their events after infusion meets it (with overrides and
/// corrections applied, see ``SubjectRecord``); before infusion nothing the product did can be counted.
package struct ToxicityDefinition: Sendable, Equatable {
    /// The name rules refer to (`severeCRS`).
    package let id: String
    package let description: String?
    package let match: Match
    /// Only events on study days 0 … DLT window count.
    package let withinDLTWindow: Bool

    package init(id: String, description: String?, match: Match, withinDLTWindow: Bool) {
        self.id = id
        self.description = description
        self.match = match
        self.withinDLTWindow = withinDLTWindow
    }

    /// How an event meets the definition.
    package enum Match: Sendable, Equatable {
        /// A logged grade of `criteria` (any criteria when nil; any term when `term` is nil) at or above `minGrade`.
        case grade(criteria: String?, term: String?, minGrade: Int)
        /// An event of this kind (`rclDetected`, `death`).
        case event(EventKind)
    }

    /// The event kinds a definition may name.
    package static let eventKinds: [EventKind] = [.rclDetected, .death]
}
