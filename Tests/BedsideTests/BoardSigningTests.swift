import Clinical
@testable import EventLog
import Foundation
import Terminal
import TestSupport
import Testing
@testable import Bedside

/// Every signature at the board asks the signed-in user's password again (21 CFR
/// 11.200(a)(1)(i)): the override's `overrode`, the correction's `corrected` or `authored`, and a
/// signature of an entry already in the log (`s` on the timeline). A wrong password writes nothing
/// and counts towards the lockout, as a refused sign-in of `aegrade log sign` does.
@Suite("Signing at the board asks the password again")
struct BoardSigningTests {
    /// Overrides P-003's ICANS 1 → 3 up to the y/N and presses y.
    static func overrideUpToThePassword(_ f: AmendFixture) throws -> OverrideScreen {
        f.press([.character("o")])
        let screen = try #require(f.app.stack.last as? OverrideScreen)
        f.type("i3aphasic on exam")
        f.press([.enter, .character("y")])
        return screen
    }

    @Test("y asks the password, showing what is signed and no character of it; Enter with it appends the override and its signature")
    func overrideAsksThePassword() throws {
        let f = try AmendFixture()
        let screen = try Self.overrideUpToThePassword(f)
        #expect(screen.step == .sign)
        #expect(try f.events().filter { $0.kind == .override }.isEmpty, "nothing is written before the password")
        #expect(f.screen.contains("Sign as dr-lee (physician): overrode grade — password: "), "\(f.screen)")
        f.type(AccountsFixture.password)
        #expect(!f.screen.contains(AccountsFixture.password) && !f.screen.contains("horse"))
        #expect(f.screen.contains(String(repeating: "•", count: AccountsFixture.password.count)))
        let before = try f.events().count
        f.press([.enter])
        #expect(f.app.stack.count == 1)
        let written = try f.events().dropFirst(before)
        // The sign-in that checked the password, then the override and its signature in one transaction
        #expect(written.map(\.kind) == [.login, .override, .signature], "\(written.map(\.kind))")
        let signature = try #require(written.last)
        #expect(signature.author == Author(id: "dr-lee", role: .physician))
        #expect(signature.payloadString(.meaning) == "overrode")
        #expect(f.app.frame().lines.last?.contains("Overridden ICANS 1 → 3") == true)
    }

    @Test("a wrong password signs nothing, writes no override, says so and records the failure; the right one then saves")
    func wrongPasswordWritesNothing() throws {
        let f = try AmendFixture()
        let screen = try Self.overrideUpToThePassword(f)
        let before = try f.events().count
        f.sign(password: "not the password")
        #expect(screen.step == .sign && f.app.stack.last === screen)
        #expect(f.screen.contains("Not signed, nothing written: the password is wrong"), "\(f.screen)")
        let written = try f.events().dropFirst(before)
        #expect(written.map(\.kind) == [.security], "only the failed attempt: \(written.map(\.kind))")
        #expect(written.first?.payloadString(.user) == "dr-lee" && written.first?.payloadString(.reason) == "wrongPassword")
        // The entry is kept: the right password saves it
        f.sign()
        #expect(f.app.stack.count == 1)
        #expect(try f.events().filter { $0.kind == .override }.count == 1)
    }

    @Test("five wrong passwords at the signature lock the account, as five wrong sign-ins do; the right one is then refused")
    func wrongPasswordsLockTheAccount() throws {
        let f = try AmendFixture()
        let screen = try Self.overrideUpToThePassword(f)
        for attempt in 1...Authenticator.maximumFailures { f.sign(password: "wrong password \(attempt)") }
        #expect(try f.events().contains { $0.kind == .security && $0.payloadString(.action) == "lockedOut" })
        #expect(try AccountDirectory(store: f.context.store)["dr-lee"]?.lockedOut == true)
        f.sign()
        #expect(screen.step == .sign)
        #expect(f.screen.contains("this account is locked"), "\(f.screen)")
        #expect(try f.events().filter { $0.kind == .override }.isEmpty)
    }

    @Test("Esc at the password writes nothing and goes back to the y/N")
    func escapeAtThePassword() throws {
        let f = try AmendFixture()
        let screen = try Self.overrideUpToThePassword(f)
        let before = try f.events().count
        f.type("corr")
        f.press([.escape])
        #expect(screen.step == .confirm)
        #expect(try f.events().count == before)
    }

    @Test("a nurse's correction of her own entry is signed 'authored' after her password")
    func nurseCorrectionSignsAuthored() throws {
        let f = try AmendFixture(author: Author(id: "nurse-bo", role: .nurse))
        f.press([.character("e")])
        let screen = try #require(f.app.stack.last as? CorrectionScreen)
        f.type("37.2")
        f.press([.function(2)])
        f.type("typo in temperature")
        f.press([.enter, .character("y")])
        #expect(screen.step == .sign)
        #expect(f.screen.contains("Sign as nurse-bo (nurse): authored entry — password: "), "\(f.screen)")
        #expect(try f.events().filter { $0.kind == .correction }.isEmpty)
        f.sign()
        let events = try f.events()
        let correction = try #require(events.last { $0.kind == .correction })
        let signature = try #require(events.last { $0.kind == .signature })
        #expect(signature.payloadString(.meaning) == "authored" && signature.author.id == "nurse-bo")
        #expect(signature.seq > correction.seq)
    }

    // MARK: - s: signing an entry already in the log

    /// Records a grade ≥ 3 assessment of P-003 (CRS 3) by a nurse and brings the board up to it.
    static func recordSevere(_ f: AmendFixture) throws -> RecordedEvent {
        let recorder = LogRecorder(store: f.context.store, criteria: f.context.criteria,
                                   signedIn: .unauthenticated(Author(id: "nurse-bo", role: .nurse)),
                                   now: { ClinicalTime(iso8601: FormFixture.time)! })
        let json = #"{"patient":{"id":"P-003","ageYears":54,"developmentalDelay":false},"time":"2026-11-21T20:00:00+08:00","#
            + #""vitals":{"temperature":{"value":38.9,"unit":"C"},"hypotension":true},"#
            + #""support":{"vasopressors":[{"drug":"norepinephrine","dose":0.1,"unit":"mcg/kg/min"}],"oxygen":{"device":"roomAir"}},"#
            + BoardLog.clearNeuro + "}"
        guard case .recorded = try recorder.record(try JSONParser.parse(json)) else { throw EventLogError.refused("the severe entry was rejected") }
        try f.context.reload()
        return try #require(try f.events().last { $0.kind == .grades })
    }

    @Test("s on the timeline: a physician confirms the grade ≥ 3 proposed, after the password")
    func physicianConfirmsAGrade() throws {
        let f = try AmendFixture()
        let grades = try Self.recordSevere(f)
        f.press([.enter, .character("s")])
        let screen = try #require(f.app.stack.last as? SignScreen)
        #expect(screen.meanings == Role.physician.signingMeanings)
        #expect(f.screen.contains("confirmed grade ≥ 3"))
        let number = try #require(Role.physician.signingMeanings.firstIndex(of: .confirmed)) + 1
        f.type("\(number)")
        #expect(screen.step == .event && screen.eventText == "\(grades.seq)", "the latest grade ≥ 3 is proposed")
        f.press([.enter])
        #expect(screen.step == .sign)
        #expect(f.screen.contains("Sign as dr-lee (physician): confirmed grade ≥ 3 — password: "), "\(f.screen)")
        f.sign()
        #expect(f.app.stack.last is PatientTimelineScreen)
        let signature = try #require(try f.events().last)
        #expect(signature.kind == .signature && signature.payloadString(.meaning) == "confirmed")
        #expect(signature.author == Author(id: "dr-lee", role: .physician))
        #expect(f.app.frame().lines.last?.contains("Signed event \(grades.seq) 'confirmed grade ≥ 3'") == true)
    }

    @Test("an event the meaning does not apply to is refused before any password is asked")
    func inapplicableEventIsRefusedFirst() throws {
        let f = try AmendFixture()
        f.press([.enter, .character("s")])
        let screen = try #require(f.app.stack.last as? SignScreen)
        let number = try #require(Role.physician.signingMeanings.firstIndex(of: .confirmed)) + 1
        f.type("\(number)")
        // No grade ≥ 3: nothing proposed; the seed's grades (ICANS 1) typed by hand is refused
        #expect(screen.eventText.isEmpty)
        let grades = try #require(f.context.replay.patients["P-003"]?.latestGradesSeq)
        let before = try f.events().count
        f.type("\(grades)")
        f.press([.enter])
        #expect(screen.step == .event)
        #expect(f.screen.contains("only grades ≥ 3 are confirmed"), "\(f.screen)")
        #expect(try f.events().count == before)
    }

    @Test("a monitor reviews an entry; an administrator and an inspector are refused, plainly, with nothing opened")
    func monitorReviewsOthersSignNothing() throws {
        let f = try AmendFixture(author: Author(id: "cra-ng", role: .monitor))
        f.press([.enter, .character("s")])
        let screen = try #require(f.app.stack.last as? SignScreen)
        #expect(screen.meanings == [.reviewed])
        f.type("1")
        let observation = try #require(f.context.replay.patients["P-003"]?.latestObservation?.seq)
        #expect(Int64(screen.eventText) ?? 0 >= observation)
        f.press([.enter])
        f.sign()
        #expect(try f.events().last?.payloadString(.meaning) == "reviewed")
        for role in [Role.administrator, .inspector] {
            let g = try AmendFixture(author: Author(id: "someone", role: role))
            g.press([.enter, .character("s")])
            #expect(g.app.stack.last is PatientTimelineScreen)
            #expect(g.app.frame().lines.last?.contains("\(role.rawValue) signs nothing") == true, "\(role)")
        }
    }

    @Test("the timeline's help, made from its keymap, lists s")
    func helpListsTheSignKey() throws {
        let f = try AmendFixture()
        f.press([.enter, .character("?")])
        #expect(f.screen.contains("Sign an entry with a meaning your role may sign"), "\(f.screen)")
    }
}
