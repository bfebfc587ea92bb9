import Foundation

extension Run {
    /// Runs `aegrade` on a real pseudo-terminal, as a person at a terminal would, typing `lines`
    /// (each followed by Return) at whatever it asks — a password at its prompt, read from the
    /// controlling terminal with echo off. util-linux `script -qec CMD /dev/null` gives the
    /// child a new pseudo-terminal as its controlling terminal and copies its own standard input
    /// there. The child's standard output and error both reach the terminal, so both are in
    /// `stdout` (with the terminal's "\r\n"); the status is the child's.
    package static func aegradeOnTerminal(_ arguments: [String], typing lines: [String], environment: [String: String] = [:]) throws -> ProcessOutput {
        // The terminal's echo is off from the start, as it is once aegrade asks: `script` copies the
        // typed lines to the terminal at once, before aegrade has turned echo off itself.
        let command = "stty -echo; exec " + ([binary.path] + arguments).map(shellQuoted).joined(separator: " ")
        var output = try tool("script", ["-qec", command, "/dev/null"], stdin: lines.map { $0 + "\n" }.joined(), environment: environment)
        // `script` may copy the typed lines before `stty` has run, and the terminal then echoes
        // them: a line that is exactly one typed is that echo, not aegrade's output.
        output.stdout = output.stdout.replacingOccurrences(of: "\r\n", with: "\n").split(separator: "\n", omittingEmptySubsequences: false)
            .filter { !lines.contains(String($0)) }.joined(separator: "\n")
        return output
    }

    /// `text` in single quotes for `sh`.
    package static func shellQuoted(_ text: String) -> String {
        "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
