import ArgumentParser
import Clinical
import Foundation
import Grading
import Localization

/// Where criteria come from: the bundled set, or a directory (`--criteria-dir`).
struct CriteriaSourceOptions: ParsableArguments {
    @Option(name: .customLong("criteria-dir"), help: ArgumentHelp("Load criteria from this directory instead of the bundled set.", valueName: "DIR"))
    var directory: String?

    /// Loads the criteria or exits with status 2, printing `file:line: message` lines.
    func load() throws -> CriteriaSet {
        do {
            if let directory { return try CriteriaSet.load(directory: directory) }
            return try CriteriaSet.bundled()
        } catch {
            // Each `file:line: message` line by its pattern: a directory that cannot be read is said in the
            // user's language; an error inside a criteria file stays English (its authors' language).
            let lines = error.description.split(separator: "\n", omittingEmptySubsequences: false).map { localizedMessage(String($0)) }
            FileHandle.standardError.write(Data((lines.joined(separator: "\n") + "\n").utf8))
            throw ExitCode(2)
        }
    }
}

/// Writes `message` to standard error with every control character but its line breaks escaped:
/// a message may quote a value from input or from the log (``PrintableText``).
func printError(_ message: String) {
    FileHandle.standardError.write(Data((PrintableText.escapedLines(message) + "\n").utf8))
}

/// The bytes of a file argument, or of standard input for nil or "-" (``BatchInput/read(_:)``);
/// exits 2 when unreadable, the message after `command`.
func inputBytes(_ file: String?, command: String = "aegrade") throws -> [UInt8] {
    do {
        return try BatchInput.read(file)
    } catch {
        printError("\(command): " + localized("cannot read {path}", ["path": error.path]))
        throw ExitCode(2)
    }
}
