import Clinical
import Foundation
import Grading
import Testing
import TestSupport

/// `aegrade grade` run as a built binary on JSONL fixtures (`grade-io.md`).
@Suite struct GradeCommandTests {
    /// The expected file names each hash as `{hash:ID}`: filled in from the criteria file on disk,
    /// so the comparison also proves the bundled criteria are the reviewed ones.
    static func expectedLines(_ name: String) throws -> [String] {
        var text = try String(contentsOfFile: Run.fixture(name), encoding: .utf8)
        let criteria = Run.packageRoot.appendingPathComponent("Criteria")
        for file in try FileManager.default.contentsOfDirectory(atPath: criteria.path) where file.hasSuffix(".yaml") {
            let bytes = Array(try Data(contentsOf: criteria.appendingPathComponent(file)))
            let id = String(file.dropLast(5))
            text = text.replacingOccurrences(of: "{hash:\(id)}", with: CriteriaHash.sha256(bytes))
        }
        return text.split(separator: "\n").map(String.init)
    }

    @Test func gradesFixtureExactlyAsExpected() throws {
        let output = try Run.aegrade(["grade", Run.fixture("grade-basic.jsonl")])
        #expect(output.status == 1, "one input is rejected, so the status is 1")
        #expect(output.lines == (try Self.expectedLines("grade-basic.expected.jsonl")))
        #expect(output.stderr.isEmpty)
    }

    @Test func readsStandardInputWithDash() throws {
        let input = try String(contentsOfFile: Run.fixture("grade-basic.jsonl"), encoding: .utf8)
        let fromFile = try Run.aegrade(["grade", Run.fixture("grade-basic.jsonl")])
        let fromDash = try Run.aegrade(["grade", "-"], stdin: input)
        let fromNothing = try Run.aegrade(["grade"], stdin: input)
        #expect(fromDash.stdout == fromFile.stdout)
        #expect(fromNothing.stdout == fromFile.stdout)
    }

    @Test func acceptsOneObjectAndAnArray() throws {
        let object = """
        {
          "patient": {"id": "P-1", "ageYears": 30},
          "time": "2026-11-22T08:00:00+08:00",
          "vitals": {"temperature": {"value": 38.2, "unit": "C"}, "hypotension": false},
          "support": {"vasopressors": [], "oxygen": {"device": "roomAir"}}
        }
        """
        let single = try Run.aegrade(["grade", "--criteria", "astct-2019-crs"], stdin: object)
        #expect(single.status == 0)
        #expect(single.lines.count == 1)
        #expect(single.stdout.contains("\"grade\":1"))
        #expect(single.stdout.contains("\"time\":\"2026-11-22T00:00:00Z\""))

        let array = "[\(object), \(object.replacingOccurrences(of: "P-1", with: "P-2"))]"
        let both = try Run.aegrade(["grade", "--criteria", "astct-2019-crs"], stdin: array)
        #expect(both.status == 0)
        #expect(both.lines.count == 2)
        #expect(both.lines[1].hasPrefix("{\"patient\":\"P-2\""))
    }

    @Test func everyInputIsAnsweredInOrderEvenWhenOneIsNotJSON() throws {
        let input = """
        {"patient":{"id":"A"},"time":"2026-11-22T08:00:00Z"}
        {"patient":{"id":"B"},"time":
        {"patient":{"id":"C"},"time":"2026-11-22T08:00:00Z"}
        """
        let output = try Run.aegrade(["grade", "--criteria", "astct-2019-crs"], stdin: input)
        #expect(output.status == 1)
        #expect(output.lines.count == 3)
        #expect(output.lines[0].hasPrefix("{\"patient\":\"A\""))
        #expect(output.lines[1].contains("\"error\":{\"field\":\"\",\"message\":\"line 2, column 30: unexpected end of input"))
        #expect(output.lines[2].hasPrefix("{\"patient\":\"C\""))
    }

    @Test func criteriaOptionLimitsTheResults() throws {
        let output = try Run.aegrade(["grade", Run.fixture("grade-basic.jsonl"), "--criteria", "ctcae-5-labs"])
        let first = try #require(output.lines.first)
        #expect(!first.contains("astct-2019-crs"))
        #expect(output.lines[4].contains("\"term\":\"alt\""))
    }

    @Test func unknownCriteriaIDIsAUsageError() throws {
        let output = try Run.aegrade(["grade", "--criteria", "astct-2019-crs,lee-2014-crs"], stdin: "")
        #expect(output.status == 2)
        #expect(output.stderr.contains("lee-2014-crs"))
        #expect(output.stdout.isEmpty)
    }

    @Test func unreadableFileAndUnknownOptionExitTwo() throws {
        #expect(try Run.aegrade(["grade", "/nonexistent/assessments.jsonl"]).status == 2)
        let bad = try Run.aegrade(["grade", "--criterion", "x"])
        #expect(bad.status == 2)
        #expect(bad.stderr.contains("--criterion"))
    }

    @Test func criteriaThatFailToLoadStopWithFileAndLine() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("aegrade-bad-criteria-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let good = Run.packageRoot.appendingPathComponent("Criteria/astct-2019-crs.yaml")
        try FileManager.default.copyItem(at: good, to: directory.appendingPathComponent("astct-2019-crs.yaml"))
        let bad = """
        id: broken
        title: Broken
        version: "1"
        source: none
        grades:
          - domain: fever
            grades:
              - grade: 1
                when: vitals.temprature >= 38.0 C
                reason: fever
        """
        try bad.write(to: directory.appendingPathComponent("broken.yaml"), atomically: true, encoding: .utf8)
        let output = try Run.aegrade(["grade", "--criteria-dir", directory.path], stdin: "{\"patient\":{\"id\":\"A\"},\"time\":\"2026-11-22T08:00:00Z\"}")
        #expect(output.status == 2)
        #expect(output.stdout.isEmpty, "a set that does not load grades nothing")
        #expect(output.stderr.contains("broken.yaml:9: unknown name \"vitals.temprature\""))

        let check = try Run.aegrade(["criteria", "check", directory.path])
        #expect(check.status == 2)
        #expect(check.stderr.contains("broken.yaml:9:"))
    }

    @Test func binaryCarriesItsCriteriaWhenCopiedElsewhere() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("aegrade-copy-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let copy = directory.appendingPathComponent("aegrade")
        try FileManager.default.copyItem(at: Run.binary, to: copy)
        let output = try Run.process(copy, ["criteria", "list", "--json"], directory: directory)
        #expect(output.status == 0)
        let ids = output.lines.compactMap { line -> String? in
            guard case .string(let id)? = (try? JSONParser.parse(line))?["criteria"] else { return nil }
            return id
        }
        #expect(ids == ["astct-2019-crs", "astct-2019-icans", "cartox-2018-hlh", "ctcae-5-crs", "ctcae-5-labs", "hlh-2004", "hscore", "iec-hs-2023"])
    }

    @Test func helpNamesInputsAndExitCodes() throws {
        let grade = try Run.aegrade(["grade", "--help"])
        #expect(grade.status == 0)
        #expect(grade.stdout.contains("Exit status: 0 every input was graded; 1 at least one input was rejected; 2"))
        #expect(grade.stdout.contains("--criteria-dir <DIR>"))
        for command in [["criteria", "list", "--help"], ["criteria", "check", "--help"], ["--help"]] {
            #expect(try Run.aegrade(command).stdout.contains("Exit status"), "\(command)")
        }
        let version = try Run.aegrade(["--version"])
        #expect(version.status == 0)
        #expect(!version.stdout.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty)
    }

    /// The README's set-up command runs the product successfully.
    @Test func theReadmeSetUpCommandGradesTheExampleAssessment() throws {
        let readme = try String(contentsOf: Run.packageRoot.appendingPathComponent("README.md"), encoding: .utf8)
        #expect(readme.contains("swift run aegrade grade Examples/assessment.json"))
        let output = try Run.aegrade(["grade", Run.packageRoot.appendingPathComponent("Examples/assessment.json").path])
        #expect(output.status == 0, "\(output.stderr)")
        #expect(output.stdout.contains("\"criteria\":\"astct-2019-crs\""))
        #expect(output.stdout.contains("\"grade\":3"), "febrile on one vasopressor and low-flow oxygen: ASTCT CRS 3")
    }

    @Test func examplesShowSeveralGradesAndOneRejection() throws {
        let output = try Run.aegrade(["grade", Run.packageRoot.appendingPathComponent("Examples/assessments.jsonl").path,
                                           "--criteria", "astct-2019-crs"])
        #expect(output.status == 1)
        #expect(output.lines.count == 12)
        let grades = Set(output.lines.compactMap { line -> Int? in
            guard case .array(let results)? = (try? JSONParser.parse(line))?["results"],
                  case .number(let grade)? = results.first?["grade"] else { return nil }
            return Int(grade)
        })
        #expect(grades.isSuperset(of: [0, 1, 2, 3, 4]))
        #expect(output.lines.filter { $0.contains("\"error\"") }.count == 1)
    }
}
