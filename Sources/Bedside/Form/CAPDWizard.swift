import Clinical
import Foundation
import Terminal
import Localization

/// The Cornell Assessment of Pediatric Delirium step by step: the eight items, each answered on one
/// key (never, rarely, sometimes, often, always as observed); aegrade scores them (items 1–4
/// reverse scored) and the total is shown at the end (Traube C et al., Crit Care Med
/// 2014;42:656–663). `u` records that the CAPD could not be done.
package struct CAPDWizard: Equatable, Sendable {
    /// The eight items in their published order.
    package static let items: [String] = [
        "Makes eye contact with the caregiver",
        "Actions are purposeful",
        "Aware of their surroundings",
        "Communicates needs and wants",
        "Restless",
        "Inconsolable",
        "Underactive — very little movement while awake",
        "Takes a long time to respond to interactions",
    ]

    /// The answers, each on one key.
    package static let answerKeys: [Choice] = [
        Choice("n", "never", CAPDAnswer.never.rawValue), Choice("r", "rarely", CAPDAnswer.rarely.rawValue),
        Choice("s", "sometimes", CAPDAnswer.sometimes.rawValue), Choice("o", "often", CAPDAnswer.often.rawValue),
        Choice("a", "always", CAPDAnswer.always.rawValue),
    ]

    package private(set) var answers: [CAPDAnswer] = []
    package private(set) var unable = false

    package init() {}

    package enum Step: Equatable, Sendable {
        case item(Int)
        case done
    }

    package var step: Step { unable || answers.count == Self.items.count ? .done : .item(answers.count) }

    package var hasAnswers: Bool { !answers.isEmpty || unable }

    /// The points so far (items 1–4 reverse scored).
    package var total: Int { answers.enumerated().reduce(0) { $0 + $1.element.points(item: $1.offset + 1) } }

    /// The CAPD as the form records it, once complete.
    package var result: CAPD? {
        if unable { return .unable }
        return answers.count == Self.items.count ? .answers(answers) : nil
    }

    package var hint: String {
        switch step {
        case .item:
            return Self.answerKeys.map(\.hint).joined(separator: " · ") + " · " + localized("u unable to do the CAPD · Backspace previous · Esc leave")
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
        case .item:
            guard case .character(let c) = key else { return .ignored }
            if c == "u" { unable = true; return .redraw }
            guard let choice = Self.answerKeys.first(where: { $0.key == c }), let answer = CAPDAnswer(rawValue: choice.value) else { return .ignored }
            answers.append(answer)
            return .redraw
        case .done:
            switch key {
            case .character("y"), .character("Y"), .character(" "): return .finish
            default: return .ignored
            }
        }
    }

    /// Backspace: the unable mark, else the last answer, is taken back.
    private mutating func back() -> WizardChange {
        if unable { unable = false } else if !answers.isEmpty { answers.removeLast() } else { return .ignored }
        return .redraw
    }

    /// The answers so far, one line each: "1 Makes eye contact …  never (4)".
    package var answeredLines: [String] {
        answers.enumerated().map { offset, answer in
            "\(offset + 1) \(localized(Self.items[offset]))  \(localized(answer.rawValue)) (\(answer.points(item: offset + 1)))"
        }
    }
}
