import KioskApp

/// The `yinling` executable: everything is in KioskApp, so tests can build the same pieces.
@main
struct Main {
    static func main() async {
        await YinlingCommand.start()
    }
}
