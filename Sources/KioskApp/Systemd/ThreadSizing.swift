import NIOCore

/// NIO's thread counts from the environment, for small boards: the unit sets
/// `YINLING_EVENT_LOOP_THREADS` (the HTTP server's event loops) and `YINLING_BLOCKING_THREADS` (file
/// and socket work off the cooperative pool). Unset: one per core, NIO's default.
enum ThreadSizing {
    static let eventLoopVariable = "YINLING_EVENT_LOOP_THREADS"
    static let blockingVariable = "YINLING_BLOCKING_THREADS"
    static let allowed = 1...64

    /// Applies the two variables before anything uses NIO's singletons; a bad value is named.
    static func apply(_ environment: [String: String]) throws {
        if let loops = try count(environment, eventLoopVariable) {
            NIOSingletons.groupLoopCountSuggestion = loops
        }
        if let threads = try count(environment, blockingVariable) {
            NIOSingletons.blockingPoolThreadCountSuggestion = threads
        }
    }

    private static func count(_ environment: [String: String], _ name: String) throws -> Int? {
        guard let text = environment[name], !text.isEmpty else { return nil }
        guard let value = Int(text), allowed.contains(value) else {
            throw AppError(
                "\(name)=\(text): must be a whole number of threads from 1 to 64 (or unset for one per core)")
        }
        return value
    }
}
