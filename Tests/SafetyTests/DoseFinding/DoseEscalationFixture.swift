import Clinical
@testable import Safety

/// A dose-finding trial over three dose levels, for the log-driven decision: a 28-day DLT window,
/// severe CRS as the DLT, and a rule that pauses dosing after two deaths.
enum DoseEscalationFixture {
    static func protocolText(design: String, maxSubjects: Int = 12) -> String {
        let parameters = switch design {
        case "3+3": "  expandTopDose: false\n  deescalation: continue\n"
        default: "  target: 0.3\n  maxSubjects: \(maxSubjects)\n"
        }
        return """
            trial: DOSE-01
            productClass: integratingVector
            dltWindowDays: 28
            assessmentIntervalHours: 12
            toxicities:
              severeCRS: {criteria: astct-2019-crs, minGrade: 3, withinDLTWindow: true}
              death: {event: death}
            dlt: [severeCRS]
            rules:
              - id: deaths
                description: two deaths pause dosing
                action: pauseDosing
                count: {toxicity: death, atLeast: 2}
            doseFinding:
              doses:
                - {label: DL1, dose: 1e6/kg}
                - {label: DL2, dose: 3e6/kg}
                - {label: DL3, dose: 1e7/kg}
              design: \(design)

            """ + parameters
    }

    static func trial(_ design: String = "boin", maxSubjects: Int = 12) throws -> TrialProtocol {
        try TrialProtocol.load(bytes: Array(protocolText(design: design, maxSubjects: maxSubjects).utf8), name: "dose.yaml")
    }

    /// Infuses `patients` at `level` on `day` of January 2026 (10:00 +08:00).
    static func infuse(_ log: inout LogFixture, _ patients: [String], level: String, day: Int) {
        for patient in patients {
            log.append(.infusion, patient, at: time(day), .object([("dose", .string("as ordered")), ("doseLevel", .string(level)),
                                                                  ("product", .string("LOT-\(patient)"))]))
        }
    }

    /// A grade 3 CRS (a DLT) for `patient` on `day`.
    static func dlt(_ log: inout LogFixture, _ patient: String, day: Int) {
        log.assess(patient, at: time(day), .crs(3))
    }

    /// 10:00 +08:00 on `day` (counted from 1 January 2026; past 31 into February and on).
    static func time(_ day: Int) -> String {
        let instant = ClinicalTime(iso8601: "2026-01-01T10:00:00+08:00")!.secondsSinceEpoch + Double(day - 1) * 86_400
        return ClinicalTime(secondsSinceEpoch: instant, offsetSeconds: 8 * 3600).iso8601Text()
    }

    static func evaluate(_ trial: TrialProtocol, _ log: LogFixture, day: Int) -> DoseEscalationStatus? {
        DoseEscalationStatus.evaluate(trial, events: log.events, asOf: at(time(day)))
    }
}
