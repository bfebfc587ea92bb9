import Clinical
import Foundation
import Testing
import TestSupport

/// `aegrade log sign` through the binary, signed in on a terminal: refusals with a clear message and
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

    static func sign(_ db: String, _ seqs: [Int], _ meaning: String, as role: Role = .physician) throws -> ProcessOutput {
        try Run.aegrade(as: role, ["log", "sign", "--db", db, "--meaning", meaning] + seqs.flatMap { ["--seq", String($0)] })
    }

    /// The events but the sign-ins: each command run here signs in first (a `login` event).
    static func content(_ db: String) throws -> [Logged] { try exported(db).filter { $0.kind != "login" } }

    @Test func refusalsSayWhyAndWriteNothingThenASignatureShowsInTheReportAndTheExport() throws {
        // Given a log with accounts, a CRS grade 3 and a grade 0 entered by the import account
        let scratch = try Scratch()
        defer { scratch.remove() }
        let db = scratch.path("log.db")
        let key = AccountsFixture.keyFile(for: db)
        let crs3 = #"{"patient":{"id":"P-1","ageYears":54},"time":"2026-11-22T08:00:00+08:00","vitals":{"temperature":{"value":38.6,"unit":"C"},"hypotension":true},"support":{"vasopressors":[{"drug":"norepinephrine","dose":5,"unit":"mcg/min"}],"oxygen":{"device":"roomAir"}}}"#
        let crs0 = #"{"patient":{"id":"P-2","ageYears":54},"time":"2026-11-22T08:00:00+08:00","vitals":{"temperature":{"value":36.8,"unit":"C"},"hypotension":false},"support":{"vasopressors":[],"oxygen":{"device":"roomAir"}}}"#
        for input in [crs3, crs0] {
            let recorded = try Run.aegrade(["record", "--db", db, "--key", key], stdin: input)
            try #require(recorded.status == 0, "\(recorded.transcript)")
        }
        let trial = Run.packageRoot.appendingPathComponent("Examples/protocol.yaml").path
        let events = try Self.content(db)
        let severe = try #require(events.last { $0.kind == "grades" && Self.maxGrade($0) >= 3 })
        let mild = try #require(events.first { $0.kind == "grades" && Self.maxGrade($0) < 3 })
        let observation = try #require(events.first { $0.kind == "observation" })

        // Refused, exit 1, with the reason (the terminal shows both streams)
        let refusals: [(ProcessOutput, String)] = [
            (try Self.sign(db, [severe.seq], "confirmed", as: .nurse),
             "nurse may not sign 'confirmed grade ≥ 3': physician, principalInvestigator only"),
            (try Self.sign(db, [observation.seq], "approved", as: .monitor),
             "monitor may not sign 'approved episode': principalInvestigator only"),
            (try Self.sign(db, [observation.seq], "reviewed", as: .administrator),
             "administrator signs nothing; 'reviewed record' is signed by monitor, dataManager only"),
            (try Self.sign(db, [mild.seq], "confirmed"), "event \(mild.seq) has no grade ≥ 3"),
            (try Self.sign(db, [observation.seq], "confirmed"), "only a grades event is confirmed"),
            (try Self.sign(db, [observation.seq], "acknowledged"), "only a tripped stopping rule is acknowledged"),
            (try Self.sign(db, [observation.seq], "authored"), "one signs as author only one's own entries"),
            (try Self.sign(db, [observation.seq], "overrode"), "only an override is signed as overrode"),
            (try Self.sign(db, [999_999], "reviewed", as: .monitor), "there is no event 999999 to sign"),
        ]
        for (output, message) in refusals {
            #expect(output.status == 1 && output.stderr.contains("aegrade log sign: ") && output.stderr.contains(message), "\(output.transcript)")
        }
        // Usage errors, exit 2: no event named, a meaning that does not exist
        #expect(try Self.sign(db, [], "confirmed").status == 2)
        #expect(try Self.sign(db, [severe.seq], "liked").status == 2)
        #expect(try Self.content(db).count == events.count, "a refusal writes nothing")

        // Before signing, the report lists the grade as awaiting a physician
        let before = try Run.aegrade(["report", "--db", db, "--protocol", trial])
        try #require(before.status == 0, "\(before.transcript)")
        let awaiting = "#\(severe.seq) "
        #expect(before.stdout.components(separatedBy: "Awaiting signature").last?.contains(awaiting) == true, "\(before.stdout)")

        // Signed: a physician confirms the grade, a monitor reviews the observation
        let confirmed = try Self.sign(db, [severe.seq], "confirmed")
        #expect(confirmed.status == 0 && confirmed.stdout.contains("{\"seq\":["), "\(confirmed.transcript)")
        let reviewed = try Self.sign(db, [observation.seq], "reviewed", as: .monitor)
        #expect(reviewed.status == 0, "\(reviewed.transcript)")

        // The report prints each beside the signed entry: printed name, user, role, meaning, time with offset
        let after = try Run.aegrade(["report", "--db", db, "--protocol", trial])
        try #require(after.status == 0, "\(after.transcript)")
        let section = try #require(after.stdout.components(separatedBy: "Signatures — ").last)
        let lines = section.components(separatedBy: "\n")
        let entry = try #require(lines.firstIndex { $0.hasPrefix("  #\(severe.seq) ") && $0.contains("grades") }, "\(section)")
        let signature = lines[(entry + 1)...].first { $0.contains("✍ confirmed grade ≥ 3 — Name of dr.wang (dr.wang, physician) ") } ?? ""
        #expect(signature.range(of: #"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d [+-]\d\d:\d\d"#, options: .regularExpression) != nil, "\(section)")
        #expect(section.contains("✍ reviewed record — Name of cra.zhou (cra.zhou, monitor) "), "\(section)")
        let stillAwaiting = section.components(separatedBy: "Awaiting signature").dropFirst().joined()
        #expect(!stillAwaiting.contains("  #\(severe.seq) "), "\(section)")

        // And the export verifier finds each signature linked to the line it names
        let export = try Run.aegrade(["log", "export", "--db", db, "--format", "jsonl"])
        let file = scratch.file("events.jsonl")
        try Data(export.stdout.utf8).write(to: file)
        let verifier = Run.packageRoot.appendingPathComponent("Examples/verify-log-export.py").path
        let check = try Run.tool("python3", [verifier, file.path])
        #expect(check.status == 0 && check.stdout.contains("2 signatures linked to the versions they sign"), "\(check.transcript)")
    }
}
