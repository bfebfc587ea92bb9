import Clinical

/// The patient ids a log holds, for the look-alike warning of a new id (`record`, the bedside
/// form): an id that differs from a known one only in letter case or by a confusable character
/// (`bed-03`, the Cyrillic `ВЕD-03` beside `BED-03`) is most likely a typing slip, and would
/// otherwise start a second patient shown as a row identical to the first. It is warned about,
/// never refused: two real subjects may have such ids.
package struct PatientDirectory: Sendable {
    /// The look-alike keys of each known id, computed once (ICU is called once per id, not per entry).
    private var keys: [String: [String]] = [:]
    /// The ids seen with each look-alike key, in the order first seen.
    private var byKey: [String: [String]] = [:]

    package init(ids: some Sequence<String>) {
        for id in ids { insert(id) }
    }

    /// The ids of `store` as stored (an old log's ids are compared as they are, never rewritten).
    package init(store: any EventStore) throws(EventLogError) {
        self.init(ids: try store.patientIDs())
    }

    /// The first known id other than `id` that differs from it only in letter case or by
    /// look-alike characters; nil when there is none. An id already in the log is still warned
    /// about while a look-alike of it is there too: each entry of either may be the slip.
    package func lookAlike(of id: String) -> String? {
        for key in keys[id] ?? PatientIdentifier(stored: id).lookAlikeKeys {
            if let other = byKey[key]?.first(where: { $0 != id }) { return other }
        }
        return nil
    }

    /// The warning for `id`, or nil.
    package func warning(for id: String) -> String? {
        lookAlike(of: id).map { Self.warning(id: id, existing: $0) }
    }

    /// The words of the warning in `record`'s output line.
    package static func warning(id: String, existing: String) -> String {
        "patient.id \(PrintableText.quoted(id)) differs from the log's patient \(PrintableText.quoted(existing)) "
            + "only in letter case or by look-alike characters: check that it is not the same patient"
    }

    /// Adds `id` (once it is written).
    package mutating func insert(_ id: String) {
        guard keys[id] == nil else { return }
        let idKeys = PatientIdentifier(stored: id).lookAlikeKeys
        keys[id] = idKeys
        for key in idKeys { byKey[key, default: []].append(id) }
    }
}
