import Clinical
import EventLog
import Foundation
@testable import PostgresLog
import Testing
import TestSupport

/// The board's choice of its events on PostgreSQL (README, "The whole trial"), in a real terminal
/// (tmux): a URL naming a site opens that site's chain — the site its sign-in and its writes
/// belong to — and a URL naming none shows every site's patients, read only, kept current as
/// any site's log grows.
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

    /// `record` of one febrile assessment of `patient` at `site` with the service key `key`.
    static func record(_ patient: String, at site: String, key: String, fixture: PostgresTrialFixture, scratch: Scratch) throws {
        let input = scratch.path("\(patient)-\(site).json")
        try #"{"patient":{"id":"\#(patient)","ageYears":50},"time":"2026-11-22T08:00:00+08:00","vitals":{"temperature":{"value":38.4,"unit":"C"}}}"#
            .write(toFile: input, atomically: true, encoding: .utf8)
        let output = try Run.aegrade(["record", "--db", fixture.siteText(site), "--key", key, input])
        #expect(output.status == 0, "record at \(site): \(output.stderr)")
    }

    @Test func theBoardWithoutASiteShowsEverySiteAndAnotherTerminalsRecordWithoutAKey() throws {
        guard Run.hasTool("script") else {
            Issue.record("the test needs util-linux script to type the ward-b administrator's password")
            return
        }
        // Given two sites recorded with `record`: ward-a's accounts (the monitor's among them) and
        // ward-b's own administrator and import account, made on the command line
        let fixture = try PostgresTrialFixture()
        let scratch = try Scratch()
        defer { scratch.remove() }
        _ = try AccountsFixture.make(in: try fixture.store(site: "ward-a"), path: fixture.siteText("ward-a"), keyPath: scratch.path("ward-a.key"))
        let directory = URL(fileURLWithPath: scratch.path(""))
        let initB = try PostgresWalkthroughTests.aegrade(["log", "init", "--db", fixture.siteText("ward-b"), "--admin", "admin.ng", "--name", "Ng Admin"],
                                                         in: directory)
        #expect(initB.status == 0, "\(initB.stdout)")
        let userB = try PostgresWalkthroughTests.aegrade(["user", "add", "--db", fixture.siteText("ward-b"), "--user", "admin.ng", "import.b",
                                                          "--name", "Ward B import", "--roles", "nurse", "--service", "--key-out", scratch.path("ward-b.key")],
                                                         in: directory)
        #expect(userB.status == 0, "\(userB.stdout)")
        try Self.record("BED-03", at: "ward-a", key: scratch.path("ward-a.key"), fixture: fixture, scratch: scratch)
        try Self.record("BED-07", at: "ward-b", key: scratch.path("ward-b.key"), fixture: fixture, scratch: scratch)
        // When the board opens on the trial's URL, naming no site, and the monitor signs in
        let session = try TmuxSession(command: Run.shellQuoted(Run.binary.path) + " board --db " + Run.shellQuoted(fixture.trialText)
                                          + " --user " + AccountsFixture.user(.monitor),
                                      width: 80, height: 24,
                                      environment: ["LANG": "C.UTF-8", "PGPASSFILE": ProcessInfo.processInfo.environment["PGPASSFILE"] ?? ""])
        defer { session.kill() }
        #expect(session.waitFor("Password", timeout: .seconds(30)), "\(session)")
        try session.type(AccountsFixture.password)
        try session.sendKeys("Enter")
        // Then both sites' patients are on the board, each named by its site
        #expect(session.waitFor("Triage board", timeout: .seconds(30)), "\(session)")
        #expect(session.waitFor("ward-a/BED-03", timeout: .seconds(30)), "\(session)")
        #expect(session.waitFor("ward-b/BED-07", timeout: .seconds(30)), "\(session)")
        // When a new assessment is asked for, it is refused: the whole trial is read only
        try session.sendKeys("a")
        #expect(session.waitFor("read only", timeout: .seconds(10)), "\(session)")
        // When another terminal records at ward-b
        try Self.record("BED-11", at: "ward-b", key: scratch.path("ward-b.key"), fixture: fixture, scratch: scratch)
        // Then the board shows it without a key pressed
        #expect(session.waitFor("ward-b/BED-11", timeout: .seconds(30)), "\(session)")
    }
}
