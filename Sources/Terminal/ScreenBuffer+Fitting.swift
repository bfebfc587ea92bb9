extension String {
    /// The text cut to at most `columns` terminal columns, ending in `…` where it was cut. The cut
    /// falls between characters, so a double-width character is kept whole or dropped whole (the
    /// result may then be a column short of `columns`, never a column over).
    package func truncated(toColumns columns: Int) -> String {
        guard columns > 0 else { return "" }
        guard displayWidth > columns else { return self }
        var out = ""
        var used = 0
        let room = columns - 1 // the ellipsis takes one column
        for character in self {
            let w = character.displayWidth
            if used + w > room { break }
            out.append(character)
            used += w
        }
        return out + "…"
    }

    /// The text followed by spaces to fill `columns` terminal columns (a double-width character
    /// counts two); text already as wide or wider is returned as it is.
    package func padded(toColumns columns: Int) -> String {
        let width = displayWidth
        return width >= columns ? self : self + String(repeating: " ", count: columns - width)
    }

    /// The text broken into lines of at most `columns` terminal columns: at spaces, and between
    /// two double-width characters (Chinese is written without spaces, so a line may break after
    /// any ideograph). A line never starts with closing punctuation such as `，` or `。` (the
    /// line-start prohibition of W3C "Requirements for Chinese Text Layout", §3.1.7). A word with
    /// no break in it that is longer than `columns` stays on its own line, to be clipped where drawn.
    package func wrapped(toColumns columns: Int) -> [String] {
        guard columns > 0 else { return [self] }
        // Break opportunities: after a space (the space is dropped at the break) and between wide
        // characters.
        var lines: [String] = []
        var line = ""
        var lineWidth = 0
        var lastBreak: (index: String.Index, dropSpace: Bool)?
        for character in self {
            let w = character.displayWidth
            if character == " " {
                lastBreak = (line.endIndex, true)
            } else if w == 2, let previous = line.last, previous.displayWidth == 2, !character.isLineStartProhibited {
                lastBreak = (line.endIndex, false)
            } else if w == 2, let previous = line.last, previous != " ", previous.displayWidth == 1, !character.isLineStartProhibited {
                // Between Latin text (an abbreviation such as CRS) and a following ideograph.
                lastBreak = (line.endIndex, false)
            } else if w == 1, let previous = line.last, previous.displayWidth == 2, !character.isLineStartProhibited,
                      !character.isPunctuation {
                // Between an ideograph and following Latin text.
                lastBreak = (line.endIndex, false)
            }
            if lineWidth + w > columns, character != " ", let split = lastBreak, split.index > line.startIndex {
                var head = String(line[..<split.index])
                var tail = String(line[split.index...])
                if split.dropSpace, tail.first == " " { tail.removeFirst() }
                while head.last == " " { head.removeLast() }
                lines.append(head)
                line = tail
                lineWidth = line.displayWidth
                lastBreak = nil
            }
            line.append(character)
            lineWidth += w
        }
        lines.append(line)
        return lines
    }
}

extension Character {
    /// Punctuation that may not begin a line in Chinese text (closing marks and pauses).
    var isLineStartProhibited: Bool {
        "，。、；：？！）」』】》〉”’…·%".contains(self)
    }
}

extension ScreenBuffer {
    /// Writes `text` from column `x` of row `y` in at most `columns` columns, cut with `…` by
    /// display width when it does not fit; returns the column after the last one written.
    @discardableResult
    package mutating func put(_ text: String, x: Int, y: Int, style: Style = .plain, fitting columns: Int) -> Int {
        let room = max(0, min(columns, width - x))
        return put(text.truncated(toColumns: room), x: x, y: y, style: style, limit: room)
    }
}
