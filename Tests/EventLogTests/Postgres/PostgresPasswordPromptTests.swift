import Clinical
import EventLog
import Foundation
@testable import PostgresLog
import Testing
import TestSupport

/// The database password asked on the terminal when neither `PGPASSWORD` nor a password file
/// gives it (README, "The log on PostgreSQL"): asked once per command, however many connections
/// the command makes to the database. The board on a site's URL connects twice — the whole trial
/// (for the roles that read it) and its site to write — and once asked the password twice.
@Suite("PostgreSQL password prompt", .serialized, .enabled(if: PostgresTestServer.shouldRun, "no PostgreSQL test server (AEGRADE_TEST_POSTGRES)"))
struct PostgresPasswordPromptTests {
    @Test func theBoardOnASiteAsksTheDatabasePasswordOnce() throws {
        // Given a site with accounts, and no password file nor PGPASSWORD for the board
        let fixture = try PostgresTrialFixture()
        let scratch = try Scratch()
        defer { scratch.remove() }
        let wardA = try fixture.store(site: "ward-a")
        _ = try AccountsFixture.make(in: wardA, path: fixture.siteText("ward-a"), keyPath: scratch.path("ward-a.key"))
        let url = fixture.writerURL(site: "ward-a")
        let databasePassword = try #require(PostgresTestServer.password(url), "the test server's password file has the role's password")
        let session = try TmuxSession(command: Run.shellQuoted(Run.binary.path) + " board --db " + Run.shellQuoted(fixture.siteText("ward-a"))
                                          + " --user " + AccountsFixture.administrator,
                                      width: 100, height: 30,
                                      environment: ["LANG": "C.UTF-8", "PGPASSFILE": scratch.path("no-such-pgpass"), "PGPASSWORD": ""])
        defer { session.kill() }
        // When the database password is typed at its prompt
        #expect(session.waitFor("Password for aegrade@127.0.0.1", timeout: .seconds(30)), "\(session)")
        try session.type(databasePassword)
        try session.sendKeys("Enter")
        // Then the next thing asked is the person's sign-in, not the database password again
        #expect(session.waitFor("Sign in to the bedside board.", timeout: .seconds(30)), "\(session)")
        #expect(!(try session.capture()).contains { $0.contains("Password for aegrade@") }, "\(session)")
        try session.type(AccountsFixture.password)
        try session.sendKeys("Enter")
        #expect(session.waitFor("Triage board", timeout: .seconds(30)), "\(session)")
    }
}
