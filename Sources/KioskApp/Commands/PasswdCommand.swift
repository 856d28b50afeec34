import ArgumentParser
import ContentStore
import Foundation
import KioskStore
import NIOPosix

#if canImport(Glibc)
import Glibc
#endif

/// `yinling passwd`: sets the staff page's password (docs/staff.md).
struct PasswdCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "passwd",
        abstract: "Set the password of the staff page (/staff).",
        discussion: """
            On a terminal the password is asked twice and not shown. Otherwise it is read from \
            \(PasswordInput.environmentVariable) if that is set, else as one line of standard input. \
            At least \(DatabaseStaffPassword.minimumLength) characters. Run it as the yinling user \
            (sudo -u yinling yinling passwd) while the service is stopped.
            """)

    /// Lets the tests, which run as root, run the command; never set on a board.
    static let allowRootVariable = "YINLING_ALLOW_ROOT"

    @OptionGroup var options: ConfigOption

    func run() async throws {
        let environment = ProcessInfo.processInfo.environment
        if getuid() == 0, environment[Self.allowRootVariable] != "1" {
            throw AppError(
                "yinling passwd must not run as root (the database would become root's); "
                    + "run it as the yinling user: sudo -u yinling yinling passwd")
        }
        let configuration = try options.load()
        let password = try await NIOThreadPool.singleton.runIfActive {
            try PasswordInput.read(environment: environment)
        }
        if let problem = DatabaseStaffPassword.problem(with: password) {
            throw AppError(problem + "; nothing was changed")
        }
        try await Self.store(password, configuration: configuration)
        say("The staff password is set. Log in at /staff/ on the kiosk's address.")
    }

    /// Writes the new password's hash under the data directory's lock: the one place that
    /// changes it, so it can later go through the running service's control socket instead.
    static func store(_ password: String, configuration: KioskConfiguration) async throws {
        let directory = configuration.storage.dataDirectory
        do {
            try ContentStore.makeDirectories(directory)
        } catch {
            throw AppError("\(error.message); set [storage] in the configuration, or create it for this user")
        }
        let lock: DataDirectoryLock
        do {
            lock = try DataDirectoryLock(directory: directory, purpose: "yinling passwd")
        } catch {
            let holder = (try? String(contentsOfFile: directory + "/yinling.lock", encoding: .utf8)) ?? ""
            guard holder.contains("yinling serve") else { throw error }
            throw AppError(
                "the service is running; stop it (sudo systemctl stop yinling), run "
                    + "sudo -u yinling yinling passwd again, then start it (sudo systemctl start yinling)")
        }
        let database = try KioskDatabase(path: directory + "/kiosk.sqlite")
        try await DatabaseStaffPassword(database: database).set(password)
        try database.close()
        withExtendedLifetime(lock) {}
    }
}
