import Foundation
import Grading
import Testing
import TestSupport
@testable import Safety

/// A protocol with a BOIN `doseFinding:` section. Line numbers matter: each malformed variant
/// replaces one line and expects the error on a given line.
///
///     14  doseFinding:
///     16      - label: DL1
///     18      - label: DL2
///     20  design: boin
///     21  target: 0.3
///     22  phi1: 0.18
///     23  cohortSize: 3
///     24  maxSubjects: 30
///     25  stopAtSubjectsOnDose: 12
///     27    cutoff: 0.95
///     28    extraSafe: false
private let boinProtocol = """
    trial: TEST-DF
    productClass: integratingVector
    assessmentIntervalHours: 12
    dltWindowDays: 28
    toxicities:
      severeCRS: {criteria: astct-2019-crs, minGrade: 3, withinDLTWindow: true}
    dlt: [severeCRS]
    rules:
      - id: crs-any
        description: any severe CRS
        action: notify
        count: {toxicity: severeCRS, atLeast: 1}

    doseFinding:
      doses:
        - label: DL1
          dose: 1e6/kg
        - label: DL2
          dose: 3e6/kg
      design: boin
      target: 0.3
      phi1: 0.18
      cohortSize: 3
      maxSubjects: 30
      stopAtSubjectsOnDose: 12
      elimination:
        cutoff: 0.95
        extraSafe: false

    """

struct DoseFindingProtocolTests {
    static func load(_ text: String) throws(ProtocolErrors) -> TrialProtocol {
        try TrialProtocol.load(bytes: Array(text.utf8), name: "trial.yaml", criteria: try? Fixtures.bundled())
    }

    static func replacing(_ line: Int, with replacement: String) -> String {
        var lines = boinProtocol.components(separatedBy: "\n")
        lines[line - 1] = replacement
        return lines.joined(separator: "\n")
    }

    @Test func boinSectionLoadsAndPrintsItsTable() throws {
        let loaded = try Self.load(boinProtocol)
        let plan = try #require(loaded.doseFinding)
        #expect(plan.doses == [DoseLevel(label: "DL1", dose: "1e6/kg"), DoseLevel(label: "DL2", dose: "3e6/kg")])
        #expect(plan.design == .boin(try BOIN(target: 0.3, phi1: 0.18)))
        #expect(plan.cohortSize == 3 && plan.maxSubjects == 30 && plan.stopAtSubjectsOnDose == 12)
        let lines = loaded.summaryLines
        #expect(lines.contains { $0.hasPrefix("dose finding: boin target 0.3, phi1 0.18, phi2 0.42 (λe = 0.2365, λd = 0.3585)") })
        #expect(lines.contains("    doses: 1 DL1 (1e6/kg), 2 DL2 (3e6/kg)"))
        #expect(lines.contains("    6\t1\t3\t4"))
        #expect(lines.contains("    30\t7\t11\t14"))
        #expect(lines.contains { $0.hasPrefix("    convention: escalate if y ≤ E (y/n ≤ λe); de-escalate if y ≥ D (y/n > λd, strictly)") })
    }

    @Test func aProtocolWithoutTheSectionHasNone() throws {
        let text = boinProtocol.components(separatedBy: "\n").prefix(13).joined(separator: "\n")
        #expect(try Self.load(text).doseFinding == nil)
    }

    @Test func threePlusThreeNeedsBothVariantsNamed() throws {
        let base = boinProtocol.components(separatedBy: "\n").prefix(19).joined(separator: "\n")
        let complete = base + "\n  design: 3+3\n  expandTopDose: true\n  deescalation: continue\n"
        let plan = try #require(try Self.load(complete).doseFinding)
        #expect(plan.design == .threePlusThree(ThreePlusThree(expandTopDose: true, deescalation: .continues)))
        #expect(plan.cohortSize == 3)
        do {
            _ = try Self.load(base + "\n  design: 3+3\n  deescalation: stop\n")
            Issue.record("3+3 loaded without expandTopDose")
        } catch {
            #expect(error.description.hasPrefix("trial.yaml:14: doseFinding: 3+3 needs \"expandTopDose\""), "\(error.description)")
        }
        do {
            _ = try Self.load(base + "\n  design: 3+3\n  expandTopDose: false\n  deescalation: stop\n  target: 0.3\n")
            Issue.record("3+3 loaded with a target")
        } catch {
            #expect(error.description.hasPrefix("trial.yaml:23: unknown key \"target\" in doseFinding (3+3)"), "\(error.description)")
        }
    }

    static let malformed: [MalformedProtocol] = [
        .init("an unknown design", line: 20, with: "  design: crm", message: "design must be one of 3+3, boin, mtpi2, i3+3"),
        .init("a target above 0.6", line: 21, with: "  target: 0.65", message: "the target must be from 0.05 to 0.6"),
        .init("a target that is not a number", line: 21, with: "  target: thirty", message: "\"target\" must be a number"),
        .init("phi1 too close to the target", line: 22, with: "  phi1: 0.29", message: "phi1 must be above 0 and at most 0.9 × the target"),
        .init("an mTPI-2 parameter under BOIN", line: 22, with: "  eps1: 0.05", message: "unknown key \"eps1\" in doseFinding (boin)"),
        .init("a cohort of zero", line: 23, with: "  cohortSize: 0", message: "\"cohortSize\" must be from 1 to 30"),
        .init("no maximum sample size", line: 24, with: "  maxSubject: 30", errorLine: 14, message: "doseFinding: boin needs \"maxSubjects\""),
        .init("an early stop above N", line: 25, with: "  stopAtSubjectsOnDose: 40", message: "\"stopAtSubjectsOnDose\" must be from 1 to 30"),
        .init("a cut-off of 1", line: 27, with: "    cutoff: 1", message: "\"cutoff\" must be between 0 and 1"),
        .init("a cut-off of 0.4", line: 27, with: "    cutoff: 0.4", errorLine: 26, message: "the elimination cut-off must be between 0.5 and 1"),
        .init("extraSafe not a boolean", line: 28, with: "    extraSafe: yes please", message: "\"extraSafe\" must be true or false"),
        .init("a dose label used twice", line: 18, with: "    - label: DL1", message: "dose label \"DL1\" is already used on line 16"),
        .init("a dose without its dose", line: 17, with: "      dos: 1e6/kg", errorLine: 16, message: "dose level \"DL1\" needs \"dose\""),
    ]

    @Test(arguments: malformed) func malformedSectionNamesTheLine(_ row: MalformedProtocol) {
        do {
            _ = try Self.load(Self.replacing(row.line, with: row.replacement))
            Issue.record("loaded despite: \(row.sentence)")
        } catch {
            let match = error.errors.first { $0.line == row.errorLine && $0.message.contains(row.message) }
            #expect(match != nil, "\(error.description)")
            #expect(match?.description.hasPrefix("trial.yaml:\(row.errorLine): ") == true)
        }
    }

    @Test func theBOINExampleProtocolLoads() throws {
        let url = Fixtures.repositoryRoot(from: #filePath).appendingPathComponent("Examples/protocol-boin.yaml")
        let loaded = try TrialProtocol.load(bytes: Array(try Data(contentsOf: url)), name: "Examples/protocol-boin.yaml", criteria: Fixtures.bundled())
        let plan = try #require(loaded.doseFinding)
        #expect(plan.doses.count == 4 && plan.design.name == .boin)
    }
}
