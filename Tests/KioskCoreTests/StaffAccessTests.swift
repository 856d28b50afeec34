import KioskCore
import KioskTesting
import Testing

@Suite("Staff sessions and login")
struct StaffAccessTests {
    /// A password check without the slow hash.
    struct FixedPassword: StaffPassword {
        var password: String?

        func verify(_ candidate: String) async throws -> PasswordVerdict {
            guard let password else { return .notSet }
            return candidate == password ? .right : .wrong
        }
    }

    /// A password check that waits until the test lets it finish.
    final class HeldPassword: StaffPassword {
        let entered: AsyncStream<Void>.Continuation
        let release: AsyncStream<Void>

        init(entered: AsyncStream<Void>.Continuation, release: AsyncStream<Void>) {
            self.entered = entered
            self.release = release
        }

        func verify(_ candidate: String) async throws -> PasswordVerdict {
            entered.yield()
            for await _ in release { break }
            return .right
        }
    }

    let clock = ManualClock()

    func access(_ password: String? = "right password") -> StaffAccess {
        StaffAccess(password: FixedPassword(password: password), clock: clock)
    }

    func loggedIn(_ outcome: StaffAccess.LoginOutcome) -> StaffSession? {
        if case .loggedIn(let session) = outcome { return session }
        return nil
    }

    @Test func rightPasswordOpensASessionWithTwoDifferentRandomTokens() async throws {
        let access = access()
        let session = try #require(loggedIn(try await access.login(password: "right password", from: "a")))
        #expect(session.token.count == 64 && session.csrfToken.count == 64 && session.token != session.csrfToken)
        #expect(session.token.allSatisfy { $0.isHexDigit })
        #expect(await access.session(session.token) == session)
        let other = try #require(loggedIn(try await access.login(password: "right password", from: "a")))
        #expect(other.token != session.token && other.csrfToken != session.csrfToken)
        // One hex digit changed (to a different one, whatever the token starts with) is no session.
        let changed = (session.token.first == "0" ? "1" : "0") + session.token.dropFirst()
        #expect(await access.session(changed) == nil)
    }

    @Test func wrongPasswordMakesTheNextTryWaitEvenWithTheRightOne() async throws {
        let access = access()
        #expect(try await access.login(password: "guess", from: "a") == .wrongPassword(retryAfterSeconds: 1))
        #expect(try await access.login(password: "right password", from: "a") == .tooSoon(retryAfterSeconds: 1))
        clock.advance(seconds: 1)
        #expect(try await access.login(password: "guess", from: "a") == .wrongPassword(retryAfterSeconds: 2))
        clock.advance(seconds: 2)
        #expect(loggedIn(try await access.login(password: "right password", from: "a")) != nil)
    }

    @Test func onlyOneCheckRunsAtATimeOthersAreAskedToWaitASecond() async throws {
        let (entered, enteredContinuation) = AsyncStream.makeStream(of: Void.self)
        let (release, releaseContinuation) = AsyncStream.makeStream(of: Void.self)
        let access = StaffAccess(
            password: HeldPassword(entered: enteredContinuation, release: release), clock: clock)
        async let first = access.login(password: "right password", from: "a")
        for await _ in entered { break }
        #expect(try await access.login(password: "right password", from: "b") == .tooSoon(retryAfterSeconds: 1))
        releaseContinuation.yield()
        #expect(loggedIn(try await first) != nil)
    }

    @Test func withoutAPasswordNobodyLogsIn() async throws {
        #expect(try await access(nil).login(password: "anything at all", from: "a") == .noPassword)
    }

    @Test func sessionEndsAfterTwelveIdleHoursOrAtLogout() async throws {
        let access = access()
        let first = try #require(loggedIn(try await access.login(password: "right password", from: "a")))
        let second = try #require(loggedIn(try await access.login(password: "right password", from: "a")))
        clock.advance(seconds: 11 * 3600)
        #expect(await access.session(first.token) != nil, "use keeps a session alive")
        clock.advance(seconds: 2 * 3600)
        #expect(await access.session(first.token) != nil)
        #expect(await access.session(second.token) == nil, "13 idle hours")
        await access.logout(first.token)
        #expect(await access.session(first.token) == nil)
    }

    @Test func tokensCompareByValue() {
        #expect(StaffToken.equal("abc", "abc"))
        #expect(!StaffToken.equal("abc", "abd") && !StaffToken.equal("abc", "ab") && !StaffToken.equal("", "a"))
    }
}
