import Clinical
@testable import EventLog
import Foundation
import GRDB
import Testing
import TestSupport

/// `verify` checks the credential table against the account events that set it: the table is
/// outside the hash chain (never exported), so a row added with `sqlite3` is found this way.
@Suite struct CredentialVerifyTests {
    @Test func aCredentialRowAddedOutsideAegradeFailsVerify() throws {
        // Given a log with accounts, intact
        let scratch = try Scratch()
        defer { scratch.remove() }
        let path = scratch.path("log.db")
        _ = try AccountsFixture.make(at: path)
        let store = try SQLiteEventStore(path: path, mode: .readOnly)
        #expect(try store.verify().isIntact)
        let head = try #require(try store.lastEvent()?.seq)
        // When an intruder adds a credential row for the physician whose password they know (an
        // INSERT: no trigger refuses it; the newest row is the account's credential)
        let forged = try PasswordHashing.credential(user: AccountsFixture.user(.physician), password: "the intruder's password", oneTime: false)
        let writer = try DatabaseQueue(path: path)
        try writer.write { db in
            try db.execute(sql: "INSERT INTO credential (seq, user, kind, kdf, parameters, salt, verifier, oneTime) VALUES (?, ?, ?, ?, ?, ?, ?, 0)",
                           arguments: [head + 100, forged.user, forged.kind.rawValue, forged.kdf, forged.parameters, Data(forged.salt), Data(forged.verifier)])
        }
        try writer.close()
        // Then verify names the row and says what is wrong
        let answer = try SQLiteEventStore(path: path, mode: .readOnly).verify()
        #expect(answer.failure?.seq == head + 100, "\(answer.report)")
        #expect(answer.report.contains("credentials: the credential row of \"dr.wang\" names no account event of that user"), "\(answer.report)")
    }

    @Test func aCredentialRowRemovedWithItsTriggerDroppedIsFound() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let path = scratch.path("log.db")
        _ = try AccountsFixture.make(at: path)
        let nurse = AccountsFixture.user(.nurse)
        let writer = try DatabaseQueue(path: path)
        let seq = try writer.write { db -> Int64 in
            let seq = try Int64.fetchOne(db, sql: "SELECT seq FROM credential WHERE user = ?", arguments: [nurse]) ?? 0
            try db.execute(sql: "DROP TRIGGER credentialNoDelete; DELETE FROM credential WHERE seq = \(seq)")
            return seq
        }
        // The trigger put back as aegrade defines it, so that only the missing row differs
        try writer.write { db in
            try db.execute(sql: """
                CREATE TRIGGER credentialNoDelete BEFORE DELETE ON credential
                    BEGIN SELECT RAISE(ABORT, 'the aegrade log is append-only: credentials cannot be deleted'); END;
                """)
        }
        try writer.close()
        let answer = try SQLiteEventStore(path: path, mode: .readOnly).verify()
        #expect(answer.failure?.seq == seq, "\(answer.report)")
        #expect(answer.report.contains("the credential this event set is missing from the credential table"), "\(answer.report)")
    }
}
