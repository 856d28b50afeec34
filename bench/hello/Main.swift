import Hummingbird

/// The benchmark's baseline: the smallest Hummingbird server, to compare memory and CPU against.
@main
struct Hello {
    static func main() async throws {
        let port = CommandLine.arguments.count > 1 ? Int(CommandLine.arguments[1]) ?? 8090 : 8090
        let router = Router()
        router.get("/") { _, _ in "hello" }
        let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: port)))
        try await app.runService()
    }
}
