import Clinical
import Foundation
import Testing
import TestSupport

/// The dose decision from the log on the command line: `log event --protocol` holds infusions to
/// the dose finding and logs each change of decision once; `rules dose` prints it.
@Suite struct DoseDecisionCommandTests {
    static let protocolText = """
        trial: DOSE-CLI
        productClass: integratingVector
        dltWindowDays: 28
        assessmentIntervalHours: 12
        toxicities:
          severeCRS: {criteria: astct-2019-crs, minGrade: 3, withinDLTWindow: true}
        dlt: [severeCRS]
        rules:
          - id: dlt-count
            description: three DLTs pause enrolment
            action: pauseEnrolment
            count: {toxicity: severeCRS, atLeast: 3}
        doseFinding:
          doses:
            - {label: DL1, dose: 1e6/kg}
            - {label: DL2, dose: 3e6/kg}
            - {label: DL3, dose: 1e7/kg}
          design: boin
          target: 0.3
          maxSubjects: 12

        """

    /// `days` days before now, at the local offset +08:00.
    static func daysAgo(_ days: Int) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = TimeZone(secondsFromGMT: 8 * 3600)
        return formatter.string(from: Date().addingTimeInterval(-Double(days) * 86_400))
    }

    struct Trial {
        let scratch: Scratch
        var db: String { scratch.path("trial.db") }
        var protocolPath: String { scratch.path("protocol.yaml") }
        var key: String { AccountsFixture.keyFile(for: db) }

        init() throws {
            scratch = try Scratch()
            try Data(DoseDecisionCommandTests.protocolText.utf8).write(to: scratch.file("protocol.yaml"))
        }

        func infuse(_ patient: String, level: String, daysAgo days: Int, extra: String = "") throws -> ProcessOutput {
            try Run.aegrade(["log", "event", "--db", db, "--key", key, "--protocol", protocolPath, "--kind", "infusion",
                             "--patient", patient, "--time", DoseDecisionCommandTests.daysAgo(days),
                             "--data", #"{"product": "LOT-\#(patient)", "dose": "as ordered", "doseLevel": "\#(level)"\#(extra)}"#,
                             "--reason", "per protocol"])
        }

        func decisionEvents() throws -> [String] {
            try Run.aegrade(["log", "export", "--db", db]).lines.filter { $0.contains("\"kind\":\"ruleStatus\"") && $0.contains("doseDecision") }
        }

        func dose() throws -> [String: Any] {
            let output = try Run.aegrade(["rules", "dose", "--db", db, "--protocol", protocolPath, "--json"])
            #expect(output.status == 0, "\(output.stderr)")
            return try #require(try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [String: Any])
        }
    }

    @Test func eachChangeOfDecisionIsLoggedOnceAndRulesDosePrintsIt() throws {
        let trial = try Trial()
        defer { trial.scratch.remove() }
        // Given the first subject infused at DL1 (40 days ago: the window has ended)
        let first = try trial.infuse("P-1", level: "DL1", daysAgo: 40)
        #expect(first.status == 0, "\(first.stderr)")
        // Then one decision event: the cohort at DL1 is filling
        var logged = try trial.decisionEvents()
        #expect(logged.count == 1)
        #expect(logged.last?.contains(#""step":"fillCohort""#) == true, "\(logged)")
        #expect(logged.last?.contains(#""author":{"id":"aegrade","role":"system"}"#) == true)
        // When the second joins the cohort, nothing changes and nothing more is logged
        #expect(try trial.infuse("P-2", level: "DL1", daysAgo: 40).status == 0)
        #expect(try trial.decisionEvents().count == 1)
        // When the third completes it, 0 of 3: escalate, logged once
        let third = try trial.infuse("P-3", level: "DL1", daysAgo: 40)
        #expect(third.status == 0)
        logged = try trial.decisionEvents()
        #expect(logged.count == 2)
        #expect(logged.last?.contains(#""action":"escalate""#) == true && logged.last?.contains(#""designDose":"DL2""#) == true, "\(logged)")
        #expect(third.stderr.contains("aegrade log event: dose decision changed (event "), "\(third.stderr)")
        #expect(!third.stderr.contains("stopping-rule status changed"))
        // And rules dose says so
        let dose = try trial.dose()
        #expect(dose["current"] as? String == "DL1")
        #expect(dose["action"] as? String == "escalate")
        #expect(dose["nextDose"] as? String == "DL2")
        let doses = try #require(dose["doses"] as? [[String: Any]])
        #expect(doses.first?["evaluable"] as? Int == 3 && doses.first?["dlts"] as? Int == 0)
        let text = try Run.aegrade(["rules", "dose", "--db", trial.db, "--protocol", trial.protocolPath])
        #expect(text.status == 0)
        #expect(text.stdout.contains("decision: escalate — 0 of 3 with a DLT: y/n = 0/3 ≤ λe = 0.2365: escalate"), "\(text.stdout)")
        #expect(text.stdout.contains("next subject: DL2 (3e6/kg)"))
        // And an enrolment without a cohort is given the dose the decision gives the next subject
        let enrolled = try Run.aegrade(["log", "event", "--db", trial.db, "--key", trial.key, "--protocol", trial.protocolPath,
                                        "--kind", "enrollment", "--patient", "P-4", "--time", Self.daysAgo(1), "--reason", "consented"])
        #expect(enrolled.status == 0, "\(enrolled.stderr)")
        let enrolment = try Run.aegrade(["log", "export", "--db", trial.db]).lines.first { $0.contains("\"kind\":\"enrollment\"") }
        #expect(enrolment?.contains(#""cohort":"DL2""#) == true, "\(enrolment ?? "")")
    }

    @Test func infusionsAreHeldToTheDoseDecision() throws {
        let trial = try Trial()
        defer { trial.scratch.remove() }
        #expect(try trial.infuse("P-1", level: "DL1", daysAgo: 40).status == 0)
        // An unknown level is refused, naming the field
        let unknown = try trial.infuse("P-2", level: "DL9", daysAgo: 39)
        #expect(unknown.status == 1)
        #expect(unknown.stderr.contains(#"data.doseLevel: "DL9" is not a dose level of the protocol"#), "\(unknown.stderr)")
        // A level above the cohort's dose is refused, and a nurse's deviation too
        let above = try trial.infuse("P-2", level: "DL2", daysAgo: 39)
        #expect(above.status == 1)
        #expect(above.stderr.contains(#"data.doseLevel: "DL2" is above "DL1", the dose the decision allows now"#), "\(above.stderr)")
        let nurse = try trial.infuse("P-2", level: "DL2", daysAgo: 39, extra: #", "deviation": "sponsor's written approval""#)
        #expect(nurse.status == 1)
        #expect(nurse.stderr.contains("only a physician may record a dose deviation"), "\(nurse.stderr)")
        // A missing level is refused
        let missing = try Run.aegrade(["log", "event", "--db", trial.db, "--key", trial.key, "--protocol", trial.protocolPath,
                                       "--kind", "infusion", "--patient", "P-2", "--time", Self.daysAgo(39),
                                       "--data", #"{"product": "LOT", "dose": "1e6/kg"}"#, "--reason", "per protocol"])
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("data.doseLevel is required"), "\(missing.stderr)")
        // Nothing refused was written: one infusion in the log
        let infusions = try Run.aegrade(["log", "export", "--db", trial.db]).lines.filter { $0.contains("\"kind\":\"infusion\"") }
        #expect(infusions.count == 1)
    }

    @Test func aPhysicianRecordsADeviationWithWhy() throws {
        let trial = try Trial()
        defer { trial.scratch.remove() }
        #expect(try trial.infuse("P-1", level: "DL1", daysAgo: 40).status == 0)
        let output = try Run.aegrade(as: .physician, ["log", "event", "--db", trial.db, "--protocol", trial.protocolPath,
                                                      "--kind", "infusion", "--patient", "P-2", "--time", Self.daysAgo(39),
                                                      "--data", #"{"product": "LOT", "dose": "3e6/kg", "doseLevel": "DL2", "deviation": "dosed before the decision was known"}"#,
                                                      "--reason", "recorded late"])
        #expect(output.status == 0, "\(output.stdout)")
        let infusions = try Run.aegrade(["log", "export", "--db", trial.db]).lines.filter { $0.contains("\"kind\":\"infusion\"") }
        #expect(infusions.count == 2)
        #expect(infusions.last?.contains(#""deviation":"dosed before the decision was known""#) == true)
    }

    @Test func aProtocolWithoutDoseFindingExitsOne() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let db = scratch.path("trial.db")
        _ = AccountsFixture.keyFile(for: db)
        let output = try Run.aegrade(["rules", "dose", "--db", db, "--protocol", "Examples/protocol.yaml"], directory: Run.packageRoot)
        #expect(output.status == 1, "\(output.stderr)")
        #expect(output.stderr.contains("has no doseFinding section"))
    }
}
