import Clinical
import Foundation
import Testing
import TestSupport

/// `aegrade log sign` through the binary, on the demo trial: refusals with a clear message and
/// nothing written; a signature shown in the report with name, role, meaning and time; a grade ≥ 3
/// awaiting a physician until signed; the export verifier linking each signature to its line.
@Suite struct SignatureCommandTests {
    struct Logged {
        let seq: Int
        let kind: String
        let author: String
        let payload: JSONValue
    }

    static func exported(_ db: String) throws -> [Logged] {
        let export = try Run.aegrade(["log", "export", "--db", db, "--format", "jsonl"])
        try #require(export.status == 0, "\(export.transcript)")
        return try export.lines.map { line in
            let event = try JSONParser.parse(line)
            guard case .number(let seq)? = event["seq"], case .string(let kind)? = event["kind"],
                  case .string(let author)? = event["author"]?["id"], let payload = event["payload"] else {
                throw CocoaError(.coderReadCorrupt)
            }
            return Logged(seq: Int(seq), kind: kind, author: author, payload: payload)
        }
    }

    static func maxGrade(_ event: Logged) -> Int {
        guard case .array(let results)? = event.payload["results"] else { return 0 }
        return results.compactMap { if case .number(let g)? = $0["grade"] { Int(g) } else { nil } }.max() ?? 0
    }

    static func sign(_ db: String, _ seqs: [Int], _ meaning: String, user: String = "dr.wang", role: String = "physician") throws -> ProcessOutput {
        try Run.aegrade(["log", "sign", "--db", db, "--user", user, "--role", role, "--meaning", meaning] + seqs.flatMap { ["--seq", String($0)] })
    }

    @Test func refusalsSayWhyAndWriteNothingThenASignatureShowsInTheReportAndTheExport() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("aegrade-sign-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        try #require(try Run.aegrade(["demo", directory.path]).status == 0)
        let db = directory.appendingPathComponent("aegrade.db").path
        let trial = directory.appendingPathComponent("protocol.yaml").path
        let events = try Self.exported(db)
        let superseded = Set(events.filter { $0.kind == "correction" }.compactMap { event -> Int? in
            if case .number(let n)? = event.payload["supersedesSeq"] { Int(n) } else { nil }
        })
        let severe = try #require(events.last { event in
            guard event.kind == "grades", Self.maxGrade(event) >= 3, case .number(let of)? = event.payload["observationSeq"] else { return false }
            return !superseded.contains(Int(of))
        })
        let mild = try #require(events.first { $0.kind == "grades" && Self.maxGrade($0) < 3 })
        let paused = try #require(events.first { $0.kind == "ruleStatus" && $0.payload["status"] == .string("paused") })
        let observation = try #require(events.first { $0.kind == "observation" && $0.author != "dr.wang" })

        // Refused, exit 1, with the reason
        let refusals: [(ProcessOutput, String)] = [
            (try Self.sign(db, [severe.seq], "confirmed", user: "nurse.li", role: "nurse"),
             "nurse may not sign 'confirmed grade ≥ 3': physician, principalInvestigator only"),
            (try Self.sign(db, [observation.seq], "approved", user: "cra.zhou", role: "monitor"),
             "monitor may not sign 'approved episode': principalInvestigator only"),
            (try Self.sign(db, [mild.seq], "confirmed"), "event \(mild.seq) has no grade ≥ 3"),
            (try Self.sign(db, [observation.seq], "confirmed"), "only a grades event is confirmed"),
            (try Self.sign(db, [observation.seq], "acknowledged"), "only a tripped stopping rule is acknowledged"),
            (try Self.sign(db, [observation.seq], "authored"), "one signs as author only one's own entries"),
            (try Self.sign(db, [observation.seq], "overrode"), "only an override is signed as overrode"),
            (try Self.sign(db, [999_999], "reviewed", user: "cra.zhou", role: "monitor"), "there is no event 999999 to sign"),
        ]
        for (output, message) in refusals {
            #expect(output.status == 1 && output.stderr.hasPrefix("aegrade log sign: ") && output.stderr.contains(message), "\(output.transcript)")
        }
        // Usage errors, exit 2: no event named, a meaning that does not exist
        #expect(try Self.sign(db, [], "confirmed").status == 2)
        #expect(try Self.sign(db, [severe.seq], "liked").status == 2)
        #expect(try Self.exported(db).count == events.count, "a refusal writes nothing")

        // Before signing, the report lists the grade as awaiting a physician
        let before = try Run.aegrade(["report", "--db", db, "--protocol", trial])
        try #require(before.status == 0, "\(before.transcript)")
        let awaiting = "#\(severe.seq) "
        #expect(before.stdout.components(separatedBy: "Awaiting signature").last?.contains(awaiting) == true, "\(before.stdout)")

        // Signed: a physician confirms, the safety reviewer acknowledges the pause
        let confirmed = try Self.sign(db, [severe.seq], "confirmed")
        #expect(confirmed.status == 0 && confirmed.stdout == "{\"seq\":[\(events.count + 1)]}\n", "\(confirmed.transcript)")
        let acknowledged = try Self.sign(db, [paused.seq], "acknowledged", user: "dsmb.chair", role: "safety")
        #expect(acknowledged.status == 0, "\(acknowledged.transcript)")

        // The report prints each beside the signed entry: name, user, role, meaning, time with offset
        let after = try Run.aegrade(["report", "--db", db, "--protocol", trial])
        try #require(after.status == 0, "\(after.transcript)")
        let section = try #require(after.stdout.components(separatedBy: "Signatures — ").last)
        let lines = section.components(separatedBy: "\n")
        let entry = try #require(lines.firstIndex { $0.hasPrefix("  #\(severe.seq) ") && $0.contains("grades") })
        let signature = lines[(entry + 1)...].first { $0.contains("✍ confirmed grade ≥ 3 — dr.wang (dr.wang, physician) ") } ?? ""
        #expect(signature.range(of: #"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d [+-]\d\d:\d\d"#, options: .regularExpression) != nil, "\(section)")
        #expect(lines.contains { $0.hasPrefix("  #\(paused.seq) ruleStatus paused") }, "\(section)")
        #expect(section.contains("✍ acknowledged stopping rule — dsmb.chair (dsmb.chair, safety) "), "\(section)")
        let stillAwaiting = section.components(separatedBy: "Awaiting signature").dropFirst().joined()
        #expect(!stillAwaiting.contains("  #\(severe.seq) "), "\(section)")

        // And the export verifier finds each signature linked to the line it names
        let export = try Run.aegrade(["log", "export", "--db", db, "--format", "jsonl"])
        let file = directory.appendingPathComponent("events.jsonl")
        try Data(export.stdout.utf8).write(to: file)
        let verifier = Run.packageRoot.appendingPathComponent("Examples/verify-log-export.py").path
        let check = try Run.tool("python3", [verifier, file.path])
        #expect(check.status == 0 && check.stdout.contains("signatures linked to the versions they sign"), "\(check.transcript)")
    }
}
