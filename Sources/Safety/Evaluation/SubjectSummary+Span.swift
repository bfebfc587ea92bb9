import Clinical

extension SubjectSummary {
    /// The evaluation times a summary holds for: from the time it was evaluated at up to, not
    /// including, the next time at which anything in it can change.
    struct Span: Sendable {
        let from: ClinicalTime
        /// nil: nothing changes any more with time alone.
        let until: ClinicalTime?

        func holds(_ time: ClinicalTime) -> Bool {
            time == from || (time > from && until.map { time < $0 } ?? true)
        }
    }

    /// The span over which this summary, evaluated at `from`, stays what an evaluation would give.
    ///
    /// A summary changes with the evaluation time only where a comparison with it changes: a
    /// grade, an assessment, a treatment, a death, an RCL finding or the infusion coming into the
    /// past; the end of the DLT window; the next study day; the next assessment falling due. The
    /// span ends at the first of these at or after `from` (at `from` itself, it holds for `from`
    /// alone).
    func span(facts: SubjectFacts, points: [GradePoint], from: ClinicalTime) -> Span {
        var until: ClinicalTime?
        func consider(_ time: ClinicalTime?) {
            guard let time, time >= from, until.map({ time < $0 }) ?? true else { return }
            until = time
        }
        // Points are in time order: the first at or after `from` is the only one that counts.
        if let last = points.last, last.time >= from {
            consider(points.first { $0.time >= from }?.time)
        }
        for time in facts.assessmentTimes.values { consider(time) }
        for treatment in facts.treatments { consider(treatment.time) }
        for death in facts.deaths { consider(death.time) }
        for finding in facts.rcl { consider(finding.time) }
        consider(facts.infusion?.time)
        consider(dltWindowEnd)
        consider(nextAssessmentDue)
        if let infusion, let studyDay {
            consider(StudyCalendar(infusion: infusion).start(ofDay: studyDay + 1))
        }
        return Span(from: from, until: until)
    }
}
