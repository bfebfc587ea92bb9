/// Why the terminal could not be taken over.
package enum TerminalError: Error, Equatable, CustomStringConvertible {
    /// Thrown by `Curses.start` when standard input or output is not a terminal (a pipe, a file,
    /// a test runner): a full-screen program cannot run there.
    case notATerminal
    /// Thrown by `Curses.start` when curses does not know the terminal type (`TERM`, named here;
    /// empty when unset) or cannot open the terminal.
    case unknownTerminal(String)
    /// Thrown by `Curses.start` while an earlier `Curses` has not been stopped: curses drives one
    /// terminal per process.
    case alreadyStarted

    package var description: String {
        switch self {
        case .notATerminal:
            "standard input and output must be a terminal for the full-screen view"
        case .unknownTerminal(""):
            "the terminal type is not set (TERM); set it, for example TERM=xterm-256color"
        case .unknownTerminal(let name):
            "cannot open the terminal: TERM=\(name) is not a terminal type this system knows"
        case .alreadyStarted:
            "the terminal is already in full-screen use"
        }
    }
}
