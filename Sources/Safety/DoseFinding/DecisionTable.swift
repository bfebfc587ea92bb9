/// A design's decisions at one dose for n = 1 … N, each row summarised by three counts — escalate
/// if y ≤ E, de-escalate if y ≥ D, eliminate if y ≥ L, stay otherwise — with nil for a decision no
/// y ≤ n reaches. This is what a protocol carries and clinicians read (the peers' `get.boundary`,
/// `get_decision_*` tables). D counts eliminations too: eliminating includes moving down.
package struct DecisionTable: Sendable, Equatable {
    package let design: DoseFindingDesign
    package let rows: [Row]

    /// One n.
    package struct Row: Sendable, Equatable {
        package let n: Int
        /// The decision for y = 0 … n (3+3: nil cells where the design has no decision).
        package let cells: [DoseAction]
        /// E: escalate if y ≤ E.
        package let escalateIfAtMost: Int?
        /// D: de-escalate (or eliminate) if y ≥ D.
        package let deescalateIfAtLeast: Int?
        /// L: eliminate if y ≥ L.
        package let eliminateIfAtLeast: Int?
        /// Extra-safe designs only: at the lowest dose, stop the trial if y ≥ this.
        package let stopTrialIfAtLeast: Int?

        init(n: Int, cells: [DoseAction], stopTrialIfAtLeast: Int?) {
            self.n = n
            self.cells = cells
            escalateIfAtMost = cells.lastIndex(of: .escalate)
            deescalateIfAtLeast = cells.firstIndex { $0.movesDown }
            eliminateIfAtLeast = cells.firstIndex(of: .eliminate)
            self.stopTrialIfAtLeast = stopTrialIfAtLeast
        }

        /// Whether the three counts reproduce every cell (the monotonicity every design promises).
        package var countsHoldEveryCell: Bool {
            cells.indices.allSatisfy { y in
                let expected: DoseAction = if let l = eliminateIfAtLeast, y >= l { .eliminate }
                    else if let d = deescalateIfAtLeast, y >= d { .deescalate }
                    else if let e = escalateIfAtMost, y <= e { .escalate }
                    else { .stay }
                return cells[y] == expected
            }
        }
    }

    /// The table for n = 1 … `maxSubjects` (3+3: the rows n = 3 and 6, where it decides).
    package init(design: DoseFindingDesign, maxSubjects: Int) {
        self.design = design
        let ns: [Int] = if case .threePlusThree = design { [3, 6].filter { $0 <= max(maxSubjects, 6) } } else { Array(1...max(maxSubjects, 1)) }
        let interval = design.interval
        rows = ns.map { n in
            let cells = (0...n).map { y in design.decision(treated: n, dlts: y)?.action ?? .stay }
            let stop = interval.flatMap { $0.elimination.lowestDoseStopCount(target: $0.target, treated: n) }
            return Row(n: n, cells: cells, stopTrialIfAtLeast: stop)
        }
    }
}
