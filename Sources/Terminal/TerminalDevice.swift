/// A terminal a screen loop can run on: the real one (`Curses`) or a scripted one in tests.
package protocol TerminalDevice: AnyObject {
    /// Columns and rows now.
    var size: (width: Int, height: Int) { get }
    /// Waits up to `timeoutMilliseconds` for a key; nil when none came (so the loop can poll the
    /// log). A terminal resize arrives as `.resize`.
    func readKey(timeoutMilliseconds: Int) -> Key?
    /// Shows `buffer`, writing only what changed since the last frame.
    func draw(_ buffer: ScreenBuffer)
}
