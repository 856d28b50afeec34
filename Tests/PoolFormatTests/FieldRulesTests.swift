import PoolFormat
import Testing

@Suite("Field rules")
struct FieldRulesTests {
    @Test(arguments: [
        ("00:00:24", 24), ("02:45:32", 9932), ("100:00:00", 360_000), ("00:59:59", 3599),
    ])
    func durationParses(_ text: String, _ seconds: Int) {
        #expect(MediaDuration(text)?.seconds == seconds)
        #expect(MediaDuration(seconds: seconds).description == text)
    }

    @Test(arguments: ["", "1:2:3", "00:60:00", "00:00:60", "00:00", "aa:bb:cc", "-1:00:00", "00:00:1", "0:00:01"])
    func durationRefuses(_ text: String) {
        #expect(MediaDuration(text) == nil)
    }

    @Test(arguments: [
        "media/3f/3f9c.mp4", "covers/ab/x_y-z.jpg", "a.mp4",
    ])
    func relativePathIsAccepted(_ path: String) {
        #expect(FileObject.pathProblem(path) == nil)
    }

    @Test(arguments: [
        ("", "empty"), ("/media/a.mp4", "absolute"), ("media/../a.mp4", "traversal"), ("..", "traversal"),
        ("media\\a.mp4", "backslash"), ("http://x/a.mp4", "scheme"), ("C:media/a.mp4", "scheme"),
        ("media/a.mp4?x=1", "query"), ("media/a.mp4#t=1", "query"), ("media//a.mp4", "empty"),
        ("./media/a.mp4", "empty"), ("media/%2e%2e/a.mp4", "characters"), ("媒体/a.mp4", "characters"),
    ])
    func unsafePathIsRefused(_ path: String, _ reason: String) throws {
        let problem = try #require(FileObject.pathProblem(path))
        #expect(
            problem.contains(reason == "traversal" ? "'..'" : reason == "query" ? "query" : reason),
            "\(path): \(problem)")
    }

    @Test func sha256MustBeLowercaseHex() {
        #expect(FileObject.isSHA256(String(repeating: "0f", count: 32)))
        #expect(!FileObject.isSHA256(String(repeating: "0F", count: 32)))
        #expect(!FileObject.isSHA256(String(repeating: "0", count: 63)))
        #expect(!FileObject.isSHA256(String(repeating: "g", count: 64)))
    }
}
