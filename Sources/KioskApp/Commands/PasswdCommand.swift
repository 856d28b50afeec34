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
            (sudo -u yinling yinling passwd); while the service runs, the service stores it.
            """)

    @OptionGroup var options: ConfigOption

    func run() async throws {
        try RootGuard.refuse("yinling passwd")
        let environment = ProcessInfo.processInfo.environment
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

    /// Writes the new password's hash: through the running service's control socket (the service
    /// alone writes the database), or under the data directory's lock when no service runs.
    static func store(_ password: String, configuration: KioskConfiguration) async throws {
        if let client = ControlClient.connect(configuration.controlSocketPath) {
            let body = try JSONEncoder().encode(["password": password])
            let (status, answer) = try await client.request("POST", "/v1/password", body: body)
            guard status == 200 else {
                throw AppError("the service refused the password: \(String(decoding: answer, as: UTF8.self))")
            }
            return
        }
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
            throw error
        }
        let database = try KioskDatabase(path: directory + "/kiosk.sqlite")
        try await DatabaseStaffPassword(database: database).set(password)
        try database.close()
        withExtendedLifetime(lock) {}
    }
}
