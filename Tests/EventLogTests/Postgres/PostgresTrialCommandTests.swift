import Clinical
import EventLog
import Foundation
@testable import PostgresLog
import Testing
import TestSupport

/// `rules status`, `report` and `log replay` over the sites of a PostgreSQL trial, as the built
/// binary (README, "The whole trial"): a URL without `site=` is the whole trial, `--all-sites`
/// reads it from a URL that names a site, `--site` keeps some sites.
@Suite("PostgreSQL trial commands", .enabled(if: PostgresTestServer.shouldRun, "no PostgreSQL test server (AEGRADE_TEST_POSTGRES)"))
struct PostgresTrialCommandTests {
    /// Two sites, a subject BED-03 at each who died in the window, and the two-deaths protocol.
    static func twoSites() throws -> (fixture: PostgresTrialFixture, protocolPath: String, scratch: Scratch) {
        let fixture = try PostgresTrialFixture()
        _ = try fixture.store(site: "ward-a").append(PostgresTrialTests.subjectWhoDied("BED-03", day: 1), author: PostgresTrialTests.nurse)
        _ = try fixture.store(site: "ward-b").append(PostgresTrialTests.subjectWhoDied("BED-03", day: 2), author: PostgresTrialTests.nurse)
        let scratch = try Scratch()
        try Data(PostgresTrialTests.protocolText.utf8).write(to: scratch.file("protocol.yaml"))
        return (fixture, scratch.path("protocol.yaml"), scratch)
    }

    @Test func theRulesCountEverySiteUnlessSitesAreChosen() throws {
        let (fixture, protocolPath, scratch) = try Self.twoSites()
        defer { scratch.remove() }
        func status(_ db: String, _ extra: [String] = []) throws -> ProcessOutput {
            try Run.aegrade(["rules", "status", "--db", db, "--protocol", protocolPath, "--json"] + extra)
        }
        // The whole trial: both deaths, the rule tripped (exit 1)
        let whole = try status(fixture.trialText)
        #expect(whole.status == 1 && whole.stdout.contains(#""tripped":["two-deaths"]"#), "\(whole.stdout)\(whole.stderr)")
        // From a URL naming a site: that site alone, unless --all-sites
        #expect(try status(fixture.siteText("ward-a")).status == 0)
        #expect(try status(fixture.siteText("ward-a"), ["--all-sites"]).status == 1)
        // --site keeps the sites named
        #expect(try status(fixture.trialText, ["--site", "ward-b"]).status == 0)
        #expect(try status(fixture.trialText, ["--site", "ward-b", "--site", "ward-a"]).status == 1)
        #expect(try status(fixture.siteText("ward-a"), ["--all-sites", "--site", "ward-b"]).status == 0)
    }

    @Test func usageErrorsNameTheirReason() throws {
        let (fixture, protocolPath, scratch) = try Self.twoSites()
        defer { scratch.remove() }
        func status(_ db: String, _ extra: [String]) throws -> ProcessOutput {
            try Run.aegrade(["rules", "status", "--db", db, "--protocol", protocolPath] + extra)
        }
        let both = try status(fixture.siteText("ward-a"), ["--site", "ward-b"])
        #expect(both.status == 2 && both.stderr.contains("give the URL without site=, or --all-sites"), "\(both.stderr)")
        let seq = try status(fixture.trialText, ["--seq", "3"])
        #expect(seq.status == 2 && seq.stderr.contains("--seq numbers the events of one site"), "\(seq.stderr)")
        #expect(try status(fixture.trialText, ["--seq", "3", "--site", "ward-a"]).status == 0)
        let unknown = try status(fixture.trialText, ["--site", "ward-z"])
        #expect(unknown.status == 2 && unknown.stderr.contains("no site \"ward-z\" in this trial; its sites: ward-a, ward-b"), "\(unknown.stderr)")
        let badName = try status(fixture.trialText, ["--site", "ward/a"])
        #expect(badName.status == 2 && badName.stderr.contains("a site is 1 to 64 letters"), "\(badName.stderr)")
        let sqlite = try status(scratch.path("any.db"), ["--site", "ward-a"])
        #expect(sqlite.status == 2 && sqlite.stderr.contains("an SQLite log is one site"), "\(sqlite.stderr)")
    }

    @Test func theReportAndTheReplayNameEachPatientBySite() throws {
        let (fixture, protocolPath, scratch) = try Self.twoSites()
        defer { scratch.remove() }
        // The report's CSV: one row per subject of every site
        let csv = try Run.aegrade(["report", "--db", fixture.trialText, "--protocol", protocolPath, "--csv"])
        #expect(csv.status == 0, "\(csv.stderr)")
        #expect(csv.lines.dropFirst().map { String($0.prefix { $0 != "," }) } == ["ward-a/BED-03", "ward-b/BED-03"], "\(csv.stdout)")
        // The text: the signatures site by site
        let text = try Run.aegrade(["report", "--db", fixture.trialText, "--protocol", protocolPath])
        #expect(text.status == 0 && text.lines.filter { $0.hasPrefix("Site ") } == ["Site ward-a", "Site ward-b"], "\(text.stdout)")
        // The replay of one site chosen from the trial
        let replay = try Run.aegrade(["log", "replay", "--db", fixture.trialText, "--site", "ward-b"])
        #expect(replay.status == 0 && replay.stdout.contains(#""patient":"ward-b/BED-03""#) && !replay.stdout.contains("ward-a/"), "\(replay.stdout)")
    }
}
