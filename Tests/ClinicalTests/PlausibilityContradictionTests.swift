import Testing
@testable import Clinical

/// Entries that cannot both be true of one patient at one time are graded as entered (the entry
/// is the clinician's call) with a warning that names both fields (ASTCT 2019: an ICE that cannot
/// be done because the patient is unarousable is the unarousable patient of the consciousness scale).
@Suite("Plausibility.check: contradictory neuro entries are warned")
struct PlausibilityContradictionTests {
    static func neuro(ice: ICE? = nil, capd: CAPD? = nil, _ consciousness: Consciousness?) -> Assessment {
        assessment(neuro: Assessment.Neuro(ice: ice, capd: capd, consciousness: consciousness))
    }

    static let contradictory: [Row<Assessment, String>] = [
        Row("ICE unable (unarousable) with consciousness alert is warned", neuro(ice: .unable(.unarousable), .alert),
            "neuro.ice unable because unarousable, but neuro.consciousness is alert"),
        Row("ICE unable (unarousable) with consciousness awakens to voice is warned", neuro(ice: .unable(.unarousable), .awakensToVoice),
            "neuro.consciousness is awakensToVoice"),
        Row("ICE scored 7 with consciousness unarousable is warned", neuro(ice: .total(7), .unarousable),
            "neuro.ice scored, but neuro.consciousness is unarousable"),
        Row("ICE unable (awake, aphasic) with consciousness unarousable is warned", neuro(ice: .unable(.awakeAphasic), .unarousable),
            "awake and aphasic"),
        Row("CAPD unable with consciousness alert is warned", neuro(capd: .unable, .alert), "neuro.capd unable"),
    ]

    @Test(arguments: contradictory) func warned(_ row: Row<Assessment, String>) throws {
        let warnings = try Plausibility.check(row.input)
        #expect(warnings.contains { $0.contains(row.expected) }, "\(warnings)")
    }

    static let consistent: [Row<Assessment, String>] = [
        Row("ICE unable (unarousable) with consciousness unarousable is not warned", neuro(ice: .unable(.unarousable), .unarousable), ""),
        Row("ICE unable (unarousable) with consciousness unknown is not warned", neuro(ice: .unable(.unarousable), nil), ""),
        Row("ICE unable (other reason: sedated) with consciousness unarousable is not warned", neuro(ice: .unable(.other), .unarousable), ""),
        Row("ICE scored 9 with consciousness alert is not warned", neuro(ice: .total(9), .alert), ""),
        Row("CAPD unable with consciousness unarousable is not warned", neuro(capd: .unable, .unarousable), ""),
    ]

    @Test(arguments: consistent) func notWarned(_ row: Row<Assessment, String>) throws {
        let warnings = try Plausibility.check(row.input)
        #expect(!warnings.contains { $0.contains("please check both") }, "\(warnings)")
    }
}
