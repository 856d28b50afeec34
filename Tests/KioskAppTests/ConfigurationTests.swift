import Foundation
import KioskApp
import KioskCore
import KioskTesting
import Testing

@Suite("Configuration file")
struct ConfigurationTests {
    @Test func emptyFileGivesTheDefaults() throws {
        #expect(try KioskConfiguration.parse("") == KioskConfiguration())
        let defaults = KioskConfiguration()
        #expect(defaults.server.address == "127.0.0.1" && defaults.server.port == 8080)
        #expect(defaults.storage.dataDirectory == "/var/lib/yinling")
        #expect(defaults.curation.budget == .shareOfDisk(0.9) && defaults.curation.reserveBytes == 1 << 30)
    }

    @Test func documentedExampleIsValidAndStatesTheDefaults() throws {
        let example = try KioskConfiguration.load(path: Repository.root + "/docs/yinling.example.toml")
        #expect(example == KioskConfiguration())
    }

    @Test func valuesAreRead() throws {
        let configuration = try KioskConfiguration.parse(
            """
            [site]
            id = "sh-xuhui-0012"
            [server]
            address = "0.0.0.0"
            port = 80
            [pool]
            url = "https://pool.example.cn/manifest.json"
            trusted_keys = ["AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8="]
            bandwidth_limit = "2 MB"
            [curation]
            categories = ["养生保健", "科技应用"]
            budget = "20 GiB"
            [buttons]
            sound = false
            [buttons.lines]
            home = 24
            """)
        #expect(configuration.site.id == "sh-xuhui-0012")
        #expect(configuration.server.address == "0.0.0.0" && configuration.server.port == 80)
        #expect(configuration.pool.bandwidthLimit == 2_000_000)
        #expect(configuration.curation.categories == ["养生保健", "科技应用"])
        #expect(configuration.curation.budget == .bytes(21_474_836_480))
        #expect(configuration.buttons.lines["home"] == 24 && configuration.buttons.lines["ok"] == 22)
        #expect(!configuration.buttons.sound && KioskConfiguration().buttons.sound)
    }

    /// (file, the key the error must name, a word the message must contain).
    static let bad: [(toml: String, key: String, mentions: String)] = [
        ("[server]\nport = 70000", "server.port", "0 to 65535"),
        ("[server]\nport = \"80\"", "server.port", "whole number"),
        ("[server]\naddress = \"localhost\"", "server.address", "IP address"),
        ("[server]\nlog_level = \"loud\"", "server.log_level", "\"debug\""),
        ("[server]\nprot = 8080", "server.prot", "address, port"),
        ("[sever]\nport = 1", "sever", "sections are"),
        ("server = 5", "server", "must be a table"),
        ("[site]\nid = \"Shanghai 12\"", "site.id", "a–z"),
        ("[site]\ntimezone = \"Mars/Olympus\"", "site.timezone", "time zone"),
        ("[storage]\ndata_dir = \"\"", "storage.data_dir", "empty"),
        ("[pool]\nurl = \"ftp://pool\"", "pool.url", "http(s)"),
        ("[pool]\ntrusted_keys = [\"abc\"]", "pool.trusted_keys", "Ed25519"),
        ("[pool]\ntrusted_keys = \"abc\"", "pool.trusted_keys", "list of strings"),
        ("[pool]\nsync_window = \"25:00-05:00\"", "pool.sync_window", "02:00-05:00"),
        ("[pool]\nbandwidth_limit = \"fast\"", "pool.bandwidth_limit", "1 GiB"),
        ("[curation]\ncategories = [\"体育\"]", "curation.categories", "养生保健"),
        ("[curation]\nbudget = \"150%\"", "curation.budget", "90%"),
        ("[curation]\nreserve = true", "curation.reserve", "number of bytes"),
        ("[buttons]\nbias = \"up\"", "buttons.bias", "\"pull-up\""),
        ("[buttons]\nenabled = \"yes\"", "buttons.enabled", "true or false"),
        ("[buttons]\nsound = \"on\"", "buttons.sound", "true or false"),
        ("[buttons.lines]\nok = 17", "buttons.lines", "both on line 17"),
        ("[buttons.lines]\njump = 5", "buttons.lines.jump", "unknown key"),
        ("[buttons.keys]\nENTER = \"ok\"", "buttons.keys.ENTER", "KEY_ENTER"),
        ("[buttons.keys]\nKEY_F1 = \"jump\"", "buttons.keys.KEY_F1", "\"home\""),
        ("[player]\nkind = \"vlc\"", "player.kind", "\"mpv\""),
        ("[upload]\nenabled = true", "upload.enabled", "hub_url"),
        ("[upload]\nbackoff_min_seconds = 100\nbackoff_max_seconds = 10", "upload.backoff_min_seconds", "larger"),
        ("[upload]\nbackoff_min_seconds = 0", "upload.backoff_min_seconds", "0.001"),
        ("[upload]\nhub_url = \"hub.example.org\"", "upload.hub_url", "http(s)"),
        ("[upload]\nhub_url = \"https://hub\"", "upload.enabled", "token"),
        ("[upload]\nhub_url = \"https://hub\"\ntoken = \"t\"", "site.id", "counts by site"),
        ("[upload]\ntoken = \"t\"\ntoken_file = \"/etc/yinling/token\"", "upload.token_file", "not both"),
        ("[upload]\ntoken_file = \"token.txt\"", "upload.token_file", "absolute"),
        ("[upload]\nbatch_interval_seconds = \"hourly\"", "upload.batch_interval_seconds", "number"),
        ("[upload]\nretry_min = 5", "upload.retry_min", "unknown key"),
        ("[server\nport = 1", "", "line 1"),
    ]

    @Test(arguments: bad.indices)
    func badValueStopsStartUpNamingTheKey(_ row: Int) {
        let (toml, key, mentions) = Self.bad[row]
        #expect {
            try KioskConfiguration.parse(toml, name: "test.toml")
        } throws: { error in
            guard let error = error as? ConfigurationError else { return false }
            return error.key == key && error.description.contains(mentions)
        }
    }

    @Test func uploadIsOnWhenAHubIsConfiguredAndOffOtherwise() throws {
        #expect(!KioskConfiguration().upload.enabled)
        let on = try KioskConfiguration.parse(
            """
            [site]
            id = "sh-xuhui-0012"
            [upload]
            hub_url = "https://hub.example.org/"
            token_file = "/etc/yinling/hub-token"
            backoff_min_seconds = 0.005
            backoff_max_seconds = 0.05
            batch_interval_seconds = 2
            """)
        #expect(on.upload.enabled && on.upload.tokenFile == "/etc/yinling/hub-token")
        #expect(on.upload.backoffMinimumSeconds == 0.005 && on.upload.batchIntervalSeconds == 2)
        let off = try KioskConfiguration.parse("[upload]\nhub_url = \"https://hub.example.org/\"\nenabled = false")
        #expect(!off.upload.enabled)
    }

    @Test func theTokenFileIsReadWhenUploadsStart() throws {
        let directory = TemporaryDirectory("token")
        var upload = KioskConfiguration().upload
        upload.tokenFile = directory.appending("token")
        #expect(throws: AppError.self) { try upload.resolvedToken() }
        try "s3cret-token\n".write(toFile: upload.tokenFile, atomically: true, encoding: .utf8)
        #expect(try upload.resolvedToken() == "s3cret-token")
    }

    @Test func missingFileIsNamed() {
        #expect {
            try KioskConfiguration.load(path: "/nonexistent/yinling.toml")
        } throws: { "\($0)".contains("/nonexistent/yinling.toml") }
    }
}
