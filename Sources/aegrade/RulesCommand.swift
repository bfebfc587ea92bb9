import ArgumentParser
import Clinical
import Foundation
import Grading
import Safety
import Localization

/// `aegrade rules`: protocol safety rules — check a protocol file, compute stopping boundaries and
/// their operating characteristics.
struct RulesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rules",
        abstract: "Check a protocol's safety rules; compute stopping boundaries, dose-finding tables and operating characteristics.",
        discussion: """
        Boundaries and operating characteristics are computed exactly (binomial and beta sums), \
        as the R packages stoppingrule and clinfun::toxbdry do. Dose-finding designs (3+3, BOIN, \
        mTPI-2, i3+3): `rules table` prints a design's decision table, `rules oc --design` its \
        operating characteristics (exact for 3+3, simulated for the others).

        Exit status: 0 success; 1 the protocol fails its check; 2 usage error or unreadable file.
        """,
        subcommands: [Check.self, Boundary.self, OC.self, Table.self, Status.self, Dose.self]
    )

    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check a protocol file: toxicity definitions, rules, boundaries.",
            discussion: """
            Prints the trial, each toxicity and each rule (with its boundary and its probability of \
            stopping when the rate is p0). Criteria ids are checked against the bundled criteria or \
            --criteria-dir.

            Exit status: 0 the protocol is valid; 1 it is not (each problem as file:line: message on \
            standard error); 2 usage error, unreadable file, or criteria that fail to load.
            """
        )

        @Argument(help: ArgumentHelp("The protocol file (YAML), such as Examples/protocol.yaml.", valueName: "PROTOCOL"))
        var path: String

        @OptionGroup var source: CriteriaSourceOptions

        func run() throws {
            guard let bytes = FileManager.default.contents(atPath: path) else {
                printError("aegrade rules check: " + localized("cannot read {path}", ["path": path]))
                throw ExitCode(2)
            }
            let criteria = try source.load()
            do {
                let loaded = try TrialProtocol.load(bytes: Array(bytes), name: path, criteria: criteria)
                for line in loaded.summaryLines { print(line) }
            } catch {
                printError(error.description)
                throw ExitCode(1)
            }
        }
    }

    struct Boundary: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "The stopping boundary after each evaluable subject n = 1 … N.",
            discussion: """
            For each n, the smallest number of subjects with the toxicity among the first n that stops \
            the trial ("-" when no stop is possible yet). With --json: \
            {"method": …, "n": N, "boundary": [b1, …, bN]}, null where no stop is possible.

            Examples:
              aegrade rules boundary --method pocock --p0 0.2 --alpha 0.1 --n 20
              aegrade rules boundary --method bayes --p0 0.2 --prior 1,1 --threshold 0.9 --n 30 --json

            Exit status: 0 success; 2 usage error (missing or out-of-range option).
            """
        )

        @OptionGroup var rule: BoundaryOptions
        @Flag(help: "Print JSON instead of a table.") var json = false

        func run() throws {
            let boundary = try rule.boundary()
            if json { print(boundary.json.compactText) } else { for line in boundary.tableLines { print(line) } }
        }
    }
}

/// The options that define a monitoring boundary, shared by `rules boundary` and `rules oc`.
struct BoundaryOptions: ParsableArguments {
    enum Method: String, ExpressibleByArgument, CaseIterable {
        case pocock, bayes
    }

    @Option(help: "pocock (Ivanova et al. 2005, needs --alpha) or bayes (beta-binomial, needs --prior and --threshold).")
    var method: Method

    @Option(help: ArgumentHelp("The acceptable toxicity rate, between 0 and 1.", valueName: "P"))
    var p0: Double

    @Option(help: ArgumentHelp("pocock: the probability of stopping when the rate is p0, between 0 and 1.", valueName: "A"))
    var alpha: Double?

    @Option(help: ArgumentHelp("bayes: the Beta(a, b) prior, as a,b (both positive).", valueName: "A,B"))
    var prior: NumberList?

    @Option(help: ArgumentHelp("bayes: stop when P(p > p0 | data) exceeds this, between 0 and 1.", valueName: "T"))
    var threshold: Double?

    @Option(name: .customLong("n"), help: ArgumentHelp("The maximum number of evaluable subjects N (1 to \(StoppingBoundary.maxSupportedSubjects)).", valueName: "N"))
    var maxSubjects: Int

    func validate() throws {
        try Self.check(method: method, p0: p0, alpha: alpha, prior: prior, threshold: threshold, maxSubjects: maxSubjects)
    }

    /// The boundary the options describe (already validated).
    func boundary() throws -> StoppingBoundary {
        try Self.boundary(method: method, p0: p0, alpha: alpha, prior: prior, threshold: threshold, maxSubjects: maxSubjects)
    }

    /// The checks of `validate()`, shared with `rules oc`, whose boundary options are optional.
    static func check(method: Method, p0: Double, alpha: Double?, prior: NumberList?, threshold: Double?, maxSubjects: Int) throws {
        guard p0 > 0, p0 < 1 else { throw ValidationError(localized("--p0 must be between 0 and 1 (exclusive), found {value}", ["value": "\(p0)"])) }
        guard (1...StoppingBoundary.maxSupportedSubjects).contains(maxSubjects) else {
            throw ValidationError(localized("--n must be from 1 to {max}, found {value}", ["max": "\(StoppingBoundary.maxSupportedSubjects)", "value": "\(maxSubjects)"]))
        }
        switch method {
        case .pocock:
            guard let alpha else { throw ValidationError(localized("--method pocock needs --alpha.")) }
            guard alpha > 0, alpha < 1 else { throw ValidationError(localized("--alpha must be between 0 and 1 (exclusive), found {value}", ["value": "\(alpha)"])) }
            if prior != nil || threshold != nil { throw ValidationError(localized("--prior and --threshold belong to --method bayes.")) }
        case .bayes:
            guard let prior, let threshold else { throw ValidationError(localized("--method bayes needs --prior A,B and --threshold T.")) }
            guard prior.values.count == 2, prior.values.allSatisfy({ $0 > 0 && $0.isFinite }) else {
                throw ValidationError(localized("--prior must be two positive numbers a,b"))
            }
            guard threshold > 0, threshold < 1 else { throw ValidationError(localized("--threshold must be between 0 and 1 (exclusive), found {value}", ["value": "\(threshold)"])) }
            if alpha != nil { throw ValidationError(localized("--alpha belongs to --method pocock.")) }
        }
    }

    /// The boundary for checked options.
    static func boundary(method: Method, p0: Double, alpha: Double?, prior: NumberList?, threshold: Double?, maxSubjects: Int) throws -> StoppingBoundary {
        do {
            switch method {
            case .pocock:
                return try StoppingBoundary.pocock(p0: p0, alpha: alpha ?? 0, maxSubjects: maxSubjects)
            case .bayes:
                let values = prior?.values ?? []
                return try StoppingBoundary.bayes(p0: p0, priorA: values.first ?? 0, priorB: values.last ?? 0,
                                                  threshold: threshold ?? 0, maxSubjects: maxSubjects)
            }
        } catch {
            throw ValidationError(localizedMessage(error.description))
        }
    }
}

/// A comma-separated list of numbers (`0.1,0.2`, `1,1`).
struct NumberList: ExpressibleByArgument {
    let values: [Double]

    init?(argument: String) {
        let parts = argument.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        let numbers = parts.compactMap(Double.init)
        guard !parts.isEmpty, numbers.count == parts.count, numbers.allSatisfy(\.isFinite) else { return nil }
        values = numbers
    }
}
