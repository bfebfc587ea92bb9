import CNcursesw
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Process-wide state of curses, read by the exit and signal handlers (which can capture nothing).
/// Only `Curses.start` and `stop` change it, on the thread that runs the screen.
enum CursesProcess {
    /// Curses has the terminal (between `start` and `stop`).
    nonisolated(unsafe) static var active = false
    nonisolated(unsafe) private static var exitHandlerRegistered = false
    /// The signals whose handler we installed (they had the default one).
    nonisolated(unsafe) private static var takenSignals: [Int32] = []

    /// The signals that end the program and must give the terminal back first.
    static let signals: [Int32] = [SIGINT, SIGTERM, SIGHUP]

    /// Installs the restoring handler for each of `signals` that has its default action; one the
    /// process ignores (`nohup`) or handles itself is left alone.
    static func takeSignals() {
        guard takenSignals.isEmpty else { return }
        for number in signals {
            let previous = signal(number, { number in CursesProcess.restoreAndReraise(number) })
            if previous == nil {       // SIG_DFL
                takenSignals.append(number)
            } else {
                signal(number, previous)
            }
        }
    }

    /// Lets the signals curses relies on reach this thread (a program started from a thread pool
    /// inherits a mask that blocks them, and would then ignore Ctrl-C, hang-up and resize).
    static func unblockSignals() {
        var set = sigset_t()
        sigemptyset(&set)
        for number in signals + [SIGWINCH, SIGTSTP, SIGCONT] { sigaddset(&set, number) }
        pthread_sigmask(SIG_UNBLOCK, &set, nil)
    }

    /// Whether standard input has hung up (the terminal window closed, ssh dropped): `readKey`
    /// then returns at once forever, and the program must end as on SIGHUP.
    static func inputHungUp() -> Bool {
        var input = pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0)
        guard poll(&input, 1, 0) == 1 else { return false }
        return input.revents & Int16(POLLHUP | POLLERR | POLLNVAL) != 0
    }

    /// Puts back the default action of the signals `takeSignals` took.
    static func giveBackSignals() {
        for number in takenSignals { signal(number, SIG_DFL) }
        takenSignals = []
    }

    /// Gives the terminal back when the process exits while curses still has it (once registered,
    /// the handler stays for the life of the process and does nothing after `stop`).
    static func restoreAtExit() {
        guard !exitHandlerRegistered else { return }
        exitHandlerRegistered = true
        atexit {
            if CursesProcess.active {
                CursesProcess.active = false
                endwin()
            }
        }
    }

    /// The signal handler: gives the terminal back, then lets the signal end the process as it
    /// would have (so the parent sees "killed by SIGINT", status 128 + signal). `endwin` is not on
    /// POSIX's async-signal-safe list; curses' own handlers make the same call, and leaving the
    /// terminal raw is worse.
    static func restoreAndReraise(_ number: Int32) {
        if active {
            active = false
            endwin()
        }
        signal(number, SIG_DFL)
        var set = sigset_t()
        sigemptyset(&set)
        sigaddset(&set, number)
        sigprocmask(SIG_UNBLOCK, &set, nil)
        raise(number)
        _exit(128 + number)
    }
}
