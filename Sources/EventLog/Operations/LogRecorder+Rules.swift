import Clinical
import Foundation

/// The rules every write is held to, in one place: who may write what (the role table beside
/// `Role`), and what a reason must be.
extension LogRecorder {
    /// The fewest characters a reason holds, blanks at either end not counted.
    package static let minimumReasonLength = 3

    /// Whether the author may do `permission` (the role table, `Role.may`): a front end asks
    /// before it opens a screen or reads input, and every write asks again.
    package func may(_ permission: Permission) -> Bool { author.role.may(permission) }

    /// Refuses, before anything is read or written, an author whose role may not do `permission`.
    package func permit(_ permission: Permission) throws(RecordError) {
        guard may(permission) else { throw .refused(.notPermitted(role: author.role, permission: permission)) }
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

    /// Runs a read or an append of the store, its failure a storage error.
    func stored<T>(_ body: () throws(EventLogError) -> T) throws(RecordError) -> T {
        do { return try body() } catch { throw .storage(error) }
    }

    /// ``checkReason(_:)`` as a write's refusal.
    func requireReason(_ reason: String) throws(RecordError) {
        do { try Self.checkReason(reason) } catch { throw .refused(error) }
    }
}
