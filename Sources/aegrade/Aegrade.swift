import ArgumentParser
import Clinical
import Foundation
import Localization

/// The `aegrade` command: grading of immune-effector-cell toxicities for clinical trials.
@main
struct Aegrade: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "aegrade",
        abstract: "Grade the toxicities of immune-effector-cell therapies (CRS, ICANS, HLH) for clinical trials.",
        discussion: """
        Criteria are reviewed data files (ASTCT 2019, CTCAE v5.0, ...) bundled into the binary; \
        every result names the criteria id, version and content hash that produced it.

        Exit status: 0 success; 1 some input was rejected (see each command); 2 usage error, \
        unreadable file, or criteria that fail to load.

        Language: --lang en|zh (any command), else AEGRADE_LANG, else the locale (LC_ALL, \
        LC_MESSAGES, LANG; zh_CN, zh_SG, zh-Hans: Simplified Chinese); English by default. JSON \
        and CSV output stay English.
        """,
        version: Product.version,
        subcommands: [BoardCommand.self, DemoCommand.self, GradeCommand.self, RecordCommand.self, LogCommand.self, UserCommand.self, CriteriaCommand.self, RulesCommand.self, ReportCommand.self],
        defaultSubcommand: BoardCommand.self
    )

    /// Runs the command, mapping usage errors to exit status 2 as `grade-io.md` requires
    /// (swift-argument-parser's default on Linux is 64).
    static func main() {
        let (language, arguments) = LanguageOption.extract(from: Array(CommandLine.arguments.dropFirst()))
        LanguageOption.apply(flag: language)
        do {
            var command = try parseAsRoot(arguments)
            try command.run()
        } catch {
            if exitCode(for: error) == .validationFailure {
                FileHandle.standardError.write(Data((UsageMessage.translated(fullMessage(for: error)) + "\n").utf8))
                Foundation.exit(2)
            }
            exit(withError: error)
        }
    }
}
