import Clinical

extension DoseEscalationStatus {
    /// The dose-escalation status of `trial` over the events known at `asOf`; nil when the protocol
    /// has no dose-finding section.
    package static func evaluate(_ trial: TrialProtocol, events: some Sequence<RecordedEvent>, asOf: ClinicalTime) -> DoseEscalationStatus? {
        guard let plan = trial.doseFinding else { return nil }
        let all = Array(events)
        return evaluate(plan, status: TrialStatus.evaluate(trial, events: all, asOf: asOf), events: all)
    }

    /// The same, from the stopping rules' evaluation `status` of the same events at the same time
    /// (its subjects give evaluability and DLTs; its pauses and stagger hold dosing back).
    ///
    /// The rules, in this order (README, "Dose finding from the log"):
    /// - Each subject counts at the dose level of their first infusion: the infusion's `doseLevel`,
    ///   or for an infusion written before dose levels were logged, its `cohort` equal to a level's
    ///   label or its `dose` equal to a level's dose. Any other infusion is unassigned and holds
    ///   dosing until it is resolved.
    /// - The current dose is the level of the latest infusion (the lowest before any).
    /// - DLTs already seen at the current dose that eliminate it decide at once: further outcomes
    ///   of pending subjects cannot reopen it.
    /// - Otherwise a cohort not yet full (evaluable + pending subjects, not a multiple of the cohort
    ///   size) takes the next subject at the current dose; a full cohort with a subject still in the
    ///   DLT window waits for that subject (no rule for pending subjects is applied: the decision
    ///   needs every outcome of the cohort); a full, evaluated cohort gets the design's decision
    ///   (``DoseFindingPlan/advance(_:)``), read from the evaluable subjects and DLTs per dose.
    package static func evaluate(_ plan: DoseFindingPlan, status: TrialStatus, events: [RecordedEvent]) -> DoseEscalationStatus {
        let asOf = status.asOf
        // The first infusion of each subject, as the evaluation counts day 0.
        var first: [String: RecordedEvent] = [:]
        for event in events where event.kind == .infusion {
            if let recorded = event.recordInstant, recorded > asOf { continue }
            guard let patient = event.patient, let time = event.clinicalInstant else { continue }
            if let known = first[patient], let knownTime = known.clinicalInstant, (knownTime, known.seq) <= (time, event.seq) { continue }
            first[patient] = event
        }
        var treated = Array(repeating: [String](), count: plan.doses.count)
        var unassigned: [String] = []
        var latest: (time: ClinicalTime, seq: Int64, dose: Int)?
        for (patient, event) in first.sorted(by: { $0.key < $1.key }) {
            guard let dose = level(of: event, in: plan.doses), let time = event.clinicalInstant else {
                unassigned.append(patient)
                continue
            }
            treated[dose].append(patient)
            if latest.map({ ($0.time, $0.seq) < (time, event.seq) }) ?? true { latest = (time, event.seq, dose) }
        }
        let current = latest?.dose ?? 0
        var state = DoseFindingState(doses: plan.doses.count, start: current)
        var pending = Array(repeating: [String](), count: plan.doses.count)
        var notEvaluable = Array(repeating: 0, count: plan.doses.count)
        for (dose, patients) in treated.enumerated() {
            for patient in patients {
                switch status.subject(patient)?.evaluability {
                case .evaluable(_, let because)?: state.record(dose: dose, treated: 1, dlts: because == .dlt ? 1 : 0)
                case .inDLTWindow?: pending[dose].append(patient)
                case .diedInDLTWindowWithoutDLT?: notEvaluable[dose] += 1
                case .notInfused?, nil: break
                }
            }
        }
        for (dose, counts) in state.counts.enumerated() where counts.treated > 0 {
            if plan.design.decision(treated: counts.treated, dlts: counts.dlts)?.action == .eliminate {
                state.eliminatedFrom = min(state.eliminatedFrom ?? dose, dose)
                break
            }
        }

        let here = state.counts[current]
        let counted = here.treated + pending[current].count
        let interim = here.treated > 0 ? plan.design.decision(treated: here.treated, dlts: here.dlts) : nil
        var step: Step
        var decision: DoseDecision?
        var selected: Int?
        if interim?.action != .eliminate, counted % plan.cohortSize != 0 {
            step = .fillCohort(dose: current, counted: counted % plan.cohortSize, cohortSize: plan.cohortSize)
        } else if interim?.action != .eliminate, !pending[current].isEmpty {
            step = .waitForPending(dose: current)
        } else {
            switch plan.advance(&state) {
            case .treat(let dose, let taken):
                step = .treat(dose: dose)
                decision = taken
            case .stop(let stop, let taken):
                step = .stop(stop)
                decision = taken
                selected = plan.selectedDose(state, stop: stop)
            }
        }

        var holds: [Hold] = []
        let pausing = status.rules.filter { $0.tripped && ($0.action == .pauseEnrolment || $0.action == .pauseDosing) }.map(\.rule)
        if !pausing.isEmpty { holds.append(.paused(pausing)) }
        switch step {
        case .stop: holds.append(.stopped)
        case .waitForPending: holds.append(.pendingSubjects(pending[current]))
        case .fillCohort(let dose, _, _), .treat(let dose):
            var until: ClinicalTime?
            if case .from(let time) = status.nextDosing { until = time }
            if let cohort = status.nextDosingByCohort[plan.doses[dose].label] { until = max(until ?? cohort, cohort) }
            if let until, until > asOf { holds.append(.staggered(until: until)) }
        }
        if !unassigned.isEmpty { holds.append(.unassignedInfusions(unassigned)) }

        let doses = plan.doses.indices.map { index in
            Dose(level: plan.doses[index], treated: treated[index], evaluable: state.counts[index].treated, dlts: state.counts[index].dlts,
                 pending: pending[index], notEvaluable: notEvaluable[index], eliminated: state.isClosed(index))
        }
        return DoseEscalationStatus(doses: doses, current: current, step: step, decision: decision, eliminatedFrom: state.eliminatedFrom,
                                    selected: selected, holds: holds, unassigned: unassigned, asOf: asOf)
    }

    /// The index of the dose level an infusion names, or nil.
    package static func level(of infusion: RecordedEvent, in doses: [DoseLevel]) -> Int? {
        if let label = infusion.doseLevel { return doses.firstIndex { $0.label == label } }
        if let cohort = infusion.cohort, let index = doses.firstIndex(where: { $0.label == cohort }) { return index }
        if let dose = infusion.payloadString(.dose), let index = doses.firstIndex(where: { $0.dose == dose }) { return index }
        return nil
    }
}
