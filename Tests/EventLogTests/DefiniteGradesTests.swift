import Clinical
@testable import EventLog
import Testing
import TestSupport

/// The replay's latest two definite grades per key, kept in place: every key's two entries must be
/// those the plain reading gives — all the key's grades inserted so far (one per assessment, the
/// later grades event winning), sorted latest first, the first two — after any sequence of
/// inserts, corrections and overrides.
@Suite struct DefiniteGradesTests {
    typealias Entry = Replay.DefiniteGrades.Entry

    /// The plain reading: a list per key, sorted whole after every change.
    struct Reference {
        var entries: [Entry] = []

        mutating func insert(_ entry: Entry) {
            var mine = entries.filter { $0.key == entry.key && $0.observation != entry.observation } + [entry]
            mine.sort { $0.isLater(than: $1) }
            entries.removeAll { $0.key == entry.key }
            entries += mine.prefix(2)
        }

        mutating func remove(observation: Int64) { entries.removeAll { $0.observation == observation } }

        mutating func override(gradesSeq: Int64, key: Int32, grade: Int?, by seq: Int64) -> Bool {
            guard let index = entries.firstIndex(where: { $0.gradesSeq == gradesSeq && $0.key == key }) else { return false }
            var entry = entries.remove(at: index)
            if let grade {
                entry.grade = grade
                entry.overrideSeq = seq
                insert(entry)
            }
            return true
        }

        func latest(_ key: Int32) -> [Entry] { Array(entries.filter { $0.key == key }.prefix(2)) }
    }

    static let times: [ClinicalTime?] = [nil] + ["2026-11-20T10:00:00Z", "2026-11-20T11:00:00Z", "2026-11-20T12:00:00Z",
                                                 "2026-11-21T08:30:00+08:00"].map { ClinicalTime(iso8601: $0) }

    @Test("random inserts, removals and overrides keep each key's latest two as the plain reading does", arguments: 0..<40)
    func agreesWithThePlainReading(seed: UInt64) throws {
        var random = SplitMix64(seed: seed)
        var kept = Replay.DefiniteGrades()
        var reference = Reference()
        var seq: Int64 = 0
        for _ in 0..<200 {
            seq += 1
            switch Int.random(in: 0..<10, using: &random) {
            case 0:
                let observation = Int64.random(in: 1...seq, using: &random)
                kept.remove(observation: observation)
                reference.remove(observation: observation)
            case 1, 2:
                guard let target = reference.entries.randomElement(using: &random) else { continue }
                let grade: Int? = Bool.random(using: &random) ? Int.random(in: 0...5, using: &random) : nil
                #expect(kept.override(gradesSeq: target.gradesSeq, key: target.key, grade: grade, by: seq)
                    == reference.override(gradesSeq: target.gradesSeq, key: target.key, grade: grade, by: seq))
            default:
                // Few observations and times, so that the same assessment graded again and ties of
                // time are frequent.
                let entry = Entry(key: Int32.random(in: 0..<3, using: &random), grade: Int.random(in: 0...5, using: &random),
                                  time: Self.times.randomElement(using: &random) ?? nil,
                                  observation: Int64.random(in: 1...max(1, seq / 3), using: &random), gradesSeq: seq)
                kept.insert(entry)
                reference.insert(entry)
            }
            for key: Int32 in 0..<3 {
                let (last, before) = kept.latest(key)
                #expect([last, before].compactMap { $0 } == reference.latest(key), "seed \(seed), seq \(seq), key \(key)")
            }
        }
    }
}
