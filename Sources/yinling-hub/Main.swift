import HubApp

/// The `yinling-hub` executable.
@main
struct Main {
    static func main() async {
        await HubCommand.start()
    }
}
