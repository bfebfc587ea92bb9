import Clinical
import EventLog
import Foundation
@testable import PostgresLog
import Testing
import TestSupport

/// A site's SQLite log taken into the central PostgreSQL log (`receive`, under `aegrade log push`):
/// verbatim, idempotent, resumable, and refusing a diverged history.
@Suite("PostgreSQL receive", .enabled(if: PostgresTestServer.shouldRun, "no PostgreSQL test server (AEGRADE_TEST_POSTGRES)"))
struct PostgresReceiveTests {
    /// A new SQLite log with `notes` notes after its genesis event.
    static func siteLog(_ scratch: Scratch, _ name: String, notes: Int) throws -> SQLiteEventStore {
        let store = try SQLiteEventStore(path: scratch.path(name), mode: .readWrite(create: true))
        for index in 0..<notes { _ = try store.append([PostgresStoreTests.note("note \(index)")], author: PostgresStoreTests.nurse) }
        return store
    }

    static func central(_ site: String) throws -> PostgresEventStore {
        let url = try PostgresTestServer.writerURL(site: site)
        return try PostgresEventStore(url: url, password: PostgresTestServer.password(url), mode: .receiving)
    }

    @Test func aPushedLogIsCopiedVerbatimAndPushingAgainAddsNothing() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        // Given a site's log of 11 events, pushed once
        let local = try Self.siteLog(scratch, "ward.db", notes: 10)
        let events = try local.allEvents()
        let central = try Self.central(PostgresTestServer.freshSite("ward"))
        #expect(try central.receive(events) == ReceiveOutcome(alreadyHeld: 0, added: 11, headSeq: 11))
        // Then the central site holds exactly those events, and its chain verifies
        #expect(try central.allEvents() == events)
        #expect(try central.verify().isIntact)
        // When it is pushed again, nothing is added
        #expect(try central.receive(events) == ReceiveOutcome(alreadyHeld: 11, added: 0, headSeq: 11))
        #expect(try central.allEvents() == events)
    }

    @Test func aPushCutOffResumesWhereTheCentralLogEnds() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        // Given a push that got only the first 4 events across before the connection was lost
        let local = try Self.siteLog(scratch, "ward.db", notes: 9)
        let events = try local.allEvents()
        let central = try Self.central(PostgresTestServer.freshSite("ward"))
        _ = try central.receive(Array(events.prefix(4)))
        // When the site records more and pushes everything again
        _ = try local.append([PostgresStoreTests.note("later")], author: PostgresStoreTests.nurse)
        let outcome = try central.receive(try local.allEvents())
        // Then the rest is added once
        #expect(outcome == ReceiveOutcome(alreadyHeld: 4, added: 7, headSeq: 11))
        #expect(try central.allEvents() == (try local.allEvents()))
        #expect(try central.verify().isIntact)
    }

    @Test func aDivergedHistoryIsRefusedWholeNamingSiteAndSeq() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        // Given a site's log pushed to the central log
        let site = PostgresTestServer.freshSite("ward")
        let first = try Self.siteLog(scratch, "ward.db", notes: 3)
        let central = try Self.central(site)
        _ = try central.receive(try first.allEvents())
        let held = try central.allEvents()
        // When another log (a restored copy that went its own way) is pushed to the same site
        let other = try Self.siteLog(scratch, "other.db", notes: 5).allEvents()
        do throws(ReceiveRefusal) {
            _ = try central.receive(other)
            Issue.record("a diverged history was accepted")
        } catch {
            // Then it is refused at seq 1, naming the site, and nothing of it was written
            guard case .divergence(let refusedSite, let seq, _, _) = error else { Issue.record("\(error)"); return }
            #expect(refusedSite == site && seq == 1)
            #expect(error.description.contains("site \(site), seq 1") && error.description.contains("diverged"))
        }
        #expect(try central.allEvents() == held)
        // And an event whose content does not match its hash is refused as broken, whole
        var forged = try first.allEvents()
        _ = try first.append([PostgresStoreTests.note("next")], author: PostgresStoreTests.nurse)
        forged = try first.allEvents()
        forged[forged.count - 1].payload = .object([("text", .string("forged"))])
        #expect(throws: ReceiveRefusal.self) { try central.receive(forged) }
        #expect(try central.allEvents() == held)
    }
}
