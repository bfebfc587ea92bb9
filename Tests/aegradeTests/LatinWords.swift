import Foundation

/// The Latin-script words on a screen that a Chinese-speaking nurse would have to read as English
/// (issue 18, "Done when": no English word but the abbreviations CRS, ICANS, HLH, ICE, CAPD).
///
/// A word is a run of Latin letters (with the digits, dots and hyphens inside it: `nurse.li`,
/// `P-003`, `HLH-2004`). It is not English to read when it is
/// - one letter: a key (`y/N`, `j/k`) or a symbol (`n = 6`, `D+3`);
/// - a unit or a number with its unit (`mg/L`, `°C`, `3h05m`, `L/min`);
/// - a name the product or the trial gives: the abbreviations above and the clinical ones used
///   as they are in Chinese (DLT, CAR-T, MTD, SpO2 …), the names of the criteria and designs
///   (ASTCT, CTCAE, HScore, Pocock …), key names (Enter, Esc, Tab, Ctrl-C, F2);
/// - an id the test typed or the demo made: patient ids, user ids, the trial id (`extra`).
struct LatinWords {
    /// Words every Chinese screen may show.
    static let allowed: Set<String> = [
        // The abbreviations of issue 18, and the clinical ones Chinese clinicians use as they are
        "CRS", "ICANS", "HLH", "ICE", "CAPD", "DLT", "MTD", "CAR-T", "CAR", "T", "RCL", "CPAP", "BiPAP", "SpO2", "FiO2", "MAP",
        "ALT", "AST", "ANC", "WBC", "LDH", "TG", "CD19", "CD25", "sCD25", "EEG", "IV", "DMC", "ULN", "LLN", "HH", "MM", "SS", "YYYY-MM-DD", "ISO",
        // Names of criteria, scales and designs (proper names, as their authors wrote them)
        "ASTCT", "CTCAE", "HScore", "carHLH", "IEC-HS", "HLH-2004", "Pocock", "Bayes", "BOIN", "Ivanova", "p0", "Beta",
        // The product, its log and its keys
        "aegrade", "SQLite", "Enter", "Esc", "Tab", "Space", "Backspace", "Ctrl-C", "F2", "SI", "NO_COLOR", "PgDn", "PgUp", "Home", "End",
        // Units
        "mg", "kg", "mg/kg", "mg/L", "ug/L", "g/L", "L/min", "min", "mcg/kg/min", "U/L", "mmHg", "mmol/L", "umol/L", "cells/kg",
    ]

    /// The runs of Latin letters in `line`, with what they join (digits, `.`, `-`, `/`, `_`).
    static func words(in line: String) -> [String] {
        var words: [String] = []
        var current = ""
        func flush() {
            let trimmed = current.trimmingCharacters(in: CharacterSet(charactersIn: ".-/_"))
            if trimmed.unicodeScalars.contains(where: isLatinLetter) { words.append(trimmed) }
            current = ""
        }
        for scalar in line.unicodeScalars {
            if isLatinLetter(scalar) || ("0"..."9").contains(scalar) || ".-/_+^".unicodeScalars.contains(scalar) {
                current.unicodeScalars.append(scalar)
            } else {
                flush()
            }
        }
        flush()
        return words
    }

    static func isLatinLetter(_ scalar: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar)
    }

    /// Whether `word` is no English to read (see the type's comment); `extra` are ids of the run.
    static func isAllowed(_ word: String, extra: Set<String>) -> Bool {
        if allowed.contains(word) || extra.contains(word) { return true }
        // A word joined by `/`, `+` or `^` (`y/N`, `1×10^6`, `CAR+`, `j/k`): each part on its own.
        for separator in ["/", "+", "^"] where word.contains(separator) {
            let parts = word.split(separator: Character(separator)).map(String.init)
            if parts.joined() != word { return parts.allSatisfy { isAllowed($0, extra: extra) || !$0.unicodeScalars.contains(where: isLatinLetter) } }
        }
        let letters = word.unicodeScalars.filter(isLatinLetter)
        if letters.count == 1 { return true }
        // A number with its unit, or a duration: `3h05m`, `2d04h`, `45m`, `10s`, `8mg`, `D+3`.
        if word.range(of: #"^[0-9.]*([0-9]+(d|h|m|s|min|mg|kg|g|L))+$"#, options: .regularExpression) != nil { return true }
        return false
    }

    /// The words of `lines` a nurse would have to read as English, with the line each is on.
    static func offending(_ lines: [String], extra: Set<String>) -> [(word: String, line: String)] {
        lines.flatMap { line in words(in: line).filter { !isAllowed($0, extra: extra) }.map { ($0, line) } }
    }
}
