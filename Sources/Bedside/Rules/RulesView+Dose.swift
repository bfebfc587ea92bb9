import Clinical
import Localization
import Safety
import Terminal

/// The rules screen's dose-finding section (README, "Dose finding from the log"): per dose level
/// the subjects treated, evaluable, with a DLT and pending; the current dose; the decision and
/// why; the eliminated doses; the next subject's dose, or why nobody is dosed now.
extension RulesView {
    static func doseSection(_ dose: DoseEscalationStatus, plan: DoseFindingPlan, width: Int, colors: Bool) -> [DocumentLine] {
        var lines = [DocumentLine(localized("DOSE FINDING"), style: .bold)]
        for text in DocumentView.wrap(PrintableText.escaped(plan.design.title), columns: width - 3) {
            lines.append(DocumentLine("  " + text, style: .dim))
        }
        var header = DocumentLine()
        header.add(localized("level"), style: .dim, at: 2)
        header.add(localized("dose"), style: .dim, at: 12)
        header.add(localized("treated"), style: .dim, at: 28)
        header.add(localized("evaluable"), style: .dim, at: 37)
        header.add("DLT", style: .dim, at: 48)
        header.add(localized("pending"), style: .dim, at: 53)
        lines.append(header)
        for (index, level) in dose.doses.enumerated() {
            var line = DocumentLine()
            line.add(index == dose.current ? "▶" : " ", style: .bold, at: 1)
            line.add(PrintableText.escaped(level.level.label), style: index == dose.current ? .bold : .plain, at: 2, limit: 9)
            line.add(PrintableText.escaped(level.level.dose), at: 12, limit: 15)
            line.add("\(level.treated.count)", at: 28)
            line.add("\(level.evaluable)", at: 37)
            line.add("\(level.dlts)", at: 48)
            line.add("\(level.pending.count)", at: 53)
            if level.eliminated { line.add("  " + localized("eliminated"), style: tripStyle(colors)) }
            lines.append(line)
        }
        var current = DocumentLine("  " + localized("current dose: "))
        current.add(PrintableText.escaped(dose.doses[dose.current].level.label), style: .bold)
        lines.append(current)
        let action = Localization.language == .english ? dose.actionWord.uppercased() : localized(dose.actionWord)
        let reason = DocumentView.wrap(localized("decision: {action} — {reason}", ["action": action, "reason": PrintableText.escaped(dose.localizedReasonText)]),
                                       columns: width - 3)
        for (index, text) in reason.enumerated() { lines.append(DocumentLine("  " + text, style: index == 0 ? .bold : .plain)) }
        var next = DocumentLine("  " + localized("next subject: "))
        if let dose0 = dose.nextDose {
            next.add("\(PrintableText.escaped(dose.doses[dose0].level.label)) (\(PrintableText.escaped(dose.doses[dose0].level.dose)))", style: .bold)
        } else {
            next.add(localized("⚠ nobody now"), style: tripStyle(colors))
            if let design = dose.designDose { next.add(localized(" (the design gives {level})", ["level": PrintableText.escaped(dose.doses[design].level.label)])) }
        }
        lines.append(next)
        for hold in dose.holds {
            for text in DocumentView.wrap(PrintableText.escaped(hold.localizedText), columns: width - 5) { lines.append(DocumentLine("    " + text)) }
        }
        let pending = dose.doses.flatMap(\.pending)
        if !pending.isEmpty {
            lines.append(DocumentLine("  " + localized("pending (in the DLT window): {patients}", ["patients": pending.map(PrintableText.escaped).joined(separator: ", ")]), style: .dim))
        }
        if case .stop = dose.step {
            let selected = dose.selected.map { "\(PrintableText.escaped(dose.doses[$0].level.label)) (\(PrintableText.escaped(dose.doses[$0].level.dose)))" }
            lines.append(DocumentLine("  " + localized("selected: {dose}", ["dose": selected ?? localized("none")]), style: .bold))
        }
        return lines
    }
}
