import Foundation
@testable import PostgresLog
import Testing
import TestSupport

/// The README's two-site walkthrough ("The whole trial"), run line by line on the test server, so
/// that the README cannot drift from what the commands do: its `createdb`, its URLs (the server's
/// host and port and a fresh database put in for `db.example:5432/trial`), every `aegrade` line
/// run as the built binary on a terminal, where passwords are typed.
@Suite("README walkthrough: the whole trial", .enabled(if: PostgresTestServer.shouldRun, "no PostgreSQL test server (AEGRADE_TEST_POSTGRES)"))
struct PostgresWalkthroughTests {
    static let password = "correct horse battery"

    /// The walkthrough's lines: the `sh` block after the README's marker, continuation lines
    /// joined, comments and blank lines left out.
    static func walkthrough() throws -> [String] {
        let readme = try String(contentsOf: Run.packageRoot.appendingPathComponent("README.md"), encoding: .utf8)
        guard let marker = readme.range(of: "<!-- walkthrough: the whole trial -->\n```sh\n"),
              let end = readme.range(of: "\n```", range: marker.upperBound..<readme.endIndex) else {
            throw TestFailure("README.md has no walkthrough block after <!-- walkthrough: the whole trial -->")
        }
        let text = String(readme[marker.upperBound..<end.lowerBound]).replacingOccurrences(of: "\\\n", with: " ")
        return text.split(separator: "\n").map { line in
            // A comment is "  # …" outside the commands' quoted words (none of which holds it).
            String(line.range(of: "  #").map { line[..<$0.lowerBound] } ?? line[...]).trimmingCharacters(in: .whitespaces)
        }.filter { !$0.isEmpty && !$0.hasPrefix("#") }
    }

    /// `line` cut into words as `sh` would: single quotes literal, double quotes with `$NAME`
    /// expanded from `variables`, unquoted runs split at blanks.
    static func words(_ line: String, _ variables: [String: String]) throws -> [String] {
        var words: [String] = [], word = "", inWord = false
        var characters = Array(line)[...]
        while let character = characters.popFirst() {
            switch character {
            case " ":
                if inWord { words.append(word); word = ""; inWord = false }
            case "'":
                inWord = true
                guard let close = characters.firstIndex(of: "'") else { throw TestFailure("unclosed ' in \(line)") }
                word += String(characters[..<close])
                characters = characters[(close + 1)...]
            case "\"":
                inWord = true
                guard let close = characters.firstIndex(of: "\"") else { throw TestFailure("unclosed \" in \(line)") }
                var text = String(characters[..<close])
                for (name, value) in variables.sorted(by: { $0.key.count > $1.key.count }) {
                    text = text.replacingOccurrences(of: "$" + name, with: value)
                }
                if text.contains("$") { throw TestFailure("an unknown variable in \(line)") }
                word += text
                characters = characters[(close + 1)...]
            default:
                inWord = true
                word.append(character)
            }
        }
        if inWord { words.append(word) }
        return words
    }

    /// Runs `aegrade` in `directory` on a terminal, typing the password twice (a command that
    /// asks once, or never, leaves the rest unread).
    static func aegrade(_ arguments: [String], in directory: URL) throws -> ProcessOutput {
        let command = "cd " + Run.shellQuoted(directory.path) + "; stty -echo; exec "
            + ([Run.binary.path] + arguments).map(Run.shellQuoted).joined(separator: " ")
        var output = try Run.tool("script", ["-qec", command, "/dev/null"], stdin: "\(password)\n\(password)\n")
        output.stdout = output.stdout.replacingOccurrences(of: "\r\n", with: "\n").split(separator: "\n", omittingEmptySubsequences: false)
            .filter { $0 != password }.joined(separator: "\n")
        return output
    }

    @Test func theREADMEsTwoSiteTrialRunsAsWritten() throws {
        guard Run.hasTool("script"), Run.hasTool("createdb") else {
            Issue.record("the walkthrough needs util-linux script and PostgreSQL's createdb")
            return
        }
        // Given a scratch directory holding the example protocol, and the test server
        let scratch = try Scratch()
        defer { scratch.remove() }
        let directory = scratch.url
        try FileManager.default.createDirectory(at: directory.appendingPathComponent("Examples"), withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: Run.packageRoot.appendingPathComponent("Examples/protocol.yaml"),
                                         to: directory.appendingPathComponent("Examples/protocol.yaml"))
        let owner = try PostgresTestServer.ownerURL()
        _ = try PostgresTestServer.writerURL(site: "main")
        let database = "trial_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(16)
        let lines = try Self.walkthrough()
        #expect(lines.count >= 20, "\(lines)")
        // When each line runs
        var variables: [String: String] = [:]
        var outputs: [(line: String, output: ProcessOutput)] = []
        for line in lines {
            if let equals = line.firstIndex(of: "="), line[..<equals].allSatisfy({ $0.isUppercase || $0 == "_" }) {
                let value = try Self.words(String(line[line.index(after: equals)...]), variables).joined(separator: " ")
                variables[String(line[..<equals])] = value.replacingOccurrences(of: "db.example:5432/trial", with: "\(owner.host):\(owner.port)/\(database)")
                continue
            }
            var words = try Self.words(line, variables)
            let tool = words.removeFirst()
            let output: ProcessOutput
            switch tool {
            case "createdb":
                // The database administrator: the cluster's superuser of the test server.
                words = words.map { $0 == "trial" ? database : $0 }
                output = try Run.tool("createdb", words, environment: ["PGHOST": owner.host, "PGPORT": String(owner.port), "PGUSER": "aegrade_admin"])
            case "aegrade":
                output = try Self.aegrade(words, in: directory)
            default:
                throw TestFailure("the walkthrough runs \(tool), which this test does not know: \(line)")
            }
            outputs.append((line, output))
        }
        // Then every line succeeds but the trial's paused rules (exit 1)
        for (line, output) in outputs {
            let paused = line.contains("rules status") && !line.contains("site=")
            #expect(output.status == (paused ? 1 : 0), "\(line)\n\(output.stdout)\n\(output.stderr)")
        }
        func output(of fragment: String) -> String {
            outputs.first { $0.line.contains(fragment) }?.output.stdout ?? ""
        }
        // And one ward alone continues, the trial is paused by sentinel-dlt counting both wards
        let ward = output(of: "rules status --db \"$TRIAL?site=ward-a\"")
        #expect(ward.contains(": continue") && ward.contains("sentinel-dlt (count, pauseEnrolment): 1 of 2"), "\(ward)")
        let trial = output(of: "rules status --db \"$TRIAL\" ")
        #expect(trial.contains("PAUSED") && trial.contains("sentinel-dlt (count, pauseEnrolment): 2 of 2 after 3 evaluable — TRIPPED"), "\(trial)")
        // And the report names the subjects of every site, the pushed ward's included
        let report = output(of: "report --db")
        for patient in ["ward-a/BED-03", "ward-b/BED-03", "ward-c/BED-07"] { #expect(report.contains("  \(patient) · infused"), "\(report)") }
        #expect(output(of: "log push").contains(#""site":"ward-c""#))
        #expect(output(of: "log replay").contains(#""patient":"ward-c/BED-07""#))
    }
}
