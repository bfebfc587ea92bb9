import Clinical
@testable import EventLog
import Foundation
import GRDB
import Testing
import TestSupport

/// A log made before accounts (schema version 1) still opens, verifies, replays and exports,
/// and gets its accounts from its first administrator; the schema check accepts exactly the two
/// schemas this product makes.
@Suite("Accounts: logs made before accounts") struct LogBeforeAccountsTests {
    /// A log as aegrade made it before accounts: schema version 1, its genesis event, two notes.
    static func logBeforeAccounts(_ path: String) throws {
        let queue = try DatabaseQueue(path: path)
        try queue.write { db in try SQLiteEventStore.createSchema(db) }
        try queue.close()
        let store = try SQLiteEventStore(path: path, mode: .readWrite(create: false))
        let note = EventDraft(kind: .note, patient: "P-1", clinicalTime: "2026-11-22T08:00:00+08:00", payload: .object([("text", .string("ward round"))]))
        _ = try store.append([note, note], author: Author(id: "dr.wang", role: .physician))
    }

    static func userVersion(_ path: String) throws -> Int {
        try DatabaseQueue(path: path).read { db in try Int.fetchOne(db, sql: "PRAGMA user_version") ?? 0 }
    }

    @Test func itOpensVerifiesReplaysAndExportsAsItIs() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let path = scratch.path("old.db")
        try Self.logBeforeAccounts(path)
        #expect(try Self.userVersion(path) == 1)
        for mode in [SQLiteEventStore.Mode.readOnly, .readWrite(create: false)] {
            let store = try SQLiteEventStore(path: path, mode: mode)
            #expect(store.writeRefusal == nil)
            #expect(try store.verify().isIntact)
            #expect(try store.allEvents().map(\.kind) == [.genesis, .note, .note])
            #expect(try store.replay().patients.count == 1)
            #expect(try store.accountEvents().isEmpty)
            #expect(try store.credential(of: "dr.wang") == nil)
            var exported: [UInt8] = []
            try store.export(format: .jsonl, until: .end) { exported += $0 }
            #expect(String(decoding: exported, as: UTF8.self).split(separator: "\n").count == 3)
        }
        #expect(try Self.userVersion(path) == 1, "opening changed the schema")
        // Its backup is a log before accounts too
        let copy = scratch.path("copy.db")
        _ = try SQLiteEventStore(path: path, mode: .readOnly).backup(to: copy)
        #expect(try Self.userVersion(copy) == 1)
        #expect(try SQLiteEventStore(path: copy, mode: .readOnly).verify().isIntact)
    }

    @Test func itsFirstAdministratorAddsTheAccountsInOneWrite() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let path = scratch.path("old.db")
        try Self.logBeforeAccounts(path)
        let before = try SQLiteEventStore(path: path, mode: .readOnly).allEvents()
        let store = try SQLiteEventStore(path: path, mode: .readWrite(create: false))
        try Authenticator(store: store, cost: AccountLog.cheap).createFirstAdministrator(id: "admin.kim", name: "Kim Admin", password: "first password")
        #expect(try Self.userVersion(path) == 3)
        let reopened = try SQLiteEventStore(path: path, mode: .readWrite(create: false))
        #expect(reopened.writeRefusal == nil)
        #expect(Array(try reopened.allEvents().prefix(3)) == before)
        #expect(try reopened.verify().isIntact)
        #expect(try Authenticator(store: reopened).signIn(user: "admin.kim", password: "first password", role: nil).author.role == .administrator)
    }

    @Test func logInitAddsTheAccountsThroughTheBinary() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let path = scratch.path("old.db")
        try Self.logBeforeAccounts(path)
        let before = try SQLiteEventStore(path: path, mode: .readOnly).allEvents()
        let output = try Run.aegradeOnTerminal(["log", "init", "--db", path, "--admin", "admin.kim", "--name", "Kim Admin"],
                                               typing: ["first password", "first password"])
        #expect(output.status == 0, "\(output.transcript)")
        #expect(try Self.userVersion(path) == 3)
        let store = try SQLiteEventStore(path: path, mode: .readOnly)
        #expect(Array(try store.allEvents().prefix(3)) == before)
        #expect(try store.accountEvents().map { $0.payloadString(.user) } == ["admin.kim"])
        #expect(try Run.aegrade(["log", "verify", "--db", path]).status == 0)
    }

    @Test(arguments: [
        // the accounts' table in a log that says it is from before accounts
        "PRAGMA user_version = 1",
        // the signatures' table in a log that says it is from before signed events
        "PRAGMA user_version = 2",
        // a log whose signatures may be deleted
        "DROP TRIGGER eventWriteNoDelete",
        // a log with accounts whose credentials may be changed in place
        "DROP TRIGGER credentialNoUpdate",
        // another table beside the credentials
        "CREATE TABLE credential2 (x)",
    ])
    func anyOtherSchemaIsRefused(_ change: String) throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let path = scratch.path("log.db")
        _ = try AccountsFixture.make(at: path)
        try DatabaseQueue(path: path).write { db in try db.execute(sql: change) }
        let store = try SQLiteEventStore(path: path, mode: .readWrite(create: false))
        #expect(store.writeRefusal != nil, "\(change)")
        #expect(try store.verify().isIntact == false, "\(change)")
    }
}
