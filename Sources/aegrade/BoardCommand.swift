import ArgumentParser
import Bedside
import Clinical
import EventLog
import Foundation
import Grading
import Safety
import Terminal

/// `aegrade board`: the bedside front end.
struct BoardCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "board",
        abstract: "Open the bedside triage board on a log (the default command).",
        discussion: """
        The board lists every patient worst first; Enter opens a timeline, a a new assessment, r \
        the stopping rules, p the audit-trail replay, ? every key. With no --db the log is \
        ./aegrade.db (created with its genesis event if missing) and the protocol \
        ./protocol.yaml if present. Colours follow NO_COLOR.

        Exit status: 0 on quit; 2 usage error, a log that cannot be opened, criteria or a \
        protocol that fail to load, or no terminal.
        """
    )

    @Option(name: .customLong("db"), help: ArgumentHelp("The aegrade log.", valueName: "FILE")) var path = "aegrade.db"
    @Option(help: ArgumentHelp("The trial protocol (stopping rules, DLT window, assessment interval).", valueName: "FILE"))
    var `protocol`: String?
    @Option(help: ArgumentHelp("Your user id (default: the login name).", valueName: "ID")) var user: String?
    @Option(help: ArgumentHelp("The role you act in.", valueName: "ROLE")) var role: Role = .nurse
    @OptionGroup var source: CriteriaSourceOptions

    func validate() throws {
        if let user { try AuthorOptions.checkUser(user) }
    }

    func run() throws {
        // Refuse before creating or opening anything when there is no terminal to draw on.
        guard isatty(0) == 1, isatty(1) == 1 else {
            printError("aegrade board: standard input and output must be a terminal (at least 80×24); for batch work use aegrade grade or aegrade record")
            throw ExitCode(2)
        }
        let criteria = try source.load()
        let trial = try loadProtocol(criteria: criteria)
        let store = try LogFileOptions.open(path: path, .readWrite(create: true), refusingDamage: false)
        let author = Author(id: user ?? ProcessInfo.processInfo.environment["USER"] ?? "unknown", role: role)
        let environment = ProcessInfo.processInfo.environment
        let context: BedsideContext
        do {
            context = try BedsideContext(fastStart: store, criteria: criteria, trial: trial, author: author,
                                         colors: environment["NO_COLOR"] == nil)
        } catch {
            printError("aegrade: \(error.description)")
            throw ExitCode(2)
        }
        let terminal: Curses
        do {
            terminal = try Curses.start(environment: environment)
        } catch {
            printError("aegrade board: cannot start the terminal (\(error)); it needs a terminal of at least 80×24")
            throw ExitCode(2)
        }
        let app = BedsideApp(device: terminal, context: context, root: TriageBoardScreen(context: context))
        app.run()
        terminal.stop()
    }

    /// The protocol named, or ./protocol.yaml when present and none is named.
    func loadProtocol(criteria: CriteriaSet) throws -> TrialProtocol? {
        let file = `protocol` ?? (FileManager.default.fileExists(atPath: "protocol.yaml") ? "protocol.yaml" : nil)
        return try file.map { try ProtocolOptions(path: $0).load(criteria: criteria) }
    }
}

/// `aegrade demo DIR`: a living demo trial to explore.
struct DemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Write a demo trial (DIR/aegrade.db and DIR/protocol.yaml) to explore the board.",
        discussion: """
        Several synthetic patients over two weeks, CRS and ICANS episodes of several grades, one \
        stopping rule tripped. Then: cd DIR && aegrade board.

        Exit status: 0 written; 2 DIR cannot be written or already holds a log.
        """
    )

    @Argument(help: ArgumentHelp("The directory to write (created if missing).", valueName: "DIR")) var directory: String

    func run() throws {
        do {
            try DemoTrial.write(to: directory, now: ClinicalTime(secondsSinceEpoch: Date().timeIntervalSince1970,
                                                                offsetSeconds: TimeZone.current.secondsFromGMT()))
        } catch {
            printError("aegrade demo: \(error)")
            throw ExitCode(2)
        }
        print("Demo trial written to \(directory)/aegrade.db and \(directory)/protocol.yaml.")
        print("Open it with: cd \(directory) && aegrade board")
    }
}
