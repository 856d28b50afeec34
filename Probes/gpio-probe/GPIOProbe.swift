import KioskCore
import KioskInput
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// `gpio-probe --chip gpiochip1 --line 0=ok --line 1=back [--active-high] [--bias pull-up] [--count N]
/// [--seconds S] [--release-check]`: requests the lines with GPIODButtonSource and decodes them with
/// ButtonDecoder, as `yinling serve` does. After a first `{"ready":…}` line it prints each raw edge,
/// `{"line":0,"action":"ok","pressed":true,"t_ns":…}`, followed by what the press interpreter decided
/// at it or since, as `yinling buttons --json` prints it (`{"action":"ok","input":…,"kind":"press",…}`).
/// Exits 0 after `--count` edges or `--seconds` (with `--release-check`, after requesting the lines
/// once more: `{"released_within_ms":…}`), 1 with the source's message when the lines cannot be requested.
@main
struct GPIOProbe {
    static func main() async {
        let arguments = Array(CommandLine.arguments.dropFirst())
        var chip = "gpiochip0"
        var lines: [String: Int] = [:]
        var activeLow = true
        var bias = "pull-up"
        var count = Int.max
        var seconds = 3600
        var releaseCheck = false
        var index = 0
        func value() -> String {
            index += 1
            return index < arguments.count ? arguments[index] : ""
        }
        while index < arguments.count {
            switch arguments[index] {
            case "--chip": chip = value()
            case "--line":
                let parts = value().split(separator: "=", maxSplits: 1).map(String.init)
                if parts.count == 2, let offset = Int(parts[0]) { lines[parts[1]] = offset } else { fail("bad --line") }
            case "--active-high": activeLow = false
            case "--bias": bias = value()
            case "--count": count = Int(value()) ?? 0
            case "--seconds": seconds = Int(value()) ?? 0
            case "--release-check": releaseCheck = true
            default: fail("unknown argument \(arguments[index])")
            }
            index += 1
        }
        do {
            let source = try GPIODButtonSource(chip: chip, lines: lines, activeLow: activeLow, bias: bias)
            let library = GPIODButtonSource.library
            emit(
                #"{"ready":true,"source":"\#(source.name)","generation":\#(library.generation),"library":"\#(library.version)"}"#
            )
            let limit = count
            let edges = EdgeCount()
            let decoder = ButtonDecoder(sources: [source], settings: PressSettings())
            let duration = Duration.seconds(seconds)
            await withTaskGroup(of: Void.self) { group in
                group.addTask {
                    await decoder.run { event in
                        switch event {
                        case .edge(let edge, let outputs):
                            emit(edge)
                            outputs.forEach { emit(ButtonReport($0).json) }
                            return edges.increment() < limit
                        case .decided(let outputs):
                            outputs.forEach { emit(ButtonReport($0).json) }
                            return true
                        case .failed(_, let error):
                            fail("\(error)")
                        }
                    }
                }
                group.addTask { try? await Task.sleep(for: duration) }
                await group.next()
                group.cancelAll()
            }
            if releaseCheck {
                let milliseconds = try await releasedWithin(source)
                emit(#"{"released_within_ms":\#(milliseconds)}"#)
            }
            emit(#"{"done":true}"#)
        } catch {
            fail("\(error)")
        }
    }

    static func emit(_ edge: ButtonEdge) {
        let line = edge.input.split(separator: ":").last.map(String.init) ?? edge.input
        let (wholeSeconds, attoseconds) = edge.timestamp.components
        let nanoseconds = wholeSeconds * 1_000_000_000 + attoseconds / 1_000_000_000
        emit(
            #"{"line":\#(line),"action":"\#(edge.action.rawValue)","pressed":\#(edge.pressed),"t_ns":\#(nanoseconds)}"#)
    }

    /// One line straight to file descriptor 1, unbuffered: the test reads it while the probe runs.
    static func emit(_ line: String, to descriptor: Int32 = 1) {
        var text = line + "\n"
        text.withUTF8 { bytes in _ = write(descriptor, bytes.baseAddress, bytes.count) }
    }

    static func fail(_ message: String) -> Never {
        emit("gpio-probe: \(message)", to: 2)
        exit(1)
    }
}

/// Edges seen so far; the decoder calls its handler one event at a time.
final class EdgeCount: Sendable {
    private let value = Atomic(0)

    /// The count after this edge.
    func increment() -> Int { value.add(1, ordering: .relaxed).newValue }
}
