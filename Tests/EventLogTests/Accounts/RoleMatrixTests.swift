import Clinical
@testable import EventLog
import Foundation
import Testing
import TestSupport

/// Every role × every write through the one recorder, against the table of C-ACC written out
/// here (not read from `Role.may`): README, "Accounts and roles".
@Suite("Accounts: role matrix") struct RoleMatrixTests {
    enum Write: String, CaseIterable, CustomTestStringConvertible {
        case enter, correctOwnEntry, correctAnothersEntry, override, clinicalEvent, addUser
        var testDescription: String { rawValue }
    }

    /// The writes each signed-in kind of writer may make.
    static let allowed: [String: Set<Write>] = [
        "nurse": [.enter, .correctOwnEntry, .clinicalEvent],
        "physician": [.enter, .correctOwnEntry, .correctAnothersEntry, .override, .clinicalEvent],
        "principalInvestigator": [.enter, .correctOwnEntry, .correctAnothersEntry, .override, .clinicalEvent],
        "monitor": [], "dataManager": [], "safety": [], "inspector": [],
        "administrator": [.addUser],
        "service": [.enter, .clinicalEvent],
    ]

    @Test(arguments: Array(allowed.keys).sorted())
    func eachWriterMayMakeExactlyTheWritesOfTheTable(_ writer: String) throws {
        let log = try AccountLog()
        defer { log.remove() }
        // An entry by a physician, which others may or may not correct and override
        let physician = try log.recorder(try log.signIn(.physician))
        guard case .recorded(_, _, let theirs) = try physician.record(try Bedside.crsJSON(patient: "P-1")) else {
            throw TestFailure("the physician's entry was not recorded")
        }
        let signedIn = writer == "service"
            ? try log.authenticator.signIn(key: try ServiceKey.read(path: log.fixture.keyPath), role: nil)
            : try log.signIn(try #require(Role(rawValue: writer)))
        let recorder = try log.recorder(signedIn)
        var own: Int64?
        for write in Write.allCases {
            let before = log.head
            let outcome: Result<Void, RecordError>
            do throws(RecordError) {
                switch write {
                case .enter:
                    if case .recorded(_, _, let seqs) = try recorder.record(try! Bedside.crsJSON(patient: "P-2")) { own = seqs[0] }
                case .correctOwnEntry:
                    // A writer who may not enter has no entry of their own: correcting the
                    // physician's stands for it, and must be refused all the same.
                    let result = try recorder.correct(seq: own ?? theirs[0], with: try! Bedside.crsJSON(patient: own == nil ? "P-1" : "P-2", celsius: 39.1),
                                                      reason: "temperature misread")
                    if case .failure(let error) = result { Issue.record("\(writer) \(write): \(error)") }
                case .correctAnothersEntry:
                    let result = try recorder.correct(seq: theirs[0], with: try! Bedside.crsJSON(patient: "P-1", celsius: 39.2),
                                                      reason: "temperature misread")
                    if case .failure(let error) = result { Issue.record("\(writer) \(write): \(error)") }
                case .override:
                    _ = try recorder.override(seq: theirs[1], criteria: "astct-2019-crs", term: nil, grade: 2, reason: "on review")
                case .clinicalEvent:
                    _ = try recorder.event(kind: .note, patient: "P-1", time: "2026-11-22T09:00:00+08:00", data: .object([]), reason: "ward round")
                case .addUser:
                    _ = try recorder.addUser(id: "new.\(writer.lowercased())", name: "New Person", roles: [.nurse], kind: .person)
                }
                outcome = .success(())
            } catch {
                outcome = .failure(error)
            }
            let expected = Self.allowed[writer, default: []].contains(write)
            switch outcome {
            case .success:
                #expect(expected, "\(writer) was allowed to \(write)")
                #expect(log.head > before)
            case .failure(let error):
                #expect(!expected, "\(writer) was refused \(write): \(error)")
                guard case .refused = error else { Issue.record("\(writer) \(write): \(error)"); continue }
                #expect(error.exitStatus == 1)
                #expect(log.head == before, "\(writer) \(write): a refusal wrote")
            }
        }
        // Every event the writer wrote names the account and role it signed in as
        for event in try log.store.allEvents() where event.author.id == signedIn.author.id {
            #expect(event.author == signedIn.author)
        }
    }

    @Test func refusalsAreShortAndSayWhoMay() {
        #expect(Role.monitor.refusal(.enterAssessment) == "monitor: read-only role; may not enter assessments")
        #expect(Role.nurse.refusal(.overrideGrade) == "nurse may not override a grade: physician, principalInvestigator only")
        #expect(Role.administrator.refusal(.enterAssessment) == "administrator: administers accounts only; may not enter assessments")
        #expect(Role.physician.refusal(.administerUsers) == "physician may not administer user accounts: administrator only")
        for role in Role.allCases {
            for permission in Permission.allCases {
                #expect((role.refusal(permission)?.count ?? 0) <= 80, "\(role) \(permission)")
            }
        }
    }
}
