import ArgumentParser
import Foundation
import HubStore

/// `yinling-hub`: the central office's command line: publishing the pool, and the usage server
/// with its sites, tokens and reports (docs/hub.md).
///
/// Exit status, for every subcommand: 0 done; 1 done, but something was left out (the output says
/// what); 2 nothing done: a usage error or a failure that stopped the command.
public struct HubCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "yinling-hub",
        abstract: "银龄学习站 hub: publishes the shared pool and collects usage counts from the kiosks.",
        discussion: """
            Exit status: 0 done; 1 done, but something was left out; 2 nothing done (usage error or failure).
            """,
        version: "0.1.0",
        subcommands: [
            PublishCommand.self, KeysCommand.self, ServeCommand.self, SitesCommand.self, AdminTokenCommand.self,
            ReportCommand.self, CountsCommand.self,
        ]
    )

    public init() {}

    /// Parses the command line and runs; the executable's whole `main`. Usage errors and
    /// ``AppError``s end with status 2, as the documentation promises (ArgumentParser would use 64 and 1).
    public static func start() async {
        do {
            let command = try parseAsRoot()
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try await runOnThread(command)
            }
        } catch let error as AppError {
            complain("yinling-hub: \(error.message)")
            Foundation.exit(2)
        } catch let error as StoreError {
            // The hub's database failed under a command (locked for too long, disk full).
            complain("yinling-hub: \(error.message)")
            Foundation.exit(2)
        } catch {
            if exitCode(for: error) == .validationFailure {
                complain(fullMessage(for: error))
                Foundation.exit(2)
            }
            exit(withError: error)
        }
    }

    /// Runs a synchronous command (`keys`) on a thread of its own: its file I/O and
    /// fsyncs block, and must not hold a thread of the cooperative pool.
    private static func runOnThread(_ command: any ParsableCommand) async throws {
        // The command is handed over to the thread; nothing here touches it again.
        nonisolated(unsafe) var command = command
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            let thread = Thread {
                do {
                    try command.run()
                    continuation.resume()
                } catch {
                    continuation.resume(throwing: error)
                }
            }
            thread.start()
        }
    }
}

/// Runs `body` on a thread of its own and returns its result: for blocking file I/O and fsyncs,
/// which must not hold a thread of the cooperative pool.
func onThread<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T, any Error>) in
        let thread = Thread {
            continuation.resume(with: Result { try body() })
        }
        thread.start()
    }
}
