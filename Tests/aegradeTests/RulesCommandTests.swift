import Foundation
import Testing
import TestSupport

/// `aegrade rules` run as a built binary: boundaries, operating characteristics, protocol checks.
@Suite struct RulesCommandTests {
    @Test func pocockBoundaryAsJSONMatchesR() throws {
        let output = try Run.aegrade(["rules", "boundary", "--method", "pocock", "--p0", "0.2", "--alpha", "0.1", "--n", "20", "--json"])
        #expect(output.status == 0)
        #expect(output.lines == [#"{"method":"pocock","n":20,"boundary":[null,null,3,3,4,4,4,5,5,5,6,6,6,7,7,7,7,8,8,8]}"#])
    }

    @Test func bayesBoundaryAsATable() throws {
        let output = try Run.aegrade(["rules", "boundary", "--method", "bayes", "--p0", "0.2", "--prior", "1,1", "--threshold", "0.9", "--n", "3"])
        #expect(output.status == 0)
        #expect(output.lines == ["bayes p0 0.2 prior Beta(1, 1) threshold 0.9 N 3", "n\tstop at ≥", "1\t1", "2\t2", "3\t2"])
    }

    @Test func operatingCharacteristicsAsJSON() throws {
        let output = try Run.aegrade(["rules", "oc", "--method", "pocock", "--p0", "0.2", "--alpha", "0.1", "--n", "20",
                                           "--rates", "0.2,0.5", "--json"])
        #expect(output.status == 0)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [String: Any])
        let oc = try #require(object["oc"] as? [[String: Any]])
        #expect(oc.count == 2)
        #expect(abs((oc[0]["stopProbability"] as? Double ?? 0) - 0.0865939973255516) < 1e-12)
        #expect(abs((oc[1]["expectedSubjects"] as? Double ?? 0) - 9.35400772094727) < 1e-12)
    }

    @Test func usageErrorsExitWithStatus2() throws {
        let noAlpha = try Run.aegrade(["rules", "boundary", "--method", "pocock", "--p0", "0.2", "--n", "20"])
        #expect(noAlpha.status == 2 && noAlpha.stderr.contains("--method pocock needs --alpha"))
        let badRate = try Run.aegrade(["rules", "oc", "--method", "pocock", "--p0", "0.2", "--alpha", "0.1", "--n", "5", "--rates", "1.5"])
        #expect(badRate.status == 2)
        let unreadable = try Run.aegrade(["rules", "check", "/nonexistent/protocol.yaml"])
        #expect(unreadable.status == 2 && unreadable.stderr.contains("cannot read"))
    }

    @Test func checkAcceptsTheExampleProtocol() throws {
        let output = try Run.aegrade(["rules", "check", "Examples/protocol.yaml"], directory: Run.packageRoot)
        #expect(output.status == 0, "\(output.stderr)")
        #expect(output.lines.first?.hasPrefix("ok  CART-CD19-2026-01  integratingVector (long-term follow-up 15 years)") == true)
        #expect(output.lines.contains("    boundary: - - 3 3 4 4 4 5 5 5 6 6 6 7 7 7 7 8 8 8"))
    }

    @Test func checkNamesFileAndLineAndExitsWith1() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("aegrade-rules-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let example = try String(contentsOf: Run.packageRoot.appendingPathComponent("Examples/protocol.yaml"), encoding: .utf8)
        let broken = example.replacingOccurrences(of: "criteria: astct-2019-icans", with: "criteria: astct-2019-ican")
        try broken.write(to: directory.appendingPathComponent("protocol.yaml"), atomically: true, encoding: .utf8)
        let output = try Run.aegrade(["rules", "check", "protocol.yaml"], directory: directory)
        #expect(output.status == 1)
        let line = (broken.components(separatedBy: "\n").firstIndex { $0.hasSuffix("criteria: astct-2019-ican") } ?? -1) + 1
        #expect(output.stderr.hasPrefix("protocol.yaml:\(line): toxicity severeICANS: unknown criteria id \"astct-2019-ican\""), "\(output.stderr)")
        #expect(output.stdout.isEmpty)
    }
}
