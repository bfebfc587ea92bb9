import Clinical
@testable import EventLog
import Safety
import Testing

/// The account events a directory's fold depends on (`accountStandingEvents(after:)`): of the
/// logins only each author's last of each action, and folding them gives the whole fold's
/// directory — from the start and onto a directory kept up to any seq, as `AccountStanding` does.
extension EventStoreConformance {
    func accountStandingEvents(_ log: any ConformanceLog) throws {
        let store = log.store
        let users = ["li.m", "wang.f"]
        var signers: [String: EventSigner] = [:]
        for user in users {
            let credential = Self.credential(user)
            _ = try store.appendAccount(Self.created(user, credential), author: .system, credential: credential)
            signers[user] = Self.accountSigner.forAccount(user)
        }
        // Given sign-ins, sign-outs, unlocks, failures and lockouts of two accounts interleaved
        // (seeded), with clinical notes between them
        var generator = SeededGenerator(seed: 20261206)
        for step in 0..<90 {
            let user = users[Int(generator.next() % 2)]
            let author = Author(id: user, role: .nurse)
            switch generator.next() % 7 {
            case 0, 1:
                _ = try store.append([EventDraft(kind: .security, patient: nil, clinicalTime: nil,
                                                 payload: AccountPayload.failedSignIn(user: user, reason: FailureReason.wrongPassword.rawValue))],
                                     author: .system)
            case 2:
                _ = try store.append([EventDraft(kind: .security, patient: nil, clinicalTime: nil,
                                                 payload: AccountPayload.lockedOut(user: user, failures: 5))], author: .system)
            case 6:
                _ = try EventSigner.with(signers[user]) { () throws(EventLogError) in
                    try store.append([Self.note("entry \(step)")], author: author)
                }
            default:
                let action: LoginAction = [.signedIn, .keyUsed, .unlocked, .signedOut][Int(generator.next() % 4)]
                _ = try EventSigner.with(signers[user]) { () throws(EventLogError) in
                    try store.appendAccount(EventDraft(kind: .login, patient: nil, clinicalTime: nil,
                                                       payload: AccountPayload.login(action, method: .password, role: .nurse)),
                                            author: author, credential: nil)
                }
            }
        }
        let all = try store.accountEvents()
        let selected = try store.accountStandingEvents(after: 0)
        // Then the store's selection is the rule's, fewer events than all, ending at the last
        #expect(selected == AccountStandingSelection.select(all))
        #expect(selected.count < all.count && selected.last == all.last)
        #expect(selected.filter { $0.kind != .login } == all.filter { $0.kind != .login })
        // And its fold is the whole fold, from the start and onto a directory kept up to any seq
        let whole = AccountDirectory(events: all)
        #expect(AccountDirectory(events: selected) == whole)
        #expect(whole.all.contains { $0.consecutiveFailures > 0 || $0.lockedOut }, "the history left a failure or a lockout to keep")
        for kept in stride(from: Int64(0), through: all.last?.seq ?? 0, by: 7) {
            var directory = AccountDirectory(events: all.filter { $0.seq <= kept })
            let after = try store.accountStandingEvents(after: kept)
            #expect(after == AccountStandingSelection.select(all.filter { $0.seq > kept }), "after \(kept)")
            for event in after { directory.apply(event) }
            #expect(directory == whole, "kept up to \(kept)")
        }
    }
}
