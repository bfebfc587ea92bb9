import Foundation
import Clinical
import Grading
import Localization
import Yams

extension TrialProtocol {
    static let topLevelKeys = ["trial", "title", "productClass", "dltWindowDays", "assessmentIntervalHours", "toxicities", "dlt",
                               "episodes", "rules", "doseFinding", "boardIdleLock"]

    /// Loads and validates a protocol file from its bytes.
    ///
    /// Every toxicity and rule is checked even after an earlier one failed, so one run names every
    /// problem. Criteria ids are checked against `criteria` when it is given (the bundled set, or a
    /// `--criteria-dir`).
    ///
    /// - Parameters:
    ///   - bytes: the file's content (UTF-8).
    ///   - name: the file name used in error messages.
    ///   - criteria: the criteria the trial grades with; nil skips the id check.
    /// - Throws: ``ProtocolErrors``, each `file:line: message`, in line order.
    package static func load(bytes: [UInt8], name: String, criteria: CriteriaSet? = nil) throws(ProtocolErrors) -> TrialProtocol {
        let root: Node
        do throws(ProtocolError) {
            root = try YAMLReader.compose(bytes, name: name, emptyMessage: localized("empty file: a protocol needs at least a trial, its toxicities and rules"))
        } catch { throw ProtocolErrors([error]) }
        var loader = ProtocolLoader(file: name, criteriaIDs: criteria.map { Set($0.files.map(\.id)) })
        return try loader.load(root)
    }
}

/// One pass over a protocol file's tree, collecting errors.
struct ProtocolLoader {
    let file: String
    /// The criteria ids that exist; nil when not checked.
    let criteriaIDs: Set<String>?
    var errors: [ProtocolError] = []

    init(file: String, criteriaIDs: Set<String>?) {
        self.file = file
        self.criteriaIDs = criteriaIDs
    }

    /// Runs `body`, recording its error instead of stopping; nil when it failed.
    mutating func attempt<T>(_ body: (inout ProtocolLoader) throws(ProtocolError) -> T) -> T? {
        do throws(ProtocolError) { return try body(&self) } catch {
            errors.append(error)
            return nil
        }
    }

    mutating func load(_ root: Node) throws(ProtocolErrors) -> TrialProtocol {
        let protocolFile = localized("a protocol file")
        guard var reader = attempt({ loader throws(ProtocolError) in try YAMLReader(root, file: loader.file, what: protocolFile) }) else {
            throw ProtocolErrors(errors)
        }
        let trial = attempt { _ throws(ProtocolError) in try reader.requireText("trial", in: protocolFile).0 }
        let title = attempt { _ throws(ProtocolError) in try reader.text("title")?.0 } ?? nil
        let productClass = attempt { _ throws(ProtocolError) -> ProductClass in
            let (text, line) = try reader.requireText("productClass", in: protocolFile)
            guard let value = ProductClass(rawValue: text) else {
                throw reader.error(localized("productClass must be one of {allowed}, found \"{value}\"",
                                              ["allowed": ProductClass.allCases.map(\.rawValue).joined(separator: ", "), "value": text]), line: line)
            }
            return value
        }
        let window = attempt { _ throws(ProtocolError) in try reader.requireInteger("dltWindowDays", in: 1...365, what: protocolFile).0 }
        let interval = attempt { _ throws(ProtocolError) in
            try reader.requireInteger("assessmentIntervalHours", in: 1...8760, what: protocolFile).0
        }
        let idleLock = attempt { _ throws(ProtocolError) in try reader.duration("boardIdleLock", in: TrialProtocol.idleLockRange) }
        var toxicities: [ToxicityDefinition] = []
        // Every toxicity name written, loaded or not, so that a broken definition is reported once
        // and not again by each rule that names it.
        var declared: Set<String> = []
        if let (node, toxicitiesLine) = attempt({ _ throws(ProtocolError) in try reader.require("toxicities", in: protocolFile) }) {
            if var map = attempt({ loader throws(ProtocolError) in try YAMLReader(node, file: loader.file, what: "toxicities", line: toxicitiesLine) }) {
                let entries = map.takeAll()
                if entries.isEmpty { errors.append(map.error(localized("toxicities must define at least one toxicity"))) }
                for entry in entries {
                    declared.insert(entry.key)
                    if let definition = attempt({ loader throws(ProtocolError) in try loader.toxicity(entry.key, entry.value, line: entry.line) }) {
                        toxicities.append(definition)
                    }
                }
            }
        }
        var dlt: [String] = toxicities.filter(\.withinDLTWindow).map(\.id)
        if let list = attempt({ _ throws(ProtocolError) in try reader.textList("dlt") }), let (ids, line) = list {
            for id in ids where !declared.contains(id) {
                errors.append(reader.error(localized("dlt names \"{id}\", which is not a toxicity defined under toxicities", ["id": id]), line: line))
            }
            dlt = ids
        }
        var episodes = TrialProtocol.defaultEpisodeCriteria
        if let list = attempt({ _ throws(ProtocolError) in try reader.textList("episodes") }), let (ids, line) = list {
            for id in ids { if let message = unknownCriteria(id) { errors.append(reader.error("episodes: \(message)", line: line)) } }
            episodes = ids
        }
        var rules: [SafetyRule] = []
        if let (node, line) = attempt({ _ throws(ProtocolError) in try reader.require("rules", in: protocolFile) }) {
            if let elements = attempt({ loader throws(ProtocolError) in try node.sequence(file: loader.file, what: "rules") }) {
                if elements.isEmpty { errors.append(reader.error(localized("rules must list at least one rule"), line: line)) }
                var seen: [String: Int] = [:]
                for element in elements {
                    guard let rule = attempt({ loader throws(ProtocolError) in try loader.rule(element, toxicities: declared) }) else { continue }
                    let ruleLine = element.mark?.line ?? line
                    if let first = seen[rule.id] {
                        errors.append(reader.error(localized("rule id \"{id}\" is already used on line {line}", ["id": rule.id, "line": "\(first)"]), line: ruleLine))
                    }
                    seen[rule.id] = ruleLine
                    rules.append(rule)
                }
            }
        }
        var doseFinding: DoseFindingPlan?
        if let (node, line) = reader.take("doseFinding") {
            doseFinding = attempt { loader throws(ProtocolError) in try loader.doseFinding(node, line: line) }
        }
        _ = attempt { _ throws(ProtocolError) in try reader.finish(allowed: TrialProtocol.topLevelKeys, in: protocolFile) }
        guard errors.isEmpty, let trial, let productClass, let window, let interval else {
            throw ProtocolErrors(errors.sorted { $0.line < $1.line })
        }
        return TrialProtocol(trial: trial, title: title, productClass: productClass, dltWindowDays: window, assessmentIntervalHours: interval,
                             toxicities: toxicities, dltToxicities: dlt, episodeCriteria: episodes, rules: rules,
                             doseFinding: doseFinding, idleLockSeconds: (idleLock ?? nil) ?? TrialProtocol.defaultIdleLockSeconds)
    }

    /// Why `id` is not a usable criteria id, or nil when it is (or criteria are not checked).
    func unknownCriteria(_ id: String) -> String? {
        guard let criteriaIDs, !criteriaIDs.contains(id) else { return nil }
        return localized("unknown criteria id \"{id}\"; loaded: {loaded}", ["id": id, "loaded": criteriaIDs.sorted().joined(separator: ", ")])
    }

    static func isName(_ text: String) -> Bool {
        text.range(of: "^[A-Za-z][A-Za-z0-9_-]*$", options: .regularExpression) != nil
    }
}
