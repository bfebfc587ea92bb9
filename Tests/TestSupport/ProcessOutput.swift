/// What a finished process wrote and how it ended.
package struct ProcessOutput: Sendable {
    package var status: Int32
    package var stdout: String
    package var stderr: String
    /// Ended by a signal (a trap such as SIGILL or SIGTRAP, a crash), not by exiting.
    package var signaled = false
    package var lines: [String] { stdout.split(separator: "\n", omittingEmptySubsequences: true).map(String.init) }
    /// Both streams, for failure messages.
    package var transcript: String { "exit \(status)\n--- stdout\n\(stdout)\n--- stderr\n\(stderr)" }
}
