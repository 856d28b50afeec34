#!/usr/bin/env python3
"""Signs a pool's manifest.json (writes manifest.json.sig) for tests and benchmarks, with openssl.

    Tests/Support/sign_manifest.py <pool-dir> [--key <yinling key file>]

With --key (the format of `yinling-hub keys generate`: one line `ed25519-private:<base64 seed>`,
e.g. Assets/demo-keys/demo-pool.key) it signs with that key; without, with a fresh random key.
Prints the public key in base64, for a kiosk's `[pool] trusted_keys`. Real pools are signed by
`yinling-hub publish`.
"""
import argparse, base64, os, subprocess, tempfile

# PKCS#8 DER of an Ed25519 private key is this prefix followed by the 32-byte seed.
PKCS8_PREFIX = bytes.fromhex("302e020100300506032b657004220420")


def sign(pool, key_file=None):
    """Signs <pool>/manifest.json; returns the public key in base64."""
    text, public_key = signature(os.path.join(pool, "manifest.json"), key_file)
    with open(os.path.join(pool, "manifest.json.sig"), "w") as f:
        f.write(text)
    return public_key


def signature(manifest, key_file=None):
    """The contents of manifest.json.sig for the file `manifest`, and the public key in base64."""
    if key_file:
        text = open(key_file).read().strip()
        seed = base64.b64decode(text.split(":", 1)[1])
    else:
        seed = os.urandom(32)
    with tempfile.TemporaryDirectory() as work:
        key = os.path.join(work, "key.der")
        with open(key, "wb") as f:
            f.write(PKCS8_PREFIX + seed)
        signed = subprocess.run(
            ["openssl", "pkeyutl", "-sign", "-rawin", "-keyform", "DER", "-inkey", key,
             "-in", manifest], check=True, stdout=subprocess.PIPE).stdout
        der = subprocess.run(["openssl", "pkey", "-inform", "DER", "-in", key, "-pubout", "-outform", "DER"],
                             check=True, stdout=subprocess.PIPE).stdout
    # The DER of an Ed25519 public key ends with its 32 raw bytes.
    return base64.b64encode(signed).decode() + "\n", base64.b64encode(der[-32:]).decode()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pool")
    parser.add_argument("--key")
    arguments = parser.parse_args()
    print(sign(arguments.pool, arguments.key))
