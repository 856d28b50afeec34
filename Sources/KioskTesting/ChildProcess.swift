import Foundation
import Synchronization

/// A real executable run by a test: its output collected, waited for with time limits, and
/// always stopped (SIGKILL) when the value is released, so no test leaves a process behind.
public final class ChildProcess: Sendable {
    private let process: Process
    private let output = Output()

    /// What the process wrote, appended from the pipes' handlers.
    private final class Output: Sendable {
        let text = Mutex<(stdout: String, stderr: String)>(("", ""))
    }

    /// Starts `executable` with `arguments`; `input`, when given, is its whole standard input.
    public init(_ executable: String, _ arguments: [String], environment: [String: String] = [:], input: String? = nil)
        throws
    {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        // Tests run as root in CI; staff commands refuse root unless told this is a test.
        process.environment = ProcessInfo.processInfo.environment.merging(["YINLING_ALLOW_ROOT": "1"]) { $1 }
            .merging(environment) { $1 }
        let stdout = Pipe()
        let stderr = Pipe()
        process.standardOutput = stdout
        process.standardError = stderr
        let stdin = input.map { _ in Pipe() }
        if let stdin { process.standardInput = stdin }
        self.process = process
        try process.run()
        if let stdin, let input {
            try stdin.fileHandleForWriting.write(contentsOf: Data(input.utf8))
            try stdin.fileHandleForWriting.close()
        }
        // Blocking reads on threads of their own: output arrives on time however busy the
        // cooperative pool is with other tests.
        Self.collect(stdout.fileHandleForReading) { [output] text in output.text.withLock { $0.stdout += text } }
        Self.collect(stderr.fileHandleForReading) { [output] text in output.text.withLock { $0.stderr += text } }
    }

    private static func collect(_ handle: FileHandle, _ append: @escaping @Sendable (String) -> Void) {
        let reader = Thread {
            while case let data = handle.availableData, !data.isEmpty {
                append(String(decoding: data, as: UTF8.self))
            }
        }
        reader.start()
    }

    /// Sends SIGKILL from a thread of its own, `delay` after standard output first contains `text`
    /// (or after `delay` from now when `text` is nil), so the moment does not depend on when the
    /// test's task is scheduled. Returns at once.
    public func sigkill(whenOutputContains text: String?, after delay: Duration) {
        let killer = Thread { [self] in
            let deadline = ContinuousClock.now + .seconds(60)
            while let text, !stdout.contains(text), isRunning, ContinuousClock.now < deadline {
                usleep(200)
            }
            let (seconds, attoseconds) = delay.components
            usleep(UInt32(seconds) * 1_000_000 + UInt32(attoseconds / 1_000_000_000_000))
            signal(SIGKILL)
        }
        killer.start()
    }

    deinit {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
    }

    public var pid: Int32 { process.processIdentifier }
    public var stdout: String { output.text.withLock { $0.stdout } }
    public var stderr: String { output.text.withLock { $0.stderr } }
    public var isRunning: Bool { process.isRunning }
    /// Whether it ended by a signal (SIGKILL from a test) rather than by exiting.
    public var endedBySignal: Bool { !process.isRunning && process.terminationReason == .uncaughtSignal }

    /// Waits until a line of standard output starts with `prefix`; returns the rest of that line.
    public func line(startingWith prefix: String, timeout: Duration = .seconds(60)) async throws -> String {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if let line = stdout.split(separator: "\n").first(where: { $0.hasPrefix(prefix) }) {
                return String(line.dropFirst(prefix.count))
            }
            guard process.isRunning else { break }
            try await Task.sleep(for: .milliseconds(20))
        }
        throw ChildProcessError(
            "no line starting with \"\(prefix)\" within \(timeout)\nstdout: \(stdout)\nstderr: \(stderr)")
    }

    /// The port from a `listening http://host:port/` line.
    public func listeningPort(timeout: Duration = .seconds(60)) async throws -> Int {
        let address = try await line(startingWith: "listening http://", timeout: timeout)
        guard let port = address.split(separator: ":").last.flatMap({ Int($0.trimmingCharacters(in: ["/"])) }) else {
            throw ChildProcessError("cannot read a port from \(address)")
        }
        return port
    }

    public func signal(_ signal: Int32) {
        kill(process.processIdentifier, signal)
    }

    /// Waits for the process to end; returns its exit status (or the signal, for a killed one).
    @discardableResult
    public func wait(timeout: Duration = .seconds(60)) async throws -> Int32 {
        let deadline = ContinuousClock.now + timeout
        while process.isRunning {
            guard ContinuousClock.now < deadline else {
                signal(SIGKILL)
                throw ChildProcessError("still running after \(timeout)\nstdout: \(stdout)\nstderr: \(stderr)")
            }
            try await Task.sleep(for: .milliseconds(10))
        }
        return process.terminationStatus
    }

    /// Runs to the end and returns (status, stdout, stderr).
    public static func run(_ executable: String, _ arguments: [String], timeout: Duration = .seconds(120)) async throws
        -> (status: Int32, stdout: String, stderr: String)
    {
        let child = try ChildProcess(executable, arguments)
        let status = try await child.wait(timeout: timeout)
        try await Task.sleep(for: .milliseconds(50))  // the last output after exit
        return (status, child.stdout, child.stderr)
    }
}

/// A child process did not do what the test waited for.
public struct ChildProcessError: Error, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}
