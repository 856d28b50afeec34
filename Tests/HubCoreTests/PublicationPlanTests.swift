import Foundation
import HubCore
import PoolFormat
import Testing

@Suite("Publication plan and report")
struct PublicationPlanTests {
    /// A candidate of `school`: a video of `minutes` (conforming unless `small`), or audio, or a course.
    static func candidate(
        _ id: String, school: String, type: ResourceType = .video, minutes: Double = 3, small: Bool = false
    ) -> PublicationPlan.Candidate {
        var probe = TechnicalStandardTests.conforming
        probe.duration = minutes * 60
        if small { probe.video?.width = 640; probe.video?.height = 360 }
        if type == .audio { probe = TechnicalStandardTests.audio }
        let resource = Resource(
            id: id, title: "标题 \(id)", type: type, link: type == .onlineCourse ? "https://example.edu.cn/c" : nil,
            summary: "简介", duration: MediaDuration(seconds: Int(minutes * 60)), copyrightHolder: school,
            lecturers: ["李建国"], cover: FileObject(path: "c.jpg", sha256: "", bytes: 1, mime: "image/jpeg"),
            category: ["养生保健"], media: nil)
        let draft = ResourceDraft(row: 2, resource: resource, coverFile: "c.jpg", mediaFile: type.hasMedia ? "m" : nil)
        return PublicationPlan.Candidate(draft: draft, probe: type == .onlineCourse ? nil : probe)
    }

    @Test func schoolBelowTheMinimumFallsShortWithItsMediaButNotItsCourses() {
        let candidates = [
            Self.candidate("A-1", school: "甲校", minutes: 60), Self.candidate("A-2", school: "甲校", minutes: 45),
            Self.candidate("B-1", school: "乙校", minutes: 60),
            Self.candidate("B-2", school: "乙校", minutes: 60, small: true),
            Self.candidate("B-3", school: "乙校", type: .audio), Self.candidate("B-4", school: "乙校", type: .onlineCourse),
        ]
        let plan = PublicationPlan(candidates: candidates, standard: TechnicalStandard(), allowNonconforming: false)
        let school = "乙校's conforming videos total 01:00:00, below 100 min"
        #expect(
            plan.entries.map { $0.shortfalls.map(\.message) } == [
                [], [], [school], ["640×360 below 1280×720", school], [school], [],
            ])
        #expect(plan.published.map(\.draft.resource.id) == ["A-1", "A-2", "B-4"])
    }

    @Test func allowNonconformingPublishesWhatThePoolCanCarry() {
        var mov = Self.candidate("M-1", school: "甲校", minutes: 200)
        mov.probe?.majorBrand = "qt  "
        let candidates = [Self.candidate("S-1", school: "甲校", minutes: 200, small: true), mov]
        let strict = PublicationPlan(candidates: candidates, standard: TechnicalStandard(), allowNonconforming: false)
        let lenient = PublicationPlan(candidates: candidates, standard: TechnicalStandard(), allowNonconforming: true)
        #expect(strict.entries.map(\.decision) == [.leaveOut, .leaveOut])
        #expect(lenient.entries.map(\.decision) == [.publishAnyway, .leaveOut])
    }

    @Test func reportHasALinePerResourceInRowOrder() {
        var ok = Self.candidate("OK-1", school: "甲校", minutes: 120)
        ok.draft.row = 2
        var small = Self.candidate("NC-1", school: "甲校", minutes: 3, small: true)
        small.draft.row = 4
        let plan = PublicationPlan(candidates: [ok, small], standard: TechnicalStandard(), allowNonconforming: false)
        let problem = RowProblem(row: 3, column: .duration, #""1:2" is not hh:mm:ss (e.g. 00:45:10)"#)
        #expect(
            PublishReport.lines(problems: [problem], plan: plan) == [
                "  ok        OK-1  标题 OK-1",
                #"  INVALID   row 3, column 资源时长: "1:2" is not hh:mm:ss (e.g. 00:45:10)"#,
                "  NONCONF   NC-1  640×360 below 1280×720 — left out",
            ])
    }

    @Test func differingLengthIsNoted() {
        var candidate = Self.candidate("D-1", school: "甲校", minutes: 120)
        candidate.draft.resource.duration = MediaDuration(seconds: 600)
        #expect(
            PublishReport.durationNote(for: candidate)
                == "  note      D-1  资源时长 00:10:00 in the sheet, the file plays 02:00:00; 02:00:00 is published")
        candidate.draft.resource.duration = MediaDuration(seconds: 7201)
        #expect(PublishReport.durationNote(for: candidate) == nil)
    }
}
