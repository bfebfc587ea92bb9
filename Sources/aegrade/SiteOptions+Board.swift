import ArgumentParser
import Bedside
import Foundation
import EventLog
import Localization
import PostgresLog

/// The sites a board opens on (README, "The whole trial").
enum BoardSites {
    /// One log the board may write to: an SQLite file or one site's URL; on a PostgreSQL trial
    /// with the trial's sites, over which the stopping rules are shown and every save followed up
    /// (as `record --protocol` does), and which `scope` shows whole to some roles.
    case one(path: String, sites: PostgresTrial?, scope: BoardScope)
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
            return .one(path: path, sites: nil, scope: .site)
        }
        let named = PostgresURL.namesSite(path)
        if named, !allSites, !sites.isEmpty {
            printError("aegrade: " + localized("--site chooses among the sites of the whole trial: give the URL without site=, or --all-sites."))
            throw ExitCode(2)
        }
        let url = try mapped { () throws(EventLogError) in try PostgresURL(path) }
        let password = Self.password(for: url)
        if !allSites, named || sites.count == 1 {
            // One site, the trial beside it: its rules count every site. A URL naming the site
            // shows the whole trial to the roles that read it by default; one --site chosen on a
            // URL naming none shows that site to every role. A trial that cannot be read leaves
            // the board on its one site, as before there were trials.
            let trial = try? PostgresTrial(url: url, password: password)
            trial?.logKeyDirectory = PostgresEventStore.logKeyDirectory(environment: ProcessInfo.processInfo.environment)
            return named ? .one(path: path, sites: trial, scope: .trialFor(BoardScope.trialReaders))
                : .one(path: url.with(site: sites[0]).description, sites: trial, scope: .site)
        }
        let trial = try mapped { () throws(EventLogError) in try PostgresTrial(url: url, password: password, only: sites) }
        trial.logKeyDirectory = PostgresEventStore.logKeyDirectory(environment: ProcessInfo.processInfo.environment)
        return .trial(trial, home: named ? url.site : nil)
    }
}
