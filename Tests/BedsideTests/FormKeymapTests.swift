import Bedside
import Clinical
import Foundation
import Terminal
import Testing

/// The form's keymaps are the one table of its navigation and command keys: every key they list
/// does what `?` help says, the form takes no other such key, and the one rule between typing and
/// commands (a character typed into a text field is text) is the one help states.
@Suite struct FormKeymapTests {
    static let tables = [("form", AssessmentFormKeymap.form), ("identify", AssessmentFormKeymap.identify)]

    @Test func theFormsKeymapsNameEveryFormCommandAndOnlyThose() {
        var named: Set<String> = []
        for (name, keymap) in Self.tables {
            for binding in keymap.bindings {
                #expect(AssessmentFormCommand(rawValue: binding.command) != nil, "\(name): \(binding.command) is no form command")
                named.insert(binding.command)
            }
            let keys = keymap.bindings.flatMap(\.keys)
            #expect(keys.count == Set(keys).count, "\(name): a key bound twice")
        }
        #expect(named == Set(AssessmentFormCommand.allCases.map(\.rawValue)), "\(named)")
    }

    @Test func everyKeyTheFormsHelpListsIsTakenByTheForm() throws {
        let fixture = try FormFixture()
        for binding in AssessmentFormKeymap.form.bindings {
            for key in binding.keys {
                let screen = fixture.form()
                #expect(screen.state.phase == .form)
                let reaction = screen.handle(key, context: fixture.context)
                #expect(!KeymapTests.isUnhandled(reaction), "\(key) (\(binding.help)) is in the form's help but the form ignored it")
            }
        }
        for binding in AssessmentFormKeymap.identify.bindings {
            for key in binding.keys {
                let screen = fixture.form(nil)
                #expect(screen.state.phase == .identify)
                let reaction = screen.handle(key, context: fixture.context)
                #expect(!KeymapTests.isUnhandled(reaction), "\(key) (\(binding.help)) is in the identify help but the form ignored it")
            }
        }
    }

    @Test func theFormsNavigationKeysAreAllInItsHelp() throws {
        // Keys that move between fields whatever the field: each must be listed.
        let fixture = try FormFixture()
        let listed = Set(AssessmentFormKeymap.form.bindings.flatMap(\.keys))
        for key: Key in [.tab, .backTab, .enter, .up, .down, .pageUp, .pageDown, .home, .end] {
            let screen = fixture.form()
            let before = screen.state.focus
            _ = screen.handle(key, context: fixture.context)
            if screen.state.focus != before { #expect(listed.contains(key), "\(key) moves the cursor but help does not list it") }
        }
    }

    /// The cursor on `field` of a fresh form of a new patient (identified as P-NEW, one pressor
    /// line added), so every kind of field is reachable.
    static func form(on field: FormField, _ fixture: FormFixture, sourceLocation: SourceLocation = #_sourceLocation) -> AssessmentFormScreen {
        let screen = fixture.form(nil)
        fixture.type("P-NEW", on: screen)
        fixture.press([.enter], on: screen)
        fixture.move(to: .vasopressors, pressing: .tab, on: screen, sourceLocation: sourceLocation)
        fixture.type("a", on: screen)
        fixture.move(to: field, pressing: .tab, on: screen, sourceLocation: sourceLocation)
        return screen
    }

    /// One field of each kind: number, choice, text, score, list, flags, a pressor line.
    static let fieldsOfEachKind: [FormField] = [.temperature, .hypotension, .time, .patientID, .ice, .capd, .vasopressors, .otherCause,
                                                .pressorDrug(0), .pressorDose(0), .lab(.ferritin)]

    /// Whether a key changed what the form holds or shows as its state (not the notice).
    static func snapshot(_ screen: AssessmentFormScreen) -> String {
        "\(screen.state.phase) \(screen.state.focus) \(screen.state.draft) \(String(describing: screen.state.wizard)) \(String(describing: screen.state.prompt))"
    }

    @Test func theFormTakesNoNavigationOrCommandKeyItsHelpDoesNotList() throws {
        let fixture = try FormFixture()
        let global = Set(Keymap.global.bindings.flatMap(\.keys))
        let commandKeys = KeymapTests.everyKey.filter { if case .character = $0 { false } else { true } }
        var checked = 0
        for field in Self.fieldsOfEachKind {
            let listed = Set(AssessmentFormKeymap.form.bindings.flatMap(\.keys))
            for key in commandKeys where !listed.contains(key) && !global.contains(key) {
                let screen = Self.form(on: field, fixture)
                let before = Self.snapshot(screen)
                let reaction = screen.handle(key, context: fixture.context)
                #expect(KeymapTests.isUnhandled(reaction) && Self.snapshot(screen) == before,
                        "\(key) on \(field) is not in the form's help, yet the form took it")
                checked += 1
            }
        }
        for field: FormField in [.patientID, .ageYears, .developmentalDelay] {
            let listed = Set(AssessmentFormKeymap.identify.bindings.flatMap(\.keys))
            for key in commandKeys where !listed.contains(key) && !global.contains(key) {
                let screen = fixture.form(nil)
                fixture.move(to: field, pressing: .tab, on: screen)
                let before = Self.snapshot(screen)
                let reaction = screen.handle(key, context: fixture.context)
                #expect(KeymapTests.isUnhandled(reaction) && Self.snapshot(screen) == before,
                        "\(key) on \(field) is not in the identify help, yet the form took it")
                checked += 1
            }
        }
        #expect(checked > 300, "only \(checked) keys checked")
    }

    /// The letters a field takes itself (shown beside it): they must not be the form's command
    /// letters, which the keymap takes first outside text fields.
    static func fieldLetters(_ field: FormField, _ state: AssessmentFormState) -> [Character] {
        switch field.kind {
        case .text: return []
        case .number: return state.draft.unitChoices(field).map(\.key) + Array("0123456789.")
        case .choice(let options): return options.map(\.key) + (field.isPressorDrug ? ["x"] : [])
        case .flags(let options): return options.map(\.key)
        case .score(_, let unable): return unable.map(\.key) + ["w"] + Array("0123456789")
        case .list: return ["n", "a"]
        }
    }

    @Test func aCharacterIsACommandOutsideTextFieldsAndTypedInsideThem() throws {
        let fixture = try FormFixture()
        for (name, keymap) in Self.tables {
            for binding in keymap.bindings where binding.keys.contains(where: { if case .character = $0 { true } else { false } }) {
                #expect(binding.help.contains(AssessmentFormKeymap.outsideTextFields),
                        "\(name): \(binding.keys) is a character, so its help must say it is typed in a text field: \(binding.help)")
                for key in binding.keys {
                    guard case .character(let c) = key else { continue }
                    // In a text field the character is typed, whatever it is bound to.
                    let screen = name == "form" ? Self.form(on: .time, fixture) : fixture.form(nil)
                    let field: FormField = name == "form" ? .time : .patientID
                    let before = screen.state.draft.text(field)
                    _ = screen.handle(key, context: fixture.context)
                    #expect(screen.state.draft.text(field) == (name == "form" ? "" : before) + String(c) && screen.state.focus == field
                            && screen.state.wizard == nil && screen.state.prompt == nil,
                            "\(name): \(key) in \(field) was not typed: \(screen.state.draft.text(field))")
                }
            }
        }
        // Outside text fields no field takes a command letter: else the field's key would be dead.
        let screen = Self.form(on: .temperature, fixture)
        let bound = Set(AssessmentFormKeymap.form.bindings.flatMap(\.keys))
        for field in screen.state.fields {
            for letter in Self.fieldLetters(field, screen.state) {
                #expect(!bound.contains(.character(letter)), "\(letter) is a key of \(field) and a form command")
            }
        }
    }

    @Test func everyKeyOfTheFormDoesWhatHelpSays() throws {
        let fixture = try FormFixture()
        for binding in AssessmentFormKeymap.form.bindings {
            let command = try #require(AssessmentFormCommand(rawValue: binding.command))
            for key in binding.keys {
                let said = "\(key) (\(binding.help))"
                let screen = fixture.form()
                let fields = screen.state.fields
                let start = try #require(fields.firstIndex(of: .temperature))
                let rows = screen.state.rows.compactMap { row -> [FormField]? in
                    if case .fields(let fields) = row { return fields }
                    return nil
                }
                let row = try #require(rows.firstIndex { $0.contains(.temperature) })
                let group = try #require(FormGroup.allCases.firstIndex(of: .vitals))
                switch command {
                case .next, .previous, .nextRow, .previousRow, .nextGroup, .previousGroup, .first, .last:
                    let reaction = screen.handle(key, context: fixture.context)
                    let focus = screen.state.focus
                    #expect(KeymapTests.isRedraw(reaction), "\(said)")
                    switch command {
                    case .next: #expect(focus == fields[start + 1], "\(said): \(focus)")
                    case .previous: #expect(focus == fields[start - 1], "\(said): \(focus)")
                    case .nextRow: #expect(rows[row + 1].contains(focus), "\(said): \(focus)")
                    case .previousRow: #expect(rows[row - 1].contains(focus), "\(said): \(focus)")
                    case .nextGroup: #expect(FormLayout.group(of: focus) == FormGroup.allCases[group + 1], "\(said): \(focus)")
                    case .previousGroup: #expect(FormLayout.group(of: focus) == FormGroup.allCases[group - 1], "\(said): \(focus)")
                    case .first: #expect(focus == fields.first, "\(said): \(focus)")
                    default: #expect(focus == fields.last, "\(said): \(focus)")
                    }
                case .save:
                    // An empty entry is checked as a save checks it: refused naming a field, or asked y/N.
                    let reaction = screen.handle(key, context: fixture.context)
                    #expect(screen.state.rejection != nil || screen.state.prompt != nil || Self.isPop(reaction), "\(said)")
                case .wizard:
                    _ = screen.handle(key, context: fixture.context)
                    #expect(screen.state.wizard != nil, "\(said)")
                case .labUnits:
                    let before = screen.state.draft.labsConventional
                    _ = screen.handle(key, context: fixture.context)
                    #expect(screen.state.draft.labsConventional != before, "\(said)")
                case .clear:
                    fixture.type("38.5", on: screen)
                    _ = screen.handle(key, context: fixture.context)
                    #expect(screen.state.draft.text(.temperature).isEmpty && screen.state.focus == .temperature, "\(said)")
                case .erase:
                    fixture.type("38.5", on: screen)
                    _ = screen.handle(key, context: fixture.context)
                    #expect(screen.state.draft.text(.temperature) == "38." && screen.state.focus == .temperature, "\(said)")
                case .close:
                    #expect(Self.isPop(screen.handle(key, context: fixture.context)), "\(said): nothing typed, nothing asked")
                    let typed = fixture.form()
                    fixture.type("38.5", on: typed)
                    _ = typed.handle(key, context: fixture.context)
                    #expect(typed.state.prompt == .discard, "\(said): typed input is not lost without a y")
                case .continue:
                    Issue.record("\(said): the form phase has no question to continue from")
                }
            }
        }
    }

    @Test func everyKeyOfTheIdentifyQuestionsDoesWhatHelpSays() throws {
        let fixture = try FormFixture()
        for binding in AssessmentFormKeymap.identify.bindings {
            let command = try #require(AssessmentFormCommand(rawValue: binding.command))
            for key in binding.keys {
                let said = "\(key) (\(binding.help))"
                let screen = fixture.form(nil)
                switch command {
                case .next:
                    _ = screen.handle(key, context: fixture.context)
                    #expect(screen.state.focus == .ageYears, "\(said)")
                case .previous:
                    _ = screen.handle(key, context: fixture.context)
                    #expect(screen.state.focus == .developmentalDelay, "\(said): the questions wrap")
                case .continue, .save:
                    fixture.type("P-NEW", on: screen)
                    _ = screen.handle(key, context: fixture.context)
                    #expect(screen.state.phase == .form && screen.state.draft.text(.patientID) == "P-NEW", "\(said)")
                case .clear:
                    // On the age, a number: Space is typed only into the id.
                    fixture.move(to: .ageYears, pressing: .tab, on: screen)
                    fixture.type("7", on: screen)
                    _ = screen.handle(key, context: fixture.context)
                    #expect(screen.state.draft.text(.ageYears).isEmpty && screen.state.focus == .ageYears, "\(said)")
                case .erase:
                    fixture.type("P-NEW", on: screen)
                    _ = screen.handle(key, context: fixture.context)
                    #expect(screen.state.draft.text(.patientID) == "P-NE", "\(said)")
                case .close:
                    #expect(Self.isPop(screen.handle(key, context: fixture.context)), "\(said): nothing typed, nothing asked")
                    let typed = fixture.form(nil)
                    fixture.type("P-NEW", on: typed)
                    _ = typed.handle(key, context: fixture.context)
                    #expect(typed.state.prompt == .discard, "\(said): typed input is not lost without a y")
                case .nextRow, .previousRow, .nextGroup, .previousGroup, .first, .last, .wizard, .labUnits:
                    Issue.record("\(said): the identify questions have no fields to do this with")
                }
            }
        }
    }

    @Test func theWizardsKeymapNamesEveryWizardCommandAndOnlyThose() {
        let named = AssessmentFormKeymap.wizard.bindings.map(\.command)
        #expect(Set(named) == Set(WizardCommand.allCases.map(\.rawValue)), "\(named)")
        let keys = AssessmentFormKeymap.wizard.bindings.flatMap(\.keys)
        #expect(keys.count == Set(keys).count, "no key bound twice")
    }

    /// Where the ICE wizard of the form stands (nil: the wizard is closed).
    static func iceStep(_ screen: AssessmentFormScreen) -> ICEWizard.Step? {
        if case .ice(let wizard)? = screen.state.wizard { return wizard.step }
        return nil
    }

    @Test func everyKeyOfTheWizardDoesWhatHelpSays() throws {
        let fixture = try FormFixture()
        for binding in AssessmentFormKeymap.wizard.bindings {
            let command = try #require(WizardCommand(rawValue: binding.command))
            for key in binding.keys {
                let said = "\(key) (\(binding.help))"
                let screen = fixture.form(wizard: true)
                #expect(Self.iceStep(screen) == .item(0), "\(said): an adult's form opens on the ICE's first item")
                switch command {
                case .answer:
                    _ = screen.handle(key, context: fixture.context)
                    #expect(Self.iceStep(screen) == .item(1), "\(said)")
                case .unable:
                    _ = screen.handle(key, context: fixture.context)
                    #expect(Self.iceStep(screen) == .unableReason, "\(said)")
                case .back:
                    fixture.type("y", on: screen)
                    _ = screen.handle(key, context: fixture.context)
                    #expect(Self.iceStep(screen) == .item(0), "\(said)")
                case .finish:
                    _ = screen.handle(key, context: fixture.context)
                    #expect(Self.iceStep(screen) == .item(0), "\(said): nothing to accept before the end")
                    fixture.type("uu", on: screen)  // unable: unarousable, the end
                    #expect(Self.iceStep(screen) == .done, "\(said)")
                    _ = screen.handle(key, context: fixture.context)
                    #expect(screen.state.wizard == nil && screen.state.draft.ice != nil, "\(said): the answers are in the form")
                case .leave:
                    _ = screen.handle(key, context: fixture.context)
                    #expect(screen.state.wizard == nil && screen.state.prompt == nil, "\(said): nothing answered, nothing asked")
                    let answered = fixture.form(wizard: true)
                    fixture.type("y", on: answered)
                    _ = answered.handle(key, context: fixture.context)
                    #expect(answered.state.prompt == .leaveWizard, "\(said): answers are not lost without a y")
                }
            }
        }
    }

    static func isPop(_ reaction: Reaction) -> Bool { if case .pop = reaction { true } else { false } }
}
