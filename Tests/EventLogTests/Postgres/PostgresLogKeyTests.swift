import Clinical
import EventLog
import Foundation
@testable import PostgresLog
import Testing
import TestSupport

/// A PostgreSQL site's log key is registered once, by its first administrator's account event
/// (README, "Signed events"): the store finds that registration, so the account events after it
/// register no other key.
@Suite("PostgreSQL log key registration", .enabled(if: PostgresTestServer.shouldRun, "no PostgreSQL test server (AEGRADE_TEST_POSTGRES)"))
struct PostgresLogKeyTests {
    @Test func theFirstAdministratorsEventRegistersTheLogKeyOnceForEveryLaterAccountEvent() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        // Given a site whose accounts are made one after another (the first by aegrade itself,
        // the others by the administrator), with the site's log key file
        let site = PostgresTestServer.freshSite("key")
        let url = try PostgresTestServer.writerURL(site: site)
        let store = try PostgresEventStore(url: url, password: PostgresTestServer.password(url), mode: .readWrite(create: true),
                                           logKeyPath: scratch.path("site.logkey"))
        _ = try AccountsFixture.make(in: store, path: url.description, keyPath: scratch.path("service.key"))
        // Then the store finds the key the first administrator's event registered: the key file's
        let logKey = try LogKey.read(path: scratch.path("site.logkey"))
        #expect(try store.registeredLogKey() == logKey.publicKeyHex)
        let events = try store.allEvents()
        #expect(events[1].kind == .userAdmin && events[1].author == .system && events[1].payload[.logKey] == .string(logKey.publicKeyHex))
        // And no later account event registered it again
        #expect(events.filter { $0.kind == .logKey }.isEmpty, "\(events.map(\.kind))")
        #expect(try store.verify().isIntact)
    }
}
