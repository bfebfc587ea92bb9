/// Where a dose-finding trial stands: the counts at every dose, the dose the last cohort got, and
/// the doses closed by elimination. The designs read nothing else, so the same state serves a
/// simulated trial, the exact 3+3 enumeration and (later) the counts read from the log.
package struct DoseFindingState: Sendable, Equatable {
    /// Per dose, lowest first.
    package var counts: [DoseCounts]
    /// The index of the current dose (the one the last cohort got, or the starting dose).
    package var current: Int
    /// The lowest eliminated dose: it and every higher dose are closed. Nil when none is.
    package var eliminatedFrom: Int?

    package init(doses: Int, start: Int = 0) {
        counts = Array(repeating: DoseCounts(), count: doses)
        current = start
        eliminatedFrom = nil
    }

    /// Whether dose `index` is closed by elimination.
    package func isClosed(_ index: Int) -> Bool { eliminatedFrom.map { index >= $0 } ?? false }

    /// Subjects treated at every dose together.
    package var totalTreated: Int { counts.reduce(0) { $0 + $1.treated } }

    /// Adds a cohort's outcome at dose `index`.
    package mutating func record(dose index: Int, treated: Int, dlts: Int) {
        counts[index].treated += treated
        counts[index].dlts += dlts
    }
}

/// What a design says after the data so far: treat the next cohort at a dose, or stop.
package enum DoseFindingStep: Sendable, Equatable {
    /// Treat the next cohort at dose `dose` (an index); `decision` is the decision taken at the
    /// current dose (nil before any subject or while a cohort is incomplete).
    case treat(dose: Int, decision: DoseDecision?)
    /// The trial stops.
    case stop(DoseFindingStop, decision: DoseDecision?)
}

/// Why a dose-finding trial stops.
package enum DoseFindingStop: Sendable, Equatable {
    /// The lowest dose was eliminated: no dose is selected (Liu & Yuan 2015, section 2.3).
    case lowestDoseEliminated
    /// The extra-safe rule stopped the trial at the lowest dose: no dose is selected.
    case lowestDoseTooToxic
    /// The maximum sample size is reached: select the MTD from the data.
    case maximumSampleSize
    /// The current dose holds the protocol's number of subjects and the design would stay there.
    case subjectsAtDose(Int)
    /// The 3+3 rules stopped with this recommendation (an index, or nil: no dose is tolerated).
    case threePlusThree(recommend: Int?)

    /// Whether the stop leaves no dose to select.
    package var selectsNone: Bool {
        switch self {
        case .lowestDoseEliminated, .lowestDoseTooToxic: true
        case .threePlusThree(let recommend): recommend == nil
        case .maximumSampleSize, .subjectsAtDose: false
        }
    }

    package var text: String {
        switch self {
        case .lowestDoseEliminated: "the lowest dose is eliminated: no dose is selected"
        case .lowestDoseTooToxic: "the extra-safe rule stops the trial at the lowest dose: no dose is selected"
        case .maximumSampleSize: "the maximum sample size is reached"
        case .subjectsAtDose(let n): "\(n) subjects at the current dose and the design stays there"
        case .threePlusThree(let recommend): recommend.map { "3+3 recommends dose \($0 + 1)" } ?? "3+3: no dose is tolerated"
        }
    }
}
