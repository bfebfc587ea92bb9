import EventLog
import Foundation

/// The verification of the log's hash chain that the board runs when it opens, in the background
/// as the fold is: running, passed, or failed with the first bad event named.
package enum LogCheck: Equatable, Sendable {
    case running
    case passed(events: Int64)
    /// The chain is broken (`verify` names the first bad seq).
    case failed(String)
    /// Verification could not run (the file could not be read): not verified is not trusted.
    case couldNotRun(String)

    /// The banner text when the log cannot be trusted; nil while running or when it passed.
    package var failure: String? {
        switch self {
        case .running, .passed: nil
        case .failed(let what):
            "✖ THIS LOG FAILS VERIFICATION (\(what)): records may have been altered or lost — do not rely on this screen; tell the data manager"
        case .couldNotRun(let why):
            "✖ THIS LOG COULD NOT BE VERIFIED (\(why)): do not rely on this screen; tell the data manager"
        }
    }

    /// Verifies every site's chain in turn (the whole trial, README "The whole trial"): the first
    /// site that fails names itself and its seq, as `verify --all-sites` does.
    static func run(sites: any TrialSource, names: [String]) -> LogCheck {
        var checked: Int64 = 0
        for site in names {
            let store: any EventStore
            do { store = try sites.readingStore(site) } catch { return .couldNotRun(error.description) }
            switch run(store) {
            case .passed(let events): checked += events
            case let other: return other
            }
        }
        return .passed(events: checked)
    }

    /// Verifies the chain from the genesis event to the head.
    static func run(_ store: any EventStore) -> LogCheck {
        do {
            let result = try store.verify()
            guard result.failure != nil else { return .passed(events: result.checked) }
            return .failed(result.report)
        } catch {
            return .couldNotRun(error.description)
        }
    }
}
