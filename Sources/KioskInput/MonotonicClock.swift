import CDispatch  // timespec, as also seen through CGPIOD's headers
import CGPIOD  // ... which some module caches credit with timespec (MemberImportVisibility)
#if canImport(Glibc)
import Glibc
#endif

/// `CLOCK_MONOTONIC`: the clock libgpiod stamps line events with, and evdev once `EVIOCSCLOCKID`
/// selects it. Button edges and "now" must come from the same clock for presses to be timed right.
public enum MonotonicClock {
    public static func now() -> Duration {
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC, &spec)
        return .seconds(Int64(spec.tv_sec)) + .nanoseconds(Int64(spec.tv_nsec))
    }
}
