/// The number of cytopenic lineages, as each HLH instrument counts it.
///
/// HLH-2004 and the HScore count cytopenias with different cut-offs, different inclusivity and a
/// different white-cell measure (ANC vs WBC), so they are two named derived values and never one
/// helper with a flag (Henter JI et al., Pediatr Blood Cancer 2007;48:124–131, HLH-2004 criteria;
/// Fardet L et al., Arthritis Rheumatol 2014;66:2613–2620, HScore). With some counts unknown the
/// answer is a range: `low` counts the lineages known to be cytopenic, `high` adds the unknown ones.
package struct LineageCount: Sendable, Equatable {
    package var low: Int
    package var high: Int
    /// Inputs whose absence leaves the count a range.
    package var missing: [FieldPath]

    package var isKnown: Bool { low == high }
}

extension Assessment {
    /// HLH-2004 criterion 3 (Henter JI et al., Pediatr Blood Cancer 2007): lineages with
    /// haemoglobin < 90 g/L (< 100 g/L in infants under 4 weeks), platelets < 100 × 10⁹/L,
    /// neutrophils (ANC) < 1.0 × 10⁹/L.
    package var cytopeniaLineagesHLH2004: LineageCount {
        var count = LineageCount()
        if let hb = labs?[.hemoglobin]?.value(of: .hemoglobin, in: .gramsPerLiter) {
            if let age = patient.ageYears {
                count.add(hb < (age * 365.25 < 28 ? 100 : 90), "labs.hemoglobin")
            } else {
                // Age unknown: decided only where both bounds agree.
                count.add(hb < 90 ? true : (hb >= 100 ? false : nil), "patient.ageYears")
            }
        } else {
            count.add(nil, "labs.hemoglobin")
        }
        count.add(labs?[.platelets]?.value(of: .platelets, in: .perNanoliter).map { $0 < 100 }, "labs.platelets")
        count.add(labs?[.anc]?.value(of: .anc, in: .perNanoliter).map { $0 < 1.0 }, "labs.anc")
        return count
    }

    /// HScore cytopenias (Fardet L et al., Arthritis Rheumatol 2014;66:2613–2620): lineages with
    /// haemoglobin ≤ 92 g/L (9.2 g/dL), leukocytes (WBC) ≤ 5.0 × 10⁹/L, platelets ≤ 110 × 10⁹/L.
    package var cytopeniaLineagesHScore: LineageCount {
        var count = LineageCount()
        count.add(labs?[.hemoglobin]?.value(of: .hemoglobin, in: .gramsPerLiter).map { $0 <= 92 }, "labs.hemoglobin")
        count.add(labs?[.wbc]?.value(of: .wbc, in: .perNanoliter).map { $0 <= 5.0 }, "labs.wbc")
        count.add(labs?[.platelets]?.value(of: .platelets, in: .perNanoliter).map { $0 <= 110 }, "labs.platelets")
        return count
    }

    /// Days since the infusion (day 0), fractional; nil without an infusion time.
    package var daysSinceInfusion: Double? {
        patient.infusionTime.map { (time.secondsSinceEpoch - $0.secondsSinceEpoch) / 86_400 }
    }
}

extension LineageCount {
    /// No lineage counted yet.
    init() {
        low = 0
        high = 0
        missing = []
    }

    /// Counts one lineage: cytopenic, not, or unknown (nil) for want of `path`, which is spelt
    /// only then (grading counts the lineages of every assessment it reads, README "Tests and
    /// benchmarks", so a known count makes no array and no path).
    mutating func add(_ cytopenic: Bool?, _ path: @autoclosure () -> FieldPath) {
        switch cytopenic {
        case true?: low += 1; high += 1
        case false?: break
        case nil: high += 1; missing.append(path())
        }
    }
}
