import ArgumentParser
import Bedside
import Clinical
import EventLog
import Foundation
import Grading
import Localization
import PostgresLog
import Safety
import Terminal

/// `aegrade board`: the bedside front end.
struct BoardCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "board",
        abstract: "Open the bedside triage board on a log (the default command).",
        discussion: """
        The board starts with a sign-in (user id and password of an account of the log); every \
        save is the signed-in user's, in the role chosen at sign-in. It locks after the \
        protocol's boardIdleLock (default 10m) without a key; u switches user. The board lists \
        every patient worst first; Enter opens a timeline, a a new assessment, r the stopping \
        rules, p the audit-trail replay, ? every key. With no --db the log is ./aegrade.db \
        (never created here: run aegrade log init) and the protocol ./protocol.yaml if present. \
        Colours follow NO_COLOR.

        On a PostgreSQL trial, a URL without site= (or --all-sites) shows every site's patients \
        as site/ID, read only; --site SITE keeps some sites, and one --site alone opens that \
        site for writing. A URL naming a site opens that site, except for a monitor or a safety \
        reviewer, who see the whole trial. A site's board shows the trial's stopping rules, \
        counting every site, and follows its saves up over the trial.

        Exit status: 0 on quit; 2 usage error, a missing log or one without accounts, a log \
        that cannot be opened, criteria or a protocol that fail to load, or no terminal.
        """
    )

    @Option(name: .customLong("db"), help: ArgumentHelp("The aegrade log: an SQLite file, or a PostgreSQL trial (postgres://USER@HOST:PORT/DATABASE, ?site=SITE for one site).", valueName: "FILE|URL")) var path = "aegrade.db"
    @Option(help: ArgumentHelp("The trial protocol (stopping rules, DLT window, assessment interval).", valueName: "FILE"))
    var `protocol`: String?
    @Option(help: ArgumentHelp("Fills in the user id of the sign-in (the password is still asked).", valueName: "ID")) var user: String?
    @OptionGroup var source: CriteriaSourceOptions
    @OptionGroup var siteChoice: SiteOptions

    func validate() throws {
        if let user, let problem = UserID.check(user) { throw ValidationError(localized("--user {user}: {reason}.", ["user": PrintableText.quoted(user), "reason": localizedMessage(problem)])) }
    }

    func run() throws {
        // Refuse before creating or opening anything when there is no terminal to draw on.
        guard isatty(0) == 1, isatty(1) == 1 else {
            printError("aegrade board: " + localized("standard input and output must be a terminal (at least 80×24); for batch work use aegrade grade or aegrade record"))
            throw ExitCode(2)
        }
        let choice = try siteChoice.board(path: path)
        let criteria = try source.load()
        let trial = try loadProtocol(criteria: criteria)
        let initHint = "aegrade log init --db \(path) --admin ID --name \"FULL NAME\""
        guard PostgresURL.isURL(path) || FileManager.default.fileExists(atPath: path) else {
            printError("aegrade board: " + localized("{path}: no such log; create it with {command} (or try aegrade demo DIR)", ["path": PrintableText.quoted(path), "command": initHint]))
            throw ExitCode(2)
        }
        let environment = ProcessInfo.processInfo.environment
        let context = try openContext(choice, criteria: criteria, trial: trial, initHint: initHint, colors: environment["NO_COLOR"] == nil)
        switch environment["AEGRADE_TEST_CLOCK_SYNCHRONISED"] {
        case "yes": context.clockWatch = ClockWatch(answer: true)
        case "no": context.clockWatch = ClockWatch(answer: false)
        default: context.clockWatch = ClockWatch()
        }
        let terminal: Curses
        do {
            terminal = try Curses.start(environment: environment)
        } catch {
            printError("aegrade board: " + localized("cannot start the terminal ({reason}); it needs a terminal of at least 80×24", ["reason": "\(error)"]))
            throw ExitCode(2)
        }
        let app = BedsideApp(device: terminal, context: context, root: TriageBoardScreen(context: context))
        app.present(SignInScreen(purpose: .start, user: user ?? ""))
        app.run()
        terminal.stop()
    }

    /// The board's context on the sites chosen (``SiteOptions/board(path:)``): one log, or the
    /// trial's sites merged, read only. Exits 2 when no one could sign in (no accounts).
    func openContext(_ choice: BoardSites, criteria: CriteriaSet, trial: TrialProtocol?, initHint: String, colors: Bool) throws -> BedsideContext {
        func requireAccounts(_ store: any EventStore, _ name: String) throws {
            // Nobody could sign in to a log without accounts: say how to make the first one.
            guard let directory = try? AccountDirectory(store: store), !directory.isEmpty else {
                printError("aegrade board: " + localized("{path} has no accounts to sign in with; make its first administrator with {command}", ["path": PrintableText.quoted(name), "command": initHint]))
                throw ExitCode(2)
            }
        }
        switch choice {
        case .one(let path, let sites, let scope):
            let store = try LogFileOptions.open(path: path, .readWrite(create: false), refusingDamage: false)
            try requireAccounts(store, path)
            return try mapped { () throws(EventLogError) in
                try BedsideContext(fastStart: store, sites: sites, scope: scope, criteria: criteria,
                                   trial: trial, signedIn: nil, colors: colors)
            }
        case .trial(let sites, let home):
            let homeStore = try home.map { site in try mapped { () throws(EventLogError) in try sites.siteStore(site) } }
            if let homeStore, let home { try requireAccounts(homeStore, home) }
            return try mapped { () throws(EventLogError) in
                try BedsideContext(sites: sites, home: homeStore, criteria: criteria, trial: trial, signedIn: nil, colors: colors)
            }
        }
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
        stopping rule tripped, written by the demo's own accounts (an administrator, the \
        principal investigator, a physician, two nurses, a monitor). Their user ids and one-time \
        passwords are printed once; the first sign-in of each asks them to set their own. Then: \
        cd DIR && aegrade board.

        Exit status: 0 written; 2 DIR cannot be written or already holds a log.
        """
    )

    @Argument(help: ArgumentHelp("The directory to write (created if missing).", valueName: "DIR")) var directory: String

    func run() throws {
        let staff: [DemoTrial.Handover]
        do {
            staff = try DemoTrial.write(to: directory, now: ClinicalTime(secondsSinceEpoch: Date().timeIntervalSince1970,
                                                                        offsetSeconds: TimeZone.current.secondsFromGMT()))
        } catch {
            printError("aegrade demo: \(localizedMessage("\(error)"))")
            throw ExitCode(2)
        }
        print(localized("Demo trial written to {log} and {protocol}.", ["log": "\(directory)/aegrade.db", "protocol": "\(directory)/protocol.yaml"]))
        print(localized("Its accounts, each with a one-time password (shown only now; the first sign-in asks each to set their own):"))
        let width = staff.map(\.user.count).max() ?? 0
        for person in staff {
            print("  \(person.user.padding(toLength: width, withPad: " ", startingAt: 0))  \(person.oneTimePassword)  \(localized("{role}, {name}", ["role": localized(person.role.rawValue), "name": person.name]))")
        }
        print(localized("The laboratory's import account (a service account) has its key in {key}: {command}",
                        ["key": "\(directory)/\(DemoTrial.importKeyName)",
                         "command": "aegrade record --db \(directory)/aegrade.db --key \(directory)/\(DemoTrial.importKeyName) FILE"]))
        print(localized("Open it with: {command}", ["command": "cd \(directory) && aegrade board --user \(staff.first { $0.role == .nurse }?.user ?? "ID")"]))
    }
}
