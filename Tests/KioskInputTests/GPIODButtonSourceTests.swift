import KioskCore
import KioskInput
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// The host's side of GPIODButtonSource: the `[buttons]` form and the start-up failures with the real
/// libgpiod. Edges on real lines are Tests/GPIO/gpio-vm.py's (gpio-sim in a VM).
@Suite("GPIO button source")
struct GPIODButtonSourceTests {
    @Test func configurationWiresOnlyConnectedLinesInOffsetOrder() throws {
        let source = try GPIODButtonSource(
            chip: "gpiochip0", lines: ["previous": 17, "next": 27, "ok": 22, "back": 23, "home": -1],
            activeLow: true, bias: "pull-up")
        #expect(source.lines.map(\.offset) == [17, 22, 23, 27])
        #expect(source.lines.map(\.action) == [.previous, .ok, .back, .next])
        #expect(source.lines.allSatisfy { $0.activeLow && $0.bias == .pullUp })
        #expect(source.name == "GPIO gpiochip0 lines 17, 22, 23, 27")
    }

    /// (lines, bias, words the message must contain).
    static let badConfigurations: [([String: Int], String, String)] = [
        (["ok": 22], "pull-sideways", "bias \"pull-sideways\""),
        (["okay": 22], "pull-up", "no button \"okay\""),
        (["ok": 22, "back": 22], "pull-up", "line 22 is wired to two buttons"),
        (["ok": -1], "pull-up", "no button is wired"),
    ]

    @Test(arguments: badConfigurations)
    func badConfigurationIsRefusedWithItsReason(lines: [String: Int], bias: String, words: String) {
        #expect {
            _ = try GPIODButtonSource(chip: "gpiochip0", lines: lines, activeLow: true, bias: bias)
        } throws: { error in
            guard let error = error as? GPIODError else { return false }
            return error.code == .configuration && error.message.contains(words)
        }
    }

    @Test func missingChipEndsTheStreamWithAMessageNamingIt() async {
        let source = GPIODButtonSource(
            chip: "/dev/yinling-no-such-gpiochip", lines: [.init(offset: 3, action: .ok)])
        var failure: GPIODError?
        do {
            for try await _ in source.edges() {}
        } catch let error as GPIODError {
            failure = error
        } catch {}
        #expect(failure?.code == .openChip)
        #expect(failure?.errno == ENOENT)
        #expect(failure?.description.contains("GPIO chip /dev/yinling-no-such-gpiochip not found") == true)
    }

    /// shim.h tells the generations apart by a macro, not a version number: the library it links must agree.
    @Test func compiledGenerationMatchesTheLinkedLibrary() {
        let library = GPIODButtonSource.library
        #expect(library.version.hasPrefix("\(library.generation)."))
    }
}
