import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Where `yinling passwd` gets the new password: the environment (the package's installer), a
/// terminal (asked twice, not shown), or one line of standard input. Blocks: call it off the
/// cooperative pool.
enum PasswordInput {
    static let environmentVariable = "YINLING_STAFF_PASSWORD"

    static func read(environment: [String: String]) throws -> String {
        if let password = environment[environmentVariable] { return password }
        guard isatty(STDIN_FILENO) == 1 else {
            guard let line = readLine(strippingNewline: true) else {
                throw AppError("no password on standard input (give one line, or set \(environmentVariable))")
            }
            return line.hasSuffix("\r") ? String(line.dropLast()) : line
        }
        let first = try readHidden(prompt: "New staff password (新密码): ")
        let second = try readHidden(prompt: "Again (再输入一次): ")
        guard first == second else { throw AppError("the two passwords differ; nothing was changed") }
        return first
    }

    /// One line from the terminal with echo off; echo comes back even after Ctrl-C.
    static func readHidden(prompt: String) throws -> String {
        try? FileHandle.standardError.write(contentsOf: Data(prompt.utf8))
        guard tcgetattr(STDIN_FILENO, &savedTerminal) == 0 else {
            throw AppError("cannot read the terminal's settings: \(String(cString: strerror(errno)))")
        }
        var silent = savedTerminal
        silent.c_lflag &= ~tcflag_t(ECHO)
        signal(SIGINT, restoreAndExit)
        signal(SIGTERM, restoreAndExit)
        _ = tcsetattr(STDIN_FILENO, TCSAFLUSH, &silent)
        defer {
            _ = tcsetattr(STDIN_FILENO, TCSAFLUSH, &savedTerminal)
            signal(SIGINT, SIG_DFL)
            signal(SIGTERM, SIG_DFL)
            try? FileHandle.standardError.write(contentsOf: Data("\n".utf8))
        }
        guard let line = readLine(strippingNewline: true) else { throw AppError("no password given") }
        return line
    }
}

/// The terminal's settings before echo was turned off. Global because a C signal handler cannot
/// capture context; written only before the handler is installed, read by it and by `defer`.
nonisolated(unsafe) private var savedTerminal = termios()

/// Restores echo and exits as an interrupted process does; only async-signal-safe calls.
private func restoreAndExit(_ signal: Int32) {
    _ = tcsetattr(STDIN_FILENO, TCSAFLUSH, &savedTerminal)
    _exit(128 + signal)
}
