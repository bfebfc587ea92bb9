/// Operating characteristics by simulation (as R BOIN `get.oc` and FIND do): `trials` trials, each
/// run by ``DoseFindingPlan/advance(_:)`` from the lowest dose with cohorts of ``DoseFindingPlan/cohortSize``
/// (the last one cut to the maximum sample size), each subject's DLT drawn as a uniform number
/// below the dose's true rate, and the dose selected at the end by ``DoseFindingPlan/selectedDose(_:stop:)``.
/// The same seed gives the same figures.
extension DoseFindingPlan {
    /// The simulated operating characteristics, or nil when `truth` does not have one rate in 0 … 1
    /// per dose or `trials` is below 1.
    package func simulatedOperatingCharacteristics(truth: [Double], trials: Int, seed: UInt64) -> DoseFindingOC? {
        guard truth.count == doses.count, !truth.isEmpty, truth.allSatisfy({ $0 >= 0 && $0 <= 1 }), trials >= 1 else { return nil }
        var generator = SeededGenerator(seed: seed)
        var selected = Array(repeating: RunningMean(), count: truth.count), none = RunningMean()
        var subjects = selected, dlts = selected, totalSubjects = RunningMean(), totalDLTs = RunningMean()
        for _ in 0..<trials {
            let (state, stop) = simulateTrial(truth: truth, using: &generator)
            let choice = selectedDose(state, stop: stop)
            for index in truth.indices {
                selected[index].add(choice == index ? 1 : 0)
                subjects[index].add(Double(state.counts[index].treated))
                dlts[index].add(Double(state.counts[index].dlts))
            }
            none.add(choice == nil ? 1 : 0)
            totalSubjects.add(Double(state.totalTreated))
            totalDLTs.add(Double(state.counts.reduce(0) { $0 + $1.dlts }))
        }
        return DoseFindingOC(truth: truth, method: .simulation(trials: trials, seed: seed), selected: selected.map(\.estimate),
                             noneSelected: none.estimate, subjects: subjects.map(\.estimate), dlts: dlts.map(\.estimate),
                             totalSubjects: totalSubjects.estimate, totalDLTs: totalDLTs.estimate)
    }

    /// One simulated trial: its final state and why it stopped.
    func simulateTrial(truth: [Double], using generator: inout SeededGenerator) -> (DoseFindingState, DoseFindingStop) {
        var state = DoseFindingState(doses: truth.count)
        var step = advance(&state)
        // Every cohort adds at least one subject and a trial holds at most subjectLimit: bounded.
        for _ in 0...subjectLimit {
            switch step {
            case .stop(let stop, _):
                return (state, stop)
            case .treat(let dose, _):
                let size = min(cohortSize, subjectLimit - state.totalTreated)
                guard size > 0 else { return (state, .maximumSampleSize) }
                var events = 0
                for _ in 0..<size where generator.uniform() < truth[dose] { events += 1 }
                state.record(dose: dose, treated: size, dlts: events)
                step = advance(&state)
            }
        }
        return (state, .maximumSampleSize)
    }
}
