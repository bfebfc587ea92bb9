import Terminal

/// Patient ids as the board's first column shows them: whole when they fit, otherwise cut with a
/// `…` where the cut is, so that two patients never read the same (a bed moved on the wrong id is
/// a wrong-patient error).
package enum PatientLabel {
    /// The label of each id in at most `columns` terminal columns, distinct for distinct ids.
    ///
    /// An id that fits is shown whole. A longer one keeps its start and end around a `…`
    /// (`BED-12-SIT…NG-A`); where that still reads like another's, the label shows the stretch
    /// where the ids first differ, between two `…`.
    package static func labels(_ ids: [String], columns: Int) -> [String: String] {
        var labels: [String: String] = [:]
        for id in Set(ids) { labels[id] = id.displayWidth <= columns ? id : headAndTail(id, columns: columns) }
        disambiguate(Array(Set(ids)), columns: columns, into: &labels, depth: 0)
        return labels
    }

    /// The start and end of `id` around a `…`, in `columns` columns.
    static func headAndTail(_ id: String, columns: Int) -> String {
        let characters = Array(id)
        let room = max(1, columns - 1)
        let tail = take(characters.reversed(), columns: room / 2).reversed()
        let head = take(characters, columns: room - String(tail).displayWidth)
        return String(head) + "…" + String(tail)
    }

    /// `…` + the stretch of `id` around character `index` + `…`, in `columns` columns.
    static func window(_ id: String, around index: Int, columns: Int) -> String {
        let characters = Array(id)
        let room = max(1, columns - 2)
        var start = max(0, min(index - room / 3, characters.count - room))
        if start == 0 { return headAndTail(id, columns: columns) == id ? id : String(take(characters, columns: columns - 1)) + "…" }
        let body = take(Array(characters[start...]), columns: room)
        start += body.count
        return "…" + String(body) + (start < characters.count ? "…" : "")
    }

    private static func take<S: Sequence>(_ characters: S, columns: Int) -> [Character] where S.Element == Character {
        var taken: [Character] = []
        var width = 0
        for character in characters {
            width += character.displayWidth
            if width > columns { break }
            taken.append(character)
        }
        return taken
    }

    /// Gives ids whose labels collide a window at their first difference, recursively (each round
    /// the ids left share a longer start, so it ends).
    private static func disambiguate(_ ids: [String], columns: Int, into labels: inout [String: String], depth: Int) {
        let groups = Dictionary(grouping: ids) { labels[$0] ?? $0 }.values.filter { $0.count > 1 }
        guard depth < 64 else { return }
        for group in groups {
            let characters = group.map(Array.init)
            var index = 0
            while characters.allSatisfy({ index < $0.count && $0[index] == characters[0][index] }) { index += 1 }
            for id in group { labels[id] = window(id, around: index, columns: columns) }
            disambiguate(group, columns: columns, into: &labels, depth: depth + 1)
        }
    }
}
