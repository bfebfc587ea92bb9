/// One dose level of a dose-finding trial, as the protocol names it: a label (`DL1`) and the dose
/// written as the protocol writes it (`1e6/kg`), kept as text because cell-therapy doses mix
/// counts, units and per-weight forms that the product does not convert.
package struct DoseLevel: Sendable, Equatable {
    package let label: String
    package let dose: String

    package init(label: String, dose: String) {
        self.label = label
        self.dose = dose
    }
}

/// The subjects evaluated at one dose and how many of them had a dose-limiting toxicity: the only
/// data the designs read (n and y in Liu & Yuan 2015 and Guo et al. 2017). Later filled from the log.
package struct DoseCounts: Sendable, Equatable {
    /// n: evaluable subjects treated at the dose.
    package var treated: Int
    /// y: those with a DLT.
    package var dlts: Int

    package init(treated: Int = 0, dlts: Int = 0) {
        self.treated = treated
        self.dlts = dlts
    }
}
