import Foundation
import Testing
import TestSupport

/// `aegrade rules table`, `rules oc --design` and `rules check` with a dose-finding section, run
/// as a built binary.
@Suite struct DoseFindingCommandTests {
    static func object(_ output: ProcessOutput) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [String: Any])
    }

    @Test func boinTableAsJSON() throws {
        let output = try Run.aegrade(["rules", "table", "--design", "boin", "--target", "0.30", "--n", "30", "--json"])
        #expect(output.status == 0, "\(output.stderr)")
        #expect(output.lines.count == 1)
        let object = try Self.object(output)
        #expect(object["design"] as? String == "boin")
        let rows = try #require(object["rows"] as? [[String: Any]])
        #expect(rows.count == 30)
        // Every row has exactly the four keys; a count that cannot occur is null.
        #expect(rows.allSatisfy { Set($0.keys) == ["n", "escalateIfAtMost", "deescalateIfAtLeast", "eliminateIfAtLeast"] })
        #expect(rows[0]["eliminateIfAtLeast"] is NSNull)
        #expect(rows[5]["n"] as? Int == 6 && rows[5]["escalateIfAtMost"] as? Int == 1 && rows[5]["deescalateIfAtLeast"] as? Int == 3
                && rows[5]["eliminateIfAtLeast"] as? Int == 4)
        #expect(output.stdout.contains(#"{"n":6,"escalateIfAtMost":1,"deescalateIfAtLeast":3,"eliminateIfAtLeast":4}"#))
    }

    @Test func mtpi2TableAsText() throws {
        let output = try Run.aegrade(["rules", "table", "--design", "mtpi2", "--target", "0.25", "--eps1", "0.05", "--eps2", "0.05", "--n", "3"])
        #expect(output.status == 0, "\(output.stderr)")
        #expect(output.lines.first?.hasPrefix("mtpi2 target 0.25, EI [0.2, 0.3]") == true)
        #expect(output.lines[1].hasPrefix("convention: "))
        #expect(Array(output.lines.dropFirst(2)) == ["n\tescalate if y ≤\tde-escalate if y ≥\teliminate if y ≥", "1\t0\t1\t-", "2\t0\t1\t-", "3\t0\t1\t3"])
    }

    @Test func threePlusThreeExactOCAsJSON() throws {
        let output = try Run.aegrade(["rules", "oc", "--design", "3+3", "--truth", "0.05,0.12,0.25,0.40,0.55", "--json"])
        #expect(output.status == 0, "\(output.stderr)")
        let object = try Self.object(output)
        #expect(object["method"] as? String == "exact")
        let doses = try #require(object["doses"] as? [[String: Any]])
        #expect(doses.count == 5)
        let total = doses.reduce(0.0) { $0 + ($1["selected"] as? Double ?? 0) } + (object["noneSelected"] as? Double ?? 0)
        #expect(abs(total - 1) < 1e-12)
        #expect(doses.allSatisfy { $0["selectedError"] == nil })
    }

    @Test func boinSimulatedOCIsReproducibleAndPrintsItsError() throws {
        let arguments = ["rules", "oc", "--design", "boin", "--target", "0.3", "--truth", "0.05,0.12,0.25,0.40", "--trials", "2000", "--seed", "1"]
        let first = try Run.aegrade(arguments), again = try Run.aegrade(arguments)
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout == again.stdout)
        #expect(first.lines[1] == "simulated: 2000 trials from seed 1; each figure ± one Monte Carlo standard error")
        #expect(first.lines[3].hasPrefix("1\t0.05\t") && first.lines[3].contains(" ± "))
        let json = try Self.object(try Run.aegrade(arguments + ["--json"]))
        #expect(json["trials"] as? Int == 2000 && json["seed"] as? Int == 1)
        let doses = try #require(json["doses"] as? [[String: Any]])
        #expect(doses.allSatisfy { $0["selectedError"] is Double && $0["subjectsError"] is Double })
    }

    @Test func usageErrors() throws {
        let noDesign = try Run.aegrade(["rules", "table", "--target", "0.3"])
        #expect(noDesign.status == 2)
        let wrongParameter = try Run.aegrade(["rules", "table", "--design", "boin", "--target", "0.3", "--eps1", "0.05"])
        #expect(wrongParameter.status == 2 && wrongParameter.stderr.contains("--eps1 and --eps2 belong to --design mtpi2 and i3+3"))
        let badTarget = try Run.aegrade(["rules", "table", "--design", "boin", "--target", "0.7"])
        #expect(badTarget.status == 2 && badTarget.stderr.contains("the target must be from 0.05 to 0.6"))
        let both = try Run.aegrade(["rules", "oc", "--method", "pocock", "--p0", "0.2", "--alpha", "0.1", "--n", "20",
                                    "--design", "boin", "--target", "0.3", "--truth", "0.1"])
        #expect(both.status == 2 && both.stderr.contains("Give --method or --design, not both."))
        let exactWithTrials = try Run.aegrade(["rules", "oc", "--design", "3+3", "--truth", "0.1,0.2", "--trials", "10"])
        #expect(exactWithTrials.status == 2 && exactWithTrials.stderr.contains("3+3 is exact"))
        let noTruth = try Run.aegrade(["rules", "oc", "--design", "i3+3", "--target", "0.3"])
        #expect(noTruth.status == 2 && noTruth.stderr.contains("--design needs --truth"))
    }

    @Test func checkPrintsTheDecisionTableOfTheBOINExample() throws {
        let output = try Run.aegrade(["rules", "check", "Examples/protocol-boin.yaml"], directory: Run.packageRoot)
        #expect(output.status == 0, "\(output.stderr)")
        #expect(output.lines.contains { $0.hasPrefix("dose finding: boin target 0.3") })
        #expect(output.lines.contains("    doses: 1 DL1 (5e5/kg), 2 DL2 (1e6/kg), 3 DL3 (3e6/kg), 4 DL4 (6e6/kg)"))
        #expect(output.lines.contains("    12\t2\t5\t7"))
    }
}
