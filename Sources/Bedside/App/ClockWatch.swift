import EventLog
import Localization

/// Whether the system clock is synchronised, asked of the kernel at each frame (one
/// `ntp_adjtime(2)` call): an unsynchronised clock gets a banner (C-TIME-3) while every entry is
/// still written, each marked with the clock's status in the log (README, "Signed events").
package struct ClockWatch {
    /// The kernel's answer (nil: it cannot be asked); tests give their own.
    package var synchronised: () -> Bool? = { ClockStatus.now().synchronised }

    package init() {}

    /// A watch that gives `answer` whatever the kernel says (tests of the built binary:
    /// `AEGRADE_TEST_CLOCK_SYNCHRONISED`, so that captured screens do not depend on the machine).
    package init(answer: Bool?) {
        synchronised = { answer }
    }

    /// The banner when the kernel says the clock is not synchronised.
    var banner: Banner? {
        guard synchronised() == false else { return nil }
        return Banner(kind: .clock,
                      text: "⚠ " + localized("The system clock is not synchronised: record times may be wrong (tell the system administrator)"),
                      compact: "⚠ " + localized("Clock not synchronised"))
    }
}
