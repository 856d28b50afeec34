import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// SIGTERM and SIGINT that arrive while `yinling serve` starts (opening the database, building
/// the services), before its service group traps them, would end the process on the spot: a
/// `systemctl stop` (or a test) right after a start. They are noted here and sent again once the
/// group listens, which then shuts down gracefully.
enum EarlySignals {
    private static let caught = Atomic<Int32>(0)

    /// Notes SIGTERM and SIGINT from now on (until the service group installs its own handling).
    static func trap() {
        // Only an atomic store: async-signal-safe.
        let note: @convention(c) (Int32) -> Void = { signal in EarlySignals.caught.store(signal, ordering: .relaxed) }
        signal(SIGTERM, note)
        signal(SIGINT, note)
    }

    /// Sends a noted signal again; call once the service group traps signals.
    static func redeliver() {
        let signal = caught.exchange(0, ordering: .relaxed)
        if signal != 0 { kill(getpid(), signal) }
    }
}
