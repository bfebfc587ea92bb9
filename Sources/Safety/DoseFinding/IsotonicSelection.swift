/// The MTD at the end of an interval-design trial (Liu & Yuan 2015, section 2.4; R BOIN
/// `select.mtd`), used here for BOIN, mTPI-2 and i3+3 alike.
///
/// Among treated doses not eliminated (the first dose with n ≥ minimum and P(p > φ | data) > cut-off
/// eliminates itself and every higher dose; with the extra-safe rule the lowest dose's stricter
/// cut-off eliminates all), the estimates p̂ = (y + 0.05)/(n + 0.1) are made non-decreasing by
/// pool-adjacent-violators regression with weights 1/var, var = (y + 0.05)(n − y + 0.05) /
/// ((n + 0.1)²(n + 1.1)). The MTD is the dose whose estimate is closest to φ; among equal distances
/// the higher dose when the estimate is below φ, the lower one otherwise (R BOIN breaks these ties
/// by adding i·1e-10 to the i-th estimate).
package enum IsotonicSelection {
    /// The selected dose's index, or nil when none can be selected.
    package static func mtd(counts: [DoseCounts], target: Double, elimination: Elimination) -> Int? {
        var closedFrom = counts.count
        for (index, dose) in counts.enumerated() where elimination.eliminates(target: target, treated: dose.treated, dlts: dose.dlts) {
            closedFrom = index
            break
        }
        if let first = counts.first, elimination.stopsAtLowestDose(target: target, treated: first.treated, dlts: first.dlts) { closedFrom = 0 }
        // Counts that cannot be (y < 0 or y > n) are left out rather than weighted negatively.
        let admissible = counts.indices.filter { $0 < closedFrom && counts[$0].treated > 0 && (0...counts[$0].treated).contains(counts[$0].dlts) }
        guard !admissible.isEmpty else { return nil }
        let estimates = admissible.map { (Double(counts[$0].dlts) + 0.05) / (Double(counts[$0].treated) + 0.1) }
        let weights = admissible.map { index -> Double in
            let y = Double(counts[index].dlts), n = Double(counts[index].treated)
            return ((n + 0.1) * (n + 0.1) * (n + 1.1)) / ((y + 0.05) * (n - y + 0.05))
        }
        let fitted = poolAdjacentViolators(estimates, weights: weights)
        var best = 0
        for index in 1..<fitted.count {
            let distance = abs(fitted[index] - target), bestDistance = abs(fitted[best] - target)
            if distance < bestDistance - 1e-12 {
                best = index
            } else if abs(distance - bestDistance) <= 1e-12, fitted[index] < target {
                best = index // equally close and below the target: the higher dose
            }
        }
        return admissible[best]
    }

    /// The weighted least-squares non-decreasing fit to `values` (Barlow et al. 1972, the
    /// pool-adjacent-violators algorithm): adjacent blocks that decrease are merged into their
    /// weighted mean until none does.
    package static func poolAdjacentViolators(_ values: [Double], weights: [Double]) -> [Double] {
        var blocks: [(mean: Double, weight: Double, count: Int)] = []
        for (value, weight) in zip(values, weights) {
            blocks.append((value, weight, 1))
            while blocks.count > 1, blocks[blocks.count - 2].mean > blocks[blocks.count - 1].mean {
                let last = blocks.removeLast(), previous = blocks.removeLast()
                let weight = previous.weight + last.weight
                blocks.append(((previous.mean * previous.weight + last.mean * last.weight) / weight, weight, previous.count + last.count))
            }
        }
        return blocks.flatMap { Array(repeating: $0.mean, count: $0.count) }
    }
}
