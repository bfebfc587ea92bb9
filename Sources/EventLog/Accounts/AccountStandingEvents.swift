import Clinical

extension EventStore {
    /// ``EventStore/accountStandingEvents(after:)`` from every account event after `seq`: the
    /// same selection a store may make in its query.
    package func accountStandingEvents(after seq: Int64) throws(EventLogError) -> [RecordedEvent] {
        AccountStandingSelection.select(try accountEvents(after: seq))
    }
}

/// Which account events a directory's fold depends on (``EventStore/accountStandingEvents(after:)``).
package enum AccountStandingSelection {
    /// Every `userAdmin` and `security` event, and of the `login` events each author's last of
    /// each action, in seq order.
    package static func select(_ events: [RecordedEvent]) -> [RecordedEvent] {
        struct LoginKey: Hashable { let author: String, action: String? }
        var lastLogin: [LoginKey: Int64] = [:]
        for event in events where event.kind == .login {
            lastLogin[LoginKey(author: event.author.id, action: event.payloadString(.action))] = event.seq
        }
        return events.filter { event in
            event.kind != .login || lastLogin[LoginKey(author: event.author.id, action: event.payloadString(.action))] == event.seq
        }
    }
}
