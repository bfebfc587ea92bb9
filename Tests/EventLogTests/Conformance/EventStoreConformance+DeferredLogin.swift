import Clinical
@testable import EventLog
import Testing

/// A sign-in's login held back for its author's first entry (`DeferredLogin`): every store writes
/// it in that entry's transaction, just before it, once; gives it back when the transaction fails;
/// and leaves it to `writeDeferredLogin` when nothing was written.
extension EventStoreConformance {
    static func loginDraft() -> EventDraft {
        EventDraft(kind: .login, patient: nil, clinicalTime: nil, payload: AccountPayload.login(.keyUsed, method: .key, role: .nurse))
    }

    func deferredLogin(_ log: any ConformanceLog) throws {
        let store = log.store
        let credential = Self.credential("li.m")
        _ = try store.appendAccount(Self.created("li.m", credential), author: .system, credential: credential)
        let signer = Self.accountSigner.forAccount("li.m")

        // A refused write gives the login back: nothing of it is in the log
        let before = try Self.snapshot(store)
        let refused = SignedIn(author: Self.nurse, name: "Li Mei", method: .key, signer: signer,
                               deferredLogin: DeferredLogin(author: Self.nurse, draft: Self.loginDraft()))
        if let (refusing, release) = try log.refusing(.readOnly) {
            #expect(throws: EventLogError.self) {
                try refused.signing { () throws(EventLogError) in try refusing.append([Self.note("refused")], author: Self.nurse) }
            }
            try release()
            #expect(refused.deferredLogin?.isPending == true)
            #expect(try Self.snapshot(try log.openReader()).events == before.events)
        }

        // Given a sign-in whose login waits, when aegrade writes its own event and then the author
        // writes two entries
        let signedIn = SignedIn(author: Self.nurse, name: "Li Mei", method: .key, signer: signer,
                                deferredLogin: DeferredLogin(author: Self.nurse, draft: Self.loginDraft()))
        let system = try signedIn.signing { () throws(EventLogError) in try store.append([Self.note("aegrade's")], author: .system) }
        #expect(signedIn.deferredLogin?.isPending == true, "an event by another author does not carry it")
        let first = try signedIn.signing { () throws(EventLogError) in
            try store.appendFollowed(Self.note("first"), author: Self.nurse) { _ in [Self.note("follow-up")] }
        }
        let second = try signedIn.signing { () throws(EventLogError) in try store.append([Self.note("second")], author: Self.nurse) }
        try signedIn.writeDeferredLogin(to: store)

        // Then the login is written once, just before the first entry, in its transaction (one
        // record time), signed by its author, and not among the events the call returned
        let events = try store.allEvents()
        let logins = events.filter { $0.kind == .login }
        #expect(logins.count == 1)
        guard let login = logins.first else { return }
        #expect(login.seq == system[0].seq + 1 && first.map(\.seq) == [login.seq + 1, login.seq + 2])
        #expect(second[0].seq == login.seq + 3)
        #expect(login.author == Self.nurse && login.recordTime == first[0].recordTime)
        #expect(signedIn.deferredLogin?.isPending == false)
        #expect(try store.verify().isIntact)

        // A sign-in that wrote nothing has its login written alone
        let idle = SignedIn(author: Self.nurse, name: "Li Mei", method: .key, signer: signer,
                            deferredLogin: DeferredLogin(author: Self.nurse, draft: Self.loginDraft()))
        try idle.writeDeferredLogin(to: store)
        let last = try store.lastEvent()
        #expect(last?.kind == .login && last?.seq == second[0].seq + 1)
        try idle.writeDeferredLogin(to: store)
        #expect(try store.lastEvent()?.seq == last?.seq, "written once")
        #expect(try store.verify().isIntact)
    }
}
