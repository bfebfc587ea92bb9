extension Assessment {
    /// Clinical findings beyond vitals and labs.
    package struct Findings: Sendable, Equatable {
        package var splenomegaly: Bool?
        package var hepatomegaly: Bool?
        package var molecularHLHDiagnosis: Bool?
        package var hemophagocytosis: Hemophagocytosis?
        /// Clinician-assigned CTCAE v5.0 grades (0–5) of terms that are not labs.
        package var organToxicity: [OrganToxicityTerm: Int]?
        /// Life-threatening consequences with urgent intervention indicated (CTCAE grade 4 wording).
        package var lifeThreatening: Bool?

        package init(splenomegaly: Bool? = nil, hepatomegaly: Bool? = nil, molecularHLHDiagnosis: Bool? = nil,
                     hemophagocytosis: Hemophagocytosis? = nil, organToxicity: [OrganToxicityTerm: Int]? = nil,
                     lifeThreatening: Bool? = nil) {
            self.splenomegaly = splenomegaly
            self.hepatomegaly = hepatomegaly
            self.molecularHLHDiagnosis = molecularHLHDiagnosis
            self.hemophagocytosis = hemophagocytosis
            self.organToxicity = organToxicity
            self.lifeThreatening = lifeThreatening
        }
    }
}

/// Where haemophagocytosis was seen.
package enum Hemophagocytosis: String, Sendable, CaseIterable {
    case absent = "none", boneMarrow, spleen, lymphNode, liver, otherOrgan
}

/// CTCAE v5.0 terms that are graded by the clinician rather than from a lab value.
package enum OrganToxicityTerm: String, Sendable, CaseIterable {
    case pulmonaryEdema, acuteKidneyInjury, urineOutputDecreased
}
