import KioskCore
import Testing

@Suite("Button press interpreter")
struct PressInterpreterTests {
    /// One thing happening: an edge (input, action, pressed, kernel ms) or time passing to a kernel ms.
    enum Step {
        case down(String, ButtonAction, Int)
        case up(String, ButtonAction, Int)
        case tick(Int)
    }

    static func down(_ ms: Int, _ action: ButtonAction = .ok, _ input: String = "a") -> Step {
        .down(input, action, ms)
    }
    static func up(_ ms: Int, _ action: ButtonAction = .ok, _ input: String = "a") -> Step { .up(input, action, ms) }
    static func tick(_ ms: Int) -> Step { .tick(ms) }

    /// (what, steps, everything the interpreter said, as text).
    static let table: [(name: String, steps: [Step], expected: [String])] = [
        ("clean press", [down(0), up(100), tick(1000)], ["a ok press @30"]),
        ("reported at 30 ms while still held", [down(0), tick(29)], []),
        ("reported at 30 ms while still held", [down(0), tick(30)], ["a ok press @30"]),
        ("exactly 30 ms is a press", [down(0), up(30)], ["a ok press @30"]),
        ("29 ms is noise", [down(0), up(29), tick(500)], ["a ok noise too_short @29"]),
        (
            "bounce train on pressing: one press, counted from the last bounce",
            [down(0), up(2), down(3), up(5), down(7), up(200)],
            ["a ok noise too_short @2", "a ok noise too_short @5", "a ok press @37"]
        ),
        (
            "bounce train on releasing is noise",
            [down(0), up(100), down(103), up(104), down(106), up(140), tick(1000)],
            ["a ok press @30", "a ok noise too_short @104", "a ok noise too_soon @136"]
        ),
        (
            "a press 100 ms after the last one's release is noise", [down(0), up(100), down(200), up(300)],
            ["a ok press @30", "a ok noise too_soon @230"]
        ),
        (
            "a press 150 ms after the last one's release counts", [down(0), up(100), down(250), up(350)],
            ["a ok press @30", "a ok press @280"]
        ),
        (
            "a rejected press held on stays ignored", [down(0), up(100), down(200), tick(5000), up(5000)],
            ["a ok press @30", "a ok noise too_soon @230"]
        ),
        (
            "返回 held 3 s: press at once, then one long press",
            [down(0, .back), tick(10000), up(10000, .back)],
            ["a back press @30", "a back long_press @3000"]
        ),
        (
            "返回 released just before 3 s: no long press", [down(0, .back), up(2999, .back), tick(10000)],
            ["a back press @30"]
        ),
        ("确定 held never long-presses", [down(0), tick(10000)], ["a ok press @30"]),
        (
            "下一个 held repeats after 600 ms, 4 per second",
            [down(0, .next), tick(1500), up(1500, .next)],
            [
                "a next press @30", "a next repeat @600", "a next repeat @850", "a next repeat @1100",
                "a next repeat @1350",
            ]
        ),
        (
            "上一个 repeats too", [down(0, .previous), tick(900)],
            ["a previous press @30", "a previous repeat @600", "a previous repeat @850"]
        ),
        ("确定 never repeats", [down(0), tick(2000), up(2000)], ["a ok press @30"]),
        (
            "stuck line: reported once, ignored, works again after release",
            [down(0), tick(120_000), down(125_000), up(130_000), down(131_000), up(131_100)],
            ["a ok press @30", "a ok stuck @60000", "a ok released @130000", "a ok press @131030"]
        ),
        (
            "two inputs interleaved",
            [down(0, .ok, "a"), down(10, .next, "b"), up(50, .ok, "a"), up(60, .next, "b")],
            ["a ok press @30", "b next press @40"]
        ),
        (
            "the gap rule is per input",
            [down(0, .ok, "a"), up(100, .ok, "a"), down(120, .next, "b"), up(200, .next, "b")],
            ["a ok press @30", "b next press @150"]
        ),
        (
            "an edge older than its input's last one is ignored",
            [down(100), up(50), tick(1000)],
            ["a ok out_of_order @50", "a ok press @130"]
        ),
        ("a release without a press is ignored", [up(10), down(500), up(600)], ["a ok press @530"]),
    ]

    @Test(arguments: table.indices)
    func interprets(_ row: Int) {
        let (name, steps, expected) = Self.table[row]
        var interpreter = PressInterpreter()
        #expect(Self.run(steps, &interpreter) == expected, "\(name)")
    }

    /// A held 下一个 never repeats faster than 4 per second and stops when the line is stuck.
    @Test func repeatCadenceIsBoundedAndStopsWhenStuck() {
        var interpreter = PressInterpreter()
        let said = Self.run([Self.down(0, .next), Self.tick(100_000)], &interpreter)
        let repeats = said.filter { $0.contains("repeat") }.map(Self.milliseconds(of:))
        #expect(repeats.count == (60_000 - 600) / 250 + 1)
        #expect(zip(repeats, repeats.dropFirst()).allSatisfy { $1 - $0 >= 250 })
        #expect(said.last == "a next stuck @60000")
        #expect(interpreter.stuckInputs == ["a"])
        #expect(interpreter.nextDeadline == nil)
    }

    /// The same kernel timestamps give the same presses however late the process reads them. (The
    /// service feeds every edge it has read before advancing to "now": an edge still unread in the
    /// kernel's queue cannot be taken into account.)
    @Test(arguments: ["every millisecond", "only at the end", "just before each edge", "edges only"])
    func onlyKernelTimestampsMatter(_ schedule: String) {
        let edges: [Step] = [
            Self.down(0, .next, "n"), Self.up(2, .next, "n"), Self.down(5, .next, "n"), Self.up(900, .next, "n"),
            Self.down(1000, .back, "b"), Self.up(4500, .back, "b"), Self.down(4600, .ok, "o"), Self.up(4610, .ok, "o"),
        ]
        var steps: [Step] = []
        switch schedule {
        case "every millisecond":
            var next = 0
            for edge in edges {
                let at = Self.milliseconds(of: edge)
                steps += (next..<at).map(Self.tick)
                steps.append(edge)
                next = at
            }
            steps.append(Self.tick(5000))
        case "only at the end": steps = edges + [Self.tick(5000)]
        case "just before each edge": steps = edges.flatMap { [Self.tick(Self.milliseconds(of: $0) - 1), $0] }
        default: steps = edges
        }
        var interpreter = PressInterpreter()
        #expect(
            Self.run(steps, &interpreter).filter { !$0.contains("noise") } == [
                "n next press @35", "n next repeat @605", "n next repeat @855", "b back press @1030",
                "b back long_press @4000",
            ])
    }

    @Test func nextDeadlineSaysWhenToAskAgain() {
        var interpreter = PressInterpreter()
        #expect(interpreter.nextDeadline == nil)
        _ = interpreter.feed(ButtonEdge(input: "a", action: .next, pressed: true, timestamp: .milliseconds(1000)))
        #expect(interpreter.nextDeadline == .milliseconds(1030))
        _ = interpreter.advance(to: .milliseconds(1030))
        #expect(interpreter.nextDeadline == .milliseconds(1600))
        _ = interpreter.feed(ButtonEdge(input: "a", action: .next, pressed: false, timestamp: .milliseconds(1100)))
        #expect(interpreter.nextDeadline == nil)
    }

    @Test func configuredThresholdsApply() {
        var interpreter = PressInterpreter(
            settings: PressSettings(minimumPressMilliseconds: 50, minimumGapMilliseconds: 0))
        let said = Self.run(
            [Self.down(0), Self.up(40), Self.down(41), Self.up(100), Self.down(101), Self.up(200)], &interpreter)
        #expect(said == ["a ok noise too_short @40", "a ok press @91", "a ok press @151"])
    }

    @Test func repeatIsNeverFasterThanFourPerSecondNorForOK() {
        let settings = PressSettings(repeatInterval: .milliseconds(10), repeatingActions: [.next, .ok])
        #expect(settings.repeatInterval == .milliseconds(250))
        #expect(settings.repeatingActions == [.next])
    }

    static func run(_ steps: [Step], _ interpreter: inout PressInterpreter) -> [String] {
        var outputs: [PressInterpreter.Output] = []
        for step in steps {
            switch step {
            case .down(let input, let action, let ms), .up(let input, let action, let ms):
                let pressed = if case .down = step { true } else { false }
                outputs += interpreter.feed(
                    ButtonEdge(input: input, action: action, pressed: pressed, timestamp: .milliseconds(ms)))
            case .tick(let ms):
                outputs += interpreter.advance(to: .milliseconds(ms))
            }
        }
        return outputs.map(describe)
    }

    static func describe(_ output: PressInterpreter.Output) -> String {
        switch output {
        case .press(let press): "\(press.input) \(press.action) \(press.kind.rawValue) @\(ms(press.timestamp))"
        case .noise(let input, let action, let at, let reason): "\(input) \(action) noise \(reason.rawValue) @\(ms(at))"
        case .stuck(let input, let action, let at): "\(input) \(action) stuck @\(ms(at))"
        case .released(let input, let action, let at): "\(input) \(action) released @\(ms(at))"
        case .outOfOrder(let edge): "\(edge.input) \(edge.action) out_of_order @\(ms(edge.timestamp))"
        }
    }

    static func ms(_ duration: Duration) -> Int {
        let (seconds, attoseconds) = duration.components
        return Int(seconds) * 1000 + Int(attoseconds / 1_000_000_000_000_000)
    }

    static func milliseconds(of text: String) -> Int {
        Int(text.split(separator: "@").last ?? "") ?? -1
    }

    static func milliseconds(of step: Step) -> Int {
        switch step {
        case .down(_, _, let ms), .up(_, _, let ms), .tick(let ms): ms
        }
    }
}
