import EventLog

/// Why the sign-in screen is on top, which decides where a success leads.
package enum SignInPurpose {
    /// The board has just opened: the sign-in comes before anything is shown.
    case start
    /// The previous user signed out with the switch-user key.
    case switchUser
    /// The board locked after the protocol's idle time while `user` was signed in: the same user
    /// returns to where they were, another user starts at the board.
    case locked(SignedIn)
}
