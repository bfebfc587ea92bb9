import Clinical
import Testing
@testable import Safety

/// CRS and ICANS episodes: onset, peak, resolution, duration, treatments.
struct EpisodeTests {
    static let crs = GradeKey(criteria: "astct-2019-crs", term: nil)

    @Test func anEpisodeFromOnsetToResolution() throws {
        var log = LogFixture()
        log.infuse("A", at: "2026-03-01T10:00:00+08:00")
        log.treat("A", at: "2026-03-01T12:00:00+08:00", drug: "paracetamol")        // before onset: not counted
        log.assess("A", at: "2026-03-02T08:00:00+08:00", .crs(0))
        log.assess("A", at: "2026-03-02T20:00:00+08:00", .crs(1))                    // onset, day 1
        log.assess("A", at: "2026-03-03T08:00:00+08:00", .crs(2))                    // peak
        log.treat("A", at: "2026-03-03T09:00:00+08:00", drug: "tocilizumab")
        log.assess("A", at: "2026-03-03T20:00:00+08:00", .crs(nil))                  // not assessable: no change
        log.treat("A", at: "2026-03-04T09:00:00+08:00", drug: "tocilizumab")
        log.treat("A", at: "2026-03-04T10:00:00+08:00", drug: "dexamethasone")
        log.assess("A", at: "2026-03-05T08:00:00+08:00", .crs(0))                    // resolution
        log.assess("A", at: "2026-03-07T08:00:00+08:00", .crs(1))                    // a second episode, open
        let a = try #require(try EvaluationFixtures.status(log, asOf: "2026-03-08T00:00:00+08:00").subject("A"))
        #expect(a.episodes.count == 2)
        let first = try #require(a.episodes.first)
        #expect(first.key == Self.crs)
        #expect(first.onset == at("2026-03-02T20:00:00+08:00") && first.onsetDay == 1)
        #expect(first.peakGrade == 2 && first.peakTime == at("2026-03-03T08:00:00+08:00"))
        #expect(first.resolution == at("2026-03-05T08:00:00+08:00"))
        #expect(first.durationDays == 2.5)
        #expect(first.drugs == ["tocilizumab", "dexamethasone"])
        #expect(first.treatments.count == 3)
        let second = a.episodes[1]
        #expect(second.isOpen && second.durationDays == nil && second.onsetDay == 6 && second.peakGrade == 1)
    }

    @Test func gradeFiveEndsAnEpisodeAsFatal() throws {
        var log = LogFixture()
        log.infuse("A", at: "2026-03-01T10:00:00+08:00")
        log.assess("A", at: "2026-03-05T08:00:00+08:00", .icans(3))
        log.assess("A", at: "2026-03-06T08:00:00+08:00", .icans(5))
        let a = try #require(try EvaluationFixtures.status(log, asOf: "2026-03-08T00:00:00+08:00").subject("A"))
        let episode = try #require(a.episodes.first)
        #expect(episode.fatal && episode.peakGrade == 5 && episode.resolution == nil && !episode.isOpen)
        #expect(a.toxicities["grade5"] == at("2026-03-06T08:00:00+08:00"))
    }

    @Test func deathWhileOpenEndsAnEpisodeAsFatal() throws {
        var log = LogFixture()
        log.infuse("A", at: "2026-03-01T10:00:00+08:00")
        log.assess("A", at: "2026-03-05T08:00:00+08:00", .crs(4))
        log.die("A", at: "2026-03-06T08:00:00+08:00", cause: "crs")
        let a = try #require(try EvaluationFixtures.status(log, asOf: "2026-03-08T00:00:00+08:00").subject("A"))
        #expect(a.episodes.count == 1 && a.episodes[0].fatal && a.episodes[0].peakGrade == 4)
    }

    @Test func correctionsAndOverridesShapeEpisodes() throws {
        var log = LogFixture()
        log.infuse("A", at: "2026-03-01T10:00:00+08:00")
        let (observation, _) = log.assess("A", at: "2026-03-02T08:00:00+08:00", .crs(2))
        log.correct(observation, .crs(0))                                          // it was no CRS after all
        let (_, grades) = log.assess("A", at: "2026-03-03T08:00:00+08:00", .crs(1))
        log.override(grades, criteria: "astct-2019-crs", grade: 2)
        log.assess("A", at: "2026-03-04T08:00:00+08:00", .crs(0))
        let a = try #require(try EvaluationFixtures.status(log, asOf: "2026-03-08T00:00:00+08:00").subject("A"))
        #expect(a.episodes.count == 1)
        #expect(a.episodes.first?.onset == at("2026-03-03T08:00:00+08:00") && a.episodes.first?.peakGrade == 2)
        #expect(a.episodes.first?.durationDays == 1)
    }
}
