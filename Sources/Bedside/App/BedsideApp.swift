import Clinical
import EventLog
import Foundation
import Safety
import Terminal
import Localization

/// The bedside front end's loop: read a key (or time out and look for other terminals' writes),
/// let the top screen react, draw the frame.
package final class BedsideApp {
    /// The smallest terminal the screens are laid out for.
    package static let minimumSize = (width: 80, height: 24)
    /// How often the log is checked for other terminals' writes.
    static let pollMilliseconds = 400
    /// How often time-dependent text (study day, LAST, OVERDUE, the protocol's status) is
    /// evaluated again without a key: a board left open must turn OVERDUE by itself.
    package static let tickSeconds = 15.0

    let device: any TerminalDevice
    package let context: BedsideContext
    package private(set) var stack: [any Screen]
    private var running = true
    /// The clock's now at the last evaluation of time-dependent text.
    private var lastTick: Double
    /// Seconds on a clock that only moves forward (the system's uptime): the idle lock measures
    /// time without a key on it, so that a wall clock set back or forward neither keeps the board
    /// open nor locks it early. Tests give their own.
    private let idleClock: () -> Double
    /// The idle clock at the last key: the idle lock counts from it.
    private var lastKey: Double

    package init(device: any TerminalDevice, context: BedsideContext, root: any Screen,
                 idleClock: @escaping () -> Double = { ProcessInfo.processInfo.systemUptime }) {
        self.device = device
        self.context = context
        self.stack = [root]
        self.lastTick = context.now().secondsSinceEpoch
        self.idleClock = idleClock
        self.lastKey = idleClock()
    }

    /// Puts `screen` on top (the sign-in screen, before the board is shown).
    package func present(_ screen: any Screen) {
        stack.append(screen)
    }

    /// Whether the sign-in (or lock) screen is on top: nothing of the log is shown.
    package var isSignInShown: Bool { stack.last is SignInScreen }

    /// Runs until the user quits.
    package func run() {
        draw()
        while running {
            guard let key = device.readKey(timeoutMilliseconds: Self.pollMilliseconds) else {
                idle()
                continue
            }
            handle(key)
            // A user typing without pause still gets the tick and the verification's result.
            if running { refreshIfDue(); draw() }
        }
        // Quitting ends the session: its `login signedOut` event.
        context.signOut()
    }

    /// Applies one key (the loop's step; tests call it directly).
    package func handle(_ key: Key) {
        if key == .resize { return }
        // While the screen asks to be enlarged, nothing is shown: a key would change a field
        // unseen. Keys are ignored; only Ctrl-C with nothing unsaved quits.
        let (width, height) = device.size
        if width < Self.minimumSize.width || height < Self.minimumSize.height {
            if key == .control("c"), !stack.contains(where: \.hasUnsavedInput) { running = false }
            return
        }
        context.message = nil
        lastKey = idleClock()
        // After a fast start, the first key waits for the whole log (screens need all of it).
        if !context.isFullyLoaded {
            do {
                try context.finishLoading(wait: true)
                for screen in stack { screen.logChanged(context: context) }
            } catch {
                context.message = (localized("Cannot read the log: {reason} · q quits", ["reason": localizedMessage(error.description)]), true)
                // Nothing can be entered on a log that cannot be read, but leaving must still work:
                // q or Esc as on the board, Ctrl-C as the sign-in screen says.
                if key == .control("c") { running = false }
                if let command = Keymap.global.command(for: key).flatMap(GlobalCommand.init(rawValue:)), command == .back || command == .quit {
                    running = false
                }
                return
            }
        }
        guard let top = stack.last else { running = false; return }
        let head = context.headSeq
        var reaction = top.handle(key, context: context)
        if case .unhandled = reaction { reaction = global(key, top: top) }
        apply(reaction)
        // A save reloads the context; every screen below learns of it at once, not at the next poll.
        if context.headSeq != head {
            for screen in stack { screen.logChanged(context: context) }
        }
    }

    /// What the loop does when no key came: other terminals' writes, the verification's result,
    /// and the clock's tick once ``tickSeconds`` have passed on the context's clock (either way: a
    /// clock set back must not stop the ticks).
    package func idle() {
        if lockIfIdle() { return }
        pollLog()
        if refreshIfDue() { draw() }
    }

    /// Locks the board when no key came for the protocol's idle time while someone was signed
    /// in; returns whether it locked.
    @discardableResult
    package func lockIfIdle() -> Bool {
        guard context.signedIn != nil, !isSignInShown, idleClock() - lastKey >= Double(context.idleLockSeconds) else { return false }
        lock()
        return true
    }

    /// Hides the board behind the lock screen: a `login locked` event by the user, who is no
    /// longer signed in until someone signs in again with both components.
    package func lock() {
        guard let user = context.signedIn else { return }
        context.end()
        var failure: String?
        do { try SessionEvents.append(.locked, for: user, to: context.store) } catch { failure = error.description }
        stack.append(SignInScreen(purpose: .locked(user)))
        context.message = failure.map { (localized("The lock could not be recorded: {reason}", ["reason": $0]), true) }
        draw()
    }

    /// Takes the verification's result once there, and ticks when ``tickSeconds`` have passed;
    /// returns whether either changed the screen.
    @discardableResult
    func refreshIfDue() -> Bool {
        var changed = context.finishLogCheck(wait: false)
        if context.finishClockRefresh(wait: false) { changed = true }
        if abs(context.now().secondsSinceEpoch - lastTick) >= Self.tickSeconds {
            advanceClock()
            changed = true
        }
        return changed
    }

    /// Evaluates time-dependent text again at the context's now, on every screen, and draws.
    package func tick() {
        advanceClock()
        draw()
    }

    private func advanceClock() {
        lastTick = context.now().secondsSinceEpoch
        context.refreshClock()
        for screen in stack { screen.tick(context: context) }
    }

    private func global(_ key: Key, top: any Screen) -> Reaction {
        switch Keymap.global.command(for: key).flatMap(GlobalCommand.init(rawValue:)) {
        case .help?: return .push(HelpScreen(for: top))
        case .back?: return stack.count > 1 ? .pop : .quit
        // Esc goes back, and never quits: it is what clears a filter or leaves a prompt elsewhere.
        case .escape?: return stack.count > 1 ? .pop : .none
        case .quit?: return .quit
        case nil: return .none
        }
    }

    private func apply(_ reaction: Reaction) {
        switch reaction {
        case .unhandled, .none, .redraw: break
        case .push(let screen): stack.append(screen)
        case .replace(let screen): stack[stack.count - 1] = screen
        case .pop: if stack.count > 1 { stack.removeLast() } else { running = false }
        case .popToRoot: stack.removeLast(stack.count - 1)
        case .quit:
            if stack.contains(where: \.hasUnsavedInput) {
                context.message = (localized("Unsaved entry: save it (or discard it with Esc in the form) before quitting"), true)
            } else {
                running = false
            }
        }
    }

    /// Reloads when another terminal appended, and tells the screens.
    package func pollLog() {
        do {
            if try context.reloadIfChanged() {
                for screen in stack { screen.logChanged(context: context) }
                lastTick = context.now().secondsSinceEpoch
                draw()
            }
        } catch {
            context.message = (localized("Cannot read the log: {reason}", ["reason": localizedMessage(error.description)]), true)
            draw()
        }
    }

    /// The frame as it would be drawn now, at the device's size.
    package func frame() -> ScreenBuffer {
        let (width, height) = device.size
        return Self.frame(stack: stack, context: context, width: width, height: height)
    }

    private func draw() { device.draw(frame()) }

    /// Lays out title bar, rule banner, the top screen and the status bar.
    package static func frame(stack: [any Screen], context: BedsideContext, width: Int, height: Int) -> ScreenBuffer {
        var buffer = ScreenBuffer(width: width, height: height)
        guard width >= minimumSize.width, height >= minimumSize.height else {
            let lines = [localized("aegrade needs a terminal of at least {size}.", ["size": "\(minimumSize.width)×\(minimumSize.height)"]),
                         localized("This one is {size}: please enlarge it.", ["size": "\(width)×\(height)"]),
                         localized("Keys are ignored until then; nothing typed is lost.")]
            for (offset, line) in lines.enumerated() {
                buffer.put(line, x: max(0, (width - line.displayWidth) / 2), y: height / 2 - 1 + offset, style: offset == 0 ? .bold : .plain)
            }
            return buffer
        }
        guard let top = stack.last else { return buffer }
        let title = " aegrade · \(context.trial?.trial ?? localized("no protocol")) · \(top.title)"
        let user = context.signedIn.map { "\($0.author.id) (\(localized($0.author.role.rawValue))) " } ?? localized("not signed in") + " "
        buffer.fill(y: 0, style: .reverse)
        buffer.put(title, x: 0, y: 0, style: .reverse, limit: width - user.displayWidth - 1)
        buffer.put(user, x: width - user.displayWidth, y: 0, style: .reverse)
        var bodyTop = 1
        // Banners wrap rather than lose their end; they leave the body at least half the screen.
        for banner in top.banners(context: context) {
            let style = banner.style(colors: context.colors)
            for line in banner.lines(width: width) where bodyTop < height / 2 {
                buffer.fill(y: bodyTop, style: style)
                buffer.put(line, x: 0, y: bodyTop, style: style)
                bodyTop += 1
            }
        }
        top.render(into: &buffer, area: Area(top: bodyTop, bottom: height - 1, width: width), context: context)
        let statusStyle = context.message?.isError == true
            ? Style(foreground: context.colors ? .red : nil, bold: true) : Style(reverse: true)
        buffer.fill(y: height - 1, style: statusStyle)
        let right = context.message == nil ? top.statusRight(context: context).map { $0 + " " } ?? "" : ""
        let status = context.message?.text ?? top.statusText(context: context) ?? (localized("? help  q back") + " │ " + top.keymap.statusLine)
        buffer.put(" " + status, x: 0, y: height - 1, style: statusStyle, limit: width - right.displayWidth - 1)
        buffer.put(right, x: width - right.displayWidth, y: height - 1, style: statusStyle)
        return buffer
    }
}
