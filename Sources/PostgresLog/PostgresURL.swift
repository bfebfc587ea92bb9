import EventLog
import Foundation

/// Where a PostgreSQL log lives: `postgres://USER@HOST:PORT/DATABASE?site=SITE` (`postgresql://`
/// too). The password is never part of it: a URL that carries one is refused, since a command line
/// is visible to every user of the machine (`ps`) and stays in shell histories; it comes from
/// `PGPASSWORD`, the password file (`PGPASSFILE`, else `~/.pgpass`, as libpq reads them), or a
/// prompt (README, "The log on PostgreSQL").
package struct PostgresURL: Sendable, Equatable, CustomStringConvertible {
    package var user: String
    package var host: String
    package var port: Int
    package var database: String
    /// The site whose chain this log appends to and reads (`?site=`); `main` when not given.
    package var site: String

    /// The site a URL without `?site=` names.
    package static let defaultSite = "main"

    /// Whether `text` is meant as a PostgreSQL URL rather than a file path.
    package static func isURL(_ text: String) -> Bool {
        text.hasPrefix("postgres://") || text.hasPrefix("postgresql://")
    }

    /// Parses `text`, naming what is wrong: a password, a missing user, host or database, a port
    /// that is not one, a parameter other than `site`, an empty or unprintable site.
    package init(_ text: String) throws(EventLogError) {
        func refuse(_ reason: String) -> EventLogError { .invalidPath(path: Self.redacted(text), reason: reason) }
        guard Self.isURL(text), let components = URLComponents(string: text) else {
            throw refuse("not a PostgreSQL URL; write postgres://USER@HOST:PORT/DATABASE?site=SITE")
        }
        guard components.password == nil else {
            throw refuse("the URL carries a password, which a command line shows to every user of the machine; give it in "
                         + "PGPASSWORD or the password file (~/.pgpass or PGPASSFILE), or let aegrade ask for it")
        }
        guard let user = components.user, !user.isEmpty else { throw refuse("the URL names no user: postgres://USER@HOST/DATABASE") }
        guard let host = components.host, !host.isEmpty else { throw refuse("the URL names no host") }
        let database = String(components.path.drop { $0 == "/" })
        guard !database.isEmpty, !database.contains("/") else { throw refuse("the URL names no database: postgres://USER@HOST/DATABASE") }
        var site = Self.defaultSite
        for item in components.queryItems ?? [] {
            guard item.name == "site" else { throw refuse("unknown parameter \"\(item.name)\"; the only one is site") }
            guard let value = item.value, Self.isSiteName(value) else {
                throw refuse("site must be 1 to 64 letters, digits, '.', '-' or '_'")
            }
            site = value
        }
        self.user = user
        self.host = host
        self.port = components.port ?? 5432
        self.database = database
        self.site = site
    }

    package init(user: String, host: String, port: Int, database: String, site: String) {
        self.user = user
        self.host = host
        self.port = port
        self.database = database
        self.site = site
    }

    /// A site name: short, printable, and safe in any message (it names the chain in reports).
    package static func isSiteName(_ name: String) -> Bool {
        !name.isEmpty && name.utf8.count <= 64 && name.utf8.allSatisfy { byte in
            (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
                || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || Array("._-".utf8).contains(byte)
        }
    }

    /// The same server and database, another site.
    package func with(site: String) -> PostgresURL {
        var copy = self
        copy.site = site
        return copy
    }

    /// The same server, database and site, another role.
    package func with(user: String) -> PostgresURL {
        var copy = self
        copy.user = user
        return copy
    }

    /// The URL as it names the log in messages (never with a password).
    package var description: String { "postgres://\(user)@\(host):\(port)/\(database)?site=\(site)" }

    /// `text` with anything between `://` and `@` after a `:` removed, for a message about a URL
    /// that carried a password.
    static func redacted(_ text: String) -> String {
        guard let scheme = text.range(of: "://"), let at = text[scheme.upperBound...].firstIndex(of: "@"),
              let colon = text[scheme.upperBound..<at].firstIndex(of: ":") else { return text }
        return String(text[..<colon]) + ":***" + String(text[at...])
    }
}
