import Clinical
import EventLog
import Foundation
import Testing
import TestSupport

/// A log written by an older version, or with the `sqlite3` shell, may hold any text: every
/// output must print it so that it cannot repaint the reader's terminal, forge a line, or run as a
/// formula in a spreadsheet.
extension ThroughTheBinary {
    @Suite("printed text is escaped") struct PrintedTextTests {
        /// Hostile ids: terminal escape sequences, an OSC 8 hyperlink, line breaks, a bidirectional
        /// override, and the starts of a spreadsheet formula (OWASP CSV injection).
        static let hostile = ["\u{1B}[2J\u{1B}[HALL STABLE", "\u{1B}]8;;http://evil.example\u{7}click\u{1B}]8;;\u{7}",
                              "EVIL\nP-001 forged", "CR\rP-002", "abc\u{202E}fed", "=HYPERLINK(\"http://evil.example\",\"x\")",
                              "@SUM(A1:A9)", "+1+2", "-3+4", "\tTAB"]

        /// Raw characters no printed text may carry (a line break is checked per output).
        static func rawControls(in text: String) -> [String] {
            text.unicodeScalars.filter { $0 != "\n" && PrintableText.hasControlCharacters(String($0)) }.map { PrintableText.escaped(String($0)) }
        }

        /// The demo trial, plus a subject enrolled, infused and assessed under each hostile id and a
        /// manufacturing failure with a hostile reason, written straight to the store as an older
        /// version without input checks would have.
        private func hostileTrial(_ scratch: Scratch) throws -> (db: String, trial: String) {
            let directory = scratch.path("trial")
            #expect(try Run.aegrade(["demo", directory]).status == 0)
            let db = directory + "/aegrade.db"
            let store = try SQLiteEventStore(path: db, mode: .readWrite(create: false))
            let author = Author(id: "old.\u{1B}[31mversion", role: .physician)
            for (index, id) in Self.hostile.enumerated() {
                let time = "2026-11-2\(index % 5)T08:00:00+08:00"
                _ = try store.append([
                    EventDraft(kind: .enrollment, patient: id, clinicalTime: time, payload: EventPayload.enrollment(cohort: "DL1\u{1B}[0m")),
                    EventDraft(kind: .infusion, patient: id, clinicalTime: time,
                               payload: EventPayload.infusion(product: "LOT-\u{1B}[2J", dose: "=1+1", cohort: "DL1\u{1B}[0m")),
                    EventDraft(kind: .treatment, patient: id, clinicalTime: time, payload: EventPayload.treatment(drug: "toci\u{1B}[8m")),
                ], author: author)
            }
            _ = try store.append([EventDraft(kind: .enrollment, patient: "MF\u{1B}[2J", clinicalTime: "2026-11-20T08:00:00+08:00",
                                             payload: EventPayload.enrollment(cohort: nil)),
                                  EventDraft(kind: .manufacturingFailure, patient: "MF\u{1B}[2J", clinicalTime: "2026-11-21T08:00:00+08:00",
                                             payload: EventPayload.manufacturingFailure(reason: "lot \u{1B}[2J\nfailed"))], author: author)
            return (db, directory + "/protocol.yaml")
        }

        @Test func reportRulesStatusVerifyAndCSVEscapeEveryText() throws {
            let scratch = try Scratch()
            defer { scratch.remove() }
            let (db, trial) = try hostileTrial(scratch)
            // When each output that prints text from the log is asked for
            let outputs: [(String, ProcessOutput)] = [
                ("report", try Run.aegrade(["report", "--db", db, "--protocol", trial])),
                ("report --csv", try Run.aegrade(["report", "--db", db, "--protocol", trial, "--csv"])),
                ("rules status", try Run.aegrade(["rules", "status", "--db", db, "--protocol", trial])),
                ("log export --format csv", try Run.aegrade(["log", "export", "--db", db, "--format", "csv"])),
                ("log replay", try Run.aegrade(["log", "replay", "--db", db])),
                ("log export", try Run.aegrade(["log", "export", "--db", db])),
            ]
            // Then none carries a raw control character (JSON escapes C0 and C1 as its encoder does)
            for (name, output) in outputs {
                #expect(output.status == 0 || (name == "rules status" && output.status == 1), "\(name): \(output.transcript)")
                // JSON may carry U+202E as it is (its format is kept: the hash covers it; C0 it
                // escapes); CSV keeps tab, CR and LF inside quoted cells and ends lines with CRLF
                // as RFC 4180 says (the cells are checked below)
                let isJSON = name == "log replay" || name == "log export"
                let isCSV = name.hasSuffix("csv")
                let raw = Self.rawControls(in: output.stdout + output.stderr)
                    .filter { !(isJSON && $0 == "\\u{202E}") && !(isCSV && ($0 == "\\r" || $0 == "\\t")) }
                #expect(raw.isEmpty, "\(name) printed raw \(raw)")
            }
            // And the report has one line per subject: a line break in an id forges no line
            let report = outputs[0].1.stdout
            #expect(report.contains("EVIL\\nP-001 forged") && report.contains("\\u{1B}[2J\\u{1B}[HALL STABLE"))
            #expect(!report.split(separator: "\n").contains { $0.hasPrefix("P-001 forged") || $0.hasPrefix("P-002") })
            // And no CSV cell starts a formula: each such cell is quoted as text with a leading '
            for name in ["report --csv", "log export --format csv"] {
                let csv = outputs.first { $0.0 == name }!.1.stdout
                let cells = Self.cells(csv)
                #expect(cells.count > 10, "\(name)")
                let formulas = cells.filter { cell in cell.first.map { "=+-@\t\r".contains($0) } ?? false }
                #expect(formulas.isEmpty, "\(name): \(formulas)")
                #expect(cells.contains("'=HYPERLINK(\"http://evil.example\",\"x\")") && cells.contains("'@SUM(A1:A9)"), "\(name)")
            }
        }

        @Test func verifyEscapesWhatItQuotesFromABadRow() throws {
            let scratch = try Scratch()
            defer { scratch.remove() }
            let path = scratch.path("log.db")
            #expect(try Run.aegrade(["record", "--db", path, "--key", AccountsFixture.keyFile(for: path)], stdin: Bedside.crs(patient: "P-1")).status == 0)
            // Given a row appended with the sqlite3 shell, its kind an escape sequence
            try LogFile.sqlite(path, """
                INSERT INTO event SELECT seq + 1, id || 'x', char(27) || '[2J' || char(27) || '[HALL STABLE', patient, clinicalTime,
                  recordTime, timeZone, authorId, authorRole, terminal, productVersion, payload, hash, hash FROM event WHERE seq = 13;
                """)
            // When the log is verified
            let verify = try Run.aegrade(["log", "verify", "--db", path])
            // Then the failure names the row and quotes its kind escaped
            #expect(verify.status == 1, "\(verify.transcript)")
            #expect(verify.stdout.contains("FAIL at seq 14") && verify.stdout.contains("\\u{1B}[2J"), "\(verify.transcript)")
            #expect(Self.rawControls(in: verify.stdout + verify.stderr).isEmpty, "\(verify.transcript)")
        }

        /// The cells of an RFC 4180 text, quoted cells unquoted (CRLF and LF line ends).
        static func cells(_ csv: String) -> [String] {
            var cells: [String] = []
            var cell = ""
            var quoted = false, atStart = true
            let scalars = Array(csv.unicodeScalars)
            var index = 0
            while index < scalars.count {
                let scalar = scalars[index]
                index += 1
                if quoted {
                    if scalar != "\"" {
                        cell.unicodeScalars.append(scalar)
                    } else if index < scalars.count, scalars[index] == "\"" {
                        cell.unicodeScalars.append("\"")
                        index += 1
                    } else {
                        quoted = false
                    }
                } else if atStart, scalar == "\"" {
                    quoted = true
                    atStart = false
                } else if scalar == "," || scalar == "\n" {
                    cells.append(cell)
                    cell = ""
                    atStart = true
                } else if scalar != "\r" {
                    cell.unicodeScalars.append(scalar)
                    atStart = false
                }
            }
            return cells
        }
    }
}
