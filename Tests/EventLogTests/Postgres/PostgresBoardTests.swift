import Clinical
import EventLog
import Foundation
@testable import PostgresLog
import Testing
import TestSupport

/// The board's choice of its events on PostgreSQL (README, "The whole trial"): it opens one site's
/// chain — the site its sign-in and its writes belong to — in a real terminal (tmux), and a URL of
/// the whole trial is refused, naming the commands that read it.
@Suite("PostgreSQL board", .serialized, .enabled(if: PostgresTestServer.shouldRun, "no PostgreSQL test server (AEGRADE_TEST_POSTGRES)"))
struct PostgresBoardTests {
    @Test func theBoardShowsTheSiteOfItsURLAndOnlyThatSite() throws {
        // Given a trial with a patient at each of two sites, and accounts at ward-a
        let fixture = try PostgresTrialFixture()
        let scratch = try Scratch()
        defer { scratch.remove() }
        let wardA = try fixture.store(site: "ward-a")
        _ = try AccountsFixture.make(in: wardA, path: fixture.siteText("ward-a"), keyPath: scratch.path("ward-a.key"))
        _ = try wardA.append(PostgresTrialTests.subjectWhoDied("BED-03", day: 1), author: PostgresTrialTests.nurse)
        _ = try fixture.store(site: "ward-b").append(PostgresTrialTests.subjectWhoDied("BED-09", day: 2), author: PostgresTrialTests.nurse)
        // When the board opens on ward-a and the administrator signs in
        let session = try TmuxSession(command: Run.shellQuoted(Run.binary.path) + " board --db " + Run.shellQuoted(fixture.siteText("ward-a"))
                                          + " --user " + AccountsFixture.administrator,
                                      width: 100, height: 30,
                                      environment: ["LANG": "C.UTF-8", "PGPASSFILE": ProcessInfo.processInfo.environment["PGPASSFILE"] ?? ""])
        defer { session.kill() }
        #expect(session.waitFor("Password", timeout: .seconds(30)), "\(session)")
        try session.type(AccountsFixture.password)
        try session.sendKeys("Enter")
        // Then ward-a's patient is on the board, and ward-b's is not
        #expect(session.waitFor("Triage board", timeout: .seconds(30)), "\(session)")
        #expect(session.waitFor("BED-03", timeout: .seconds(30)), "\(session)")
        #expect(!(try session.capture()).contains { $0.contains("BED-09") }, "\(session)")
    }

    @Test func aURLOfTheWholeTrialIsRefusedNamingTheCommandsThatReadIt() throws {
        let fixture = try PostgresTrialFixture()
        _ = try fixture.store(site: "ward-a")
        let output = try Run.aegrade(["board", "--db", fixture.trialText])
        #expect(output.status == 2)
        #expect(output.stderr.contains("the board opens one site of a PostgreSQL trial (?site=SITE)"), "\(output.stderr)")
    }
}
