import Clinical
@testable import EventLog
import Foundation
import Grading
import Safety
import Terminal
import Testing
import TestSupport
@testable import Bedside

/// One demo trial written once for the screen tests (read only), and helpers to look at screens.
enum DemoFixture {
    /// The directory of the shared demo, written at first use.
    static let directory: String = {
        let path = temporaryDirectory("shared")
        // `now` is the real clock: the record times the store writes follow it.
        try! DemoTrial.write(to: path, now: ClinicalTime(secondsSinceEpoch: Date().timeIntervalSince1970, offsetSeconds: 8 * 3600))
        return path
    }()

    /// A directory for the tests' logs, removed when the test process exits.
    static func temporaryDirectory(_ name: String) -> String {
        try! SharedScratch.directory("aegrade-bedside-\(name)").path
    }

    static let criteria = try! CriteriaSet.bundled()

    /// A context over the shared demo log (or `directory`), with its protocol unless `withProtocol` is false.
    static func context(_ directory: String = directory, withProtocol: Bool = true, colors: Bool = false) throws -> BedsideContext {
        let store = try SQLiteEventStore(path: directory + "/" + DemoTrial.logName, mode: .readOnly)
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: directory + "/" + DemoTrial.protocolName)))
        let trial = withProtocol ? try TrialProtocol.load(bytes: bytes, name: DemoTrial.protocolName, criteria: criteria) : nil
        return try BedsideContext(store: store, criteria: criteria, trial: trial, signedIn: .unauthenticated(Author(id: "nurse.li", role: .nurse)), colors: colors)
    }

    /// The whole frame (title, banner, screen, status bar) with `screen` on top of the board.
    static func frame(_ screen: any Screen, _ context: BedsideContext, width: Int, height: Int) -> [String] {
        BedsideApp.frame(stack: [TriageBoardScreen(context: context), screen], context: context, width: width, height: height).lines
    }

    /// The sizes every screen is checked at.
    static let sizes: [(width: Int, height: Int)] = [(80, 24), (120, 40)]
}

@Suite struct DemoTrialTests {
    @Test func theDemoLogVerifies() throws {
        let store = try SQLiteEventStore(path: DemoFixture.directory + "/" + DemoTrial.logName, mode: .readOnly)
        let result = try store.verify()
        #expect(result.isIntact, "\(result.report)")
        #expect(result.checked > 500)
    }

    @Test func theDemoHasSixToEightPatientsAndGradesZeroToFour() throws {
        let context = try DemoFixture.context()
        #expect((6...8).contains(context.replay.patients.count))
        var crs: Set<Int> = [], icans: Set<Int> = []
        for event in context.events where event.kind == .grades {
            for logged in event.loggedGrades {
                if logged.criteria == "astct-2019-crs", let g = logged.grade { crs.insert(g) }
                if logged.criteria == "astct-2019-icans", let g = logged.grade { icans.insert(g) }
            }
        }
        #expect(crs.union(icans).isSuperset(of: [0, 1, 2, 3, 4]))
        #expect(icans.isSuperset(of: [0, 1, 2, 3]))
        #expect(!crs.contains(5) && !icans.contains(5))
    }

    @Test func theSentinelRuleHasTrippedAndIsLogged() throws {
        let context = try DemoFixture.context()
        let status = try #require(context.status)
        #expect(status.tripped == ["sentinel-dlt"])
        #expect(status.enrolmentPaused && !status.dosingPaused)
        let logged = try #require(context.events.last { $0.kind == .ruleStatus }?.loggedRuleStatus)
        #expect(logged.status == "paused" && logged.tripped == ["sentinel-dlt"])
        // The next subject of cohort DL2 waits for the stagger; P-007's product failed.
        #expect(status.nextDosingByCohort["DL2"].map { $0 > status.asOf } == true)
        #expect(status.notTreated.map(\.patient) == ["P-007"])
    }

    @Test func theDemoHasOneCorrectionOneOverrideAndTreatments() throws {
        let context = try DemoFixture.context()
        let kinds = context.events.map(\.kind)
        #expect(kinds.filter { $0 == .correction }.count == 1)
        #expect(kinds.filter { $0 == .override }.count == 1)
        #expect(kinds.filter { $0 == .manufacturingFailure }.count == 1)
        let drugs = Set(context.events.compactMap(\.drug))
        #expect(drugs.isSuperset(of: ["tocilizumab", "dexamethasone", "methylprednisolone"]))
        // Every assessment was graded by the bundled criteria: the grades name their hashes.
        let hashes = Set(DemoFixture.criteria.files.map(\.hash))
        for event in context.events where event.kind == .grades {
            guard case .array(let results)? = event.payload[.results] else { Issue.record("grades without results"); continue }
            for result in results { if case .string(let hash)? = result["hash"] { #expect(hashes.contains(hash)) } }
        }
    }

    @Test func theInPlaceReplayOfTheDemoEqualsAFoldOfItsDecodedEvents() throws {
        // Given the demo log (eight patients, a correction, an override, treatments, rule status)
        let store = try SQLiteEventStore(path: DemoFixture.directory + "/" + DemoTrial.logName, mode: .readOnly)
        let events = try store.allEvents()
        // When it is replayed reading rows in place, in ranges of several sizes, and beside it by
        // folding every decoded event, to the end and at points through it
        for seq in stride(from: events.count, through: 1, by: -max(1, events.count / 9)).map(Int64.init) {
            var decoded = Replay(lookup: try store.replayLookup())
            for event in events { _ = decoded.fold(event, limit: .seq(seq)) }
            for size in [7, 64, 1 << 40] as [Int64] {
                let inPlace = try store.replay(until: .seq(seq), rangeSize: size)
                // Then both give the same state, trend included, whatever the ranges read
                #expect(inPlace.json.compactText == decoded.json.compactText, "seq \(seq), ranges of \(size)")
                for (id, patient) in decoded.patients {
                    #expect(inPlace.patients[id]?.previousGrades == patient.previousGrades, "seq \(seq), \(id)")
                }
            }
        }
    }

    @Test func clinicalTimesLieInTheTwoWeeksBeforeNow() throws {
        let directory = DemoFixture.temporaryDirectory("window")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let now = ClinicalTime(secondsSinceEpoch: Date().timeIntervalSince1970 + 3600, offsetSeconds: -5 * 3600)
        try DemoTrial.write(to: directory, now: now)
        let store = try SQLiteEventStore(path: directory + "/" + DemoTrial.logName, mode: .readOnly)
        let times = try store.allEvents().compactMap(\.clinicalInstant)
        #expect(times.allSatisfy { $0 <= now && $0.secondsSinceEpoch >= now.secondsSinceEpoch - 15 * 86_400 })
        #expect(times.allSatisfy { $0.offsetSeconds == -5 * 3600 })
    }

    @Test func theSameNowGivesTheSameTrial() throws {
        let now = ClinicalTime(secondsSinceEpoch: (Date().timeIntervalSince1970 / 60).rounded(.down) * 60, offsetSeconds: 3600)
        var contents: [[String]] = []
        for name in ["a", "b"] {
            let directory = DemoFixture.temporaryDirectory("same-\(name)")
            defer { try? FileManager.default.removeItem(atPath: directory) }
            try DemoTrial.write(to: directory, now: now)
            let store = try SQLiteEventStore(path: directory + "/" + DemoTrial.logName, mode: .readOnly)
            // The account events differ too: their credentials are random.
            contents.append(try store.allEvents().dropFirst().filter { ![.userAdmin, .login, .security].contains($0.kind) }.map { event in
                // Ids, record times and hashes differ; what was recorded does not (ids inside
                // payloads name other events, and a signature's versions their hashes, so they
                // are left out too).
                var payload = event.payload
                if case .object(let members) = payload {
                    payload = .object(members.filter { !["observation", "supersedes", "asOf", "signs"].contains($0.0) })
                }
                return "\(event.kind) \(event.patient ?? "-") \(event.clinicalTime ?? "-") \(event.author.id) \(payload.compactText)"
            })
        }
        #expect(contents[0] == contents[1])
    }

    @Test func theDemoWritesItsHistoryAsItsOwnSignedInAccountsAndHandsOverOneTimePasswords() throws {
        let directory = DemoFixture.temporaryDirectory("accounts")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let handovers = try DemoTrial.write(to: directory, now: ClinicalTime(secondsSinceEpoch: Date().timeIntervalSince1970))
        let store = try SQLiteEventStore(path: directory + "/" + DemoTrial.logName, mode: .readWrite(create: false))
        let accounts = try AccountDirectory(store: store)
        // An administrator, the principal investigator, a physician, two nurses, a monitor
        #expect(handovers.map(\.role) == [.administrator, .principalInvestigator, .physician, .nurse, .nurse, .monitor])
        #expect(Set(handovers.map(\.oneTimePassword)).count == 6)
        for person in handovers {
            let account = try #require(accounts[person.user])
            #expect(account.roles == [person.role] && account.active && account.mustSetPassword, "\(person.user)")
        }
        // Every clinical entry is by one of them, in a role the account holds, after it signed in
        let events = try store.allEvents()
        for event in events where [.observation, .correction, .override, .enrollment, .infusion, .treatment].contains(event.kind) {
            #expect(accounts[event.author.id]?.roles.contains(event.author.role) == true, "\(event.kind) by \(event.author.id)")
        }
        #expect(events.contains { $0.kind == .login && $0.author.id == "nurse.li" && $0.payloadString(.action) == "signedIn" })
        // No secret is in the log; each one-time password leads to setting one's own first
        #expect(!events.contains { event in handovers.contains { event.payload.compactText.contains($0.oneTimePassword) } })
        let nurse = try #require(handovers.first { $0.user == "nurse.li" })
        #expect(throws: SignInError.mustSetPassword(user: "nurse.li")) {
            try Authenticator(store: store).signIn(user: nurse.user, password: nurse.oneTimePassword, role: nil)
        }
    }

    @Test func theDemoNeverWritesOverALog() throws {
        let directory = DemoFixture.temporaryDirectory("twice")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let now = ClinicalTime(secondsSinceEpoch: Date().timeIntervalSince1970)
        try DemoTrial.write(to: directory, now: now)
        let before = try Data(contentsOf: URL(fileURLWithPath: directory + "/" + DemoTrial.logName))
        #expect(throws: DemoError.self) { try DemoTrial.write(to: directory, now: now) }
        #expect(try Data(contentsOf: URL(fileURLWithPath: directory + "/" + DemoTrial.logName)) == before)
    }

    @Test(arguments: DemoFixture.sizes) func theBoardShowsTheDemoAndItsBanner(size: (width: Int, height: Int)) throws {
        let context = try DemoFixture.context()
        let lines = BedsideApp.frame(stack: [TriageBoardScreen(context: context)], context: context, width: size.width, height: size.height).lines
        #expect(lines[0].contains("DEMO-CART-01"))
        #expect(lines[1].contains("ENROLMENT PAUSED") && lines[1].contains("sentinel-dlt"))
        for patient in ["P-001", "P-002", "P-003", "P-004", "P-005", "P-006"] { #expect(lines.contains { $0.contains(patient) }) }
    }
}
