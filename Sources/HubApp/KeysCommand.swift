import ArgumentParser
import ContentStore
import Foundation
import PoolFormat

/// `yinling-hub keys`: the office's signing keys.
struct KeysCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keys",
        abstract: "Make the Ed25519 key that signs the pool's manifest.",
        subcommands: [GenerateKeyCommand.self]
    )
}

/// `yinling-hub keys generate --out <file>`: a new private key, mode 0600, never over an existing file.
struct GenerateKeyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Write a new signing key and print the public half the kiosks must trust.",
        discussion: """
            The key file is written with mode 0600 and never replaces an existing file: kiosks trust \
            the public half, so losing the old key by accident would lock them out of new pools.
            """)

    @Option(help: ArgumentHelp("The private key file to create (e.g. /etc/yinling-hub/pool.key).", valueName: "file"))
    var out: String

    func run() throws {
        let key = PoolSigningKey.generate()
        do {
            try ContentStore.writeFile(Array(key.fileContents), to: out, mode: 0o600, replacing: false)
        } catch  where error.errno == EEXIST {
            throw AppError(
                "\(out) already exists; a signing key is never overwritten (kiosks trust its public half). "
                    + "Choose another file, or remove that one yourself if you are sure.")
        } catch {
            throw AppError("cannot write the key: \(error.message)")
        }
        let publicKey = key.publicKey.base64
        say("Wrote the signing key to \(out) (mode 0600). Keep it secret and keep a backup.")
        say("Public key: \(publicKey)")
        say("Kiosks that accept pools signed with it need, in their configuration (/etc/yinling/yinling.toml):")
        say("[pool]")
        say("trusted_keys = [\"\(publicKey)\"]")
    }
}
