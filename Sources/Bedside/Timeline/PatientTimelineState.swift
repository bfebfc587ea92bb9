/// The timeline screen: one patient's timeline and how far it is scrolled.
struct PatientTimelineState {
    var timeline: PatientTimeline
    /// The first document line shown.
    var scroll = 0

    init(timeline: PatientTimeline) { self.timeline = timeline }

    /// Scrolls within the document as last laid out.
    mutating func apply(_ command: ScrollCommand, layout: DocumentLayout) -> Reaction {
        scroll = command.apply(to: scroll, layout: layout)
        return .redraw
    }

    /// The log changed: the new timeline, the scroll kept.
    mutating func update(_ timeline: PatientTimeline) { self.timeline = timeline }
}
