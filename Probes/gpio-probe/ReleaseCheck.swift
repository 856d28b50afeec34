import KioskCore
import KioskInput

#if canImport(Glibc)
import Glibc
#endif

extension GPIOProbe {
    /// After the first stream ended (its consumer stopped iterating), requests the same lines again
    /// until the kernel no longer says EBUSY: how long the source's thread took to notice and release them.
    static func releasedWithin(_ source: GPIODButtonSource) async throws -> Int64 {
        let clock = ContinuousClock()
        let started = clock.now
        while true {
            let attempt = clock.now
            guard let error = await failureWhileHolding(source, for: .milliseconds(100)) else {
                let (seconds, attoseconds) = started.duration(to: attempt).components
                return seconds * 1000 + attoseconds / 1_000_000_000_000_000
            }
            guard error.code == .requestLines && error.errno == EBUSY else { throw error }
            guard started.duration(to: clock.now) < .seconds(5) else {
                throw GPIODError(
                    code: .requestLines, errno: EBUSY, chip: source.chip,
                    message: "the lines are still busy 5 s after the first stream ended")
            }
            try await Task.sleep(for: .milliseconds(10))
        }
    }

    /// Runs a fresh stream of `source` for `duration`; the error it ended with, if any.
    private static func failureWhileHolding(_ source: GPIODButtonSource, for duration: Duration) async -> GPIODError? {
        await withTaskGroup(of: GPIODError?.self) { group in
            group.addTask {
                do {
                    for try await _ in source.edges() {}
                    return nil
                } catch let error as GPIODError {
                    return error
                } catch {
                    return GPIODError(code: .read, chip: source.chip, message: "\(error)")
                }
            }
            group.addTask {
                try? await Task.sleep(for: duration)
                return nil
            }
            let first = await group.next() ?? nil
            group.cancelAll()
            return first
        }
    }
}
