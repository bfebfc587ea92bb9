import Clinical
import Foundation

/// The rules every write is held to, in one place: who may write what (the role table beside
/// `Role`), and what a reason must be.
extension LogRecorder {
    /// The fewest characters a reason holds, blanks at either end not counted.
    package static let minimumReasonLength = 3

    /// Whether the author may do `permission` (the role table, `Role.may`; a service account
    /// only enters assessments and records clinical events): a front end asks before it opens a
    /// screen or reads input, and every write asks again.
    package func may(_ permission: Permission) -> Bool {
        guard author.role.may(permission) else { return false }
        return !signedIn.isService || Self.serviceMay(permission)
    }

    /// What a service account (an unattended import, `--key FILE`) may do: enter, never correct,
    /// override or sign.
    static func serviceMay(_ permission: Permission) -> Bool {
        permission == .enterAssessment || permission == .recordEvent
    }

    /// Refuses, before anything is read or written, an author whose role may not do `permission`,
    /// and an account that, since it signed in, was deactivated, locked, reset or lost the role
    /// (a board session outlives a sign-in).
    package func permit(_ permission: Permission) throws(RecordError) {
        guard author.role.may(permission) else { throw .refused(.notPermitted(role: author.role, permission: permission)) }
        guard may(permission) else { throw .refused(.serviceAccount(permission)) }
        try checkStanding()
    }

    /// The signed-in account as the log's account events leave it now: active, not locked, not
    /// waiting to set its own password, still holding the role it acts in. On a store that checks
    /// it again in the write's own transaction, after its lock (PostgreSQL), "now" is the kept
    /// directory here and the log as of the lock there (``AccountStanding/directory(of:beforeAppendBy:)``).
    func checkStanding() throws(RecordError) {
        switch signedIn.method {
        case .system, .unauthenticated: return
        case .password, .key: break
        }
        let directory = try stored { () throws(EventLogError) in try standing.directory(of: store, beforeAppendBy: author) }
        if let refusal = directory.standingRefusal(of: author) { throw .refused(.account(refusal)) }
    }

    /// A reason is required, must say something, and may span lines but hold no other control
    /// character (``TextInput``): the log keeps why every change was made (README, "Corrections
    /// and overrides").
    package static func checkReason(_ reason: String) throws(RecordRefusal) {
        do { try TextInput.check(reason, at: "reason", as: .multiLine) } catch { throw .reasonNotText(message: error.description) }
        guard reason.trimmingCharacters(in: .whitespacesAndNewlines).count >= minimumReasonLength else {
            throw .reasonTooShort(minimum: minimumReasonLength)
        }
    }

    /// Runs a read or an append of the store, its failure a storage error; what it appends as the
    /// signed-in account is signed with the account's key (README, "Signed events").
    func stored<T>(_ body: () throws(EventLogError) -> T) throws(RecordError) -> T {
        do { return try signedIn.signing(body) } catch { throw .storage(error) }
    }

    /// ``checkReason(_:)`` as a write's refusal.
    func requireReason(_ reason: String) throws(RecordError) {
        do { try Self.checkReason(reason) } catch { throw .refused(error) }
    }
}
