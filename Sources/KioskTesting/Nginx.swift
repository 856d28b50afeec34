import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Real nginx on 127.0.0.1 serving a directory, as a test's pool server: one process
/// (`master_process off`) run as the current user, with its configuration, pid, temporary files
/// and logs in a temporary directory; killed when the value is released.
///
/// The access log has one line per response: `<uri> <status> <body bytes sent> "<Range>"`.
public final class Nginx: Sendable {
    /// Where Debian installs it (`.ci/deps.sh test` installs the package).
    public static let executable = "/usr/sbin/nginx"
    public static var isAvailable: Bool { FileManager.default.isExecutableFile(atPath: executable) }

    /// One line of the access log.
    public struct LogEntry: Sendable, Hashable {
        public var path: String
        public var status: Int
        public var bodyBytes: Int64
        /// The request's `Range` header, or nil.
        public var range: String?
    }

    public let root: String
    public let port: Int
    private let directory: TemporaryDirectory
    private let process: ChildProcess

    /// The pool's base URL, ending in `/`.
    public var baseURL: String { "http://127.0.0.1:\(port)/" }
    var accessLogPath: String { directory.appending("access.log") }

    /// Starts nginx serving `root`; waits until it accepts connections.
    public init(serving root: String) async throws {
        self.root = root
        directory = TemporaryDirectory("nginx")
        var lastError = ""
        for _ in 0..<5 {
            let port = try Self.freePort()
            try Self.configuration(root: root, port: port, directory: directory.path)
                .write(toFile: directory.appending("nginx.conf"), atomically: true, encoding: .utf8)
            let child = try ChildProcess(
                Self.executable,
                [
                    "-p", directory.path + "/", "-c", directory.appending("nginx.conf"), "-e",
                    directory.appending("error.log"),
                ])
            if try await Self.waitUntilListening(port: port, child: child) {
                self.port = port
                self.process = child
                return
            }
            lastError = (try? String(contentsOfFile: directory.appending("error.log"), encoding: .utf8)) ?? child.stderr
        }
        throw ChildProcessError("nginx did not start: \(lastError)")
    }

    static func configuration(root: String, port: Int, directory: String) -> String {
        // As root, nginx would hand requests to `nobody`; keep the current user (and its access).
        var user = ""
        if geteuid() == 0, let account = getpwuid(geteuid()), let group = getgrgid(getegid()) {
            user = "user \(String(cString: account.pointee.pw_name)) \(String(cString: group.pointee.gr_name));"
        }
        return """
            daemon off;
            master_process off;
            \(user)
            worker_processes 1;
            pid \(directory)/nginx.pid;
            error_log \(directory)/error.log warn;
            events { worker_connections 64; }
            http {
                log_format bytes '$uri $status $body_bytes_sent "$http_range"';
                access_log \(directory)/access.log bytes;
                sendfile on;
                default_type application/octet-stream;
                client_body_temp_path \(directory)/client_body;
                proxy_temp_path \(directory)/proxy;
                fastcgi_temp_path \(directory)/fastcgi;
                uwsgi_temp_path \(directory)/uwsgi;
                scgi_temp_path \(directory)/scgi;
                server {
                    # A small send buffer: bytes nginx counts as sent are (nearly) bytes the client got.
                    listen 127.0.0.1:\(port) sndbuf=64k;
                    root \(root);
                }
            }
            """
    }

    /// Polls until the port accepts a connection; false when nginx exited (the port was taken).
    private static func waitUntilListening(port: Int, child: ChildProcess) async throws -> Bool {
        let deadline = ContinuousClock.now + .seconds(20)
        while ContinuousClock.now < deadline {
            if canConnect(port: port) { return true }
            if !child.isRunning { return false }
            try await Task.sleep(for: .milliseconds(20))
        }
        throw ChildProcessError("nginx is not listening on \(port) after 20 s: \(child.stderr)")
    }

    /// Every access-log line so far.
    public var accessLog: [LogEntry] {
        let text = (try? String(contentsOfFile: accessLogPath, encoding: .utf8)) ?? ""
        return text.split(separator: "\n").compactMap { line in
            let fields = line.split(separator: " ", maxSplits: 3)
            guard fields.count == 4, let status = Int(fields[1]), let bytes = Int64(fields[2]) else { return nil }
            let range = fields[3].trimmingCharacters(in: ["\""])
            return LogEntry(
                path: String(fields[0]), status: status, bodyBytes: bytes, range: range == "-" ? nil : range)
        }
    }

    /// The access log once it has at least `count` lines (nginx writes a line when a response
    /// ends, a moment after the client has the last byte).
    public func accessLog(atLeast count: Int, timeout: Duration = .seconds(10)) async throws -> [LogEntry] {
        let deadline = ContinuousClock.now + timeout
        while true {
            let entries = accessLog
            if entries.count >= count { return entries }
            guard ContinuousClock.now < deadline else {
                throw ChildProcessError("nginx logged \(entries.count) responses, expected \(count)")
            }
            try await Task.sleep(for: .milliseconds(20))
        }
    }

    /// Stops nginx now (it also stops when the value is released).
    public func stop() {
        process.signal(SIGKILL)
    }
}
