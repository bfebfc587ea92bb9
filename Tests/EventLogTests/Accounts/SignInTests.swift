import Clinical
@testable import EventLog
import Foundation
import Testing
import TestSupport

/// Sign-in, lockout, reset and service keys (21 CFR 11.300; README, "Accounts and roles").
@Suite("Accounts: sign-in") struct SignInTests {
    @Test func aPasswordSignInIsALoginEventByTheUser() throws {
        let log = try AccountLog()
        defer { log.remove() }
        let before = log.head
        let nurse = try log.signIn(.nurse)
        #expect(nurse.author == Author(id: "nurse.li", role: .nurse))
        #expect(nurse.name == AccountsFixture.name("nurse.li"))
        #expect(nurse.method == .password)
        let events = try log.events(after: before)
        #expect(events.map(\.kind) == [.login])
        #expect(events.first?.author == nurse.author)
        #expect(events.first?.payload == AccountPayload.login(.signedIn, method: .password, role: .nurse))
    }

    /// `record` signs in and writes through a recorder given the same standing: the account
    /// events are folded once, at the sign-in, and the recorder's check reads only what came after.
    @Test func aSignInFoldsTheAccountEventsIntoTheStandingItIsGiven() throws {
        let log = try AccountLog()
        defer { log.remove() }
        let newestBefore = try #require(try log.store.accountEvents().last?.seq)
        let standing = AccountStanding()
        _ = try Authenticator(store: log.store, standing: standing).signIn(user: "nurse.li", password: AccountsFixture.password, role: .nurse)
        #expect(standing.foldedThrough == newestBefore)
        // The next fold reads only the login written since
        let directory = try standing.directory(of: log.store)
        #expect(standing.foldedThrough == newestBefore + 1)
        #expect(directory == (try AccountDirectory(store: log.store)))
    }

    @Test func fiveWrongPasswordsLockTheAccountUntilAnAdministratorsReset() throws {
        let log = try AccountLog()
        defer { log.remove() }
        let before = log.head
        // Four wrong passwords: refused, each a security event, not yet locked
        for _ in 1...4 {
            #expect(throws: SignInError.wrongCredentials) { try log.authenticator.signIn(user: "dr.wang", password: "wrong password", role: nil) }
        }
        #expect(try AccountDirectory(store: log.store)["dr.wang"]?.consecutiveFailures == 4)
        // The fifth locks it, with a lockedOut event in the same write
        #expect(throws: SignInError.lockedOut(user: "dr.wang")) {
            try log.authenticator.signIn(user: "dr.wang", password: "wrong password", role: nil)
        }
        let security = try log.events(after: before)
        #expect(security.allSatisfy { $0.kind == .security && $0.author == .system && $0.patient == nil })
        #expect(security.map { $0.payloadString(.action) } == Array(repeating: "failedSignIn", count: 5) + ["lockedOut"])
        #expect(security.last?.payload[.failures] == .number(5))
        #expect(security[4].seq + 1 == security[5].seq)
        // Now even the right password is refused
        #expect(throws: SignInError.lockedOut(user: "dr.wang")) {
            try log.authenticator.signIn(user: "dr.wang", password: AccountsFixture.password, role: nil)
        }
        #expect(try AccountDirectory(store: log.store)["dr.wang"]?.lockedOut == true)
        // An administrator's reset lifts it: a one-time secret, which only sets a new password
        let admin = try log.recorder(try log.signIn(.administrator))
        let reset = try admin.resetPassword(user: "dr.wang")
        let secret = try #require(reset.oneTimeSecret)
        #expect(reset.event.payloadString(.action) == "passwordReset" && reset.event.author.id == AccountsFixture.administrator)
        #expect(!reset.event.payload.compactText.contains(secret))
        #expect(throws: SignInError.mustSetPassword(user: "dr.wang")) { try log.authenticator.signIn(user: "dr.wang", password: secret, role: nil) }
        #expect(throws: SignInError.weakPassword("a password has at least 10 characters")) {
            try log.authenticator.setOwnPassword(user: "dr.wang", current: secret, new: "short", role: nil)
        }
        let signedIn = try log.authenticator.setOwnPassword(user: "dr.wang", current: secret, new: "a new long password", role: nil)
        #expect(signedIn.author == Author(id: "dr.wang", role: .physician))
        // The set is an event by the user, committing to the stored credential
        let set = try #require(try log.store.accountEvents().last { $0.payloadString(.action) == "passwordSet" })
        #expect(set.author.id == "dr.wang")
        #expect(set.payloadString(.credential) == (try log.store.credential(of: "dr.wang"))?.commitment)
        #expect(set.payload[.oneTime] == .bool(false))
        #expect(try log.authenticator.signIn(user: "dr.wang", password: "a new long password", role: nil).author.id == "dr.wang")
        #expect(throws: SignInError.wrongCredentials) { try log.authenticator.signIn(user: "dr.wang", password: secret, role: nil) }
        #expect(try log.store.verify().isIntact)
    }

    @Test func aSuccessBeforeTheFifthFailureStartsTheCountAgain() throws {
        let log = try AccountLog()
        defer { log.remove() }
        for _ in 1...4 { _ = try? log.authenticator.signIn(user: "nurse.li", password: "wrong password", role: nil) }
        _ = try log.signIn(.nurse)
        for _ in 1...4 { _ = try? log.authenticator.signIn(user: "nurse.li", password: "wrong password", role: nil) }
        #expect(try AccountDirectory(store: log.store)["nurse.li"]?.lockedOut == false)
        #expect(try log.signIn(.nurse).author.id == "nurse.li")
    }

    @Test func anUnknownUserIsRefusedAsAWrongPasswordIsAndRecorded() throws {
        let log = try AccountLog()
        defer { log.remove() }
        let before = log.head
        #expect(throws: SignInError.wrongCredentials) { try log.authenticator.signIn(user: "no.one", password: "whatever it is", role: nil) }
        #expect(throws: SignInError.wrongCredentials) { try log.authenticator.signIn(user: "Bad\u{1B}[2J", password: "whatever it is", role: nil) }
        let events = try log.events(after: before)
        #expect(events.map { $0.payloadString(.user) } == ["no.one", "(not a user id)"])
        #expect(events.allSatisfy { $0.payloadString(.reason) == "unknownUser" })
    }

    @Test func aDeactivatedAccountIsRefusedUntilReactivated() throws {
        let log = try AccountLog()
        defer { log.remove() }
        let admin = try log.recorder(try log.signIn(.administrator))
        // A nurse signed in before the deactivation may write no more either
        let nurse = try log.recorder(try log.signIn(.nurse))
        _ = try admin.deactivate(user: "nurse.li")
        #expect(throws: SignInError.deactivated(user: "nurse.li")) {
            try log.authenticator.signIn(user: "nurse.li", password: AccountsFixture.password, role: nil)
        }
        #expect(throws: RecordError.refused(.account("account nurse.li is deactivated"))) {
            try nurse.record(try Bedside.crsJSON(patient: "P-1"))
        }
        #expect(try log.store.accountEvents().last?.payload
                == AccountPayload.failedSignIn(user: "nurse.li", reason: "deactivated"))
        // The id stays taken
        #expect(throws: RecordError.self) { try admin.addUser(id: "nurse.li", name: "Another Li", roles: [.nurse], kind: .person) }
        _ = try admin.reactivate(user: "nurse.li")
        #expect(try log.signIn(.nurse).author.id == "nurse.li")
    }

    @Test func theRoleIsOneTheAccountHolds() throws {
        let log = try AccountLog()
        defer { log.remove() }
        #expect(throws: SignInError.roleNotHeld(user: "nurse.li", role: .physician, held: [.nurse])) {
            try log.authenticator.signIn(user: "nurse.li", password: AccountsFixture.password, role: .physician)
        }
        let admin = try log.recorder(try log.signIn(.administrator))
        _ = try admin.grant(user: "nurse.li", role: .dataManager)
        #expect(throws: SignInError.chooseRole(user: "nurse.li", held: [.nurse, .dataManager])) {
            try log.authenticator.signIn(user: "nurse.li", password: AccountsFixture.password, role: nil)
        }
        let asDataManager = try log.authenticator.signIn(user: "nurse.li", password: AccountsFixture.password, role: .dataManager)
        #expect(asDataManager.author.role == .dataManager)
        // A role revoked after sign-in stops the writes it allowed
        let nurse = try log.recorder(try log.authenticator.signIn(user: "nurse.li", password: AccountsFixture.password, role: .nurse))
        _ = try admin.revoke(user: "nurse.li", role: .nurse)
        #expect(throws: RecordError.self) { try nurse.record(try Bedside.crsJSON(patient: "P-1")) }
    }

    @Test func aNewAccountMustSetItsOwnPasswordBeforeWriting() throws {
        let log = try AccountLog()
        defer { log.remove() }
        let admin = try log.recorder(try log.signIn(.administrator))
        let added = try admin.addUser(id: "nurse.wu", name: "Wu Fang", roles: [.nurse], kind: .person)
        let secret = try #require(added.oneTimeSecret)
        #expect(added.event.payload[.oneTime] == .bool(true))
        #expect(added.event.payloadString(.credential) == (try log.store.credential(of: "nurse.wu"))?.commitment)
        #expect(throws: SignInError.mustSetPassword(user: "nurse.wu")) { try log.authenticator.signIn(user: "nurse.wu", password: secret, role: nil) }
        let wu = try log.authenticator.setOwnPassword(user: "nurse.wu", current: secret, new: "Wu's own password", role: nil)
        #expect(wu.name == "Wu Fang")
        #expect(try AccountDirectory(store: log.store)["nurse.wu"]?.mustSetPassword == false)
    }

    @Test func aServiceKeySignsInAndOnlyEnters() throws {
        let log = try AccountLog()
        defer { log.remove() }
        let key = try ServiceKey.read(path: log.fixture.keyPath)
        let before = log.head
        let service = try log.authenticator.signIn(key: key, role: nil)
        #expect(service.isService && service.author == Author(id: AccountsFixture.service, role: .nurse))
        #expect(try log.events(after: before).map { $0.payloadString(.action) } == ["keyUsed"])
        let recorder = try log.recorder(service)
        guard case .recorded(_, _, let seqs) = try recorder.record(try Bedside.crsJSON(patient: "P-1")) else {
            Issue.record("the service account's assessment was not recorded")
            return
        }
        #expect(throws: RecordError.refused(.serviceAccount(.correctAssessment))) {
            try recorder.correct(seq: seqs[0], with: try Bedside.crsJSON(patient: "P-1"), reason: "typo in the temperature")
        }
        // A wrong key, a key of a person's account, and a password for the service account are refused
        #expect(throws: SignInError.wrongKey) { try log.authenticator.signIn(key: ServiceKey.generate(user: AccountsFixture.service), role: nil) }
        #expect(throws: SignInError.notAService(user: "nurse.li")) { try log.authenticator.signIn(key: ServiceKey.generate(user: "nurse.li"), role: nil) }
        #expect(throws: SignInError.notAPerson(user: AccountsFixture.service)) {
            try log.authenticator.signIn(user: AccountsFixture.service, password: AccountsFixture.password, role: nil)
        }
    }

    @Test func aKeyFileOthersMayReadIsRefused() throws {
        let log = try AccountLog()
        defer { log.remove() }
        #expect(try ServiceKey.read(path: log.fixture.keyPath).user == AccountsFixture.service)
        for mode in [0o640, 0o604, 0o660, 0o644] {
            #expect(chmod(log.fixture.keyPath, mode_t(mode)) == 0)
            #expect(throws: SignInError.self, "mode \(String(mode, radix: 8))") { try ServiceKey.read(path: log.fixture.keyPath) }
        }
        #expect(chmod(log.fixture.keyPath, 0o600) == 0)
        let garbage = log.scratch.path("garbage.key")
        #expect(FileManager.default.createFile(atPath: garbage, contents: Data("not a key\n".utf8), attributes: [.posixPermissions: 0o600]))
        #expect(throws: SignInError.invalid("--key \(PrintableText.quoted(garbage)): not an aegrade service key")) { try ServiceKey.read(path: garbage) }
    }

    @Test func theLastActiveAdministratorIsKept() throws {
        let log = try AccountLog()
        defer { log.remove() }
        let admin = try log.recorder(try log.signIn(.administrator))
        #expect(throws: RecordError.self) { try admin.deactivate(user: AccountsFixture.administrator) }
        #expect(throws: RecordError.self) { try admin.revoke(user: AccountsFixture.administrator, role: .administrator) }
        _ = try admin.grant(user: "dr.wang", role: .administrator)
        _ = try admin.revoke(user: AccountsFixture.administrator, role: .administrator)
        #expect(try AccountDirectory(store: log.store).active(holding: .administrator).map(\.id) == ["dr.wang"])
    }

    @Test func aLogWithoutAccountsSaysToInitialiseIt() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let store = try SQLiteEventStore(path: scratch.path("log.db"), mode: .readWrite(create: true))
        #expect(throws: SignInError.noAccounts) { try Authenticator(store: store).signIn(user: "a.b", password: "whatever it is", role: nil) }
        #expect(try store.allEvents().count == 1)
        try Authenticator(store: store, cost: AccountLog.cheap).createFirstAdministrator(id: "admin.kim", name: "Kim Admin", password: "first password")
        #expect(throws: SignInError.accountsExist) {
            try Authenticator(store: store).createFirstAdministrator(id: "other.admin", name: "Other", password: "first password")
        }
        let admin = try Authenticator(store: store).signIn(user: "admin.kim", password: "first password", role: nil)
        #expect(admin.author == Author(id: "admin.kim", role: .administrator) && admin.name == "Kim Admin")
        #expect(try store.allEvents().first { $0.kind == .userAdmin }?.author == .system)
    }
}
