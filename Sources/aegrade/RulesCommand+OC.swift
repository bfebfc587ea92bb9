import ArgumentParser
import Clinical
import Safety
import Localization

extension RulesCommand {
    struct OC: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "oc",
            abstract: "Operating characteristics of a stopping boundary (exact) or of a dose-finding design.",
            discussion: """
            With --method: for each rate, the probability of stopping by N, the expected number of \
            evaluable subjects treated and of subjects with the toxicity; with --json also P(stop \
            at n) for every n. Rates default to p0, p0 + 0.1 and p0 + 0.2.

            With --design: for true DLT rates at each dose (--truth), the probability that each dose \
            is selected as the MTD (or none), and the expected subjects and DLTs per dose. 3+3 is \
            exact (every cohort outcome path enumerated); BOIN, mTPI-2 and i3+3 are simulated \
            (--trials, default 10000, from --seed, default 1), each figure with one Monte Carlo \
            standard error; the trials use cohorts of --cohort-size (default 3) up to --n subjects \
            (default 30), and stop early once --stop-at subjects are at a dose the design stays at.

            Examples:
              aegrade rules oc --method pocock --p0 0.2 --alpha 0.1 --n 20 --rates 0.2,0.3,0.4,0.5
              aegrade rules oc --design boin --target 0.3 --truth 0.05,0.12,0.25,0.40 --trials 10000 --seed 1
              aegrade rules oc --design 3+3 --truth 0.05,0.12,0.25,0.40,0.55

            Exit status: 0 success; 2 usage error (missing or out-of-range option).
            """
        )

        @Option(help: "pocock (Ivanova et al. 2005, needs --alpha) or bayes (beta-binomial, needs --prior and --threshold).")
        var method: BoundaryOptions.Method?

        @Option(help: ArgumentHelp("--method: the acceptable toxicity rate, between 0 and 1.", valueName: "P"))
        var p0: Double?

        @Option(help: ArgumentHelp("--method pocock: the probability of stopping when the rate is p0.", valueName: "A"))
        var alpha: Double?

        @Option(help: ArgumentHelp("--method bayes: the Beta(a, b) prior, as a,b (both positive).", valueName: "A,B"))
        var prior: NumberList?

        @Option(help: ArgumentHelp("--method bayes: stop when P(p > p0 | data) exceeds this.", valueName: "T"))
        var threshold: Double?

        @Option(name: .customLong("n"), help: ArgumentHelp("The maximum number of subjects (--method: evaluable subjects monitored; --design: the trial's sample size, default 30).", valueName: "N"))
        var maxSubjects: Int?

        @Option(help: ArgumentHelp("--method: true toxicity rates, comma-separated, each from 0 to 1.", valueName: "P[,P...]"))
        var rates: NumberList?

        @OptionGroup var dose: DesignOptions

        @Option(help: ArgumentHelp("--design: the true DLT rate at each dose, lowest first, comma-separated (1 to 20 doses).", valueName: "P[,P...]"))
        var truth: NumberList?

        @Option(help: ArgumentHelp("--design boin, mtpi2, i3+3: simulated trials (1 to 1000000, default 10000).", valueName: "T"))
        var trials: Int?

        @Option(help: ArgumentHelp("--design boin, mtpi2, i3+3: the simulation's seed (default 1).", valueName: "S"))
        var seed: UInt64?

        @Option(help: ArgumentHelp("--design boin, mtpi2, i3+3: subjects per cohort (default 3).", valueName: "C"))
        var cohortSize: Int?

        @Option(help: ArgumentHelp("--design boin, mtpi2, i3+3: stop once this many are at the current dose and the design stays there.", valueName: "N"))
        var stopAt: Int?

        @Flag(help: "Print JSON instead of a table.") var json = false

        func validate() throws {
            let design = try dose.design()
            switch (method, design) {
            case (nil, nil): throw ValidationError(localized("Give --method (a stopping boundary) or --design (a dose-finding design)."))
            case (.some, .some): throw ValidationError(localized("Give --method or --design, not both."))
            case (.some(let method), nil):
                if truth != nil || trials != nil || seed != nil || cohortSize != nil || stopAt != nil {
                    throw ValidationError(localized("--truth, --trials, --seed, --cohort-size and --stop-at belong to --design."))
                }
                guard let p0, let maxSubjects else { throw ValidationError(localized("--method needs --p0 and --n.")) }
                try BoundaryOptions.check(method: method, p0: p0, alpha: alpha, prior: prior, threshold: threshold, maxSubjects: maxSubjects)
                if let rates, let bad = rates.values.first(where: { !(0...1).contains($0) }) {
                    throw ValidationError(localized("--rates: each rate must be from 0 to 1, found {value}", ["value": "\(bad)"]))
                }
            case (nil, .some(let design)):
                if p0 != nil || alpha != nil || prior != nil || threshold != nil || rates != nil {
                    throw ValidationError(localized("--p0, --alpha, --prior, --threshold and --rates belong to --method."))
                }
                guard let truth else { throw ValidationError(localized("--design needs --truth, the true DLT rate at each dose.")) }
                guard (1...20).contains(truth.values.count), truth.values.allSatisfy({ (0...1).contains($0) }) else {
                    throw ValidationError(localized("--truth must give 1 to 20 rates, each from 0 to 1"))
                }
                if case .threePlusThree = design {
                    if trials != nil || seed != nil || cohortSize != nil || stopAt != nil || maxSubjects != nil {
                        throw ValidationError(localized("--design 3+3 is exact, in cohorts of 3: --trials, --seed, --cohort-size, --stop-at and --n do not apply."))
                    }
                }
                let n = maxSubjects ?? 30
                guard (1...1000).contains(n) else { throw ValidationError(localized("--n must be from 1 to {max}, found {value}", ["max": "1000", "value": "\(n)"])) }
                if let trials, !(1...1_000_000).contains(trials) { throw ValidationError(localized("--trials must be from 1 to 1000000, found {value}", ["value": "\(trials)"])) }
                if let cohortSize, !(1...n).contains(cohortSize) { throw ValidationError(localized("--cohort-size must be from 1 to --n ({n}), found {value}", ["n": "\(n)", "value": "\(cohortSize)"])) }
                if let stopAt, !(1...n).contains(stopAt) { throw ValidationError(localized("--stop-at must be from 1 to --n ({n}), found {value}", ["n": "\(n)", "value": "\(stopAt)"])) }
            }
        }

        func run() throws {
            if let design = try dose.design() {
                try runDesign(design)
                return
            }
            guard let method, let p0, let maxSubjects else { throw ValidationError(localized("Give --method or --design.")) }
            let boundary = try BoundaryOptions.boundary(method: method, p0: p0, alpha: alpha, prior: prior, threshold: threshold, maxSubjects: maxSubjects)
            let chosen = rates?.values ?? [p0, p0 + 0.1, p0 + 0.2].filter { $0 <= 1 }
            let characteristics = chosen.map { boundary.operatingCharacteristics(rate: $0) }
            if json {
                print(boundary.json(operatingCharacteristics: characteristics).compactText)
            } else {
                for line in boundary.tableLines(operatingCharacteristics: characteristics) { print(line) }
            }
        }

        private func runDesign(_ design: DoseFindingDesign) throws {
            let rates = truth?.values ?? []
            let labels = rates.indices.map { "\($0 + 1)" }
            let plan = DoseFindingPlan(doses: labels.map { DoseLevel(label: $0, dose: $0) }, design: design, cohortSize: cohortSize ?? 3,
                                       maxSubjects: maxSubjects ?? 30, stopAtSubjectsOnDose: stopAt)
            let oc: DoseFindingOC? = if case .threePlusThree = design {
                plan.exactOperatingCharacteristics(truth: rates)
            } else {
                plan.simulatedOperatingCharacteristics(truth: rates, trials: trials ?? 10_000, seed: seed ?? 1)
            }
            guard let oc else { throw ValidationError(localized("--truth must give one rate from 0 to 1 per dose")) }
            if json { print(oc.json(design: design, labels: labels).compactText) } else { for line in oc.textLines(design: design, labels: labels) { print(line) } }
        }
    }
}
