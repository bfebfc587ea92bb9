import CNcursesw
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The real terminal, through ncursesw: the one layer that talks to curses (with its extensions in
/// `Curses+*.swift`).
///
/// `start` takes the terminal over — a UTF-8 locale (so Chinese text renders), no echo, keys one
/// at a time with function keys decoded, Esc at once, colour unless `NO_COLOR` — and `stop` gives it
/// back. The terminal is also given back when the process exits (`atexit`) and on SIGINT, SIGTERM
/// and SIGHUP (or when the terminal hangs up), after which the signal takes its default course (the
/// shell sees 128 + signal). Ctrl-C therefore always ends the program cleanly; it never reaches
/// `readKey`. Ctrl-Z suspends and resumes (curses' own handler).
///
/// Only one `Curses` runs at a time (curses drives one terminal per process).
package final class Curses: TerminalDevice {
    /// How long curses waits after Esc for the rest of an escape sequence (an arrow key): short,
    /// so that Esc alone acts at once, yet enough for a sequence over ssh.
    package static let escapeDelayMilliseconds: Int32 = 25

    let screen: OpaquePointer
    let window: UnsafeMutablePointer<WINDOW>
    /// Colour pairs set up, 0 when colour is off (`NO_COLOR`, or a terminal without colour).
    package let colorPairs: Int
    /// The frame on the terminal now; nil forces the next `draw` to repaint everything.
    var previous: ScreenBuffer?
    /// The terminal changed size: the next `draw` clears and repaints the whole screen.
    var resized = false
    /// Whether the cursor is shown; nil before the first `draw`.
    var cursorVisible: Bool?
    private var stopped = false

    private init(screen: OpaquePointer, window: UnsafeMutablePointer<WINDOW>, colorPairs: Int) {
        self.screen = screen
        self.window = window
        self.colorPairs = colorPairs
    }

    deinit { stop() }

    /// Takes over the terminal on standard input and output.
    ///
    /// - Parameter environment: where `TERM` and `NO_COLOR` are read (`NO_COLOR` set to anything,
    ///   even empty, turns colour off; bold, reverse, underline and dim still show). The locale is
    ///   the process's own (`setlocale(LC_ALL, "")`), or `C.UTF-8` when that is not UTF-8.
    /// - Throws: `TerminalError.notATerminal`, `.unknownTerminal`, `.alreadyStarted`.
    package static func start(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> Curses {
        guard !CursesProcess.active else { throw TerminalError.alreadyStarted }
        guard isatty(STDIN_FILENO) == 1, isatty(STDOUT_FILENO) == 1 else { throw TerminalError.notATerminal }
        useUTF8Locale()
        // Before newterm, so that curses finds SIGINT and SIGTERM taken and leaves them to us.
        CursesProcess.takeSignals()
        CursesProcess.unblockSignals()
        let term = environment["TERM"].flatMap { $0.isEmpty ? nil : $0 }
        let opened: OpaquePointer? = if let term { term.withCString { aeg_newterm($0) } } else { aeg_newterm(nil) }
        guard let screen = opened, let window = aeg_stdscr() else {
            CursesProcess.giveBackSignals()
            throw TerminalError.unknownTerminal(term ?? "")
        }
        CursesProcess.active = true
        CursesProcess.restoreAtExit()

        cbreak()            // keys one at a time; Ctrl-Z and Ctrl-\ still signal
        typeInterruptAsKey()
        noecho()
        nonl()              // Enter arrives as \r, and output newlines are not translated
        keypad(window, true)
        intrflush(window, false)
        set_escdelay(escapeDelayMilliseconds)
        let pairs = environment["NO_COLOR"] == nil ? startColors() : 0
        return Curses(screen: screen, window: window, colorPairs: pairs)
    }

    /// Ctrl-C arrives as a key (`.control("c")`), not as SIGINT, so that a screen holding unsaved
    /// input can ask before it is lost. The terminal's interrupt character is disabled for the
    /// program's mode only: curses saved the shell's mode at `newterm` and `endwin` puts it back.
    /// A SIGINT sent otherwise (`kill -INT`) still ends the program through `restoreAndReraise`.
    private static func typeInterruptAsKey() {
        var modes = termios()
        guard tcgetattr(STDIN_FILENO, &modes) == 0 else { return }
        #if canImport(Darwin)
        let disabled: cc_t = 0xFF
        #else
        let disabled: cc_t = 0
        #endif
        withUnsafeMutableBytes(of: &modes.c_cc) { bytes in bytes[Int(VINTR)] = disabled }
        guard tcsetattr(STDIN_FILENO, TCSANOW, &modes) == 0 else { return }
        def_prog_mode()     // curses restores this mode after Ctrl-Z and a resume
    }

    /// Gives the terminal back as it was (modes, cursor, screen contents of the shell). Safe to call
    /// more than once; `deinit` calls it too.
    package func stop() {
        guard !stopped else { return }
        stopped = true
        if CursesProcess.active {
            CursesProcess.active = false
            endwin()
        }
        delscreen(screen)
        CursesProcess.giveBackSignals()
    }

    package var size: (width: Int, height: Int) { (Int(aeg_columns()), Int(aeg_rows())) }

    package func readKey(timeoutMilliseconds: Int) -> Key? {
        let deadline = timeoutMilliseconds >= 0 ? ContinuousClock.now + .milliseconds(timeoutMilliseconds) : nil
        while true {
            let remaining = deadline.map { Self.milliseconds(until: $0) } ?? -1
            wtimeout(window, Int32(clamping: remaining))
            var code: wint_t = 0
            let result = wget_wch(window, &code)
            if result == ERR {
                // Nothing typed. An answer long before the time was up may mean the terminal is gone.
                if remaining != 0, deadline.map({ Self.milliseconds(until: $0) > 10 }) ?? true, CursesProcess.inputHungUp() {
                    CursesProcess.restoreAndReraise(SIGHUP)
                }
                return nil
            }
            if let key = Key.decode(isFunctionKey: result == KEY_CODE_YES, code: UInt32(code), codes: Self.keyCodes) {
                if key == .resize { resized = true }
                return key
            }
            // A key screens have no name for (Insert, a C1 control): wait on for a real one.
            if remaining == 0 { return nil }
        }
    }

    private static func milliseconds(until deadline: ContinuousClock.Instant) -> Int {
        let left = ContinuousClock.now.duration(to: deadline).components
        return max(0, Int(left.seconds) * 1000 + Int(left.attoseconds / 1_000_000_000_000_000))
    }

    /// Colour on, one pair per (foreground, background) combination, the terminal's own colours
    /// where a style names none; returns the pairs set up (0 when the terminal has no colour).
    private static func startColors() -> Int {
        guard has_colors(), start_color() == OK, aeg_colors() >= 8 else { return 0 }
        let defaults = use_default_colors() == OK
        let pairs = min(ColorPairs.count, Int(aeg_color_pairs()))
        guard pairs > 1 else { return 0 }
        for number in 1..<pairs {
            let (foreground, background) = ColorPairs.colors(ofPair: number)
            init_pair(Int16(number),
                      foreground.map { Int16($0.rawValue) } ?? (defaults ? -1 : Int16(COLOR_WHITE)),
                      background.map { Int16($0.rawValue) } ?? (defaults ? -1 : Int16(COLOR_BLACK)))
        }
        return pairs
    }

    /// The process's locale, or `C.UTF-8` when that is not UTF-8 (no `LANG` at all is common on
    /// servers): curses reads and writes wide characters only in a UTF-8 locale.
    private static func useUTF8Locale() {
        setlocale(LC_ALL, "")
        guard !localeIsUTF8() else { return }
        for name in ["C.UTF-8", "C.utf8", "en_US.UTF-8"] where setlocale(LC_ALL, name) != nil {
            if localeIsUTF8() { return }
        }
    }

    private static func localeIsUTF8() -> Bool {
        guard let codeset = nl_langinfo(nl_item(CODESET)) else { return false }
        let name = String(cString: codeset).lowercased().replacingOccurrences(of: "-", with: "")
        return name == "utf8"
    }
}
