/// The board's HLH column: whether the latest assessment shows haemophagocytic syndrome by
/// HLH-2004, CARTOX carHLH or the HScore cut-off. "no" is said only when it was assessed.
package enum HLHFlag: String, Sendable, CaseIterable {
    /// No HLH result at all (never assessed, or the product never given): `-`.
    case notRecorded
    /// Assessed, and none of the criteria met: `no`.
    case notMet
    /// Assessed, and what was recorded cannot decide: `?`.
    case notAssessable
    /// HLH-2004 or CARTOX met, or HScore at or above its cut-off: `HLH!`.
    case met

    /// The column's text.
    package var text: String {
        switch self {
        case .notRecorded: "-"
        case .notMet: "no"
        case .notAssessable: "?"
        case .met: "HLH!"
        }
    }
}
