import Foundation
import PoolFormat
import Testing

@Suite struct ManifestSignatureTests {
    let manifest = Data(#"{"format":"yinling-pool/1"}"#.utf8)
    let key = PoolSigningKey.generate()

    @Test func signatureFromTheOfficeKeyVerifies() throws {
        let signature = try ManifestSignature.sign(manifest, with: key)
        let trusted = try PoolPublicKey(base64: key.publicKey.base64)
        #expect(try ManifestSignature.verify(manifest, signature: signature, trustedKeys: [trusted]) == trusted)
    }

    @Test func changedManifestIsUntrusted() throws {
        let signature = try ManifestSignature.sign(manifest, with: key)
        var changed = manifest
        changed.append(0x20)
        #expect(throws: PoolFormatError.self) {
            try ManifestSignature.verify(changed, signature: signature, trustedKeys: [key.publicKey])
        }
    }

    @Test(arguments: [
        (nil, PoolFormatError.Code.badSignature),
        (Data("not base64!".utf8), .badSignature),
        (Data((Data(count: 64).base64EncodedString()).utf8), .untrusted),
    ])
    func missingOrMalformedSignatureIsRefused(signature: Data?, code: PoolFormatError.Code) {
        do {
            try ManifestSignature.verify(manifest, signature: signature, trustedKeys: [key.publicKey])
            Issue.record("accepted")
        } catch {
            #expect(error.code == code)
        }
    }

    @Test func signatureByAnotherKeyIsUntrusted() throws {
        let other = PoolSigningKey.generate()
        let signature = try ManifestSignature.sign(manifest, with: other)
        do {
            try ManifestSignature.verify(manifest, signature: signature, trustedKeys: [key.publicKey])
            Issue.record("accepted")
        } catch {
            #expect(error.code == .untrusted)
            #expect(error.message.contains("does not trust"))
        }
    }

    @Test func keyFileRoundTrips() throws {
        let reread = try PoolSigningKey(fileContents: key.fileContents)
        #expect(reread.publicKey == key.publicKey)
        #expect(throws: PoolFormatError.self) { try PoolSigningKey(fileContents: Data("garbage".utf8)) }
        #expect(throws: PoolFormatError.self) { try PoolPublicKey(base64: "AAAA") }
    }
}
