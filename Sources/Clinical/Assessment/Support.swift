/// How oxygen is delivered (ASTCT 2019 grades hypoxia by the support it needs, not by SpO2).
package enum OxygenDevice: String, Sendable, CaseIterable {
    case roomAir, blowBy, nasalCannula, highFlowNasalCannula, simpleFaceMask, nonRebreatherMask,
         venturiMask, cpap, bipap, mechanicalVentilation
}

/// Oxygen support: the device, and the flow and FiO2 where known.
package struct Oxygen: Sendable, Equatable {
    package var device: OxygenDevice
    /// Litres per minute; required with `nasalCannula`, where above 6 L/min is high flow.
    package var flowLPerMin: Double?
    /// Fraction of inspired oxygen, 0.21–1.0.
    package var fio2: Double?

    package init(device: OxygenDevice, flowLPerMin: Double? = nil, fio2: Double? = nil) {
        self.device = device
        self.flowLPerMin = flowLPerMin
        self.fio2 = fio2
    }
}

/// A running vasopressor infusion.
package struct Vasopressor: Sendable, Equatable {
    package enum Drug: String, Sendable, CaseIterable {
        case norepinephrine, epinephrine, dopamine, phenylephrine, vasopressin, other
    }

    package enum DoseUnit: String, Sendable, CaseIterable {
        case mcgPerMin = "mcg/min"
        case mcgPerKgPerMin = "mcg/kg/min"
        case unitsPerMin = "units/min"
    }

    package var drug: Drug
    package var dose: Double
    package var unit: DoseUnit

    package init(drug: Drug, dose: Double, unit: DoseUnit) {
        self.drug = drug
        self.dose = dose
        self.unit = unit
    }
}
