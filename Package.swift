// swift-tools-version:6.1
import PackageDescription

/// Upcoming features every target opts into, as Hummingbird does.
let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

let package = Package(
    name: "yinling",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "yinling", targets: ["yinling"]),
        .executable(name: "yinling-hub", targets: ["yinling-hub"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "3.12.3"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.10.0"),
        // No traits: we need neither swift-configuration nor full Foundation in the server.
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1", traits: []),
        .package(url: "https://github.com/LebJe/TOMLKit.git", from: "0.6.0"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-nio-extras.git", from: "1.35.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
    ],
    targets: [
        // Wire formats shared by kiosk and hub, and the manifest's Ed25519 signature.
        .target(
            name: "PoolFormat", dependencies: [.product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: swiftSettings),
        // The kiosk's domain: catalog and menu models, byte ranges, conditional requests, ports.
        .target(name: "KioskCore", dependencies: ["PoolFormat"], swiftSettings: swiftSettings),
        // Content-addressed files: hash while copying, fsync, atomic rename. Shared by kiosk and hub.
        .target(
            name: "ContentStore",
            dependencies: [.product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: swiftSettings
        ),
        // GRDB over the system SQLite: catalog, cache index, play log, settings.
        .target(
            name: "KioskStore",
            dependencies: ["KioskCore", "PoolFormat", .product(name: "GRDB", package: "GRDB.swift")],
            swiftSettings: swiftSettings
        ),
        // Hummingbird: menu API, media with our own RFC 9110 ranges, play reports, static pages.
        .target(
            name: "KioskHTTP",
            dependencies: [
                "KioskCore", "PoolFormat",
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "_NIOFileSystem", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        // AsyncHTTPClient and pool directories: manifest fetch, resumable verified downloads.
        .target(
            name: "KioskCentral",
            dependencies: [
                "ContentStore", "KioskCore", "PoolFormat",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "_NIOFileSystem", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        // The TV's player: mpv over its JSON IPC socket (NIO), started and restarted when configured.
        .target(
            name: "KioskPlayer",
            dependencies: [
                "KioskCore",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        // Composition root of the kiosk: configuration, commands, services.
        .target(
            name: "KioskApp",
            dependencies: [
                "ContentStore", "KioskCentral", "KioskCore", "KioskHTTP", "KioskInput", "KioskPlayer", "KioskStore",
                "PoolFormat",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                // scrypt for the staff password (Staff/PasswordHash.swift).
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "TOMLKit", package: "TOMLKit"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(name: "yinling", dependencies: ["KioskApp"], swiftSettings: swiftSettings),
        // libgpiod 1.6 or 2.x behind one small C API (shim.h picks the generation at compile time).
        .systemLibrary(name: "CGPIOD", pkgConfig: "libgpiod", providers: [.apt(["libgpiod-dev"])]),
        // Button devices: GPIO lines (libgpiod).
        .target(
            name: "KioskInput",
            dependencies: ["CGPIOD", "KioskCore", .product(name: "Logging", package: "swift-log")],
            swiftSettings: swiftSettings
        ),
        // Prints the configured GPIO lines' edges as JSON lines (Tests/GPIO/gpio-vm.py); not shipped.
        .executableTarget(
            name: "gpio-probe", dependencies: ["KioskCore", "KioskInput"], path: "Probes/gpio-probe",
            swiftSettings: swiftSettings),
        // The central office's domain: the schools' spreadsheets, the technical standard, publishing,
        // the usage ingest rules, rankings and their renderings, and the storage ports.
        .target(
            name: "HubCore",
            dependencies: ["PoolFormat", .product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: swiftSettings),
        // The hub's storage over GRDB/SQLite: sites and tokens, usage batches and their counts.
        .target(
            name: "HubStore",
            dependencies: ["HubCore", "PoolFormat", .product(name: "GRDB", package: "GRDB.swift")],
            swiftSettings: swiftSettings
        ),
        // Hummingbird: the usage ingest API, rankings (JSON and the page), the sites' status.
        .target(
            name: "HubHTTP",
            dependencies: [
                "HubCore", "PoolFormat",
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        // Composition root of the central office's hub.
        .target(
            name: "HubApp",
            dependencies: [
                "ContentStore", "HubCore", "HubHTTP", "HubStore", "PoolFormat",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(name: "yinling-hub", dependencies: ["HubApp"], swiftSettings: swiftSettings),
        // Fakes and fixtures shared by tests; never linked into an executable.
        .target(
            name: "KioskTesting",
            dependencies: [
                "ContentStore", "KioskCore", "PoolFormat",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings),
        // The benchmark's baseline: a bare Hummingbird "hello" server.
        .executableTarget(
            name: "hummingbird-hello",
            dependencies: [.product(name: "Hummingbird", package: "hummingbird")],
            path: "bench/hello",
            swiftSettings: swiftSettings
        ),

        .testTarget(
            name: "PoolFormatTests", dependencies: ["PoolFormat", "KioskTesting"], swiftSettings: swiftSettings),
        .testTarget(name: "KioskCoreTests", dependencies: ["KioskCore", "KioskTesting"], swiftSettings: swiftSettings),
        .testTarget(
            name: "ContentStoreTests",
            dependencies: ["ContentStore", "KioskTesting"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "KioskStoreTests",
            dependencies: ["KioskStore", "KioskTesting", "PoolFormat", .product(name: "GRDB", package: "GRDB.swift")],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "KioskHTTPTests",
            dependencies: [
                "KioskApp", "KioskHTTP", "KioskTesting", "PoolFormat",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "KioskAppTests",
            dependencies: ["ContentStore", "KioskApp", "KioskCore", "KioskStore", "KioskTesting", "PoolFormat"],
            swiftSettings: swiftSettings),
        .testTarget(
            name: "KioskCentralTests",
            dependencies: [
                "ContentStore", "KioskCentral", "KioskCore", "KioskTesting", "PoolFormat",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        // Drives the real mpv (--vo=null --ao=null) through its IPC socket.
        .testTarget(
            name: "KioskPlayerTests",
            dependencies: [
                "KioskCore", "KioskPlayer", "KioskTesting",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "KioskInputTests", dependencies: ["KioskInput", "KioskCore", "KioskTesting"],
            swiftSettings: swiftSettings),
        .testTarget(
            name: "HubCoreTests", dependencies: ["HubCore", "KioskTesting", "PoolFormat"], swiftSettings: swiftSettings),
        .testTarget(
            name: "HubStoreTests",
            dependencies: [
                "HubCore", "HubStore", "KioskTesting", "PoolFormat", .product(name: "GRDB", package: "GRDB.swift"),
            ],
            swiftSettings: swiftSettings),
        .testTarget(
            name: "HubHTTPTests",
            dependencies: [
                "HubCore", "HubHTTP", "HubStore", "KioskTesting", "PoolFormat",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ],
            swiftSettings: swiftSettings),
        // Runs the real executables over real sockets.
        .testTarget(
            name: "EndToEndTests",
            dependencies: [
                "ContentStore", "KioskCore", "KioskStore", "KioskTesting", "PoolFormat",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ],
            swiftSettings: swiftSettings
        ),
    ]
)
