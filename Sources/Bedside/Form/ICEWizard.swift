import Clinical
import Foundation
import Terminal
import Localization

/// What a wizard asks of the form after a key.
package enum WizardChange: Equatable, Sendable {
    /// Nothing to do but redraw.
    case redraw
    /// The key means nothing at this step (the hint says which keys do).
    case ignored
    /// Esc: leave the wizard (the form asks first when answers would be lost).
    case leave
    /// The answers are complete and accepted: put them into the form.
    case finish
}

/// The ICE (Immune effector Cell-associated Encephalopathy) score step by step: one item per
/// step, the answer on one key, the total at the end (Lee DW et al., BBMT 2019;25:625–638;
/// PMC8153820 Table 2). `u` at any step records that the ICE could not be done, and why.
package struct ICEWizard: Equatable, Sendable {
    /// One question of the ICE: its words and the points it can give (1: y/n; 3: 0–3 objects).
    package struct Item: Equatable, Sendable {
        package var domain: String
        /// What the answer list calls it ("year").
        package var short: String
        package var question: String
        package var maximum: Int
    }

    /// The eight steps: orientation (4 × 1 point), naming (0–3), commands, writing, attention.
    package static let items: [Item] = [
        Item(domain: "Orientation", short: "year", question: "Says the year correctly?", maximum: 1),
        Item(domain: "Orientation", short: "month", question: "Says the month correctly?", maximum: 1),
        Item(domain: "Orientation", short: "city", question: "Says the city correctly?", maximum: 1),
        Item(domain: "Orientation", short: "hospital", question: "Says the hospital correctly?", maximum: 1),
        Item(domain: "Naming", short: "3 objects", question: "How many of 3 objects named (e.g. clock, pen, button)? 0–3", maximum: 3),
        Item(domain: "Following commands", short: "simple command",
             question: "Follows simple commands (\"show me 2 fingers\", \"close your eyes\")?", maximum: 1),
        Item(domain: "Writing", short: "standard sentence", question: "Writes a standard sentence?", maximum: 1),
        Item(domain: "Attention", short: "100 back by 10", question: "Counts backwards from 100 by 10?", maximum: 1),
    ]

    /// The reasons the ICE could not be done, each on one key.
    package static let unableReasons: [Choice] = [
        Choice("u", "unarousable", ICEUnableReason.unarousable.rawValue),
        Choice("a", "awake but globally aphasic", ICEUnableReason.awakeAphasic.rawValue),
        Choice("o", "other reason (sedated, intubated, language)", ICEUnableReason.other.rawValue),
    ]

    /// Points given so far, one per step answered.
    package private(set) var points: [Int] = []
    package private(set) var unable: ICEUnableReason?
    /// `u` was pressed: the next key picks the reason.
    package private(set) var choosingReason = false

    package init() {}

    /// Where the wizard stands.
    package enum Step: Equatable, Sendable {
        case item(Int)
        case unableReason
        case done
    }

    package var step: Step {
        if unable != nil { return .done }
        if choosingReason { return .unableReason }
        return points.count < Self.items.count ? .item(points.count) : .done
    }

    /// Whether anything has been answered (leaving would lose it).
    package var hasAnswers: Bool { !points.isEmpty || unable != nil }

    /// The total so far (or at the end).
    package var total: Int { points.reduce(0, +) }

    /// The ICE as the form records it, once complete.
    package var result: ICE? {
        if let unable { return .unable(unable) }
        guard points.count == Self.items.count else { return nil }
        return .items(orientation: points[0...3].reduce(0, +), naming: points[4], commands: points[5], writing: points[6], attention: points[7])
    }

    /// The keys of the current step, for the hint line.
    package var hint: String {
        switch step {
        case .item(let index):
            let answer = Self.items[index].maximum == 1 ? localized("y correct · n wrong") : localized("0 1 2 3 objects named")
            return answer + " · " + localized("u unable to do the ICE · Backspace previous step · Esc leave")
        case .unableReason:
            return Self.unableReasons.map(\.hint).joined(separator: " · ") + " · " + localized("Backspace back")
        case .done:
            return localized("Enter or y: put into the form · Backspace change the last answer · Esc leave")
        }
    }

    package mutating func apply(_ key: Key) -> WizardChange {
        switch AssessmentFormKeymap.wizard.command(for: key).flatMap(WizardCommand.init(rawValue:)) {
        case .leave?: return .leave
        case .back?: return back()
        case .finish?: return step == .done ? .finish : .ignored
        case .answer?, .unable?, nil: break  // the step's own keys, as its hint shows them
        }
        switch step {
        case .item(let index):
            guard case .character(let c) = key else { return .ignored }
            if c == "u" { choosingReason = true; return .redraw }
            if Self.items[index].maximum == 1 {
                switch c {
                case "y", "Y", "1": points.append(1)
                case "n", "N", "0": points.append(0)
                default: return .ignored
                }
            } else {
                guard let value = c.wholeNumberValue, (0...Self.items[index].maximum).contains(value) else { return .ignored }
                points.append(value)
            }
            return .redraw
        case .unableReason:
            guard case .character(let c) = key, let reason = Self.unableReasons.first(where: { $0.key == c }) else { return .ignored }
            unable = ICEUnableReason(rawValue: reason.value)
            choosingReason = false
            return .redraw
        case .done:
            switch key {
            case .character("y"), .character("Y"), .character(" "): return .finish
            default: return .ignored
            }
        }
    }

    private mutating func back() -> WizardChange {
        if unable != nil { unable = nil; choosingReason = true }
        else if choosingReason { choosingReason = false }
        else if !points.isEmpty { points.removeLast() }
        else { return .ignored }
        return .redraw
    }

    /// The answers so far, one line each: "Orientation · year  ✓ 1".
    package var answeredLines: [String] {
        points.enumerated().map { offset, value in
            let item = Self.items[offset]
            let mark = item.maximum == 1 ? (value == 1 ? "✓ 1" : "✗ 0") : localized("{n} of 3", ["n": String(value)])
            return "\(localized(item.domain)) · \(localized(item.short))  \(mark)"
        }
    }
}
