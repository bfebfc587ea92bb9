import Terminal

/// The timeline's keys: it scrolls as a document, Tab going from section to section.
enum PatientTimelineKeymap {
    static let keys = ScrollCommand.keymap(sections: "days, episodes, events")
}
