import Clinical

/// Which sites the board shows (README, "The whole trial").
package enum BoardScope: Equatable, Sendable {
    /// One site's log, which the board may write to (an SQLite log; a URL's site; one `--site`).
    case site
    /// The whole trial (or the sites chosen), read only, for everyone.
    case trial
    /// One site's log, except for the roles given, who read the whole trial (read only): the
    /// monitor and the safety reviewer by default (issue 17: "all sites by default for monitor
    /// and safety roles").
    case trialFor(Set<Role>)

    /// The roles that read the whole trial when the board opens on one site and no site is chosen.
    package static let trialReaders: Set<Role> = [.monitor, .safety]

    /// Whether a user in `role` (nil: no one signed in) reads the whole trial.
    func readsTrial(_ role: Role?) -> Bool {
        switch self {
        case .site: false
        case .trial: true
        case .trialFor(let roles): role.map(roles.contains) ?? false
        }
    }
}
