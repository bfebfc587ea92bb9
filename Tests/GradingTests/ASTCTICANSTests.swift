import Clinical
import Grading
import Testing
import TestSupport

/// ASTCT 2019 consensus grading of ICANS (`astct-2019-icans`).
///
/// Source: Lee DW et al., Biol Blood Marrow Transplant 2019;25:625–638; adult table (adults and
/// children ≥ 12 y) as reproduced in PMC8403007 Table 4, PMC7990806 Table 2 and Practical Neurology;
/// ICE per PMC8153820 Table 2; pediatric (CAPD) rows per the MDedge summary and NCIt C188936
/// (criteria reference §2.2, §8.2; criteria gaps, gap 4):
///
/// | Domain        | 1                    | 2               | 3                              | 4                                  |
/// |---------------|----------------------|-----------------|--------------------------------|------------------------------------|
/// | ICE           | 7–9                  | 3–6             | 0–2                            | 0, unarousable                     |
/// | CAPD (< 12 y) | < 9, wakes spontaneously | < 9, wakes to voice | ≥ 9                     | unable to perform CAPD             |
/// | Consciousness | awakens spontaneously| awakens to voice| awakens only to touch          | unarousable, stupor, coma          |
/// | Seizure       |                      |                 | resolves rapidly; non-convulsive resolving with intervention | prolonged > 5 min; repetitive without return to baseline |
/// | Motor         |                      |                 |                                | deep focal weakness                |
/// | Raised ICP    |                      |                 | focal oedema                   | diffuse oedema, posturing, CN VI palsy, papilloedema, Cushing's triad |
/// | 5             | death due to ICANS, no other principal cause |
@Suite("ASTCT 2019 ICANS (Lee 2019; PMC8403007 Table 4)")
struct ASTCTICANSTests {
    static let criteria = "astct-2019-icans"

    /// A 54-year-old with ICE 10/10, alert, no seizure, weakness or raised ICP.
    static let adult = Bedside.icans(ageYears: 54)
    /// An 8-year-old with CAPD 0, alert, no seizure, weakness or raised ICP.
    static let child = Bedside.icans(ageYears: 8).ice(nil)

    @Test("ICE score bands (adults and children 12 and over)", arguments: [
        GradingCase("adult, alert, ICE 10", adult.ice(.total(10)), grade(0)),
        GradingCase("adult, alert, ICE 9", adult.ice(.total(9)), grade(1)),
        GradingCase("adult, alert, ICE 7", adult.ice(.total(7)), grade(1)),
        GradingCase("adult, alert, ICE 6", adult.ice(.total(6)), grade(2)),
        GradingCase("adult, alert, ICE 3", adult.ice(.total(3)), grade(2)),
        GradingCase("adult, alert, ICE 2", adult.ice(.total(2)), grade(3)),
        GradingCase("adult, alert, ICE 0", adult.ice(.total(0)), grade(3)),
        GradingCase("adult, ICE items 4+3+1+1+0 = 9", adult.ice(.items(orientation: 4, naming: 3, commands: 1, writing: 1, attention: 0)), grade(1)),
        GradingCase("adult, ICE items 2+2+1+1+0 = 6", adult.ice(.items(orientation: 2, naming: 2, commands: 1, writing: 1, attention: 0)), grade(2)),
        // Table notes (criteria reference §8.2 no. 2 and 3).
        GradingCase("adult, ICE 0, awake with global aphasia (published note)", adult.ice(.unable(.awakeAphasic)), grade(3)),
        GradingCase("adult, ICE 0 because unarousable (published note)", adult.ice(.unable(.unarousable)), grade(4)),
        GradingCase("adult, ICE not done for another reason (sedated)", adult.ice(.unable(.other)), notAssessable(missing: "neuro.ice")),
        GradingCase("adult, ICE not done for another reason, awakens to voice",
                    adult.ice(.unable(.other)).consciousness(.awakensToVoice), notAssessable(missing: "neuro.ice", atLeast: 2)),
    ])
    func ice(_ row: GradingCase) throws { try row.check(Self.criteria) }

    @Test("Depressed level of consciousness", arguments: [
        GradingCase("adult, ICE 10, alert", adult.consciousness(.alert), grade(0)),
        GradingCase("adult, ICE 10, awakens spontaneously", adult.consciousness(.awakensSpontaneously), grade(1)),
        GradingCase("adult, ICE 10, awakens to voice", adult.consciousness(.awakensToVoice), grade(2)),
        GradingCase("adult, ICE 10, awakens only to tactile stimulus", adult.consciousness(.awakensToTactile), grade(3)),
        GradingCase("adult, unarousable", adult.ice(.unable(.unarousable)).consciousness(.unarousable), grade(4)),
        GradingCase("adult, ICE 10, needs vigorous stimuli to arouse", adult.consciousness(.unarousable), grade(4)),
    ])
    func consciousness(_ row: GradingCase) throws { try row.check(Self.criteria) }

    @Test("Seizures", arguments: [
        GradingCase("adult, ICE 10, no seizure", adult.seizure(.absent), grade(0)),
        GradingCase("adult, ICE 10, a clinical seizure that resolved rapidly", adult.seizure(.resolvedRapidly), grade(3)),
        GradingCase("adult, ICE 10, non-convulsive seizures on EEG resolving with intervention",
                    adult.seizure(.nonconvulsiveResolvedWithIntervention), grade(3)),
        GradingCase("adult, ICE 10, a prolonged seizure over 5 minutes", adult.seizure(.prolonged), grade(4)),
        GradingCase("adult, ICE 10, repetitive seizures without return to baseline", adult.seizure(.repetitiveWithoutReturnToBaseline), grade(4)),
        // Table note (criteria reference §8.2 no. 1).
        GradingCase("adult, ICE 3 with a generalised seizure that resolved (published note)",
                    adult.ice(.total(3)).seizure(.resolvedRapidly), grade(3)),
    ])
    func seizures(_ row: GradingCase) throws { try row.check(Self.criteria) }

    @Test("Motor findings and raised intracranial pressure", arguments: [
        GradingCase("adult, ICE 10, hemiparesis", adult.motorWeakness(.deepFocal), grade(4)),
        GradingCase("adult, ICE 10, focal oedema on imaging", adult.cerebralEdema(.focal), grade(3)),
        GradingCase("adult, ICE 10, diffuse cerebral oedema on imaging", adult.cerebralEdema(.diffuse), grade(4)),
        GradingCase("adult, ICE 10, decorticate posturing", adult.neuro { $0.posturing = true }, grade(4)),
        GradingCase("adult, ICE 10, cranial nerve VI palsy", adult.neuro { $0.cranialNerveVIPalsy = true }, grade(4)),
        GradingCase("adult, ICE 10, papilloedema", adult.neuro { $0.papilledema = true }, grade(4)),
        GradingCase("adult, ICE 10, Cushing's triad", adult.neuro { $0.cushingsTriad = true }, grade(4)),
    ])
    func motorAndICP(_ row: GradingCase) throws { try row.check(Self.criteria) }

    @Test("Children under 12 and patients with developmental delay are graded by CAPD, from 12 by ICE", arguments: [
        // ICE and CAPD given together, with different implications, to show which one is used.
        GradingCase("11-year-old, ICE 10 but CAPD 12, alert (CAPD used)", adult.ageYears(11).ice(.total(10)).capd(.total(12)), grade(3)),
        GradingCase("12-year-old, ICE 10 but CAPD 12, alert (ICE used)", adult.ageYears(12).ice(.total(10)).capd(.total(12)), grade(0)),
        GradingCase("11-year-old, ICE 2 but CAPD 4, alert (CAPD used)", adult.ageYears(11).ice(.total(2)).capd(.total(4)), grade(0)),
        GradingCase("12-year-old, ICE 2 but CAPD 4, alert (ICE used)", adult.ageYears(12).ice(.total(2)).capd(.total(4)), grade(3)),
        GradingCase("30-year-old with developmental delay, ICE 10 but CAPD 12 (CAPD used)",
                    adult.ageYears(30).developmentalDelay(true).ice(.total(10)).capd(.total(12)), grade(3)),
        GradingCase("30-year-old with developmental delay, ICE 2 but CAPD 4 (CAPD used)",
                    adult.ageYears(30).developmentalDelay(true).ice(.total(2)).capd(.total(4)), grade(0)),
        GradingCase("30-year-old without developmental delay, ICE 2 but CAPD 12 (ICE used)",
                    adult.ageYears(30).ice(.total(2)).capd(.total(12)), grade(3)),
    ])
    func instrumentByAge(_ row: GradingCase) throws { try row.check(Self.criteria) }

    @Test("CAPD bands (children)", arguments: [
        GradingCase("8-year-old, alert, CAPD 0", child.capd(.total(0)), grade(0)),
        GradingCase("8-year-old, alert, CAPD 8", child.capd(.total(8)), grade(0)),
        GradingCase("8-year-old, alert, CAPD 9", child.capd(.total(9)), grade(3)),
        GradingCase("8-year-old, alert, CAPD 20", child.capd(.total(20)), grade(3)),
        GradingCase("8-year-old, CAPD 8, awakens spontaneously", child.capd(.total(8)).consciousness(.awakensSpontaneously), grade(1)),
        GradingCase("8-year-old, CAPD 8, awakens to voice", child.capd(.total(8)).consciousness(.awakensToVoice), grade(2)),
        GradingCase("8-year-old, unable to perform CAPD", child.capd(.unable), grade(4)),
        // CAPD items 4,4,0,0,4,0,0,0 points = total 12 (cliot example; criteria reference §8.2 no. 4):
        // item 1 never (4), item 2 never (4), items 3–4 always (0), item 5 always (4), items 6–8 never (0).
        GradingCase("8-year-old, CAPD answers scoring 12", child.capd(.answers([.never, .never, .always, .always, .always, .never, .never, .never])),
                    grade(3)),
        GradingCase("8-year-old, CAPD not recorded", child.capd(nil), notAssessable(missing: "neuro.capd")),
        GradingCase("8-year-old, CAPD not recorded, ICE 10 (ICE not used under 12)", child.capd(nil).ice(.total(10)), notAssessable(missing: "neuro.capd")),
    ])
    func capd(_ row: GradingCase) throws { try row.check(Self.criteria) }

    @Test("Findings attributed to another cause are left out", arguments: [
        GradingCase("adult, ICE 2 attributed to another cause", adult.ice(.total(2)).attributing(.ice), grade(0)),
        GradingCase("8-year-old, CAPD 12 attributed to another cause", child.capd(.total(12)).attributing(.ice), grade(0)),
        GradingCase("adult, awakens only to touch after sedating medication",
                    adult.consciousness(.awakensToTactile).attributing(.consciousness), grade(0)),
        GradingCase("adult, prolonged seizure attributed to another cause", adult.seizure(.prolonged).attributing(.seizure), grade(0)),
        GradingCase("adult, hemiparesis attributed to stroke", adult.motorWeakness(.deepFocal).attributing(.motorWeakness), grade(0)),
        GradingCase("adult, diffuse oedema and papilloedema attributed to another cause",
                    adult.cerebralEdema(.diffuse).neuro { $0.papilledema = true }.attributing(.cerebralEdema), grade(0)),
        GradingCase("adult, ICE 6, seizure attributed to another cause", adult.ice(.total(6)).seizure(.prolonged).attributing(.seizure), grade(2)),
    ])
    func attribution(_ row: GradingCase) throws { try row.check(Self.criteria) }

    @Test("The worst domain decides; death from ICANS is grade 5", arguments: [
        GradingCase("adult, ICE 6, awakens spontaneously, focal oedema", adult.ice(.total(6)).consciousness(.awakensSpontaneously).cerebralEdema(.focal), grade(3)),
        GradingCase("adult, ICE 8, awakens to voice", adult.ice(.total(8)).consciousness(.awakensToVoice), grade(2)),
        GradingCase("adult, ICE 2, prolonged seizure", adult.ice(.total(2)).seizure(.prolonged), grade(4)),
        GradingCase("adult, ICE 9, papilloedema", adult.ice(.total(9)).neuro { $0.papilledema = true }, grade(4)),
        GradingCase("adult, died of ICANS", adult.ice(.unable(.unarousable)).consciousness(.unarousable).died(of: .icans), grade(5)),
        GradingCase("adult, died of ICANS, neurology not recorded", Bedside.unknown().died(of: .icans), grade(5)),
        GradingCase("adult, ICE 6, died of another cause", adult.ice(.total(6)).died(of: .other), grade(2)),
        GradingCase("adult, ICE 6, died of CRS", adult.ice(.total(6)).died(of: .crs), grade(2)),
    ])
    func worstDomainAndDeath(_ row: GradingCase) throws { try row.check(Self.criteria) }

    @Test("Missing neurological findings give no grade, naming each missing input", arguments: [
        GradingCase("adult, ICE 10, consciousness and seizures not recorded",
                    adult.consciousness(nil).seizure(nil), notAssessable(missing: "neuro.consciousness", "neuro.seizure")),
        GradingCase("adult, ICE 7, motor findings not recorded",
                    adult.ice(.total(7)).motorWeakness(nil), notAssessable(missing: "neuro.motorWeakness", atLeast: 1)),
        GradingCase("adult, alert, ICE not recorded", adult.ice(nil), notAssessable(missing: "neuro.ice")),
        GradingCase("adult, ICE 10, imaging and fundoscopy not recorded",
                    adult.cerebralEdema(nil).neuro { $0.papilledema = nil },
                    notAssessable(missing: "neuro.cerebralEdema", "neuro.papilledema")),
        GradingCase("adult, ICE 10, focal oedema, other ICP signs not recorded",
                    adult.cerebralEdema(.focal).neuro { $0.posturing = nil; $0.cranialNerveVIPalsy = nil; $0.cushingsTriad = nil },
                    notAssessable(missing: "neuro.cranialNerveVIPalsy", "neuro.cushingsTriad", "neuro.posturing", atLeast: 3)),
        GradingCase("adult, no neurological assessment", Bedside.unknown(),
                    notAssessable(missing: "neuro.cerebralEdema", "neuro.consciousness", "neuro.cranialNerveVIPalsy", "neuro.cushingsTriad",
                                  "neuro.ice", "neuro.motorWeakness", "neuro.papilledema", "neuro.posturing", "neuro.seizure")),
        GradingCase("age not recorded, ICE 10 and CAPD 0, alert", adult.ageYears(nil), grade(0)),
        GradingCase("age not recorded, ICE 10 but CAPD 12", adult.ageYears(nil).capd(.total(12)), notAssessable(missing: "patient.ageYears")),
        GradingCase("adult, prolonged seizure, everything else not recorded",
                    Bedside.unknown().seizure(.prolonged), grade(4)),
    ])
    func missing(_ row: GradingCase) throws { try row.check(Self.criteria) }
}
