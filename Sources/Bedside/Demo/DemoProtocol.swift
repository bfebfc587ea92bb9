import Foundation
import Localization

/// The demo trial's protocol: `Examples/protocol.yaml` with a per-cohort stagger, so that the demo
/// shows a next permitted dosing date and exactly one tripped rule (the sentinel DLT rule).
enum DemoProtocol {
    /// The protocol as written in English.
    static let english = """
        # Safety protocol of the aegrade demo trial (synthetic): `aegrade demo DIR` writes it beside the
        # demo log. Adapted from Examples/protocol.yaml; README "Protocol safety rules" explains each key.
        trial: DEMO-CART-01
        title: Anti-CD19 CAR-T cells in relapsed or refractory B-cell lymphoma (synthetic demo)
        productClass: integratingVector      # lentiviral vector: long-term follow-up 15 years
        dltWindowDays: 28                    # DLTs are counted on study days 0 (infusion) to 28
        assessmentIntervalHours: 12          # in the DLT window, an assessment is overdue after 12 hours
        boardIdleLock: 10m                   # the board locks after 10 minutes without a key (s, m or h)

        toxicities:
          severeCRS:
            description: ASTCT 2019 CRS grade 3 or more within the DLT window
            criteria: astct-2019-crs
            minGrade: 3
            withinDLTWindow: true
          severeICANS:
            description: ASTCT 2019 ICANS grade 3 or more within the DLT window
            criteria: astct-2019-icans
            minGrade: 3
            withinDLTWindow: true
          grade5:
            description: Any grade 5 toxicity, at any time
            criteria: any
            minGrade: 5
          earlyDeath:
            description: Death of any cause within the DLT window
            event: death
            withinDLTWindow: true
          rcl:
            description: Replication-competent lentivirus detected
            event: rclDetected

        dlt: [severeCRS, severeICANS, grade5, earlyDeath]
        episodes: [astct-2019-crs, astct-2019-icans]

        rules:
          - id: rcl-any
            description: Any replication-competent lentivirus pauses enrolment and dosing until the DMC review
            action: pauseEnrolment
            count:
              toxicity: rcl
              atLeast: 1
          - id: grade5-any
            description: Any grade 5 toxicity pauses dosing
            action: pauseDosing
            count:
              toxicity: grade5
              atLeast: 1
          - id: sentinel-dlt
            description: Two DLTs among the first three evaluable subjects
            action: pauseEnrolment
            count:
              toxicity: [severeCRS, severeICANS, grade5, earlyDeath]
              atLeast: 2
              ofFirst: 3
          - id: dlt-pocock
            description: Continuous DLT monitoring, Pocock-type boundary (Ivanova et al. 2005), p0 = 0.2, alpha = 0.1
            action: pauseEnrolment
            pocock:
              toxicity: [severeCRS, severeICANS, grade5, earlyDeath]
              p0: 0.2
              alpha: 0.1
              maxSubjects: 20
          - id: icans-bayes
            description: Severe ICANS, beta-binomial with a Beta(1, 4) prior; notify when P(p > 0.2) > 0.9
            action: notify
            bayes:
              toxicity: severeICANS
              p0: 0.2
              prior: [1, 4]
              threshold: 0.9
              maxSubjects: 20
          - id: cohort-stagger
            description: Within each dose cohort, the first three subjects are dosed at least 2 days apart
            action: notify
            stagger:
              days: 2
              firstSubjects: 3
              perCohort: true

        """

    /// The protocol in the current language: its title and each `description:` translated (they
    /// are what the rules screen and the reports show), ids, keys and numbers as they are.
    static var text: String {
        english.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            guard let (head, value) = describedText(line) else { return String(line) }
            return head + localized(value)
        }.joined(separator: "\n")
    }

    /// The title and descriptions the demo's protocol shows to people, for the catalogue test.
    static var shownTexts: [String] {
        english.split(separator: "\n").compactMap { describedText($0)?.value }
    }

    /// `(indent + "description: ", text)` of a title or description line, else nil.
    private static func describedText(_ line: Substring) -> (head: String, value: String)? {
        for key in ["title: ", "description: "] {
            guard let range = line.range(of: key), line[..<range.lowerBound].allSatisfy({ $0 == " " || $0 == "-" }) else { continue }
            return (String(line[..<range.upperBound]), String(line[range.upperBound...]))
        }
        return nil
    }
}
