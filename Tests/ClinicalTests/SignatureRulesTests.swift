import Clinical
import Testing

/// Who may sign with which meaning (the role table, 21 CFR 11.10(g)), what each meaning applies to
/// (11.10(f)), and the ledger that keeps each signature on the version it names (11.70, C-SIG-3).
@Suite struct SignatureRulesTests {
    /// The signing column of the role table, written out: every role × every meaning.
    static let table: [Role: Set<SignatureMeaning>] = [
        .nurse: [.authored],
        .physician: [.authored, .confirmed, .corrected, .overrode, .acknowledged],
        .principalInvestigator: [.authored, .confirmed, .corrected, .overrode, .acknowledged, .approved],
        .monitor: [.reviewed],
        .dataManager: [.reviewed],
        .safety: [.acknowledged],
        .administrator: [],
        .inspector: [],
        .system: [],
    ]

    @Test func everyRoleSignsExactlyItsMeanings() {
        for role in Role.allCases {
            let expected = Self.table[role]
            #expect(expected != nil, "\(role) is missing from the test's table")
            for meaning in SignatureMeaning.allCases {
                #expect(role.maySign(meaning) == expected?.contains(meaning), "\(role) × \(meaning)")
                #expect((role.signingRefusal(meaning) == nil) == role.maySign(meaning), "\(role) × \(meaning)")
            }
        }
        #expect(Role.nurse.signingRefusal(.overrode) == "nurse may not sign 'overrode grade': physician, principalInvestigator only")
        #expect(Role.system.signingRefusal(.reviewed) == "system signs nothing; 'reviewed record' is signed by monitor, dataManager only")
    }

    @Test func theMeaningsReadInPlainWords() {
        #expect(SignatureMeaning.overrode.words == "overrode grade")
        #expect(SignatureMeaning.acknowledged.words == "acknowledged stopping rule")
        #expect(Set(SignatureMeaning.allCases.map(\.words)).count == SignatureMeaning.allCases.count)
    }

    static func event(_ seq: Int64, _ kind: EventKind, by author: Author = Author(id: "nurse.li", role: .nurse), patient: String? = "P-1",
                      payload: JSONValue = .object([]), hash: String? = nil) -> RecordedEvent {
        RecordedEvent(seq: seq, id: "id-\(seq)", kind: kind, patient: patient, clinicalTime: nil, recordTime: "2026-11-22T00:14:03.120Z",
                      timeZone: "Asia/Shanghai +08:00", author: author, terminal: "t", productVersion: "v", payload: payload,
                      prevHash: String(repeating: "0", count: 64), hash: hash ?? "hash-\(seq)")
    }

    static func grades(_ seq: Int64, crs: Int) -> RecordedEvent {
        event(seq, .grades, payload: EventPayload.grades(observation: "id-\(seq - 1)", observationSeq: seq - 1, results: [
            .object([("criteria", .string("astct-2019-crs")), ("grade", .number(Double(crs)))]),
        ]))
    }

    static let physician = Author(id: "dr.wang", role: .physician)

    @Test func eachMeaningAppliesOnlyToItsContent() {
        let nurse = Author(id: "nurse.li", role: .nurse)
        let observation = Self.event(2, .observation)
        // authored: one's own entries, not what aegrade computes
        #expect(SignatureMeaning.authored.refusal(signing: observation, by: nurse) == nil)
        #expect(SignatureMeaning.authored.refusal(signing: observation, by: Self.physician)?.contains("only one's own entries") == true)
        #expect(SignatureMeaning.authored.refusal(signing: Self.grades(3, crs: 3), by: nurse)?.contains("aegrade computes") == true)
        // confirmed: a grades event with a grade ≥ 3
        #expect(SignatureMeaning.confirmed.refusal(signing: Self.grades(3, crs: 3), by: Self.physician) == nil)
        #expect(SignatureMeaning.confirmed.refusal(signing: Self.grades(3, crs: 2), by: Self.physician)?.contains("no grade ≥ 3") == true)
        #expect(SignatureMeaning.confirmed.refusal(signing: observation, by: Self.physician)?.contains("only a grades event") == true)
        // overrode, corrected: only an override, only a correction
        #expect(SignatureMeaning.overrode.refusal(signing: Self.event(4, .override, by: Self.physician), by: Self.physician) == nil)
        #expect(SignatureMeaning.overrode.refusal(signing: observation, by: Self.physician) != nil)
        #expect(SignatureMeaning.corrected.refusal(signing: Self.event(4, .correction, by: Self.physician), by: Self.physician) == nil)
        #expect(SignatureMeaning.corrected.refusal(signing: Self.event(4, .override, by: Self.physician), by: Self.physician) != nil)
        // acknowledged: a rule status that paused the trial
        let paused = Self.event(5, .ruleStatus, by: .system, patient: nil,
                                payload: EventPayload.ruleStatus(status: "paused", tripped: ["grade5-any"], counts: [], asOf: "2026-11-22T00:00:00Z"))
        let going = Self.event(6, .ruleStatus, by: .system, patient: nil,
                               payload: EventPayload.ruleStatus(status: "continue", tripped: [], counts: [], asOf: "2026-11-22T00:00:00Z"))
        #expect(SignatureMeaning.acknowledged.refusal(signing: paused, by: Self.physician) == nil)
        #expect(SignatureMeaning.acknowledged.refusal(signing: going, by: Self.physician)?.contains("paused the trial") == true)
        // approved: a patient's events; reviewed: any entry; never a signature or the genesis event
        #expect(SignatureMeaning.approved.refusal(signing: observation, by: Self.physician) == nil)
        #expect(SignatureMeaning.approved.refusal(signing: paused, by: Self.physician) != nil)
        #expect(SignatureMeaning.reviewed.refusal(signing: paused, by: Author(id: "cra.zhou", role: .monitor)) == nil)
        #expect(SignatureMeaning.reviewed.refusal(signing: Self.event(7, .signature, patient: nil), by: Author(id: "cra.zhou", role: .monitor)) != nil)
        #expect(SignatureMeaning.reviewed.refusal(signing: Self.event(1, .genesis, patient: nil), by: Author(id: "cra.zhou", role: .monitor)) != nil)
    }

    static func signature(_ seq: Int64, _ meaning: SignatureMeaning, by author: Author, name: String, signs: [RecordedEvent],
                          hash: String? = nil) -> RecordedEvent {
        event(seq, .signature, by: author, patient: nil, payload: EventPayload.signature(
            meaning: meaning, name: name, signs: signs.map { SignedVersion(id: $0.id, seq: $0.seq, hash: hash ?? $0.hash) }, reason: nil))
    }

    @Test func aSignatureStaysOnTheVersionItNamesAndACorrectionStandsUnsigned() throws {
        let observation = Self.event(2, .observation)
        let grades = Self.grades(3, crs: 3)
        let confirm = Self.signature(4, .confirmed, by: Self.physician, name: "Wang Li", signs: [grades])
        let correction = Self.event(5, .correction, by: Self.physician,
                                    payload: EventPayload.correction(supersedes: "id-2", supersedesSeq: 2, reason: "typo", assessment: .object([])))
        let newGrades = Self.grades(6, crs: 3)
        let ledger = SignatureLedger([Self.event(1, .genesis, patient: nil), observation, grades, confirm, correction, newGrades])
        let standing = try #require(ledger.signatures(of: 3).first)
        #expect(standing.name == "Wang Li" && standing.signer == Self.physician && standing.meaning == .confirmed)
        // 00:14:03Z at the signer's +08:00, with the zone
        #expect(standing.localTime == "2026-11-22 08:14:03 +08:00 Asia/Shanghai")
        #expect(standing.manifestation == "confirmed grade ≥ 3 — Wang Li (dr.wang, physician) 2026-11-22 08:14:03 +08:00 Asia/Shanghai")
        #expect(!ledger.awaitsConfirmation(grades))
        // The corrected content is unsigned: the new grades await a physician again
        #expect(ledger.signatures(of: 5).isEmpty && ledger.signatures(of: 6).isEmpty)
        #expect(ledger.awaitsConfirmation(newGrades))
        #expect(!ledger.awaitsConfirmation(Self.grades(8, crs: 2)))
    }

    @Test func aSignatureNamingAnotherVersionIsNotAttached() {
        let observation = Self.event(2, .observation)
        let forged = Self.signature(3, .authored, by: Author(id: "nurse.li", role: .nurse), name: "Li Mei", signs: [observation],
                                    hash: String(repeating: "a", count: 64))
        let ahead = Self.event(4, .signature, by: Self.physician, patient: nil, payload: EventPayload.signature(
            meaning: .reviewed, name: "X", signs: [SignedVersion(id: "id-9", seq: 9, hash: "h")], reason: nil))
        let ledger = SignatureLedger([observation, forged, ahead])
        #expect(ledger.signatures(of: 2).isEmpty)
        #expect(ledger.unlinked.map(\.signatureSeq) == [3, 4])
        #expect(ledger.unlinked.first?.why == "names event 2 with an id or hash the log does not hold")
        #expect(ledger.signatureEvents == 2)
    }

    @Test func aNameWithControlCharactersIsEscapedWhereItIsShown() {
        let observation = Self.event(2, .observation)
        let signed = Self.signature(3, .authored, by: Author(id: "nurse.li", role: .nurse), name: "Li\u{1B}[2JMei", signs: [observation])
        let text = SignatureLedger([observation, signed]).signatures(of: 2).first?.manifestation ?? ""
        #expect(!text.contains("\u{1B}") && text.contains("Li"))
    }
}
