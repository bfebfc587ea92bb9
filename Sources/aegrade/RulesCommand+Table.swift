import ArgumentParser
import Clinical
import Safety
import Localization

extension RulesCommand {
    struct Table: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "table",
            abstract: "The decision table of a dose-finding design: n = 1 … N subjects at one dose.",
            discussion: """
            For each n, the DLT counts y that escalate, de-escalate and eliminate ("-" where no \
            y ≤ n does); every other y stays. BOIN de-escalates when y/n > λd, strictly. 3+3 has \
            rows for n = 3 and 6 only, and its step also depends on the neighbouring doses. With \
            --json: {"design": …, "title": …, "convention": …, "rows": [{"n": 6, \
            "escalateIfAtMost": 1, "deescalateIfAtLeast": 3, "eliminateIfAtLeast": 4}, …]}, null \
            for a count no y ≤ n reaches.

            Examples:
              aegrade rules table --design boin --target 0.3 --n 30
              aegrade rules table --design mtpi2 --target 0.3 --eps1 0.05 --eps2 0.05 --n 30 --json

            Exit status: 0 success; 2 usage error (missing or out-of-range option).
            """
        )

        @OptionGroup var dose: DesignOptions

        @Option(name: .customLong("n"), help: ArgumentHelp("The largest number of subjects at one dose in the table (1 to 1000).", valueName: "N"))
        var maxSubjects = 30

        @Flag(help: "Print JSON instead of a table.") var json = false

        func validate() throws {
            guard dose.designName != nil else { throw ValidationError(localized("Give --design (boin, mtpi2, i3+3 or 3+3).")) }
            guard (1...1000).contains(maxSubjects) else { throw ValidationError(localized("--n must be from 1 to {max}, found {value}", ["max": "1000", "value": "\(maxSubjects)"])) }
        }

        func run() throws {
            guard let design = try dose.design() else { throw ValidationError(localized("Give --design.")) }
            let table = DecisionTable(design: design, maxSubjects: maxSubjects)
            if json { print(table.json.compactText) } else { for line in table.textLines { print(line) } }
        }
    }
}
