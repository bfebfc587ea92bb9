import Terminal

/// The timeline's keys: it scrolls as a document, Tab going from section to section.
enum PatientTimelineKeymap {
    static let keys = ScrollCommand.keymap([
        Binding([.character("o")], "override", "Override the patient's CRS or ICANS grade (physician, PI; asks a reason and y/N)"),
        Binding([.character("e")], "correct", "Correct the patient's last assessment (asks a reason and y/N)"),
        Binding([.character("s")], "sign", "Sign an entry with a meaning your role may sign (asks your password)"),
    ], sections: "days, episodes, events")
}
