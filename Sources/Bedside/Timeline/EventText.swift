import Clinical
import Localization

/// Events in words, for the timeline and the replay: what an assessment found, what a grades,
/// correction or override event says, what a trial event records. One line each, no colour.
enum EventText {
    /// `CRS`, `ICANS`, or the criteria id (with its term: `ctcae-5-labs alt`).
    static func criteriaName(_ criteria: String, term: String? = nil) -> String {
        switch criteria {
        case TriageBoardState.crsCriteria: return "CRS"
        case TriageBoardState.icansCriteria: return "ICANS"
        default: return criteria + (term.map { " \($0)" } ?? "")
        }
    }

    /// `3`, or `?` when not assessable.
    static func grade(_ grade: Int?) -> String { grade.map(String.init) ?? "?" }

    /// `CRS 2 · ICANS 0 · ctcae-5-labs alt 1`: CRS and ICANS first, the others after.
    static func grades(_ grades: [LoggedGrade]) -> String {
        let ordered = grades.sorted { a, b in rank(a.criteria) != rank(b.criteria) ? rank(a.criteria) < rank(b.criteria)
                                                                             : (a.criteria, a.term ?? "") < (b.criteria, b.term ?? "") }
        return ordered.map { "\(criteriaName($0.criteria, term: $0.term)) \(grade($0.grade))" }.joined(separator: " · ")
    }

    private static func rank(_ criteria: String) -> Int {
        criteria == TriageBoardState.crsCriteria ? 0 : criteria == TriageBoardState.icansCriteria ? 1 : 2
    }

    /// The temperature of an assessment in °C (converted from °F), when recorded.
    static func temperatureC(_ assessment: JSONValue?) -> Double? {
        guard let temperature = assessment?["vitals"]?["temperature"], case .number(let value)? = temperature["value"] else { return nil }
        if case .string(let unit)? = temperature["unit"], unit == "F" { return (value - 32) * 5 / 9 }
        return value
    }

    /// `38.6°C`.
    static func celsius(_ value: Double) -> String { "\(oneDecimal(value))°C" }

    static func oneDecimal(_ value: Double) -> String {
        let tenths = Int((value * 10).rounded())
        return "\(tenths < 0 ? "-" : "")\(abs(tenths) / 10).\(abs(tenths) % 10)"
    }

    /// The findings of an assessment that drive CRS and ICANS, in clinical words: `38.6°C ·
    /// hypotension · norepinephrine · O₂ nasal cannula 4 L/min · ICE 8 · awakens to voice`.
    static func assessment(_ assessment: JSONValue?) -> String {
        guard let assessment else { return "" }
        var parts: [String] = []
        if let t = temperatureC(assessment) { parts.append(celsius(t)) }
        if assessment["vitals"]?["hypotension"] == .bool(true) { parts.append(localized("hypotension")) }
        if case .array(let pressors)? = assessment["support"]?["vasopressors"], !pressors.isEmpty {
            parts.append(pressors.compactMap { if case .string(let drug)? = $0["drug"] { ClinicalWords.pressor(drug) } else { nil } }.joined(separator: "+"))
        }
        if case .string(let device)? = assessment["support"]?["oxygen"]?["device"], device != "roomAir" {
            var oxygen = "O₂ \(ClinicalWords.oxygenDevice(device))"
            if case .number(let flow)? = assessment["support"]?["oxygen"]?["flowLPerMin"] { oxygen += " \(JSONValue.format(flow)) L/min" }
            parts.append(oxygen)
        }
        if let ice = assessment["neuro"]?["ice"] {
            if case .number(let total)? = ice["total"] { parts.append("ICE \(JSONValue.format(total))") }
            else if case .string(let unable)? = ice["unable"] { parts.append(localized("ICE unable ({reason})", ["reason": ClinicalWords.iceUnable(unable)])) }
            else if case .object(let items) = ice {
                let total = items.reduce(0.0) { sum, item in if case .number(let n) = item.1 { sum + n } else { sum } }
                parts.append("ICE \(JSONValue.format(total))")
            }
        }
        if case .string(let consciousness)? = assessment["neuro"]?["consciousness"], consciousness != "alert" { parts.append(ClinicalWords.consciousness(consciousness)) }
        if case .string(let seizure)? = assessment["neuro"]?["seizure"], seizure != "none" { parts.append(localized("seizure {kind}", ["kind": ClinicalWords.seizure(seizure)])) }
        if case .string(let death)? = assessment["outcome"]?["death"] { parts.append(localized("† death ({cause})", ["cause": ClinicalWords.deathCause(death)])) }
        return parts.joined(separator: " · ")
    }

    /// What an event records, in one line (the kind is not repeated).
    static func payload(_ event: RecordedEvent) -> String {
        switch event.kind {
        case .genesis:
            return localized("log created") + " · \(event.payloadString(.productVersion).map { "aegrade \($0)" } ?? "") · SQLite \(event.payloadString(.sqliteVersion) ?? "?")"
        case .observation:
            return assessment(event.payload[.assessment])
        case .correction:
            let target = localized("supersedes {event}", ["event": number(event.payload[.supersedesSeq]).map { "#\($0)" } ?? event.supersedes ?? "?"])
            return "\(target) — \(event.payloadString(.reason) ?? localized("no reason")) · \(assessment(event.payload[.assessment]))"
        case .grades:
            let of = number(event.payload[.observationSeq]).map { localized("of #{seq}: ", ["seq": String($0)]) } ?? ""
            return of + grades(event.loggedGrades)
        case .override:
            guard let logged = event.loggedGrades.first else { return localized("malformed override") }
            let computed = number(event.payload[.computedGrade]).map(String.init) ?? "?"
            let target = number(event.payload[.supersedesSeq]).map { localized(" (grades #{seq})", ["seq": String($0)]) } ?? ""
            return "\(criteriaName(logged.criteria, term: logged.term)) \(computed)→\(grade(logged.grade))\(target) — \(event.payloadString(.reason) ?? localized("no reason"))"
        case .enrollment:
            return event.cohort.map { localized("cohort {cohort}", ["cohort": $0]) } ?? localized("no cohort")
        case .infusion:
            return [event.payloadString(.product), event.payloadString(.dose), event.cohort.map { localized("cohort {cohort}", ["cohort": $0]) }]
                .compactMap { $0 }.joined(separator: " · ")
        case .treatment:
            return [event.drug.map(ClinicalWords.drug), event.payloadString(.dose)].compactMap { $0 }.joined(separator: " ") + reason(event)
        case .death:
            return localized("cause {cause}", ["cause": event.deathCause.map(ClinicalWords.deathCause) ?? localized("not stated")]) + reason(event)
        case .rclDetected:
            return localized("assay {assay}", ["assay": event.payloadString(.assay) ?? localized("not stated")]) + reason(event)
        case .manufacturingFailure:
            let replaced = event.replaced.map { $0 ? localized(" · replaced") : localized(" · not replaced") } ?? ""
            return (event.failureReason ?? localized("no reason stated")) + replaced
        case .note:
            return event.payloadString(.text) ?? event.payloadString(.reason) ?? event.payload.compactText
        case .ruleStatus:
            guard let status = event.loggedRuleStatus else { return localized("malformed rule status") }
            let counts = status.counts.keys.sorted().map { "\($0) \(status.counts[$0]!)" }.joined(separator: ", ")
            return ClinicalWords.ruleStatus(status.status) + (status.tripped.isEmpty ? "" : localized(" — tripped {rules}", ["rules": status.tripped.joined(separator: ", ")]))
                + (counts.isEmpty ? "" : localized(" · counts {counts}", ["counts": counts]))
        case .userAdmin, .login, .security:
            return account(event)
        case .logKey:
            return localized("the log's signing key ") + String((event.payloadString(.logKey) ?? "?").prefix(16)) + "…"
        case .clockAnomaly:
            let previous = event.payloadString(.previousRecordTime) ?? "?", this = event.payloadString(.recordTime) ?? "?"
            return (event.payloadString(.direction) == "forward"
                    ? localized("clock set forward: previous record {previous}, this record {this}", ["previous": previous, "this": this])
                    : localized("clock set back: previous record {previous}, this record {this}", ["previous": previous, "this": this]))
                + (event.payload[.monotonicSeconds].flatMap { if case .number(let s) = $0 { localized(" ({seconds} s of monotonic time between)", ["seconds": "\(s)"]) } else { nil } } ?? "")
        case .signature:
            guard let signature = event.loggedSignature else { return localized("malformed signature") }
            return localized("{meaning} — {name} signs {events}", ["meaning": localized(signature.meaning.words), "name": signature.name,
                                                                   "events": signature.signs.map { "#\($0.seq)" }.joined(separator: ", ")])
                + (signature.reason.map { " — \($0)" } ?? "")
        }
    }

    /// An account event in one line: "created nurse.li (Li Mei; nurse)", "failedSignIn dr.x — wrongPassword".
    private static func account(_ event: RecordedEvent) -> String {
        let action = event.payloadString(.action) ?? "?"
        let user = event.payloadString(.user) ?? event.author.id
        var details: [String] = []
        if let name = event.payloadString(.name) { details.append(name) }
        if case .array(let roles)? = event.payload[.roles] {
            details.append(roles.compactMap { if case .string(let role) = $0 { role } else { nil } }.joined(separator: ", "))
        }
        if let role = event.payloadString(.role) { details.append(role) }
        if let method = event.payloadString(.method) { details.append(method) }
        return "\(localized(action)) \(user)" + (details.isEmpty ? "" : " (\(details.joined(separator: "; ")))") + reason(event)
    }

    private static func reason(_ event: RecordedEvent) -> String {
        event.payloadString(.reason).map { " — \($0)" } ?? ""
    }

    static func number(_ value: JSONValue?) -> Int? {
        if case .number(let n)? = value { return Int(exactly: n) }
        return nil
    }

    /// The kind as a person reads it.
    static func kind(_ kind: EventKind) -> String {
        switch kind {
        case .rclDetected: localized("RCL detected")
        case .manufacturingFailure: localized("manufacturing failure")
        case .ruleStatus: localized("rule status")
        case .userAdmin: localized("user admin")
        case .logKey: localized("log key")
        case .clockAnomaly: localized("clock anomaly")
        case .enrollment: localized("enrolment")
        default: localized(kind.rawValue)
        }
    }
}
