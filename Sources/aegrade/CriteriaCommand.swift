import ArgumentParser
import Clinical
import Foundation
import Grading

/// `aegrade criteria`: inspect and check criteria files.
struct CriteriaCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "criteria",
        abstract: "List the loaded criteria, or check a directory of criteria files.",
        discussion: "Exit status: 0 success; 2 criteria that fail to load (file:line: message on standard error).",
        subcommands: [List.self, Check.self]
    )

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List the criteria: id, version, content hash and source.",
            discussion: "Exit status: 0 listed; 2 the criteria fail to load (file:line: message on standard error)."
        )

        @OptionGroup var source: CriteriaSourceOptions
        @Flag(help: "One JSON object per line instead of a table.") var json = false

        func run() throws {
            let set = try source.load()
            for file in set.files {
                if json { print(file.listingJSON.compactText) } else { file.listingLines.forEach { print($0) } }
            }
        }
    }

    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check that every criteria file of a directory loads.",
            discussion: "Exit status: 0 every file loads; 2 some file does not (each problem as file:line: message on standard error)."
        )

        @Argument(help: ArgumentHelp("The directory of *.yaml criteria files.", valueName: "DIR")) var directory: String

        func run() throws {
            do {
                let set = try CriteriaSet.load(directory: directory)
                for file in set.files { print(file.checkedLine) }
            } catch {
                printError(error.description)
                throw ExitCode(2)
            }
        }
    }
}
