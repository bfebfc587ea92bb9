import ArgumentParser
import Foundation
import Localization

/// Asks for a password on the controlling terminal (`/dev/tty`) with echo off, as `passwd` and
/// `ssh` do: never from standard input (which carries assessments), never echoed, never kept
/// after use. No terminal: nil, and the command says what to do instead.
enum PasswordPrompt {
    /// The line typed after `prompt`, without its line break; nil when the process has no
    /// controlling terminal or it cannot be read.
    static func ask(_ prompt: String) -> String? {
        let descriptor = open("/dev/tty", O_RDWR | O_NOCTTY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var saved = termios()
        guard tcgetattr(descriptor, &saved) == 0 else { return nil }
        var quiet = saved
        quiet.c_lflag &= ~tcflag_t(ECHO | ECHONL)
        quiet.c_lflag |= tcflag_t(ICANON)
        // TCSANOW, not TCSAFLUSH: a line already typed (or piped to the terminal) is kept.
        guard tcsetattr(descriptor, TCSANOW, &quiet) == 0 else { return nil }
        defer {
            _ = tcsetattr(descriptor, TCSANOW, &saved)
            _ = "\n".withCString { Foundation.write(descriptor, $0, 1) }
        }
        let bytes = Array(prompt.utf8)
        _ = bytes.withUnsafeBytes { Foundation.write(descriptor, $0.baseAddress, $0.count) }
        var line: [UInt8] = []
        var byte: UInt8 = 0
        while true {
            let count = read(descriptor, &byte, 1)
            if count < 0, errno == EINTR { continue }
            guard count == 1 else { return line.isEmpty ? nil : String(decoding: line, as: UTF8.self) }
            if byte == 0x0A || byte == 0x0D { break }
            line.append(byte)
            guard line.count <= 1024 else { return nil }
        }
        return String(decoding: line, as: UTF8.self)
    }

    /// A new password, asked twice on the terminal: exits 2 without a terminal, 1 when the two differ.
    static func askNew(for user: String, command: String) throws -> String {
        guard let first = ask(localized("New password for {user}: ", ["user": user])), let second = ask(localized("The same password again: ")) else {
            printError("\(command): \(noTerminal)")
            throw ExitCode(2)
        }
        guard first == second else {
            printError("\(command): " + localized("the two passwords differ; nothing was written"))
            throw ExitCode(1)
        }
        return first
    }

    /// What to say when there is no terminal to ask on.
    static var noTerminal: String {
        localized("no terminal to ask the password on: run the command on a terminal, or, for an unattended import, give a service account's key with --key FILE")
    }
}
