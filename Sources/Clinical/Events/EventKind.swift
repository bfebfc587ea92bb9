/// What an event of the trial log records. The raw values are stored in the log and never change.
package enum EventKind: String, Sendable, CaseIterable {
    /// The first event of a log: the SQLite library and product versions that created it.
    case genesis
    /// An assessment as entered (the input of `aegrade grade`).
    case observation
    /// The results an observation produced, each with its criteria id, version and hash.
    case grades
    /// A corrected assessment that supersedes an earlier observation, with a reason.
    case correction
    /// A clinician's grade replacing a computed one, with a reason.
    case override
    /// A subject enrolled (optionally with a dose cohort).
    case enrollment
    /// The cell product infused: day 0.
    case infusion
    /// A treatment given (tocilizumab, corticosteroids, anakinra, ...).
    case treatment
    /// A death, with its principal cause.
    case death
    /// Replication-competent virus (RCL/RCR) detected.
    case rclDetected
    /// The subject's product could not be manufactured or given.
    case manufacturingFailure
    /// A free-text note.
    case note
    /// A change of the trial's stopping-rule status (continue / paused), as evaluated on the log.
    case ruleStatus
    /// An account administered: created, deactivated, reactivated, a role granted or revoked, a
    /// password reset or set, a service key issued (21 CFR 11.10(d), (g); ICH E6(R3) 4.2.2(a)(i)).
    case userAdmin
    /// A user signed in, out, or used a service key (``LoginAction``).
    case login
    /// What aegrade saw of failed sign-ins: a failed attempt, an account locked out (21 CFR 11.300(d)).
    case security
    /// An electronic signature: the signer's printed name and meaning, and the event versions it
    /// signs, each by id, seq and hash (21 CFR 11.50, 11.70).
    case signature
    /// The log's own Ed25519 public key, registered by aegrade (`system`): from this event on,
    /// every event carries its author's signature over its hash (RFC 8032; README, "Signed events").
    case logKey
    /// The system clock stepped backwards between two writes (C-TIME-4): the previous and the new
    /// record time, the monotonic time between them and the boot id. Written by aegrade before
    /// the event whose record time is earlier; nothing is ever refused because of the clock.
    case clockAnomaly
}

/// The role a user acts in; recorded with every event they author, so that each entry is attributable
/// to a person acting in a role (21 CFR 11.10(d), (g); README, "The log").
package enum Role: String, Sendable, CaseIterable {
    case nurse, physician, principalInvestigator, monitor, dataManager, safety, system
    /// The site's system administrator: administers accounts, enters and signs nothing (21 CFR 11.10(d)).
    case administrator
    /// An inspector or auditor: reads, never writes (ICH E6(R3) 4.3.8).
    case inspector
}

/// Who wrote an event.
package struct Author: Sendable, Equatable, Hashable {
    package var id: String
    package var role: Role

    package init(id: String, role: Role) {
        self.id = id
        self.role = role
    }

    /// The product itself (genesis events, rule-status changes it evaluates, security events).
    package static let system = Author(id: "aegrade", role: .system)
}
