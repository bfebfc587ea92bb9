import Foundation
import Grading
import Localization
import Yams

extension ProtocolLoader {
    static let ruleKeys = ["id", "description", "action", "count", "pocock", "bayes", "stagger"]
    static let ruleTypes = ["count", "pocock", "bayes", "stagger"]

    /// One element of `rules:`: id, description, action, and exactly one of `count`, `pocock`,
    /// `bayes`, `stagger`. Monitoring boundaries are computed here, so a rule that cannot have one
    /// fails at load, on its line.
    func rule(_ node: Node, toxicities: Set<String>) throws(ProtocolError) -> SafetyRule {
        var reader = try YAMLReader(node, file: file, what: localized("a rule"))
        let (id, idLine) = try reader.requireText("id", in: localized("a rule"))
        guard Self.isName(id) else {
            throw reader.error(localized("rule id \"{id}\" must start with a letter and hold only letters, digits, - and _", ["id": id]), line: idLine)
        }
        let what = localized("rule {id}", ["id": id])
        let (description, _) = try reader.requireText("description", in: what)
        let (actionText, actionLine) = try reader.requireText("action", in: what)
        guard let action = SafetyRule.Action(rawValue: actionText) else {
            let allowed = SafetyRule.Action.allCases.map(\.rawValue).joined(separator: ", ")
            throw reader.error(localized("{what}: action must be one of {allowed}, found \"{value}\"", ["what": what, "allowed": allowed, "value": actionText]), line: actionLine)
        }
        let present = Self.ruleTypes.filter { reader.has($0) }
        guard present.count == 1, let type = present.first, let (body, bodyLine) = reader.take(type) else {
            let allowed = Self.ruleTypes.joined(separator: ", ")
            throw reader.error(present.isEmpty ? localized("{what} needs exactly one of {allowed}", ["what": what, "allowed": allowed])
                               : localized("{what} needs exactly one of {allowed}; found {found}",
                                           ["what": what, "allowed": allowed, "found": present.joined(separator: localized(" and "))]))
        }
        var spec = try YAMLReader(body, file: file, what: "\(what): \(type)", line: bodyLine)
        let kind: SafetyRule.Kind
        switch type {
        case "count":
            let names = try toxicityList(&spec, known: toxicities, what: what)
            let (atLeast, _) = try spec.requireInteger("atLeast", in: 1...100_000, what: "\(what): count")
            let ofFirst = try spec.integer("ofFirst", in: 1...100_000)
            if let (n, line) = ofFirst, atLeast > n {
                throw spec.error(localized("{what}: atLeast {atLeast} can never be reached among the first {n} subjects",
                                            ["what": what, "atLeast": "\(atLeast)", "n": "\(n)"]), line: line)
            }
            try spec.finish(allowed: ["toxicity", "atLeast", "ofFirst"], in: "\(what): count")
            kind = .count(toxicities: names, atLeast: atLeast, ofFirst: ofFirst?.0)
        case "pocock":
            let names = try toxicityList(&spec, known: toxicities, what: what)
            let (p0, _) = try spec.requireProbability("p0", what: "\(what): pocock")
            let (alpha, _) = try spec.requireProbability("alpha", what: "\(what): pocock")
            let (n, _) = try spec.requireInteger("maxSubjects", in: 1...StoppingBoundary.maxSupportedSubjects, what: "\(what): pocock")
            try spec.finish(allowed: ["toxicity", "p0", "alpha", "maxSubjects"], in: "\(what): pocock")
            do throws(BoundaryError) {
                kind = .monitoring(toxicities: names, boundary: try .pocock(p0: p0, alpha: alpha, maxSubjects: n))
            } catch { throw spec.error(localized("{what}: {reason}", ["what": what, "reason": localizedMessage(error.message)]), line: bodyLine) }
        case "bayes":
            let names = try toxicityList(&spec, known: toxicities, what: what)
            let (p0, _) = try spec.requireProbability("p0", what: "\(what): bayes")
            let (a, b) = try prior(&spec, what: what)
            let (threshold, _) = try spec.requireProbability("threshold", what: "\(what): bayes")
            let (n, _) = try spec.requireInteger("maxSubjects", in: 1...StoppingBoundary.maxSupportedSubjects, what: "\(what): bayes")
            try spec.finish(allowed: ["toxicity", "p0", "prior", "threshold", "maxSubjects"], in: "\(what): bayes")
            do throws(BoundaryError) {
                kind = .monitoring(toxicities: names, boundary: try .bayes(p0: p0, priorA: a, priorB: b, threshold: threshold, maxSubjects: n))
            } catch { throw spec.error(localized("{what}: {reason}", ["what": what, "reason": localizedMessage(error.message)]), line: bodyLine) }
        default:
            let (days, _) = try spec.requireInteger("days", in: 1...3650, what: "\(what): stagger")
            let firstSubjects = try spec.integer("firstSubjects", in: 2...100_000)?.0
            let perCohort = try spec.bool("perCohort") ?? false
            try spec.finish(allowed: ["days", "firstSubjects", "perCohort"], in: "\(what): stagger")
            kind = .stagger(SafetyRule.Stagger(days: days, firstSubjects: firstSubjects, perCohort: perCohort))
        }
        try reader.finish(allowed: Self.ruleKeys, in: what)
        return SafetyRule(id: id, description: description, action: action, kind: kind)
    }

    /// `toxicity: name` or `toxicity: [name, …]`, each defined under `toxicities`.
    private func toxicityList(_ spec: inout YAMLReader, known: Set<String>, what: String) throws(ProtocolError) -> [String] {
        guard let (names, line) = try spec.textList("toxicity") else { throw spec.error(localized("{what} needs {key}", ["what": what, "key": "\"toxicity\""])) }
        for name in names where !known.contains(name) {
            throw spec.error(localized("{what}: toxicity \"{name}\" is not defined under toxicities", ["what": what, "name": name]), line: line)
        }
        return names
    }

    /// `prior: [a, b]`, both positive numbers.
    private func prior(_ spec: inout YAMLReader, what: String) throws(ProtocolError) -> (Double, Double) {
        guard let (values, line) = try spec.textList("prior") else { throw spec.error(localized("{what}: bayes needs \"prior\" as [a, b]", ["what": what])) }
        let numbers = values.compactMap(Double.init)
        guard values.count == 2, numbers.count == 2, numbers.allSatisfy({ $0 > 0 && $0.isFinite }) else {
            throw spec.error(localized("{what}: prior must be [a, b] with two positive numbers, found [{values}]", ["what": what, "values": values.joined(separator: ", ")]),
                             line: line)
        }
        return (numbers[0], numbers[1])
    }
}
