import Clinical

/// The rows of the form, in order: group headings and rows of one to three fields.
package enum FormRow: Equatable, Sendable {
    case heading(FormGroup)
    case fields([FormField])
}

/// Which fields the form shows, in which rows.
package enum FormLayout {
    /// The rows of the whole form for a draft with `pressorCount` vasopressor lines. The patient's
    /// id is a field only for a new patient.
    package static func rows(pressorCount: Int, newPatient: Bool = false) -> [FormRow] {
        var rows: [FormRow] = [.heading(.patient)]
        rows.append(.fields(newPatient ? [.patientID] : []))
        rows.append(.fields([.time]))
        rows.append(.fields([.ageYears, .weightKg]))
        rows.append(.fields([.developmentalDelay]))
        rows += [.heading(.vitals), .fields([.temperature]), .fields([.hypotension]), .fields([.systolicBP, .meanArterialPressure]),
                 .fields([.spo2])]
        rows += [.heading(.support), .fields([.vasopressors])]
        for index in 0..<pressorCount { rows.append(.fields([.pressorDrug(index), .pressorDose(index)])) }
        rows += [.fields([.oxygenDevice]), .fields([.flowLPerMin, .fio2])]
        rows += [.heading(.treatments), .fields([.treatment(.tocilizumab), .treatment(.corticosteroids)]),
                 .fields([.treatment(.anakinra), .treatment(.antipyretics)])]
        rows += [.heading(.neuro), .fields([.ice]), .fields([.capd]), .fields([.consciousness]), .fields([.seizure]),
                 .fields([.motorWeakness]), .fields([.cerebralEdema]), .fields([.sign(.posturing), .sign(.cranialNerveVIPalsy)]),
                 .fields([.sign(.papilledema), .sign(.cushingsTriad)])]
        rows.append(.heading(.labs))
        for analyte in FormField.labs {
            var row: [FormField] = [.lab(analyte)]
            if FormField.limitName(analyte) != nil { row.append(.labLimit(analyte)) }
            if FormField.hasBaseline(analyte) { row.append(.labBaseline(analyte)) }
            rows.append(.fields(row))
        }
        rows += [.heading(.findings), .fields([.splenomegaly, .hepatomegaly]), .fields([.hemophagocytosis])]
        rows += [.heading(.attribution), .fields([.otherCause]), .fields([.lifeThreatening]), .fields([.death])]
        // The patient id row of a known patient has no field: it is shown in the header instead.
        return rows.filter { $0 != .fields([]) }
    }

    /// Every field in Tab order.
    package static func allFields(pressorCount: Int, newPatient: Bool = false) -> [FormField] {
        rows(pressorCount: pressorCount, newPatient: newPatient).flatMap { row -> [FormField] in
            if case .fields(let fields) = row { return fields }
            return []
        }
    }

    /// The group each field is in.
    package static func group(of field: FormField) -> FormGroup {
        if case .pressorDrug = field { return .support }
        if case .pressorDose = field { return .support }
        var current = FormGroup.patient
        for row in rows(pressorCount: 8, newPatient: true) {
            switch row {
            case .heading(let group): current = group
            case .fields(let fields): if fields.contains(field) { return current }
            }
        }
        return current
    }
}
