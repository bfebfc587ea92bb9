import Clinical
@testable import Safety

/// The protocol the evaluation tests run against: a 28-day DLT window, severe CRS or ICANS and any
/// grade 5 as DLTs (death alone is not one), and one rule of each type.
enum EvaluationFixtures {
    static let protocolText = """
        trial: FIXTURE-01
        productClass: integratingVector
        dltWindowDays: 28
        assessmentIntervalHours: 12
        toxicities:
          severeCRS: {criteria: astct-2019-crs, minGrade: 3, withinDLTWindow: true}
          severeICANS: {criteria: astct-2019-icans, minGrade: 3, withinDLTWindow: true}
          grade5: {criteria: any, minGrade: 5}
          death: {event: death}
          rcl: {event: rclDetected}
        dlt: [severeCRS, severeICANS, grade5]
        rules:
          - id: rcl-any
            description: any RCL
            action: pauseEnrolment
            count: {toxicity: rcl, atLeast: 1}
          - id: deaths
            description: two deaths
            action: pauseDosing
            count: {toxicity: death, atLeast: 2}
          - id: sentinel
            description: two DLTs among the first three evaluable
            action: pauseEnrolment
            count: {toxicity: [severeCRS, severeICANS, grade5], atLeast: 2, ofFirst: 3}
          - id: dlt-pocock
            description: Pocock p0 0.2 alpha 0.1 N 20
            action: pauseEnrolment
            pocock: {toxicity: [severeCRS, severeICANS, grade5], p0: 0.2, alpha: 0.1, maxSubjects: 20}
          - id: stagger
            description: first three subjects 14 days apart
            action: notify
            stagger: {days: 14, firstSubjects: 3}

        """

    static func trialProtocol(_ text: String = protocolText) throws -> TrialProtocol {
        try TrialProtocol.load(bytes: Array(text.utf8), name: "fixture.yaml")
    }

    static func status(_ fixture: LogFixture, asOf: String, protocol text: String = protocolText) throws -> TrialStatus {
        TrialStatus.evaluate(try trialProtocol(text), events: fixture.events, asOf: at(asOf))
    }
}
