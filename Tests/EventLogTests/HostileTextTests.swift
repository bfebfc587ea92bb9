import Clinical
import EventLog
import Foundation
import Testing
import TestSupport

/// Texts from every class of code point, and hostile ones, through the commands that write the
/// log: what is accepted is stored and exported exactly as hashed (`verify` passes), and what
/// holds a control character is refused with its field before anything is written.
extension ThroughTheBinary {
    @Suite("hostile and foreign text") struct HostileTextTests {
        /// One text of each class: ASCII, Latin-1, CJK, astral (emoji), combining marks (as typed,
        /// not composed: free text is stored as given), noncharacters, U+FFFD, right-to-left, and a
        /// multi-line reason. Lone surrogates cannot occur in a Swift string; in JSON input the
        /// parser refuses them (`aLoneSurrogateInTheInputIsRefused`).
        static let reasons = ["per protocol", "Fièvre persistante, Müller", "体温复查后修正", "fever \u{1F321}\u{FE0F} resolved",
                              "Ame\u{301}lie's chart", "marker " + String(Unicode.Scalar(0xFDD0)!) + " and \u{FFFF}", "\u{FFFD} from the old system",
                              "סיבה: חום", "line one\nline two\tend"]

        /// Ids of each class as typed, and as stored (NFC, trimmed).
        static let ids: [(typed: String, stored: String)] = [
            ("BED-03", "BED-03"), ("Müller-Ñ-03 ", "Müller-Ñ-03"), ("床位-三号", "床位-三号"), ("P-\u{1F600}-1", "P-\u{1F600}-1"),
            ("Ame\u{301}lie", "Am\u{E9}lie"), ("P-\u{FFFD}", "P-\u{FFFD}"), ("מטופל-3", "מטופל-3"),
        ]

        /// The exported events of the log, parsed.
        private func exported(_ path: String) throws -> [JSONValue] {
            let output = try Run.aegrade(["log", "export", "--db", path])
            try #require(output.status == 0, "\(output.transcript)")
            return try output.lines.map { try JSONParser.parse($0) }
        }

        private func scalars(_ value: JSONValue?) -> [Unicode.Scalar]? {
            guard case .string(let text)? = value else { return nil }
            return Array(text.unicodeScalars)
        }

        @Test func idsOfEveryClassAreStoredNormalisedThroughRecordAndLogEvent() throws {
            let scratch = try Scratch()
            defer { scratch.remove() }
            let path = scratch.path("log.db")
            // When an assessment of each id is recorded, and an enrollment of each appended by hand
            let input = Self.ids.map { Bedside.crs(patient: $0.typed) }.joined(separator: "\n")
            let recorded = try Run.aegrade(["record", "--db", path, "--key", AccountsFixture.keyFile(for: path)], stdin: input)
            #expect(recorded.status == 0, "\(recorded.transcript)")
            for (index, id) in Self.ids.enumerated() {
                let line = try JSONParser.parse(recorded.lines[index])
                #expect(scalars(line["patient"]) == Array(id.stored.unicodeScalars), "\(recorded.lines[index])")
                let event = try Run.aegrade(["log", "event", "--db", path, "--key", AccountsFixture.keyFile(for: path), "--kind", "enrollment", "--patient", id.typed,
                                             "--time", "2026-11-20T08:00:00+08:00", "--data", #"{"cohort":"1"}"#, "--reason", "consented"])
                #expect(event.status == 0, "\(event.transcript)")
            }
            // Then each event names its patient exactly as normalised, in the column and in the observation
            let events = try exported(path)
            for id in Self.ids {
                let mine = events.filter { scalars($0["patient"]) == Array(id.stored.unicodeScalars) }
                #expect(mine.map { $0["kind"] } == [.string("observation"), .string("grades"), .string("enrollment")], "\(id.stored)")
                #expect(scalars(mine.first?["payload"]?["assessment"]?["patient"]?["id"]) == Array(id.stored.unicodeScalars))
            }
            // And the log verifies: nothing was stored other than what was hashed
            let verify = try Run.aegrade(["log", "verify", "--db", path])
            #expect(verify.status == 0, "\(verify.transcript)")
        }

        @Test func reasonsOfEveryClassAreStoredExactlyThroughEventCorrectAndOverride() throws {
            let scratch = try Scratch()
            defer { scratch.remove() }
            let path = scratch.path("log.db")
            #expect(try Run.aegrade(["record", "--db", path, "--key", AccountsFixture.keyFile(for: path)], stdin: Bedside.crs(patient: "P-1")).status == 0)
            // When every reason is given to log event, log correct and log override
            var seq: Int64 = 12  // the observation (after the accounts and a sign-in); its grades follow it
            for reason in Self.reasons {
                let event = try Run.aegrade(["log", "event", "--db", path, "--key", AccountsFixture.keyFile(for: path), "--kind", "note",
                                             "--patient", "P-1", "--time", "2026-11-22T09:00:00+08:00",
                                             "--data", #"{"text":"\#(reason.replacingOccurrences(of: "\n", with: "\\n").replacingOccurrences(of: "\t", with: "\\t"))"}"#,
                                             "--reason", reason])
                #expect(event.status == 0, "\(event.transcript)")
                let corrected = try Run.aegrade(as: .physician, ["log", "correct", "--db", path, "--event", String(seq), "--reason", reason],
                                                input: Bedside.crs(patient: "P-1", celsius: 38.9))
                #expect(corrected.status == 0, "\(corrected.transcript)")
                // Its first line (the terminal also shows the lapse of the last override): the
                // correction, its grades, and its signature (one transaction)
                let seqs = try JSONParser.parse(corrected.lines.first { $0.hasPrefix("{") } ?? "")["seq"]
                guard case .array(let pair)? = seqs, pair.count == 3, case .number(let correction)? = pair.first,
                      case .number(let grades) = pair[1] else {
                    Issue.record("no seqs in \(corrected.stdout)"); return
                }
                seq = Int64(correction)
                let override = try Run.aegrade(as: .physician, ["log", "override", "--db", path,
                                                "--event", String(Int64(grades)), "--criteria", "astct-2019-crs", "--grade", "2", "--reason", reason])
                #expect(override.status == 0, "\(override.transcript)")
            }
            // Then each reason is in the log exactly as typed (combining marks and noncharacters included)
            let events = try exported(path)
            for reason in Self.reasons {
                let carrying = events.filter { scalars($0["payload"]?["reason"]) == Array(reason.unicodeScalars) }
                #expect(Set(carrying.compactMap { event -> String? in if case .string(let kind)? = event["kind"] { kind } else { nil } })
                        == ["note", "correction", "override"], "\(PrintableText.escaped(reason))")
            }
            #expect(events.contains { scalars($0["payload"]?["text"]) == Array(("marker " + String(Unicode.Scalar(0xFDD0)!) + " and \u{FFFF}").unicodeScalars) })
            let verify = try Run.aegrade(["log", "verify", "--db", path])
            #expect(verify.status == 0, "\(verify.transcript)")
        }

        @Test func controlCharactersAreRefusedWithTheFieldBeforeAnythingIsWritten() throws {
            let scratch = try Scratch()
            defer { scratch.remove() }
            let path = scratch.path("log.db")
            #expect(try Run.aegrade(["record", "--db", path, "--key", AccountsFixture.keyFile(for: path)], stdin: Bedside.crs(patient: "P-1")).status == 0)
            let before = try LogFile.count(path)
            // record: a NUL (once acknowledged, stored as "A" and failing verify for ever), an
            // escape sequence, a line break, a bidirectional override, a zero-width space
            let hostileIDs = [#"A\u0000B"#, #"\u001b[2J\u001b[HALL STABLE"#, #"BED-03\nP-001"#, #"abc\u202efed"#, #"BED\u200b-03"#]
            let input = hostileIDs.map { #"{"patient":{"id":"\#($0)","ageYears":54},"time":"2026-11-22T08:00:00+08:00"}"# }
                .joined(separator: "\n")
            let record = try Run.aegrade(["record", "--db", path, "--key", AccountsFixture.keyFile(for: path)], stdin: input)
            #expect(record.status == 1, "\(record.transcript)")
            #expect(record.lines.count == hostileIDs.count)
            for line in record.lines {
                let error = try JSONParser.parse(line)["error"]
                #expect(error?["field"] == .string("patient.id"), "\(line)")
            }
            // log event: the patient, the reason, a string of the data
            let base = ["log", "event", "--db", path, "--key", AccountsFixture.keyFile(for: path), "--kind", "note", "--time", "2026-11-22T09:00:00+08:00"]
            for (arguments, field) in [(["--patient", "P-\u{1B}[2J", "--reason", "fine reason"], "patient"),
                                       (["--patient", "P-1", "--reason", "why\u{1B}]8;;http://x\u{7}"], "reason"),
                                       (["--patient", "P-1", "--reason", "fine reason", "--data", #"{"text":"a\u0000b"}"#], "data.text")] {
                let event = try Run.aegrade(base + arguments)
                #expect(event.status == 1, "\(event.transcript)")
                #expect(event.stderr.contains("\(field): contains the control character"), "\(event.transcript)")
                #expect(!event.stderr.contains("\u{1B}") && !event.stderr.contains("\u{7}"), "the refusal repeats no raw control")
            }
            // log correct and log override: the reason; log correct: the corrected id
            let correct = ["log", "correct", "--db", path, "--event", "12"]
            let badReason = try Run.aegrade(as: .physician, correct + ["--reason", "typo\r\u{202E}"], input: Bedside.crs(patient: "P-1"))
            #expect(badReason.status == 1 && badReason.stderr.contains("reason: contains"), "\(badReason.transcript)")
            let badID = try Run.aegrade(as: .physician, correct + ["--reason", "typo fixed"], input: #"{"patient":{"id":"P-1\u0000"},"time":"2026-11-22T08:00:00+08:00"}"#)
            #expect(badID.status == 1 && badID.stderr.contains("patient.id: contains"), "\(badID.transcript)")
            let override = try Run.aegrade(as: .physician, ["log", "override", "--db", path, "--event", "13",
                                            "--criteria", "astct-2019-crs", "--grade", "2", "--reason", "see \u{1B}[31mnote"])
            #expect(override.status == 1 && override.stderr.contains("reason: contains"), "\(override.transcript)")
            // A user id with a control character is a usage error
            let user = try Run.aegrade(["record", "--db", path, "--user", "li\u{1B}m"], stdin: Bedside.crs(patient: "P-2"))
            #expect(user.status == 2 && user.stderr.contains("--user"), "\(user.transcript)")
            #expect(!user.stderr.contains("\u{1B}"), "the refusal repeats no raw control")
            // Then nothing was written but the sign-ins' login events, and the log verifies
            #expect(try LogFile.rows(path).dropFirst(before).allSatisfy { $0.kind == "login" })
            #expect(try Run.aegrade(["log", "verify", "--db", path]).status == 0)
        }

        @Test func aLoneSurrogateInTheInputIsRefused() throws {
            let scratch = try Scratch()
            defer { scratch.remove() }
            let path = scratch.path("log.db")
            let record = try Run.aegrade(["record", "--db", path, "--key", scratch.path("service.key")],
                                         stdin: #"{"patient":{"id":"P-\ud800"},"time":"2026-11-22T08:00:00+08:00"}"#)
            #expect(record.status == 1, "\(record.transcript)")
            #expect(record.stdout.contains(#""error""#))
            // One input that is not JSON is refused before the log is opened, as `grade` refuses it.
            #expect(!FileManager.default.fileExists(atPath: path), "nothing written, not even a new log")
        }

        @Test func recordWarnsOfAnIdThatLooksLikeOneInTheLog() throws {
            let scratch = try Scratch()
            defer { scratch.remove() }
            let path = scratch.path("log.db")
            #expect(try Run.aegrade(["record", "--db", path, "--key", AccountsFixture.keyFile(for: path)], stdin: Bedside.crs(patient: "BED-03")).status == 0)
            // When the same patient is recorded as "BED-03 ", "bed-03" and with Cyrillic В and Е, and another as BED-04
            let input = ["BED-03 ", "bed-03", "\u{412}\u{415}D-03", "BED-04"].map { Bedside.crs(patient: $0) }.joined(separator: "\n")
            let output = try Run.aegrade(["record", "--db", path, "--key", AccountsFixture.keyFile(for: path)], stdin: input)
            #expect(output.status == 0, "\(output.transcript)")
            let lines = try output.lines.map { try JSONParser.parse($0) }
            try #require(lines.count == 4)
            // Then the trailing space is dropped (the same patient, no warning); the look-alikes are
            // recorded with a warning naming BED-03; BED-04 has none
            #expect(lines[0]["patient"] == .string("BED-03") && lines[0]["warnings"] == nil)
            for line in lines[1...2] {
                guard case .array(let warnings)? = line["warnings"], case .string(let warning)? = warnings.first else {
                    Issue.record("no warning in \(line.compactText)"); continue
                }
                #expect(warning.contains("\"BED-03\"") && warning.contains("look-alike"), "\(warning)")
            }
            #expect(lines[3]["warnings"] == nil)
            #expect(Set(try LogFile.rows(path).compactMap(\.patient)) == ["BED-03", "bed-03", "\u{412}\u{415}D-03", "BED-04"])
            // And log event warns the same way on standard error, and appends all the same
            let event = try Run.aegrade(["log", "event", "--db", path, "--key", AccountsFixture.keyFile(for: path), "--kind", "note", "--patient", "Bed-03",
                                         "--time", "2026-11-22T09:00:00+08:00", "--reason", "handover note"])
            #expect(event.status == 0, "\(event.transcript)")
            #expect(event.stderr.contains("warning: patient.id \"Bed-03\" differs from the log's patient \"BED-03\""), "\(event.transcript)")
        }
    }
}

/// The append path itself: whatever reaches it, nothing is stored other than what was hashed.
@Suite("Store: stored as hashed") struct StoredAsHashedTests {
    @Test func aTextSQLiteWouldCutIsRefusedAndNothingIsWritten() throws {
        // Given a log, and drafts whose texts hold a NUL where no input check stands (the store called directly)
        let scratch = try Scratch()
        defer { scratch.remove() }
        let store = try SQLiteEventStore(path: scratch.path("log.db"), mode: .readWrite(create: true))
        let nurse = Author(id: "li.m", role: .nurse)
        let note = EventDraft(kind: .note, patient: "P-1", clinicalTime: "2026-11-22T08:00:00+08:00", payload: .object([("text", .string("ok"))]))
        var cut = note
        cut.patient = "A\u{0}B"
        var cutTime = note
        cutTime.clinicalTime = "2026-11-22T08:00:00+08:00\u{0}x"
        // When each is appended (alone, and after a good one in the same transaction)
        for (drafts, author) in [([cut], nurse), ([note, cutTime], nurse), ([note], Author(id: "li\u{0}m", role: .nurse))] {
            do {
                _ = try store.append(drafts, author: author)
                Issue.record("a text SQLite cuts at its NUL was written")
            } catch {
                // Then it is refused, naming the column
                guard case .refused(let message) = error else { Issue.record("\(error)"); continue }
                #expect(message.contains("stored differently from the text its hash covers"), "\(message)")
            }
        }
        // And nothing of any of them was written; the log verifies
        #expect(try LogFile.count(scratch.path("log.db")) == 1)
        #expect(try store.verify().isIntact)
        // And a NUL inside the payload, which the canonical JSON escapes, is kept exactly
        let kept = try store.append([EventDraft(kind: .note, patient: "P-1", clinicalTime: nil, payload: .object([("text", .string("a\u{0}b"))]))],
                                    author: nurse)
        #expect(try store.event(seq: kept[0].seq)?.payload[.text] == .string("a\u{0}b"))
        // And an empty text and an absent one are compared as what they are (an empty BLOB binds as NULL)
        _ = try store.append([EventDraft(kind: .note, patient: "", clinicalTime: nil, payload: .object([]))], author: nurse)
        #expect(try store.verify().isIntact)
    }
}
