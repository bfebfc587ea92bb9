import Clinical
import Grading
import Localization
import Yams

extension ProtocolLoader {
    static let doseFindingCommonKeys = ["doses", "design"]
    static let threePlusThreeKeys = ["expandTopDose", "deescalation"]
    static let intervalKeys = ["target", "cohortSize", "maxSubjects", "stopAtSubjectsOnDose", "elimination"]
    static let eliminationKeys = ["cutoff", "minSubjects", "extraSafe"]

    /// The `doseFinding:` section: dose levels, the design and its parameters (README, "Dose finding").
    ///
    /// ```yaml
    /// doseFinding:
    ///   doses:
    ///     - {label: DL1, dose: 1e6/kg}
    ///     - {label: DL2, dose: 3e6/kg}
    ///   design: boin            # 3+3, boin, mtpi2 or i3+3
    ///   target: 0.3             # boin, mtpi2, i3+3
    ///   phi1: 0.18              # boin only; default 0.6 × target (phi2: 1.4 × target)
    ///   eps1: 0.05              # mtpi2 and i3+3; default 0.05 (and eps2)
    ///   cohortSize: 3           # default 3
    ///   maxSubjects: 30
    ///   stopAtSubjectsOnDose: 12
    ///   elimination: {cutoff: 0.95, minSubjects: 3, extraSafe: false}
    ///   expandTopDose: false    # 3+3 only, required there
    ///   deescalation: stop      # 3+3 only, required there: continue or stop
    /// ```
    /// A key that does not belong to the named design is an error, so that a protocol never
    /// carries a parameter the design ignores.
    func doseFinding(_ node: Node, line: Int) throws(ProtocolError) -> DoseFindingPlan {
        let what = "doseFinding"
        var reader = try YAMLReader(node, file: file, what: what, line: line)
        let doses = try doseLevels(&reader)
        let (designText, designLine) = try reader.requireText("design", in: what)
        guard let name = DoseFindingDesign.Name(rawValue: designText) else {
            let allowed = DoseFindingDesign.Name.allCases.map(\.rawValue).joined(separator: ", ")
            throw reader.error(localized("{what}: design must be one of {allowed}, found {value}", ["what": what, "allowed": allowed, "value": PrintableText.quoted(designText)]),
                               line: designLine)
        }
        if name == .threePlusThree {
            guard let expand = try reader.bool("expandTopDose") else {
                throw reader.error(localized("{what}: 3+3 needs \"expandTopDose\" (true or false): the variant changes the operating characteristics", ["what": what]))
            }
            let (text, textLine) = try reader.requireText("deescalation", in: localized("{what}: 3+3 (continue or stop)", ["what": what]))
            guard let deescalation = ThreePlusThree.Deescalation(rawValue: text) else {
                throw reader.error(localized("{what}: deescalation must be continue or stop, found {value}", ["what": what, "value": PrintableText.quoted(text)]), line: textLine)
            }
            try reader.finish(allowed: Self.doseFindingCommonKeys + Self.threePlusThreeKeys, in: "\(what) (3+3)")
            return DoseFindingPlan(doses: doses, design: .threePlusThree(ThreePlusThree(expandTopDose: expand, deescalation: deescalation)),
                                   maxSubjects: 6 * doses.count)
        }
        var lines: [String: Int] = ["design": designLine]
        func probability(_ key: String, _ reader: inout YAMLReader) throws(ProtocolError) -> Double? {
            guard reader.has(key) else { return nil }
            let (value, keyLine) = try reader.requireProbability(key, what: what)
            lines[key] = keyLine
            return value
        }
        guard let target = try probability("target", &reader) else { throw reader.error(localized("{what}: {design} needs \"target\"", ["what": what, "design": name.rawValue])) }
        let (maxSubjects, _) = try reader.requireInteger("maxSubjects", in: 1...StoppingBoundary.maxSupportedSubjects, what: "\(what): \(name.rawValue)")
        let cohortSize = try reader.integer("cohortSize", in: 1...max(1, min(maxSubjects, 100)))?.0 ?? 3
        let stopAt = try reader.integer("stopAtSubjectsOnDose", in: 1...maxSubjects)?.0
        let elimination = try eliminationRule(&reader, lines: &lines)
        let isBOIN = name == .boin
        var phi1: Double?, phi2: Double?, eps1: Double?, eps2: Double?
        if isBOIN {
            phi1 = try probability("phi1", &reader)
            phi2 = try probability("phi2", &reader)
        } else {
            eps1 = try probability("eps1", &reader)
            eps2 = try probability("eps2", &reader)
        }
        let design: DoseFindingDesign
        do throws(DoseFindingError) {
            switch name {
            case .boin: design = .boin(try BOIN(target: target, phi1: phi1, phi2: phi2, elimination: elimination))
            case .mtpi2: design = .mtpi2(try MTPI2(target: target, eps1: eps1 ?? 0.05, eps2: eps2 ?? 0.05, elimination: elimination))
            case .i3plus3, .threePlusThree:
                design = .i3plus3(try I3Plus3(target: target, eps1: eps1 ?? 0.05, eps2: eps2 ?? 0.05, elimination: elimination))
            }
        } catch {
            // Point at the parameter the message names.
            let key = ["phi1", "phi2", "eps1", "eps2", "target", "elimination"].first { error.message.contains($0) } ?? "design"
            throw reader.error(localized("{what}: {reason}", ["what": what, "reason": localizedMessage(error.message)]), line: lines[key] ?? lines["elimination"] ?? designLine)
        }
        try reader.finish(allowed: Self.doseFindingCommonKeys + Self.intervalKeys + (isBOIN ? ["phi1", "phi2"] : ["eps1", "eps2"]), in: "\(what) (\(name.rawValue))")
        return DoseFindingPlan(doses: doses, design: design, cohortSize: cohortSize, maxSubjects: maxSubjects, stopAtSubjectsOnDose: stopAt)
    }

    /// `doses:`, a list of `{label, dose}`, labels unique.
    private func doseLevels(_ reader: inout YAMLReader) throws(ProtocolError) -> [DoseLevel] {
        let (node, line) = try reader.require("doses", in: "doseFinding")
        let elements = try node.sequence(file: file, what: "doseFinding: doses")
        guard !elements.isEmpty else { throw reader.error(localized("doseFinding: doses must list at least one dose level"), line: line) }
        var doses: [DoseLevel] = [], seen: [String: Int] = [:]
        for element in elements {
            var entry = try YAMLReader(element, file: file, what: localized("a dose level"), line: element.mark?.line ?? line)
            let (label, labelLine) = try entry.requireText("label", in: localized("a dose level"))
            let (dose, _) = try entry.requireText("dose", in: localized("dose level {label}", ["label": PrintableText.quoted(label)]))
            try entry.finish(allowed: ["label", "dose"], in: localized("a dose level"))
            if let first = seen[label] { throw entry.error(localized("dose label {label} is already used on line {line}", ["label": PrintableText.quoted(label), "line": "\(first)"]), line: labelLine) }
            seen[label] = labelLine
            doses.append(DoseLevel(label: label, dose: dose))
        }
        return doses
    }

    /// `elimination: {cutoff, minSubjects, extraSafe}`, each optional (0.95, 3, false).
    private func eliminationRule(_ reader: inout YAMLReader, lines: inout [String: Int]) throws(ProtocolError) -> Elimination {
        guard let (node, line) = reader.take("elimination") else { return Elimination() }
        lines["elimination"] = line
        var spec = try YAMLReader(node, file: file, what: "doseFinding: elimination", line: line)
        var rule = Elimination()
        if spec.has("cutoff") { rule.cutoff = try spec.requireProbability("cutoff", what: "doseFinding: elimination").0 }
        if let (n, _) = try spec.integer("minSubjects", in: 1...1000) { rule.minSubjects = n }
        if let extraSafe = try spec.bool("extraSafe") { rule.extraSafe = extraSafe }
        try spec.finish(allowed: Self.eliminationKeys, in: "doseFinding: elimination")
        return rule
    }
}
