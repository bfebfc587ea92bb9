import Clinical
import Foundation
import Grading
import Localization

/// The grades of the form as it stands, recomputed on every keystroke, and the values left out
/// because they were rejected (graded as unknown, and shown on their field).
package struct LiveGrades: Equatable, Sendable {
    package var results: [CriteriaResult]
    /// Values left out of the grading, each naming its field: not a number, or a hard
    /// plausibility limit (101.3 °C, FiO2 40).
    package var issues: [InputError]
    /// Unusual but possible values and inconsistencies (`Plausibility`).
    package var warnings: [String]

    package static let crs = "astct-2019-crs"
    package static let icans = "astct-2019-icans"

    package init(results: [CriteriaResult] = [], issues: [InputError] = [], warnings: [String] = []) {
        self.results = results
        self.issues = issues
        self.warnings = warnings
    }

    /// Grades `draft` as it stands: what cannot be read is left out (so it is missing, never 0)
    /// and reported; grading goes on with the rest. A new patient without an id yet is graded
    /// under a placeholder id.
    package static func evaluate(_ draft: FormDraft, criteria: CriteriaSet, now: ClinicalTime? = nil) -> LiveGrades {
        var draft = draft
        if draft.text(.patientID).trimmingCharacters(in: .whitespaces).isEmpty { draft.setText("(new patient)", for: .patientID) }
        let built = draft.assessmentJSON(now: now)
        var json = built.json
        var issues = built.issues
        // Each round takes out one rejected value; an assessment has far fewer values than this.
        for _ in 0..<24 {
            do {
                let assessment = try Assessment(json: json)
                let warnings = try Plausibility.check(assessment)
                if let now {
                    // A time ahead of the clock is shown on its field as it is typed, not only on saving.
                    do { _ = try ClinicalTimeGuard.check(assessment.time, field: "time", now: now) } catch { issues.append(error) }
                }
                return LiveGrades(results: criteria.evaluate(assessment), issues: issues, warnings: warnings)
            } catch let error as InputError {
                issues.append(error)
                guard let smaller = json.removing(path: error.field.text) else { break }
                json = smaller
            } catch {
                break
            }
        }
        return LiveGrades(results: [], issues: issues, warnings: [])
    }

    package func result(_ criteria: String) -> CriteriaResult? { results.first { $0.criteria == criteria && $0.term == nil } }

    /// "CRS 3 ▮▮▮ · ICANS 0 ·" for a status message after a save.
    package var crsAndICANS: String {
        func glyph(_ id: String) -> String {
            let outcome = result(id)?.outcome
            return GradeGlyph.text(grade: outcome?.grade, atLeast: outcome?.atLeast, graded: outcome != nil)
        }
        return "CRS \(glyph(Self.crs)) · ICANS \(glyph(Self.icans))"
    }

    /// The issue that concerns `field`, if any.
    package func issue(for field: FormField, among fields: [FormField]) -> InputError? {
        issues.first { FormField.field(for: $0.field.text, among: fields) == field }
    }

    /// The results that need a `y` before saving: a grade of 3 or more (or at least 3) on a
    /// toxicity grading scale. CTCAE lab terms are left out: grade 3–4 cytopenias are expected
    /// after lymphodepletion, and a prompt on every blood count would teach everyone to press `y`.
    package var severe: [CriteriaResult] {
        results.filter { result in
            guard result.criteria != "ctcae-5-labs", let outcome = result.outcome else { return false }
            return (outcome.grade ?? outcome.atLeast ?? 0) >= 3
        }
    }

    /// "ASTCT CRS", "HLH-2004", "ALT": how a result is named on the form.
    package static func name(_ result: CriteriaResult) -> String {
        if let term = result.term {
            switch term {
            // Lab terms in the current language; the criteria's names below are proper names
            // (ASTCT, CTCAE, HScore …) and stay as their authors wrote them.
            case "neutrophils": return localized("ANC")
            case "anemia": return localized("Anaemia")
            case "hypertriglyceridemia": return localized("TG")
            default: return Analyte(rawValue: term).map { localized(FormField.analyteName($0)) } ?? term
            }
        }
        switch result.criteria {
        case crs: return "ASTCT CRS"
        case icans: return "ASTCT ICANS"
        case "ctcae-5-crs": return "CTCAE CRS"
        case "hlh-2004": return "HLH-2004"
        case "hscore": return "HScore"
        case "cartox-2018-hlh": return "carHLH"
        case "iec-hs-2023": return "IEC-HS"
        default: return result.criteria
        }
    }

    /// The words beside a grade: the reasons, or why it is not assessable and what is missing.
    ///
    /// With the result's criteria id and version, the reasons are shown in the current language
    /// where the criteria's catalogue translates them all (`ReasonTranslations`), else in English.
    package static func explanation(_ outcome: GradeOutcome, criteria: String? = nil, version: String? = nil) -> String {
        let language = Localization.language
        let reasons = criteria.flatMap { criteria in
            version.map { ReasonTranslations.bundled.reasons(outcome.reasons, criteria: criteria, version: $0, in: language).texts }
        } ?? outcome.reasons
        let separator = language == .simplifiedChinese ? "；" : "; "
        if outcome.grade != nil { return reasons.joined(separator: separator) }
        var text = localized("not assessable — ")
        if let atLeast = outcome.atLeast {
            text += localized("at least {grade} ({reasons}); ", ["grade": String(atLeast), "reasons": reasons.joined(separator: separator)])
        }
        return text + localized("missing {fields}", ["fields": outcome.missing.map { localized(FormField.shortName(of: $0.text)) }.joined(separator: ", ")])
    }

    /// The explanation of `result`'s grade, its reasons in the current language where translated.
    package static func explanation(_ result: CriteriaResult) -> String? {
        result.outcome.map { explanation($0, criteria: result.criteria, version: result.version) }
    }

    /// One compact cell of a result other than the two ASTCT grades: "ALT 2 ▮▮", "HLH-2004 ✗ 2/8",
    /// "HScore ?91–250".
    package static func compact(_ result: CriteriaResult) -> String {
        let name = name(result)
        switch result.value {
        case .grade(let outcome):
            return "\(name) \(GradeGlyph.text(grade: outcome.grade, atLeast: outcome.atLeast))"
        case .criteriaSet(let outcome):
            let mark: String = outcome.decides ? (outcome.met.map { $0 ? localized("✓ met") : localized("✗ not met") } ?? localized("? open"))
                : localized("features")
            return "\(name) \(mark) \(outcome.count)/\(outcome.of)"
        case .score(let outcome):
            if let score = outcome.score { return "\(name) \(score)" + (outcome.meetsCutoff == true ? localized(" ≥ cut-off") : "") }
            return "\(name) ?\(outcome.low)–\(outcome.high)"
        }
    }

    /// The grade digit of a result, for its style (nil when not a grade or not assessable).
    package static func grade(_ result: CriteriaResult) -> Int? {
        switch result.value {
        case .grade(let outcome): return outcome.grade
        case .criteriaSet(let outcome): return outcome.met == true ? 4 : nil
        case .score(let outcome): return outcome.meetsCutoff == true ? 4 : nil
        }
    }
}
