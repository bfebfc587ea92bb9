import Clinical
import Foundation
import PostgresLog

/// The password of a PostgreSQL URL's role for this process: `PGPASSWORD`, the password file, else
/// asked on the terminal — once. A command may connect to one database more than once (the board
/// on a site's URL reads the whole trial for a monitor, then opens its site to write), and a nurse
/// must not be asked the same password twice; the answer is kept in memory for the process's life
/// only, per role, server and database (the site is a column, not a connection's property).
enum DatabasePassword {
    private static let lock = NSLock()
    nonisolated(unsafe) private static var known: [String: String?] = [:]

    static func password(for url: PostgresURL, environment: [String: String] = ProcessInfo.processInfo.environment) -> String? {
        let key = "\(url.user)@\(url.host):\(url.port)/\(url.database)"
        lock.lock()
        defer { lock.unlock() }
        if let answer = known[key] { return answer }
        // No terminal: nil, and the server's refusal names PGPASSWORD and ~/.pgpass.
        let answer = PostgresPassword.find(for: url, environment: environment)
            ?? PasswordPrompt.ask("Password for \(PrintableText.escaped(url.user))@\(PrintableText.escaped(url.host)): ")
        known[key] = answer
        return answer
    }
}
