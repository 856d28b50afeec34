import ArgumentParser
import HubStore

/// `--data DIR`, shared by every command that uses the hub's database.
struct DataOption: ParsableArguments {
    static let defaultDirectory = "/var/lib/yinling-hub"

    @Option(
        name: .customLong("data"),
        help: ArgumentHelp("The hub's data directory, holding hub.sqlite.", valueName: "dir"))
    var directory = Self.defaultDirectory

    /// The database, created with the directory unless `mustExist` (commands that only read).
    func open(mustExist: Bool = false) throws(AppError) -> HubDatabase {
        do {
            return try HubDatabase(directory: directory, mustExist: mustExist)
        } catch {
            throw AppError(error.message)
        }
    }
}
