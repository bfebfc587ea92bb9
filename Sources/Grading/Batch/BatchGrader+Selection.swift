extension BatchGrader {
    /// The ids of `only` that name no criteria of `criteria`, sorted: `aegrade grade --criteria`
    /// refuses them, naming those loaded.
    package static func unknownCriteria(_ only: Set<String>, in criteria: CriteriaSet) -> [String] {
        only.subtracting(criteria.files.map(\.id)).sorted()
    }
}
