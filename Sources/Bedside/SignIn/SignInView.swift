import Clinical
import EventLog
import Foundation
import Localization
import Terminal

/// Draws the sign-in screen: the fields (a password as dots), the roles to choose from, and what
/// the last attempt came to. Nothing of the log's patients.
enum SignInView {
    static func render(_ screen: SignInScreen, into buffer: inout ScreenBuffer, area: Area, context: BedsideContext) {
        var y = area.top + 1
        let x = 4
        func line(_ text: String, _ style: Style = .plain) {
            guard y < area.bottom else { return }
            _ = buffer.put(text, x: x, y: y, style: style, limit: area.width - x - 1)
            y += 1
        }
        func labelled(_ label: String, _ value: String, focused: Bool = false) {
            line("\(focused ? "▸" : " ") \(label.padded(toColumns: 20)) \(value)\(focused ? "_" : "")",
                 focused ? .bold : .plain)
        }
        func field(_ label: String, _ field: SignInScreen.Field) {
            labelled(label, screen.shown(field), focused: screen.field == field)
        }
        switch screen.purpose {
        case .locked: line(localized("The board is locked: patient data is hidden."), .bold)
        case .start, .switchUser: line(localized("Sign in to the bedside board."), .bold)
        }
        y += 1
        switch screen.step {
        case .credentials:
            field(localized("User id"), .user)
            field(localized("Password"), .password)
        case .chooseRole(let held, _):
            labelled(localized("User id"), screen.user)
            y += 1
            line(localized("Act in which role?"))
            for (index, role) in held.enumerated() { line("  \(index + 1)  \(localized(role.rawValue))") }
        case .newPassword:
            labelled(localized("User id"), screen.user)
            field(localized("New password"), .newPassword)
            field(localized("New password again"), .again)
        }
        y += 1
        if let notice = screen.notice {
            let style = notice.isError ? Style(foreground: context.colors ? .red : nil, bold: true) : Style.plain
            for part in DocumentView.wrap(notice.text, columns: max(20, area.width - x - 2)) { line(part, style) }
        }
        if case .locked(let previous) = screen.purpose {
            y += 1
            line(localized("{user} returns to where they were; another user starts at the board.", ["user": previous.author.id]), .dim)
        }
    }
}
