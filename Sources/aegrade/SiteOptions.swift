import ArgumentParser
import Clinical
import EventLog
import Foundation
import Localization
import PostgresLog

/// `--site S` (repeatable) and `--all-sites`: which sites of a PostgreSQL trial a reading command
/// reads (README, "The whole trial"). A URL without `site=` is the whole trial, as for `log
/// verify`; `--all-sites` reads the whole trial from a URL that names a site; `--site` keeps some
/// sites. An SQLite log is one site: neither option applies to it.
struct SiteOptions: ParsableArguments {
    @Option(name: .customLong("site"), help: ArgumentHelp(
        "Only this site of a PostgreSQL trial (repeatable); by default every site when the URL names none.", valueName: "SITE"))
    var sites: [String] = []

    @Flag(name: .customLong("all-sites"), help: "Every site of the PostgreSQL trial, even when the URL names one.")
    var allSites = false

    func validate() throws {
        for site in sites where !PostgresURL.isSiteName(site) {
            throw ValidationError(localized("--site {site}: a site is 1 to 64 letters, digits, '.', '-' or '_'.",
                                            ["site": PrintableText.quoted(site)]))
        }
    }

    /// The trial to read, or nil when the log is one chain: an SQLite file, or a URL naming its
    /// site without `--all-sites` or `--site`.
    ///
    /// - Throws: a usage error (exit 2) for `--site` or `--all-sites` on an SQLite log, `--site`
    ///   beside a URL's `site=`, or `--seq` over more than one site (a seq numbers one site's chain).
    func trial(of log: LogFileOptions, limit: LogLimitOptions? = nil) throws -> PostgresTrial? {
        guard PostgresURL.isURL(log.path) else {
            if !sites.isEmpty || allSites {
                try Self.usage(localized("--site and --all-sites choose sites of a PostgreSQL trial; an SQLite log is one site."))
            }
            return nil
        }
        let named = PostgresURL.namesSite(log.path)
        if named, !allSites, !sites.isEmpty {
            try Self.usage(localized("--site chooses among the sites of the whole trial: give the URL without site=, or --all-sites."))
        }
        guard !named || allSites else { return nil }
        let trial = try mapped { () throws(EventLogError) in
            let url = try PostgresURL(log.path)
            return try PostgresTrial(url: url, password: Self.password(for: url), only: sites)
        }
        if limit?.seq != nil, trial.sites.count > 1 {
            try Self.usage(localized("--seq numbers the events of one site: give one --site with it, or --as-of TIME for the whole trial."))
        }
        return trial
    }

    /// Every site of the trial `path` names when it is a PostgreSQL URL (its `site=` aside), for a
    /// write's rule follow-up; nil for an SQLite log, which is one site.
    static func wholeTrial(of path: String) throws(EventLogError) -> PostgresTrial? {
        guard PostgresURL.isURL(path) else { return nil }
        let url = try PostgresURL(path)
        return try PostgresTrial(url: url, password: password(for: url))
    }

    /// A usage error found once the log is known: the message, exit 2 (as a `ValidationError`,
    /// without the usage text of the top command, which names no option of this one).
    private static func usage(_ message: String) throws -> Never {
        printError("aegrade: " + message)
        throw ExitCode(2)
    }

    /// The password of `url`'s role, as when opening one site (`LogFileOptions.openPostgres`):
    /// `PGPASSWORD`, the password file, else a prompt on the terminal, asked once per process.
    static func password(for url: PostgresURL) -> String? { DatabasePassword.password(for: url) }
}
