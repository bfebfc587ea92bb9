import Testing
@testable import Clinical

/// The severity order of every ordered clinical scale, as ASTCT 2019 (Lee DW et al., BBMT
/// 2019;25:625–638, table 5) and the CAPD (Traube C et al., Crit Care Med 2014;42:656–663) give it.
/// Written out in full, so a change to the order of an enum's cases that moved a rank would fail here.
struct ClinicalScaleOrderTests {
    @Test func consciousnessWorsensFromAlertToUnarousable() {
        let published: [Consciousness] = [.alert, .awakensSpontaneously, .awakensToVoice, .awakensToTactile, .unarousable]
        #expect(published.map(\.rank) == [0, 1, 2, 3, 4])
        for (lower, higher) in zip(published, published.dropFirst()) { #expect(lower < higher) }
    }

    @Test func seizuresRankByTheirICANSGrade() {
        #expect(Seizure.absent < .resolvedRapidly)
        #expect(!(Seizure.resolvedRapidly < .nonconvulsiveResolvedWithIntervention))
        #expect(!(Seizure.nonconvulsiveResolvedWithIntervention < .resolvedRapidly))
        #expect(Seizure.nonconvulsiveResolvedWithIntervention < .prolonged)
        #expect(!(Seizure.prolonged < .repetitiveWithoutReturnToBaseline))
    }

    @Test func cerebralEdemaAndMotorWeaknessWorsen() {
        #expect(CerebralEdema.absent < .focal && CerebralEdema.focal < .diffuse && CerebralEdema.absent < .diffuse)
        #expect(!(CerebralEdema.diffuse < .focal))
        #expect(MotorWeakness.absent < .deepFocal && !(MotorWeakness.deepFocal < .absent))
    }

    @Test func capdItemsOneToFourAreReverseScored() {
        let answers: [CAPDAnswer] = [.never, .rarely, .sometimes, .often, .always]
        for item in 1...4 { #expect(answers.map { $0.points(item: item) } == [4, 3, 2, 1, 0]) }
        for item in 5...8 { #expect(answers.map { $0.points(item: item) } == [0, 1, 2, 3, 4]) }
    }
}
