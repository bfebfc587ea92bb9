import Clinical

/// A point score: the sum over items, each scoring the points of its first row that holds
/// (HScore, Fardet 2014), with the published score-to-probability table.
struct ScoreSpec: Sendable {
    final class Item: Sendable {
        let id: String
        /// Rows in order, each condition an instruction of the file's program; the last has no
        /// condition (`otherwise`).
        let rows: [(points: Int, condition: Int32?)]
        /// `id` as the batch output prints it, escaped once at load.
        let idJSON: [UInt8]
        init(id: String, rows: [(points: Int, condition: Int32?)]) {
            self.id = id
            self.idJSON = OutputBytes.json(id)
            self.rows = rows
        }
    }

    /// A tabulated probability: at `score`, the published value as a band (`< 1 %` is 0–0.01).
    struct TablePoint: Sendable, Equatable {
        let score: Int
        let low: Double
        let high: Double
    }

    let items: [Item]
    let table: [TablePoint]
    /// The published diagnostic cut-off, met at or above it.
    let cutoff: Int?
}

/// A score for one assessment, or the range the missing items could still give.
package struct ScoreOutcome: Sendable, Equatable {
    /// The score; nil when missing items leave a range.
    package var score: Int?
    /// The lowest and highest score the missing items could give (equal when known).
    package var low: Int
    package var high: Int
    /// The probability band of the published table for the score (or for the range).
    package var probability: (low: Double, high: Double)?
    package var cutoff: Int?
    /// Whether the score reaches the cut-off; nil when the range straddles it.
    package var meetsCutoff: Bool?
    /// Points by item, for the items that are known.
    package var points: [(item: String, points: Int)]
    package var missing: [FieldPath]

    package static func == (a: ScoreOutcome, b: ScoreOutcome) -> Bool {
        a.score == b.score && a.low == b.low && a.high == b.high && a.probability?.low == b.probability?.low
            && a.probability?.high == b.probability?.high && a.cutoff == b.cutoff && a.meetsCutoff == b.meetsCutoff
            && a.points.map(\.item) == b.points.map(\.item) && a.points.map(\.points) == b.points.map(\.points) && a.missing == b.missing
    }
}

extension ScoreSpec {
    func evaluate(_ answers: UnsafeBufferPointer<Truth>) -> ScoreOutcome {
        var low = 0, high = 0
        var missing = PathSet.empty
        var points: [(String, Int)] = []
        for item in items {
            let range = range(of: item, answers)
            low += range.lowest
            high += range.highest
            missing.formUnion(range.missing)
            if range.possible == 1 { points.append((item.id, range.lowest)) }
        }
        let score: Int? = low == high ? low : nil
        var meets: Bool?
        if let cutoff { meets = low >= cutoff ? true : (high < cutoff ? false : nil) }
        let lowBand = band(low), highBand = band(high)
        let probability = lowBand.flatMap { l in highBand.map { h in (l.low, h.high) } }
        return ScoreOutcome(score: score, low: low, high: high, probability: probability, cutoff: cutoff, meetsCutoff: meets,
                            points: points, missing: score == nil ? missing.paths : [])
    }

    /// The points an item can still score: the first row that holds scores, and an unknown row
    /// before it could score instead. `possible` counts those rows (1: the points are known);
    /// `missing` is what the unknown ones wait for. No possible row scores 0.
    func range(of item: Item, _ answers: UnsafeBufferPointer<Truth>) -> (lowest: Int, highest: Int, possible: Int, missing: PathSet) {
        var lowest = Int.max, highest = Int.min, possible = 0
        var missing = PathSet.empty
        for row in item.rows {
            let truth = row.condition.map { answers[Int($0)] } ?? .yes
            guard truth.state != .no else { continue }
            lowest = min(lowest, row.points)
            highest = max(highest, row.points)
            possible += 1
            if truth.isYes { break }
            missing.formUnion(truth.missing)
        }
        return possible > 0 ? (lowest, highest, possible, missing) : (0, 0, 0, missing)
    }

    /// The published band for `score`: at a tabulated score its value; between two tabulated
    /// scores, from the lower one's value to the upper one's; beyond the ends, the end's band.
    /// Never a fitted curve.
    func band(_ score: Int) -> (low: Double, high: Double)? {
        guard let first = table.first, let last = table.last else { return nil }
        if score <= first.score { return (first.low, first.high) }
        if score >= last.score { return (last.low, last.high) }
        for (lower, upper) in zip(table, table.dropFirst()) where score >= lower.score && score <= upper.score {
            if score == lower.score { return (lower.low, lower.high) }
            if score == upper.score { return (upper.low, upper.high) }
            return (lower.low, upper.high)
        }
        return nil
    }
}
