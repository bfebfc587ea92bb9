import Clinical
import EventLog
import Localization
import Terminal

/// Signs an entry already in the log, as `aegrade log sign` does: a meaning the signed-in role may
/// sign with (one digit), the event (the patient's latest one the meaning applies to, or another
/// number typed), then the password again (``SigningPrompt``). Opened with `s` on a patient's
/// timeline. What a signature may mean, and of what, is the recorder's table
/// (``Role/signingMeanings``, ``SignatureMeaning/refusal(signing:by:)``), asked before the password
/// so that no one types a password for a signature that would be refused.
package final class SignScreen: Screen {
    package enum Step: Equatable, Sendable {
        case meaning, event, sign
    }

    package let patient: String
    /// The meanings the signed-in role may sign with, numbered from 1 on screen.
    package let meanings: [SignatureMeaning]
    package private(set) var step = Step.meaning
    package private(set) var meaning: SignatureMeaning?
    /// The event number as typed (prefilled with the proposed one).
    package private(set) var eventText = ""
    package private(set) var notice: String?
    private var signing: SigningPrompt?

    init(patient: String, meanings: [SignatureMeaning]) {
        self.patient = patient
        self.meanings = meanings
    }

    /// Opens the signing of `patient`'s entries, or says plainly why the signed-in user cannot sign.
    package static func open(patient: String, context: BedsideContext) -> Reaction {
        let recorder: LogRecorder
        do { recorder = try context.recorder() } catch {
            context.message = (localizedMessage(error.description), true)
            return .redraw
        }
        let role = recorder.author.role
        guard !role.signingMeanings.isEmpty else {
            context.message = (localized("{role} signs nothing: a signature is a clinical or review act (21 CFR 11.200(a)(3))", ["role": localized(role.rawValue)]), true)
            return .redraw
        }
        return .push(SignScreen(patient: patient, meanings: role.signingMeanings))
    }

    package var title: String { localized("Sign an entry of {patient}", ["patient": patient]) }

    static let meaningHelp = "Meaning of the signature, by its number"

    static let eventKeys = Keymap([
        Binding([.enter], "next", "Continue to the password (the event must be one the meaning applies to)"),
        Binding([.backspace], "erase", "Erase the last digit (an empty number: back to the meaning)"),
        Binding([.escape], "cancel", "Cancel (nothing is written)"),
    ])

    package var keymap: Keymap {
        switch step {
        case .meaning:
            Keymap([Binding((1...meanings.count).map { Key.character(Character(String($0))) }, "meaning", Self.meaningHelp),
                    Binding([.escape], "cancel", "Cancel (nothing is written)")])
        case .event: Self.eventKeys
        case .sign: SigningPrompt.keys
        }
    }

    package var hasUnsavedInput: Bool { meaning != nil }

    /// The event the meaning applies to that is proposed: for a stopping rule's acknowledgement the
    /// latest rule status that paused the trial, else the patient's latest entry the signed-in
    /// user may sign with it.
    static func proposed(_ meaning: SignatureMeaning, patient: String, context: BedsideContext) -> Int64? {
        let author = context.author
        return context.events.last { event in
            (meaning == .acknowledged || event.patient == patient) && meaning.refusal(signing: event, by: author) == nil
        }?.seq
    }

    package func handle(_ key: Key, context: BedsideContext) -> Reaction {
        if key == .resize { return .redraw }
        switch step {
        case .meaning:
            notice = nil
            if case .character(let c) = key, let n = c.wholeNumberValue, (1...meanings.count).contains(n) {
                let chosen = meanings[n - 1]
                meaning = chosen
                eventText = Self.proposed(chosen, patient: patient, context: context).map(String.init) ?? ""
                step = .event
                return .redraw
            }
            if key == .escape || key == .control("c") { return cancel(context) }
            if case .character(let c) = key, c != "?", c != "q" { notice = localized("{key}: choose the meaning by its number", ["key": String(c)]); return .redraw }
            return .unhandled
        case .event:
            notice = nil
            switch key {
            case .character(let c) where c.isASCII && c.isWholeNumber:
                if eventText.count < 18 { eventText.append(c) }
            case .backspace:
                if eventText.isEmpty { step = .meaning; meaning = nil } else { eventText.removeLast() }
            case .enter: return checkEvent(context)
            case .escape, .control("c"): return cancel(context)
            case .character(let c) where c != "?" && c != "q": notice = localized("{key}: type the event's number (digits)", ["key": String(c)])
            default: return .unhandled
            }
        case .sign:
            guard var prompt = signing, let meaning, let seq = Int64(eventText) else { step = .event; return .redraw }
            let outcome = prompt.handle(key, context: context)
            signing = prompt
            switch outcome {
            case .typing: break
            case .cancelled:
                signing = nil
                step = .event
                notice = localized("Not signed: nothing written.")
            case .signed(let recorder): return save(seq, meaning, through: recorder, context: context)
            }
        }
        return .redraw
    }

    /// The event named must exist and be content the meaning applies to, before a password is asked.
    private func checkEvent(_ context: BedsideContext) -> Reaction {
        guard let meaning else { step = .meaning; return .redraw }
        guard let seq = Int64(eventText), seq >= 1 else {
            notice = localized("Type the number of the event to sign.")
            return .redraw
        }
        let target: RecordedEvent?
        do { target = try context.store.event(seq: seq) } catch {
            notice = localized("Not signed: {reason}", ["reason": localizedMessage(error.description)])
            return .redraw
        }
        guard let target else { notice = localized("There is no event {seq} in the log.", ["seq": "\(seq)"]); return .redraw }
        if let why = meaning.refusal(signing: target, by: context.author) {
            notice = localized("Not signed: {reason}", ["reason": localizedMessage(why)])
            return .redraw
        }
        signing = SigningPrompt(meaning: meaning)
        step = .sign
        return .redraw
    }

    private func save(_ seq: Int64, _ meaning: SignatureMeaning, through recorder: LogRecorder, context: BedsideContext) -> Reaction {
        signing = nil
        let signature: RecordedEvent
        do {
            signature = try recorder.sign([seq], meaning: meaning, name: recorder.signerName)
        } catch {
            step = .event
            notice = localized("Not signed: {reason}", ["reason": localizedMessage(error.description)])
            context.message = (notice!, true)
            return .redraw
        }
        let followUp = context.settleAfterSave()
        context.message = (localized("Signed event {seq} '{meaning}' as {name} ({role}), event {signature}",
                                     ["seq": String(seq), "meaning": localized(meaning.words), "name": recorder.signerName,
                                      "role": localized(recorder.author.role.rawValue), "signature": String(signature.seq)]) + followUp.text, followUp.isError)
        return .pop
    }

    private func cancel(_ context: BedsideContext) -> Reaction {
        context.message = (localized("Not signed: nothing written"), false)
        return .pop
    }

    package func render(into buffer: inout ScreenBuffer, area: Area, context: BedsideContext) {
        var y = area.top + 1
        func line(_ text: String, _ style: Style = .plain) {
            guard y < area.bottom else { return }
            buffer.put(text, x: 2, y: y, style: style, limit: area.width - 2)
            y += 1
        }
        line(localized("Sign an entry of {patient} as {user} ({role})", ["patient": patient, "user": context.author.id, "role": localized(context.author.role.rawValue)]), .bold)
        line(localized("A signature names the event's version: a later correction leaves it on the old one."), .dim)
        y += 1
        line("1. " + localized("Meaning"), step == .meaning ? .bold : .plain)
        for (index, candidate) in meanings.enumerated() {
            let chosen = candidate == meaning
            line("   \(index + 1) \(localized(candidate.words))" + (chosen ? "  ◂" : ""), chosen ? .bold : .plain)
        }
        line("2. " + localized("Event").padded(toColumns: 11) + (step == .event ? "▸ \(eventText)▏" : eventText), step == .event ? .bold : .plain)
        if step == .event, let meaning, let seq = Int64(eventText), let target = context.events.first(where: { $0.seq == seq }) {
            line("   " + localized("event {seq}: {kind} by {user}", ["seq": String(seq), "kind": EventText.kind(target.kind), "user": PrintableText.escaped(target.author.id)])
                 + (meaning == .acknowledged ? "" : (target.patient.map { localized(" for {patient}", ["patient": PrintableText.escaped($0)]) } ?? "")), .dim)
        }
        y += 1
        if step == .sign, let signing {
            line(signing.question(context), Style(bold: true, reverse: true))
            line(localized("Enter signs · Esc: nothing is written"), .dim)
            if let refused = signing.notice { line(refused, .bold) }
        }
        if let notice { line(notice, .bold) }
    }
}
