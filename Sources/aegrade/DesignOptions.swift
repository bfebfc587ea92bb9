import ArgumentParser
import Safety
import Localization

/// The options that name a dose-finding design and its parameters, shared by `rules table` and
/// `rules oc --design`.
struct DesignOptions: ParsableArguments {
    @Option(name: .customLong("design"), help: ArgumentHelp("The dose-finding design: boin, mtpi2, i3+3 or 3+3.", valueName: "DESIGN"))
    var designName: DesignArgument?

    @Option(help: ArgumentHelp("boin, mtpi2, i3+3: the target DLT rate φ (0.05 to 0.6).", valueName: "P"))
    var target: Double?

    @Option(help: ArgumentHelp("boin: the highest rate deemed sub-therapeutic (default 0.6 × target).", valueName: "P"))
    var phi1: Double?

    @Option(help: ArgumentHelp("boin: the lowest rate deemed overly toxic (default 1.4 × target).", valueName: "P"))
    var phi2: Double?

    @Option(help: ArgumentHelp("mtpi2, i3+3: the equivalence interval reaches target − eps1 (default 0.05).", valueName: "E"))
    var eps1: Double?

    @Option(help: ArgumentHelp("mtpi2, i3+3: the equivalence interval reaches target + eps2 (default 0.05).", valueName: "E"))
    var eps2: Double?

    @Option(help: ArgumentHelp("boin, mtpi2, i3+3: eliminate a dose when P(p > target | data) exceeds this (default 0.95).", valueName: "C"))
    var cutoff: Double?

    @Option(help: ArgumentHelp("boin, mtpi2, i3+3: the fewest subjects at a dose before it can be eliminated (default 3).", valueName: "N"))
    var eliminationMinN: Int?

    @Flag(help: "boin, mtpi2, i3+3: the extra-safe rule (stop at the lowest dose when P(p > target | data) > cutoff − 0.05).")
    var extraSafe = false

    @Flag(help: "3+3: after 0 of 3 at the top dose, treat 3 more before recommending it.")
    var expandTopDose = false

    @Option(help: ArgumentHelp("3+3: after ≥ 2 DLTs, continue at the next lower dose while it has fewer than 6 (continue), or stop (stop, the default).",
                               valueName: "continue|stop"))
    var deescalation: DeescalationArgument?

    func validate() throws { _ = try design() }

    /// The design the options describe, or nil when `--design` is not given (then no other option
    /// of this group may be).
    func design() throws -> DoseFindingDesign? {
        let intervalGiven = target != nil || cutoff != nil || eliminationMinN != nil || extraSafe
        let threePlusThreeGiven = expandTopDose || deescalation != nil
        guard let name = designName?.name else {
            if intervalGiven || threePlusThreeGiven || phi1 != nil || phi2 != nil || eps1 != nil || eps2 != nil {
                throw ValidationError(localized("The design options need --design."))
            }
            return nil
        }
        if name == .threePlusThree {
            if intervalGiven || phi1 != nil || phi2 != nil || eps1 != nil || eps2 != nil {
                throw ValidationError(localized("--target, --phi1, --phi2, --eps1, --eps2, --cutoff, --elimination-min-n and --extra-safe do not apply to --design 3+3."))
            }
            return .threePlusThree(ThreePlusThree(expandTopDose: expandTopDose, deescalation: deescalation?.value ?? .stops))
        }
        if threePlusThreeGiven { throw ValidationError(localized("--expand-top-dose and --deescalation belong to --design 3+3.")) }
        guard let target else { throw ValidationError(localized("--design {design} needs --target.", ["design": name.rawValue])) }
        var elimination = Elimination(extraSafe: extraSafe)
        if let cutoff { elimination.cutoff = cutoff }
        if let eliminationMinN { elimination.minSubjects = eliminationMinN }
        do {
            switch name {
            case .boin:
                if eps1 != nil || eps2 != nil { throw ValidationError(localized("--eps1 and --eps2 belong to --design mtpi2 and i3+3.")) }
                return .boin(try BOIN(target: target, phi1: phi1, phi2: phi2, elimination: elimination))
            case .mtpi2, .i3plus3:
                if phi1 != nil || phi2 != nil { throw ValidationError(localized("--phi1 and --phi2 belong to --design boin.")) }
                if name == .mtpi2 { return .mtpi2(try MTPI2(target: target, eps1: eps1 ?? 0.05, eps2: eps2 ?? 0.05, elimination: elimination)) }
                return .i3plus3(try I3Plus3(target: target, eps1: eps1 ?? 0.05, eps2: eps2 ?? 0.05, elimination: elimination))
            case .threePlusThree:
                return nil
            }
        } catch let error as DoseFindingError {
            throw ValidationError(localizedMessage(error.message))
        }
    }
}

/// `--design`: one of the design names.
struct DesignArgument: ExpressibleByArgument {
    let name: DoseFindingDesign.Name

    init?(argument: String) {
        guard let name = DoseFindingDesign.Name(rawValue: argument) else { return nil }
        self.name = name
    }

    static var allValueStrings: [String] { DoseFindingDesign.Name.allCases.map(\.rawValue) }
}

/// `--deescalation continue|stop`.
struct DeescalationArgument: ExpressibleByArgument {
    let value: ThreePlusThree.Deescalation

    init?(argument: String) {
        guard let value = ThreePlusThree.Deescalation(rawValue: argument) else { return nil }
        self.value = value
    }

    static var allValueStrings: [String] { ThreePlusThree.Deescalation.allCases.map(\.rawValue) }
}
