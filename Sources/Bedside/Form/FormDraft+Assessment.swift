import Clinical
import Foundation
import Grading

/// A draft turned into the assessment JSON of `grade-io.md`, with the values that could not go in.
package struct BuiltAssessment: Equatable, Sendable {
    package var json: JSONValue
    /// Typed values that are not numbers or times: left out of `json`, named by field.
    package var issues: [InputError]
}

extension FormDraft {
    /// The assessment as `aegrade grade` and `aegrade record` take it: the keys of `grade-io.md`
    /// in its order, unknown fields left out. A typed value that is not a number (or a time that is
    /// not a time) is left out too and reported in `issues`; the caller decides whether that
    /// rejects the entry (saving) or only marks the field (live grading).
    ///
    /// - Parameter now: the clock a typed `HH:MM` is read against (its most recent past
    ///   occurrence); the time the form was opened when not given.
    package func assessmentJSON(now: ClinicalTime? = nil) -> BuiltAssessment {
        var issues: [InputError] = []
        func number(_ field: FormField) -> JSONValue? {
            let text = text(field).trimmingCharacters(in: .whitespaces)
            guard !text.isEmpty else { return nil }
            guard let value = Self.number(text) else {
                issues.append(InputError(field: FieldPath(field.path), message: "\"\(text)\" is not a number"))
                return nil
            }
            return .number(value)
        }
        func bool(_ field: FormField) -> JSONValue? { self.bool(field).map(JSONValue.bool) }
        func choice(_ field: FormField) -> JSONValue? { self.choice(field).map(JSONValue.string) }
        func object(_ members: [(String, JSONValue?)]) -> JSONValue? {
            let present = members.compactMap { key, value in value.map { (key, $0) } }
            return present.isEmpty ? nil : .object(present)
        }

        var patient: [(String, JSONValue)] = [("id", .string(text(.patientID).trimmingCharacters(in: .whitespaces)))]
        if let age = number(.ageYears) { patient.append(("ageYears", age)) }
        if let weight = number(.weightKg) { patient.append(("weightKg", weight)) }
        if let delay = bool(.developmentalDelay) { patient.append(("developmentalDelay", delay)) }
        if let immunosuppressed { patient.append(("immunosuppressed", .bool(immunosuppressed))) }
        if let infusionTime { patient.append(("infusionTime", .string(infusionTime))) }

        let time: String
        switch Self.time(text(.time), openedAt: openedAt, now: now) {
        case .success(let text): time = text
        case .failure(let error): issues.append(error); time = openedAt
        }

        var root: [(String, JSONValue)] = [("patient", .object(patient)), ("time", .string(time))]
        let temperature = number(.temperature).map { JSONValue.object([("value", $0), ("unit", .string(temperatureUnit.rawValue))]) }
        if let vitals = object([("temperature", temperature), ("systolicBP", number(.systolicBP)),
                                ("meanArterialPressure", number(.meanArterialPressure)), ("spo2", number(.spo2)),
                                ("hypotension", bool(.hypotension))]) {
            root.append(("vitals", vitals))
        }

        var pressorList: JSONValue?
        if pressorsKnown {
            pressorList = .array(pressors.indices.map { index in
                var members: [(String, JSONValue)] = []
                if let drug = pressors[index].drug { members.append(("drug", .string(drug.rawValue))) }
                if let dose = number(.pressorDose(index)) { members.append(("dose", dose)) }
                members.append(("unit", .string(pressors[index].unit.rawValue)))
                return .object(members)
            })
        }
        var oxygen: JSONValue?
        let flow = number(.flowLPerMin), fio2 = number(.fio2)
        if let device = choice(.oxygenDevice) {
            oxygen = object([("device", device), ("flowLPerMin", flow), ("fio2", fio2)])
        } else if flow != nil || fio2 != nil {
            issues.append(InputError(field: FieldPath(FormField.oxygenDevice.path), message: "pick the oxygen device for the flow or FiO2 typed"))
        }
        if let support = object([("vasopressors", pressorList), ("oxygen", oxygen)]) { root.append(("support", support)) }

        var neuro: [(String, JSONValue?)] = [("ice", iceJSON(&issues)), ("capd", capdJSON(&issues))]
        neuro += [("consciousness", choice(.consciousness)), ("seizure", choice(.seizure)), ("motorWeakness", choice(.motorWeakness)),
                  ("cerebralEdema", choice(.cerebralEdema))]
        neuro += RaisedICPSign.allCases.map { ($0.rawValue, bool(.sign($0))) }
        if let neuro = object(neuro) { root.append(("neuro", neuro)) }

        var labs: [(String, JSONValue)] = []
        for analyte in FormField.labs {
            // A reference limit or baseline without a value (carried over from the last entry) says nothing.
            guard let value = number(.lab(analyte)) else { continue }
            var members: [(String, JSONValue)] = [("value", value), ("unit", .string(labUnit(analyte).rawValue))]
            if let name = FormField.limitName(analyte), let limit = number(.labLimit(analyte)) { members.append((name, limit)) }
            if FormField.hasBaseline(analyte), let baseline = number(.labBaseline(analyte)) { members.append(("baseline", baseline)) }
            labs.append((analyte.rawValue, .object(members)))
        }
        if !labs.isEmpty { root.append(("labs", .object(labs))) }

        if let findings = object([("splenomegaly", bool(.splenomegaly)), ("hepatomegaly", bool(.hepatomegaly)),
                                  ("hemophagocytosis", choice(.hemophagocytosis)), ("lifeThreatening", bool(.lifeThreatening))]) {
            root.append(("findings", findings))
        }
        if let treatments = object([("tocilizumab", bool(.treatment(.tocilizumab))), ("corticosteroids", bool(.treatment(.corticosteroids))),
                                    ("antipyretics", bool(.treatment(.antipyretics))), ("anakinra", bool(.treatment(.anakinra)))]) {
            root.append(("treatments", treatments))
        }
        if !otherCause.isEmpty {
            root.append(("otherCause", .array(OtherCause.allCases.filter(otherCause.contains).map { .string($0.rawValue) })))
        }
        if let death = choice(.death) { root.append(("outcome", .object([("death", death)]))) }
        return BuiltAssessment(json: .object(root), issues: issues)
    }

    private func iceJSON(_ issues: inout [InputError]) -> JSONValue? {
        switch ice {
        case nil: return nil
        case .typed(let text)?:
            guard let total = Self.number(text) else {
                issues.append(InputError(field: "neuro.ice", message: "\"\(text)\" is not a number"))
                return nil
            }
            return .object([("total", .number(total))])
        case .recorded(let ice)?:
            switch ice {
            case let .items(orientation, naming, commands, writing, attention):
                return .object([("orientation", .number(Double(orientation))), ("naming", .number(Double(naming))),
                                ("commands", .number(Double(commands))), ("writing", .number(Double(writing))),
                                ("attention", .number(Double(attention)))])
            case .total(let total): return .object([("total", .number(Double(total)))])
            case .unable(let reason): return .object([("unable", .string(reason.rawValue))])
            }
        }
    }

    private func capdJSON(_ issues: inout [InputError]) -> JSONValue? {
        switch capd {
        case nil: return nil
        case .typed(let text)?:
            guard let total = Self.number(text) else {
                issues.append(InputError(field: "neuro.capd", message: "\"\(text)\" is not a number"))
                return nil
            }
            return .object([("total", .number(total))])
        case .recorded(let capd)?:
            switch capd {
            case .answers(let answers): return .object([("answers", .array(answers.map { .string($0.rawValue) }))])
            case .total(let total): return .object([("total", .number(Double(total)))])
            case .unable: return .object([("unable", .bool(true))])
            }
        }
    }

    /// A number as typed at the bedside: digits with at most one decimal point (`38`, `38.0`, `.5`).
    package static func number(_ text: String) -> Double? {
        let text = text.trimmingCharacters(in: .whitespaces)
        guard text.contains(where: \.isASCIIDigitCharacter), text.allSatisfy({ $0.isASCIIDigitCharacter || $0 == "." }),
              text.filter({ $0 == "." }).count <= 1 else { return nil }
        let normalised = (text.hasPrefix(".") ? "0" : "") + text + (text.hasSuffix(".") ? "0" : "")
        return Double(normalised)
    }

    /// The assessment time from what was typed: ISO 8601 with an offset as is; `HH:MM` at its most
    /// recent occurrence up to `now` (or up to five minutes after it, the clocks' tolerance of
    /// `ClinicalTimeGuard`): at 00:02, `23:00` is yesterday's; `YYYY-MM-DD HH:MM` as written. The
    /// offset is the one the form was opened with.
    package static func time(_ typed: String, openedAt: String, now: ClinicalTime? = nil) -> Result<String, InputError> {
        let text = typed.trimmingCharacters(in: .whitespaces)
        if text.isEmpty { return .failure(InputError(field: "time", message: "required: type HH:MM, or a date and time")) }
        if ClinicalTime(iso8601: text) != nil { return .success(text) }
        let offset = String(openedAt.suffix(6))
        var candidate: String?
        let parts = text.split(whereSeparator: { $0 == " " || $0 == "T" })
        if parts.count == 1, parts[0].count == 5, let opened = ClinicalTime(iso8601: openedAt) {
            let clock = now ?? opened
            let day = String(isoText(clock, offsetSeconds: opened.offsetSeconds).prefix(10))
            let today = "\(day)T\(parts[0]):00\(offset)"
            if let time = ClinicalTime(iso8601: today) {
                // Later today than the clock allows: the most recent occurrence was yesterday.
                candidate = time.secondsSinceEpoch - clock.secondsSinceEpoch > ClinicalTimeGuard.futureTolerance
                    ? isoText(ClinicalTime(secondsSinceEpoch: time.secondsSinceEpoch - 86_400), offsetSeconds: opened.offsetSeconds) : today
            }
        }
        if parts.count == 2, parts[0].count == 10, parts[1].count == 5 { candidate = "\(parts[0])T\(parts[1]):00\(offset)" }
        if let candidate, ClinicalTime(iso8601: candidate) != nil { return .success(candidate) }
        return .failure(InputError(field: "time", message: "\"\(text)\" is not a time: type HH:MM (its last occurrence), YYYY-MM-DD HH:MM, or ISO 8601 with offset"))
    }

    /// `time` written with a UTC offset of `offsetSeconds`: `2026-11-22T08:00:00+08:00`
    /// (``ClinicalTime/iso8601Text(offsetSeconds:)``, the one ISO 8601 writer).
    package static func isoText(_ time: ClinicalTime, offsetSeconds: Int) -> String {
        time.iso8601Text(offsetSeconds: offsetSeconds)
    }
}

extension Character {
    var isASCIIDigitCharacter: Bool { ("0"..."9").contains(self) }
}

extension JSONValue {
    /// This assessment without the value at `path` (an input path such as `vitals.temperature` or
    /// `support.vasopressors[0].dose`), for grading around a rejected value; nil when nothing
    /// could be taken out. A value inside a list takes the whole list out, so that a list never
    /// shrinks into something it was not ("no vasopressors"); a required value that is absent
    /// takes its parent object out. The patient and the time are never taken out.
    package func removing(path: String) -> JSONValue? {
        var keys: [String] = []
        for component in path.split(separator: ".") {
            if let bracket = component.firstIndex(of: "[") {
                keys.append(String(component[..<bracket]))
                break
            }
            keys.append(String(component))
        }
        guard let first = keys.first, first != "patient", first != "time" else { return nil }
        if let removed = removing(keys: keys[...]) { return removed }
        return keys.count > 1 ? removing(path: keys.dropLast().joined(separator: ".")) : nil
    }

    private func removing(keys: ArraySlice<String>) -> JSONValue? {
        guard case .object(var members) = self, let key = keys.first, let index = members.firstIndex(where: { $0.0 == key }) else { return nil }
        if keys.count == 1 {
            members.remove(at: index)
        } else {
            guard let inner = members[index].1.removing(keys: keys.dropFirst()) else { return nil }
            if case .object(let rest) = inner, rest.isEmpty { members.remove(at: index) } else { members[index].1 = inner }
        }
        return .object(members)
    }
}
