import Foundation
import PoolFormat
import Testing

@Suite("Usage batches (yinling-usage/1)")
struct UsageBatchTests {
    static let batch = UsageBatch(
        site: "sh-xuhui-0012", installation: "5f0c2a9e-7d1b-4c3e-9a51-0e8b6f2d4c17", batch: 42,
        createdAt: "2026-11-21T02:00:05+08:00", kiosk: .init(version: "1.0.0"),
        counts: [
            UsageCount(
                resource: "R000123", day: "2026-11-20", source: .tv, plays: 12, views: 9, completions: 4,
                watchSeconds: 5400),
            UsageCount(
                resource: "R000124", day: nil, source: .phone, plays: 1, views: 0, completions: 0, watchSeconds: 3),
        ])

    @Test func encodesTheProtocolsFieldsOnlyAndRoundTrips() throws {
        let data = Self.batch.encoded()
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(Set(object.keys) == ["format", "site", "installation", "batch", "createdAt", "kiosk", "counts"])
        let counts = try #require(object["counts"] as? [[String: Any]])
        #expect(Set(counts[1].keys) == ["resource", "day", "source", "plays", "views", "completions", "watchSeconds"])
        #expect(counts[1]["day"] is NSNull)
        #expect(try UsageBatchDecoder.decode(data) == Self.batch)
        #expect(Self.batch.encoded() == data)
    }

    /// Each change to the example batch, and the words the refusal must contain.
    static let bad: [(change: @Sendable (inout [String: Any]) -> Void, message: String)] = [
        ({ $0["format"] = "yinling-usage/9" }, "yinling-usage/9"),
        ({ $0["format"] = nil }, "no \"format\""),
        ({ $0["site"] = "SH Xuhui" }, "\"site\""),
        ({ $0["installation"] = "not-a-uuid" }, "\"installation\""),
        ({ $0["batch"] = 0 }, "\"batch\""),
        ({ $0["batch"] = 1.5 }, "\"batch\" must be a whole number"),
        ({ $0["batch"] = true }, "\"batch\" must be a whole number"),
        ({ $0["createdAt"] = "yesterday" }, "\"createdAt\""),
        ({ $0["learner"] = "张三" }, "\"learner\" is not a field"),
        ({ $0["kiosk"] = ["version": "1", "ip": "10.0.0.2"] }, "\"kiosk.ip\" is not a field"),
        ({ $0["counts"] = "none" }, "\"counts\" must be an array"),
        ({ Self.changeRow(&$0) { $0["day"] = "2026-02-30" } }, "\"counts[0].day\""),
        ({ Self.changeRow(&$0) { $0["day"] = nil } }, "\"counts[0].day\" is missing"),
        ({ Self.changeRow(&$0) { $0["source"] = "radio" } }, "\"counts[0].source\""),
        ({ Self.changeRow(&$0) { $0["views"] = -1 } }, "\"counts[0].views\" must not be negative"),
        ({ Self.changeRow(&$0) { $0["views"] = 13 } }, "\"counts[0].views\" is more than"),
        ({ Self.changeRow(&$0) { $0["resource"] = "" } }, "\"counts[0].resource\""),
        ({ Self.changeRow(&$0) { $0["phone"] = "13800000000" } }, "\"counts[0].phone\" is not a field"),
        ({ $0["counts"] = [Self.row(0, of: $0), Self.row(0, of: $0)] }, "counts[1] repeats"),
    ]

    @Test(arguments: 0..<Self.bad.count)
    func refusesABadBatchNamingTheField(_ index: Int) throws {
        var object = try #require(try JSONSerialization.jsonObject(with: Self.batch.encoded()) as? [String: Any])
        Self.bad[index].change(&object)
        let data = try JSONSerialization.data(withJSONObject: object)
        #expect {
            _ = try UsageBatchDecoder.decode(data)
        } throws: { error in
            "\(error)".contains(Self.bad[index].message)
        }
    }

    @Test func refusesNonJSONAndOversizedBodies() {
        #expect(throws: PoolFormatError.self) { try UsageBatchDecoder.decode(Data("{\"format\":".utf8)) }
        #expect(throws: PoolFormatError.self) { try UsageBatchDecoder.decode(Data("[1,2]".utf8)) }
        let huge = Data(repeating: 0x20, count: UsageBatch.maximumBytes + 1)
        #expect { try UsageBatchDecoder.decode(huge) } throws: { "\($0)".contains("at most 1048576") }
    }

    static func row(_ index: Int, of object: [String: Any]) -> [String: Any] {
        ((object["counts"] as? [[String: Any]]) ?? [])[index]
    }

    static func changeRow(_ object: inout [String: Any], _ change: (inout [String: Any]) -> Void) {
        var rows = (object["counts"] as? [[String: Any]]) ?? []
        change(&rows[0])
        object["counts"] = rows
    }
}
