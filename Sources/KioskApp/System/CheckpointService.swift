import KioskStore
import Logging
import ServiceLifecycle

/// Checkpoints the database's WAL every `interval` while `yinling serve` runs (SD-card care): one
/// batch of writes now and then rather than SQLite's automatic checkpoint inside a play's commit;
/// nothing is written when nothing changed.
struct CheckpointService: Service {
    static let defaultInterval: Duration = .seconds(600)

    let database: KioskDatabase
    let interval: Duration
    let logger: Logger

    func run() async throws {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                do {
                    try await Task.sleep(for: interval)
                } catch {
                    return
                }
                do {
                    let frames = try await database.checkpoint()
                    if frames > 0 { logger.debug("database checkpointed", metadata: ["frames": "\(frames)"]) }
                } catch {
                    logger.warning("\(error)")
                }
            }
        }
    }
}
