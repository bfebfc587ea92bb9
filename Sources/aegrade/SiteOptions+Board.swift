import ArgumentParser
import Bedside
import Foundation
import EventLog
import Localization
import PostgresLog

/// The sites a board opens on (README, "The whole trial").
enum BoardSites {
    /// One log the board may write to: an SQLite file or one site's URL; with the trial's sites
    /// for the roles that read the whole trial by default (a URL naming a site, nothing chosen).
    case one(path: String, sites: PostgresTrial?)
    /// The trial's sites, read only; `home` the site named on the command line to sign in at, or
    /// nil for the site that holds the account.
    case trial(PostgresTrial, home: String?)
}

extension SiteOptions {
    /// The board's sites from `--db`, `--site` and `--all-sites`:
    ///
    /// - an SQLite file: that log (`--site`, `--all-sites`: a usage error, exit 2);
    /// - a URL naming a site: that site, and the whole trial for a monitor or a safety reviewer;
    ///   with `--all-sites` the whole trial (or the `--site`s) for everyone, signing in at the URL's site;
    /// - a URL naming none: the whole trial, or the `--site`s chosen; exactly one `--site` is that
    ///   site, opened for writing as if the URL named it.
    func board(path: String) throws -> BoardSites {
        guard PostgresURL.isURL(path) else {
            if !sites.isEmpty || allSites {
                printError("aegrade: " + localized("--site and --all-sites choose sites of a PostgreSQL trial; an SQLite log is one site."))
                throw ExitCode(2)
            }
            return .one(path: path, sites: nil)
        }
        let named = PostgresURL.namesSite(path)
        if named, !allSites, !sites.isEmpty {
            printError("aegrade: " + localized("--site chooses among the sites of the whole trial: give the URL without site=, or --all-sites."))
            throw ExitCode(2)
        }
        let url = try mapped { () throws(EventLogError) in try PostgresURL(path) }
        if !named, !allSites, sites.count == 1 { return .one(path: url.with(site: sites[0]).description, sites: nil) }
        let password = Self.password(for: url)
        if named, !allSites {
            // The whole trial for the roles that read it by default; a trial that cannot be read
            // leaves the board on its one site, as before there were trials.
            let trial = try? PostgresTrial(url: url, password: password)
            trial?.logKeyDirectory = PostgresEventStore.logKeyDirectory(environment: ProcessInfo.processInfo.environment)
            return .one(path: path, sites: trial)
        }
        let trial = try mapped { () throws(EventLogError) in try PostgresTrial(url: url, password: password, only: sites) }
        trial.logKeyDirectory = PostgresEventStore.logKeyDirectory(environment: ProcessInfo.processInfo.environment)
        return .trial(trial, home: named ? url.site : nil)
    }
}
