import Foundation
import KioskApp
import KioskCore
import KioskStore
import KioskTesting
import Testing

@Suite("Staff password hash")
struct PasswordHashTests {
    /// Cheap parameters for the tests that are not about the cost.
    static let light = PasswordHash.Parameters(logN: 10, blockSize: 8, parallelism: 1)

    @Test func rightPasswordMatchesWrongOnesDoNot() throws {
        let hash = try PasswordHash.make(password: "银龄 staff 2025", parameters: Self.light)
        #expect(try hash.matches("银龄 staff 2025"))
        for wrong in ["银龄 staff 2024", "银龄 staff 2025 ", "", "银龄staff2025"] {
            #expect(try !hash.matches(wrong), "\(wrong)")
        }
    }

    @Test func standardParametersRoundTripThroughTheStoredString() throws {
        let hash = try PasswordHash.make(password: "correct horse")
        #expect(hash.parameters == .standard && hash.parameters.memoryBytes == 16 << 20)
        #expect(hash.encoded.hasPrefix("$scrypt$ln=14,r=8,p=1$"))
        let read = try #require(PasswordHash(encoded: hash.encoded))
        #expect(read == hash)
        #expect(try read.matches("correct horse") && !read.matches("correct horsE"))
    }

    @Test func parametersAreReadFromTheStringNotAssumed() throws {
        let hash = try PasswordHash.make(password: "correct horse", parameters: Self.light)
        let read = try #require(PasswordHash(encoded: hash.encoded))
        #expect(read.parameters == Self.light && hash.encoded.hasPrefix("$scrypt$ln=10,r=8,p=1$"))
        #expect(try read.matches("correct horse"))
    }

    @Test func saltIsFreshEachTime() throws {
        let first = try PasswordHash.make(password: "correct horse", parameters: Self.light)
        let second = try PasswordHash.make(password: "correct horse", parameters: Self.light)
        #expect(first.salt != second.salt && first.hash != second.hash)
        #expect(first.salt.count == 16 && first.hash.count == 32)
    }

    @Test func composedAndDecomposedCharactersAreTheSamePassword() throws {
        let hash = try PasswordHash.make(password: "caf\u{E9} au lait", parameters: Self.light)
        #expect(try hash.matches("cafe\u{301} au lait"))
    }

    @Test(arguments: [
        "", "plain text", "$scrypt$ln=15,r=8,p=1$c2FsdHNhbHRzYWx0$",
        "$bcrypt$ln=15,r=8,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA",
        "$scrypt$ln=30,r=8,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA",
        "$scrypt$ln=15,r=8$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA",
        "$scrypt$ln=15,r=8,p=1,p=2$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA",
        "$scrypt$ln=15,r=8,p=1$c2FsdA==$aGFzaGhhc2hoYXNoaGFzaA",
        "$scrypt$ln=15,r=8,p=1$!!!!$aGFzaGhhc2hoYXNoaGFzaA",
    ])
    func unreadableOrExcessiveStringsAreRefused(text: String) {
        #expect(PasswordHash(encoded: text) == nil)
        #expect(PasswordHash(encoded: "$scrypt$ln=15,r=8,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA") != nil, "the shape")
    }

    @Test func databasePasswordIsUnsetThenRightOrWrong() async throws {
        let directory = TemporaryDirectory("passwd")
        let database = try KioskDatabase(path: directory.appending("kiosk.sqlite"))
        let password = DatabaseStaffPassword(database: database, parameters: Self.light)
        #expect(try await password.verify("correct horse") == .notSet)
        try await password.set("correct horse")
        #expect(try await password.verify("correct horse") == .right)
        #expect(try await password.verify("correct horsé") == .wrong)
        let stored = try #require(try await database.staffPasswordHash())
        #expect(stored.hasPrefix("$scrypt$ln=10,") && !stored.contains("correct horse"))
        await #expect(throws: AppError.self) { try await password.set("short") }
        #expect(try await password.verify("correct horse") == .right, "a refused password changes nothing")
    }
}
