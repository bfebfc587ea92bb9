extension LabUnit {
    /// The spellings laboratory systems and CDISC LB data use for this unit, UCUM forms included
    /// (the table of `Criteria/README.md`, "Laboratory units and their spellings").
    ///
    /// Written with `u` for micro and `x` for the multiplication sign; ``init(spelling:for:)``
    /// folds µ (U+00B5), μ (U+03BC) and × into them and ignores case, except for a leading g/G.
    package var spellings: [String] {
        switch self {
        case .perNanoliter:
            ["10^9/L", "10*9/L", "10E9/L", "x10E9/L", "x10^9/L", "x10*9/L", "G/L", "/nL",
             "10^3/uL", "10*3/uL", "10E3/uL", "x10E3/uL", "x10^3/uL", "K/uL", "10^3/mm3"]
        case .perMicroliter: ["/uL", "/mm3", "cells/uL", "{cells}/uL"]
        case .gramsPerLiter: ["g/L"]
        case .gramsPerDeciliter: ["g/dL"]
        case .microgramsPerLiter: ["ug/L", "mcg/L"]
        case .nanogramsPerMilliliter: ["ng/mL"]
        case .millimolesPerLiter: ["mmol/L"]
        case .milligramsPerDeciliter: ["mg/dL"]
        case .unitsPerLiter: ["U/L", "IU/L", "[IU]/L"]
        case .micromolesPerLiter: ["umol/L"]
        case .unitsPerMilliliter: ["U/mL"]
        }
    }

    /// The unit `text` spells among the units `analyte` accepts, or nil when it spells none of them.
    ///
    /// Case does not matter (`mg/dl`, `UMOL/L`), and µ, μ and u are one letter, with one exception:
    /// a leading g is the gram and a leading G the giga prefix, so `G/L` (10⁹/L) is never read as
    /// `g/L` (grams per litre) or the reverse: the two are units of different analytes.
    package init?(spelling text: String, for analyte: Analyte) {
        // Most inputs spell a unit as the spec does: compared with the analyte's own units first,
        // without hashing. (Each unit's spec spelling is its first spelling, and no unit of an
        // analyte spells another unit of it, so the table below gives the same answer.)
        for unit in Self.unitsBySlot[analyte.slot] where unit.rawValue == text {
            self = unit
            return
        }
        // Laboratory systems send the same few spellings again and again: those in the table are
        // looked up as typed, each resolved once by the rule below; anything else is folded here.
        if let known = Self.resolved[analyte]?[text] {
            self = known
            return
        }
        guard let unit = Self.resolve(text, for: analyte) else { return nil }
        self = unit
    }

    /// `Analyte.units` of each analyte, by its slot, made once.
    private static let unitsBySlot: [[LabUnit]] = Analyte.allCases.map(\.units)

    /// Every spelling of the table, as listed, in lower case and in upper case, resolved for every
    /// analyte by ``resolve(_:for:)`` (absent where that finds no unit).
    private static let resolved: [Analyte: [String: LabUnit]] = {
        let spellings = Set(LabUnit.allCases.flatMap(\.spellings).flatMap { [$0, $0.lowercased(), $0.uppercased()] })
        var table: [Analyte: [String: LabUnit]] = [:]
        for analyte in Analyte.allCases {
            var units: [String: LabUnit] = [:]
            for spelling in spellings { units[spelling] = LabUnit.resolve(spelling, for: analyte) }
            table[analyte] = units
        }
        return table
    }()

    private static func resolve(_ text: String, for analyte: Analyte) -> LabUnit? {
        let key = Self.folded(text)
        for unit in analyte.units where unit.spellings.contains(where: { Self.matches(key, Self.folded($0)) }) {
            return unit
        }
        return nil
    }

    /// Micro signs and the multiplication sign in their ASCII spelling, surrounding spaces removed.
    private static func folded(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\u{00B5}", "\u{03BC}": out += "u"
            case "\u{00D7}": out += "x"
            default: out.unicodeScalars.append(scalar)
            }
        }
        while out.first == " " { out.removeFirst() }
        while out.last == " " { out.removeLast() }
        return out
    }

    private static func matches(_ key: String, _ spelling: String) -> Bool {
        guard key.lowercased() == spelling.lowercased() else { return false }
        // Gram or giga: the case of a leading g decides, so it must be the listed one.
        if let first = spelling.first, first == "g" || first == "G" { return key.first == first }
        return true
    }
}
