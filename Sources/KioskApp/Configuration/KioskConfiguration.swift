import Foundation
import KioskCore
import TOMLKit

/// `yinling.toml`: every key of wave 1, with its default. docs/configuration.md describes each.
public struct KioskConfiguration: Sendable, Hashable {
    /// Where a board keeps its configuration.
    public static let defaultPath = "/etc/yinling/yinling.toml"

    public var site = Site()
    public var server = Server()
    public var storage = Storage()
    public var pool = Pool()
    /// `[curation]`: what to cache.
    public var curation = KioskCore.Curation()
    public var buttons = Buttons()
    public var player = Player()
    public var upload = Upload()

    public init() {}

    /// `[site]`: who this kiosk is.
    public struct Site: Sendable, Hashable {
        /// The site id the hub knows this kiosk by, e.g. `sh-xuhui-0012`.
        public var id = ""
        /// The local time zone that usage days are counted in.
        public var timeZone = "Asia/Shanghai"
    }

    /// `[server]`: the HTTP server.
    public struct Server: Sendable, Hashable {
        /// `127.0.0.1` for this machine only; `0.0.0.0` (or `::`) for phones on the LAN.
        public var address = "127.0.0.1"
        /// 0 picks a free port (tests).
        public var port = 8080
        /// The `Kiosk/` pages; empty: found next to the executable.
        public var webDirectory = ""
        public var logLevel = "info"
        /// Send media with `sendfile(2)`; false streams it through buffers (for file systems
        /// where sendfile misbehaves, and for the benchmark's comparison).
        public var sendFile = true
        /// The control socket staff commands reach the running service on; empty:
        /// `/run/yinling/control.sock` when `/run/yinling` exists (a board), else `control.sock`
        /// in the data directory.
        public var controlSocket = ""
    }

    /// The control socket's path, with the empty default resolved.
    public var controlSocketPath: String {
        if !server.controlSocket.isEmpty { return server.controlSocket }
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: "/run/yinling", isDirectory: &isDirectory), isDirectory.boolValue {
            return "/run/yinling/control.sock"
        }
        return storage.dataDirectory + "/control.sock"
    }

    /// `[storage]`: where data lives.
    public struct Storage: Sendable, Hashable {
        /// The database (`kiosk.sqlite`) and the lock file.
        public var dataDirectory = "/var/lib/yinling"
        /// The content-addressed media cache.
        public var cacheDirectory = "/var/cache/yinling"
    }

    /// `[pool]`: where content comes from (the sync issue).
    public struct Pool: Sendable, Hashable {
        /// `https://…/manifest.json`, or a directory such as a USB stick; empty: no sync.
        public var url = ""
        /// Ed25519 public keys (base64) whose signature on the manifest is trusted.
        public var trustedKeys: [String] = []
        /// The daily window for scheduled sync, `HH:MM-HH:MM`.
        public var syncWindow = "02:00-05:00"
        /// Download limit in bytes per second; 0: unlimited.
        public var bandwidthLimit: Int64 = 0
    }

    /// `[buttons]`: GPIO push buttons and USB keypads (the buttons issue).
    public struct Buttons: Sendable, Hashable {
        public var enabled = false
        /// The GPIO chip, by name (`gpiochip0`) or path.
        public var chip = "gpiochip0"
        /// Line offsets of each button; -1: not wired.
        public var lines: [String: Int] = [
            "previous": 17, "next": 27, "ok": 22, "back": 23, "home": -1,
            "volume_up": -1, "volume_down": -1,
        ]
        public var activeLow = true
        public var bias = "pull-up"
        /// Presses shorter than this are noise.
        public var minimumPressMilliseconds = 30
        /// Presses closer than this to the last accepted one are noise.
        public var minimumGapMilliseconds = 150
        /// Linux input devices (USB keypads, remotes).
        public var keypadDevices: [String] = []
        /// `[buttons.keys]`: key name → action (or `none`), on top of the built-in keypad and remote keys.
        public var keys: [String: String] = [:]
        /// A short click on every press.
        public var sound = true
    }

    /// `[player]`: how the TV plays video (the buttons issue).
    public struct Player: Sendable, Hashable {
        /// `browser`: the /tv page's `<video>`; `mpv`: an mpv driven over its IPC socket.
        public var kind = "browser"
        public var mpvSocket = "/run/yinling/mpv.sock"
        /// Start mpv from yinling (development and tests); on a board the TV session starts it.
        public var startMPV = false
        /// Extra arguments for an mpv that yinling starts (`["--vo=null", "--ao=null"]` in tests).
        public var mpvArguments: [String] = []
        /// The countdown before the next episode starts.
        public var nextEpisodeCountdownSeconds = 10
    }

    /// `[upload]`: usage counts to the hub (docs/usage.md).
    public struct Upload: Sendable, Hashable {
        /// Batch and send usage; on by default when `hub_url` is set.
        public var enabled = false
        /// The hub's base URL; batches go to `<hub_url>/api/v1/usage`.
        public var hubURL = ""
        /// The site's bearer token (`yinling-hub sites add`), or a file holding it.
        public var token = ""
        public var tokenFile = ""
        /// Retries after a failed upload wait between these (exponential backoff, full jitter).
        public var backoffMinimumSeconds = 60.0
        public var backoffMaximumSeconds = 6 * 3600.0
        /// How often settled plays become a batch.
        public var batchIntervalSeconds = 3600.0
        /// The longest one upload may take.
        public var timeoutSeconds = 60.0
    }
}
