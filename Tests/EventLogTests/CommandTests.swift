import Clinical
import EventLog
import Foundation
import Testing
import TestSupport

extension ThroughTheBinary {
    /// `aegrade record` end to end.
    @Suite("record command") struct RecordCommandTests {
        @Test func printsOneLineWithTheSeqsPerAssessment() throws {
            // Given three assessments and no log yet
            let scratch = try Scratch()
            defer { scratch.remove() }
            let path = scratch.path("log.db")
            let input = ["P-1", "P-2", "P-3"].map { Bedside.crs(patient: $0) }.joined(separator: "\n")
            // When they are recorded
            let output = try Run.aegrade(["record", "--db", path, "--key", AccountsFixture.keyFile(for: path)], stdin: input)
            // Then one line each names the observation and grades seqs, and the log holds them
            #expect(output.status == 0, "\(output.transcript)")
            #expect(output.stderr.isEmpty)
            #expect(output.lines == [
                #"{"patient":"P-1","time":"2026-11-22T00:00:00Z","seq":[12,13]}"#,
                #"{"patient":"P-2","time":"2026-11-22T00:00:00Z","seq":[14,15]}"#,
                #"{"patient":"P-3","time":"2026-11-22T00:00:00Z","seq":[16,17]}"#,
            ])
            let rows = try LogFile.rows(path)
            // (after the genesis event, the accounts and the service account's sign-in)
            #expect(rows.map(\.kind) == ["genesis"] + Array(repeating: "userAdmin", count: 9) + ["login"]
                    + Array(repeating: ["observation", "grades"], count: 3).flatMap { $0 })
            #expect(rows[12].payload.contains(#""observationSeq":12"#))
            #expect(try Run.aegrade(["log", "verify", "--db", path]).status == 0)
        }

        @Test func rejectedAssessmentsAreNotWrittenAndTheStatusIsOne() throws {
            // Given a valid assessment, one with an impossible temperature, one that is not JSON, a valid one
            let scratch = try Scratch()
            defer { scratch.remove() }
            let path = scratch.path("log.db")
            let input = [Bedside.crs(patient: "OK-1"), Bedside.crs(patient: "BAD-1", celsius: 55), #"{"patient":{"id":"BAD-2"},"time":"#,
                         Bedside.crs(patient: "OK-2")].joined(separator: "\n")
            // When they are recorded
            let output = try Run.aegrade(["record", "--db", path, "--key", AccountsFixture.keyFile(for: path)], stdin: input)
            // Then every input gets its line in order, the rejected ones an error, and the status is 1
            #expect(output.status == 1, "\(output.transcript)")
            try #require(output.lines.count == 4, "\(output.transcript)")
            #expect(output.lines[0].hasSuffix(#""seq":[12,13]}"#))
            #expect(output.lines[1].contains(#""error""#) && output.lines[1].contains("BAD-1"), "\(output.lines[1])")
            #expect(output.lines[2].contains(#""error""#), "\(output.lines[2])")
            #expect(output.lines[3].hasSuffix(#""seq":[14,15]}"#))
            // And only the accepted ones are in the log
            let rows = try LogFile.rows(path)
            #expect(rows.count == 15)
            #expect(Set(rows.compactMap(\.patient)) == ["OK-1", "OK-2"])
        }

        @Test func anUnreadableInputFileIsExitTwoAndCreatesNoLog() throws {
            // Given an input path that does not exist
            let scratch = try Scratch()
            defer { scratch.remove() }
            let path = scratch.path("log.db")
            // When record is given it
            let output = try Run.aegrade(["record", "--db", path, "--key", scratch.path("service.key"), scratch.path("missing.jsonl")])
            // Then it exits 2 naming the file, and no log was created
            #expect(output.status == 2)
            #expect(output.stderr.contains("cannot read \(scratch.path("missing.jsonl"))"), "\(output.stderr)")
            #expect(!FileManager.default.fileExists(atPath: path))
        }
    }

    /// `aegrade log correct | override | event`: reasons, roles, required details.
    @Suite("correct, override, event commands") struct AmendCommandTests {
        private func makeLog() throws -> (path: String, scratch: Scratch) {
            let scratch = try Scratch()
            do {
                return (try ThroughTheBinary.makeProductLog(in: scratch), scratch)
            } catch {
                scratch.remove()
                throw error
            }
        }

        private func correct(_ path: String, _ reason: [String]) throws -> ProcessOutput {
            // seq 12 is P-1's observation, 13 its grades (after the accounts and a sign-in)
            try Run.aegrade(as: .physician, ["log", "correct", "--db", path, "--event", "12"] + reason, input: Bedside.crs(patient: "P-1", celsius: 37.2))
        }

        private func override(_ path: String, _ reason: [String], role: Role = .physician) throws -> ProcessOutput {
            try Run.aegrade(as: role, ["log", "override", "--db", path, "--event", "13", "--criteria", "astct-2019-crs", "--grade", "2"] + reason)
        }

        private func event(_ path: String, kind: String = "note", data: String = "{}", _ reason: [String]) throws -> ProcessOutput {
            try Run.aegrade(["log", "event", "--db", path, "--key", AccountsFixture.keyFile(for: path), "--kind", kind,
                             "--patient", "P-1", "--time", "2026-11-23T08:00:00+08:00", "--data", data] + reason)
        }

        @Test(arguments: ["", "  ", "ok", " x  "])
        func aTooShortReasonIsRefusedWithExitOne(reason: String) throws {
            // Given a product-written log
            let (path, scratch) = try makeLog()
            defer { scratch.remove() }
            // When a correction, an override and an event come with a reason under 3 characters
            let outputs = [("correct", try correct(path, ["--reason", reason])), ("override", try override(path, ["--reason", reason])),
                           ("event", try event(path, ["--reason", reason]))]
            // Then each is refused with exit 1 saying why, and nothing is written
            for (name, output) in outputs {
                #expect(output.status == 1, "\(name): \(output.transcript)")
                #expect(output.stderr.contains("a reason is required"), "\(name): \(output.stderr)")
                #expect(!output.stdout.contains("\"seq\""), "\(name)")
            }
            // Nothing but the three sign-ins
            #expect(try LogFile.count(path) == 27)
        }

        @Test func aMissingReasonOptionIsAUsageError() throws {
            // Given a product-written log
            let (path, scratch) = try makeLog()
            defer { scratch.remove() }
            // When --reason is left out altogether
            let outputs = [("correct", try correct(path, [])), ("override", try override(path, [])), ("event", try event(path, []))]
            // Then the argument parser refuses it (exit 2, usage) and nothing is written
            for (name, output) in outputs {
                #expect(output.status == 2, "\(name): \(output.transcript)")
                #expect(output.stderr.contains("--reason"), "\(name): \(output.stderr)")
            }
            #expect(try LogFile.count(path) == 24)
        }

        @Test func withAReasonEachIsAppended() throws {
            // Given a product-written log
            let (path, scratch) = try makeLog()
            defer { scratch.remove() }
            // When a correction, an override and a treatment event are given with reasons
            let corrected = try correct(path, ["--reason", "thermometer misread"])
            let overridden = try override(path, ["--reason", "clinical judgement"])
            let treated = try event(path, kind: "treatment", data: #"{"drug":"tocilizumab","dose":"8 mg/kg"}"#, ["--reason", "grade 2 CRS"])
            // Then each prints its seqs, and the reasons are in the payloads
            // (each after the login event of its sign-in; the correction and the override each
            // signed in its own transaction)
            #expect(corrected.status == 0 && corrected.stdout == "{\"seq\":[26,27,28]}\n", "\(corrected.transcript)")
            #expect(overridden.status == 0 && overridden.stdout == "{\"seq\":[30]}\n", "\(overridden.transcript)")
            #expect(treated.status == 0 && treated.stdout == "{\"seq\":[33]}\n", "\(treated.transcript)")
            let rows = try LogFile.rows(path)
            #expect(rows.suffix(9).map(\.kind) == ["login", "correction", "grades", "signature", "login", "override", "signature", "login", "treatment"])
            #expect(rows[25].payload.contains(#""reason":"thermometer misread""#))
            #expect(rows[27].payload.contains(#""meaning":"corrected""#) && rows[30].payload.contains(#""meaning":"overrode""#))
            #expect(rows[29].payload.contains(#""reason":"clinical judgement""#) && rows[29].payload.contains(#""computedGrade":1"#))
            #expect(rows[32].payload.contains(#""reason":"grade 2 CRS""#))
            #expect(try Run.aegrade(["log", "verify", "--db", path]).status == 0)
        }

        @Test func aNurseMayNotOverrideAGrade() throws {
            // Given a product-written log
            let (path, scratch) = try makeLog()
            defer { scratch.remove() }
            // When a nurse overrides a grade
            let output = try override(path, ["--reason", "looks worse to me"], role: .nurse)
            // Then it is refused naming the roles that may, and nothing but her sign-in is written
            #expect(output.status == 1, "\(output.transcript)")
            #expect(output.stderr.contains("nurse may not override a grade: physician, principalInvestigator only"), "\(output.stderr)")
            #expect(try LogFile.count(path) == 25)
        }

        @Test func aDeathNeedsItsCause() throws {
            // Given a product-written log
            let (path, scratch) = try makeLog()
            defer { scratch.remove() }
            // When a death is recorded without a cause, with an unknown one, then with one
            let without = try event(path, kind: "death", ["--reason", "confirmed by the attending"])
            let unknown = try event(path, kind: "death", data: #"{"cause":"fate"}"#, ["--reason", "confirmed by the attending"])
            let with = try event(path, kind: "death", data: #"{"cause":"crs"}"#, ["--reason", "confirmed by the attending"])
            // Then the first two are refused (exit 1) and the last is appended
            for output in [without, unknown] {
                #expect(output.status == 1, "\(output.transcript)")
                #expect(output.stderr.contains("a death needs --data"), "\(output.stderr)")
            }
            // (each command's sign-in is a login event before it)
            #expect(with.status == 0 && with.stdout == "{\"seq\":[28]}\n", "\(with.transcript)")
            #expect(try LogFile.rows(path).last?.payload == #"{"cause":"crs","reason":"confirmed by the attending"}"#)
        }
    }

    /// `aegrade log regrade`: the same criteria give the same grades; edited criteria are listed.
    @Suite("regrade command") struct RegradeCommandTests {
        @Test func anUntouchedLogRegradesWithoutMismatch() throws {
            // Given a product-written log
            let scratch = try Scratch()
            defer { scratch.remove() }
            let path = try ThroughTheBinary.makeProductLog(in: scratch)
            // When it is regraded with the bundled criteria
            let output = try Run.aegrade(["log", "regrade", "--db", path])
            // Then there is no difference and the summary says 0 mismatches
            #expect(output.status == 0, "\(output.transcript)")
            #expect(output.stdout.isEmpty)
            #expect(output.stderr.contains("regraded 3 observations"), "\(output.stderr)")
            #expect(output.stderr.contains(" 0 mismatches, 0 changed"), "\(output.stderr)")
        }

        @Test func aCriteriaDirectoryWithAnotherFeverThresholdListsTheChanges() throws {
            // Given a product-written log and a copy of the criteria whose ASTCT fever threshold moved to 39.0 °C
            let scratch = try Scratch()
            defer { scratch.remove() }
            let path = try ThroughTheBinary.makeProductLog(in: scratch)
            let criteria = scratch.file("criteria")
            try FileManager.default.copyItem(at: Run.packageRoot.appendingPathComponent("Criteria"), to: criteria)
            let file = criteria.appendingPathComponent("astct-2019-crs.yaml")
            let original = try String(contentsOf: file, encoding: .utf8)
            let edited = original.replacingOccurrences(of: "vitals.temperature >= 38.0 C | 100.4 F", with: "vitals.temperature >= 39.0 C | 102.2 F")
            try #require(edited != original, "the threshold line is where the test expects it")
            try edited.write(to: file, atomically: true, encoding: .utf8)
            // When the log is regraded with that directory
            let output = try Run.aegrade(["log", "regrade", "--db", path, "--criteria-dir", criteria.path])
            // Then the two fevers under 39 °C come out changed (not mismatches: the hash differs)
            #expect(output.status == 0, "\(output.transcript)")
            let lines = try output.lines.map { try JSONParser.parse($0) }
            #expect(lines.count == 2, "\(output.stdout)")
            #expect(lines.allSatisfy { $0["kind"] == .string("changed") && $0["criteria"] == .string("astct-2019-crs") })
            #expect(lines.compactMap { $0["patient"]?.string }.sorted() == ["P-1", "P-2"])
            #expect(lines.allSatisfy { $0["storedHash"] != $0["currentHash"] })
            #expect(output.stderr.contains("0 mismatches, 2 changed"), "\(output.stderr)")
        }
    }

    /// `aegrade log export`: JSONL a monitor verifies without aegrade, CSV, and `--as-of`.
    @Suite("export command") struct ExportCommandTests {
        static let verifier = Run.packageRoot.appendingPathComponent("Examples/verify-log-export.py").path

        @Test func aJSONLExportPassesTheMonitorsVerifierAndFailsAfterOneByteChanges() throws {
            // Given a product-written log with a note of awkward text
            let scratch = try Scratch()
            defer { scratch.remove() }
            let path = try ThroughTheBinary.makeProductLog(in: scratch)
            let note = try Run.aegrade(["log", "event", "--db", path, "--key", AccountsFixture.keyFile(for: path), "--kind", "note", "--patient", "P-1",
                                        "--time", "2026-11-22T10:00:00+08:00", "--data", #"{"text":"fièvre \"38,6\"\n张伟 \t 😷"}"#,
                                        "--reason", "handover note"])
            try #require(note.status == 0, "\(note.transcript)")
            // When it is exported as JSONL
            let export = try Run.aegrade(["log", "export", "--db", path, "--format", "jsonl"])
            #expect(export.status == 0, "\(export.transcript)")
            let exported = scratch.file("events.jsonl")
            try Data(export.stdout.utf8).write(to: exported)
            // Then it has one line per event with its fields by name, and the independent script passes it
            let lines = try export.lines.map { try JSONParser.parse($0) }
            #expect(lines.count == 26)
            for key in ["seq", "id", "kind", "patient", "clinicalTime", "recordTime", "timeZone", "author", "terminal",
                        "productVersion", "payload", "prevHash", "hash"] {
                #expect(lines.allSatisfy { $0[key] != nil }, "\(key)")
            }
            let pass = try Run.tool("python3", [Self.verifier, exported.path])
            #expect(pass.status == 0, "\(pass.transcript)")
            // (every event from the first administrator's on is signed: README, "Signed events")
            #expect(pass.stdout == "ok: 26 events intact, 25 Ed25519 signatures verified\n", "\(pass.transcript)")
            let head = try #require(try LogFile.rows(path).last)
            #expect(try Run.tool("python3", [Self.verifier, exported.path, "26:\(head.hash)"]).status == 0)
            // When one byte of a payload value is changed in the exported file
            var bytes = Array(export.stdout.utf8)
            let marker = Array(#""value":38.6"#.utf8)
            let at = try #require((0...(bytes.count - marker.count)).first { Array(bytes[$0..<($0 + marker.count)]) == marker })
            bytes[at + marker.count - 1] = UInt8(ascii: "7")
            try Data(bytes).write(to: exported)
            // Then the script fails, naming that event
            let fail = try Run.tool("python3", [Self.verifier, exported.path])
            #expect(fail.status == 1, "\(fail.transcript)")
            #expect(fail.stdout == "FAIL at seq 12: content changed\n", "\(fail.stdout)")
        }

        @Test func aCSVExportHasItsHeaderAndOneRowPerEvent() throws {
            // Given a product-written log
            let scratch = try Scratch()
            defer { scratch.remove() }
            let path = try ThroughTheBinary.makeProductLog(in: scratch)
            // When it is exported as CSV
            let export = try Run.aegrade(["log", "export", "--db", path, "--format", "csv"])
            // Then the header names the columns and each event has one row, in seq order
            #expect(export.status == 0, "\(export.transcript)")
            let rows = export.stdout.components(separatedBy: "\r\n").filter { !$0.isEmpty }
            #expect(rows.first == "seq,id,kind,patient,clinicalTime,recordTime,timeZone,authorId,authorRole,terminal,productVersion,payload,prevHash,hash")
            #expect(rows.count == 25)
            let hashes = try LogFile.rows(path).map(\.hash)
            for (index, row) in rows.dropFirst().enumerated() {
                #expect(row.hasPrefix("\(index + 1),"), "\(row)")
                #expect(row.hasSuffix(",\(hashes[index])"), "\(row)")
            }
            #expect(rows[12].contains(#""{""assessment"":{"#), "the payload is one quoted field: \(rows[12])")
        }

        @Test func anAsOfExportStopsAtThePrefixRecordedByThen() throws {
            // Given a log recorded in two rounds, the second after the first one's record time
            let scratch = try Scratch()
            defer { scratch.remove() }
            let path = scratch.path("log.db")
            #expect(try Run.aegrade(["record", "--db", path, "--key", AccountsFixture.keyFile(for: path)], stdin: Bedside.crs(patient: "P-1")).status == 0)
            // (seq 13: the grades of the first round, after the accounts and its sign-in)
            let third = try #require(try SQLiteEventStore(path: path, mode: .readOnly).event(seq: 13))
            // The second round starts once the clock has passed the first round's record time (to
            // the millisecond the log keeps), so every event of it is recorded later than seq 3.
            let recorded = try #require(ClinicalTime(iso8601: third.recordTime), "record time \(third.recordTime)")
            try #require(Run.waitUntil(seconds: 5) { Date().timeIntervalSince1970 > recorded.secondsSinceEpoch + 0.001 },
                         "the clock never passed \(third.recordTime)")
            #expect(try Run.aegrade(["record", "--db", path, "--key", AccountsFixture.keyFile(for: path)], stdin: Bedside.crs(patient: "P-2")).status == 0)
            // When it is exported as of the record time of seq 3
            let export = try Run.aegrade(["log", "export", "--db", path, "--format", "jsonl", "--as-of", third.recordTime])
            let all = try Run.aegrade(["log", "export", "--db", path, "--format", "jsonl"])
            // Then the export holds seq 1–3, a prefix of the whole export, and verifies on its own
            #expect(export.status == 0, "\(export.transcript)")
            #expect(try export.lines.map { try JSONParser.parse($0)["seq"] } == (1...13).map { .number(Double($0)) })
            #expect(all.lines.count == 16)
            #expect(Array(all.lines.prefix(13)) == export.lines)
            try Data(export.stdout.utf8).write(to: scratch.file("prefix.jsonl"))
            #expect(try Run.tool("python3", [Self.verifier, scratch.path("prefix.jsonl"), "13:\(third.hash)"]).status == 0)
        }
    }
}
