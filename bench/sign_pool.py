#!/usr/bin/env python3
"""Signs a benchmark pool's manifest.json with a fresh Ed25519 key (openssl) and prints the public
key in base64, for the kiosk's `[pool] trusted_keys`. Benchmarks only: real pools are signed by
`yinling-hub publish`.

    bench/sign_pool.py <pool-dir>
"""
import base64, os, subprocess, sys, tempfile


def sign(pool):
    with tempfile.TemporaryDirectory() as work:
        key = os.path.join(work, "key.pem")
        subprocess.run(["openssl", "genpkey", "-algorithm", "ed25519", "-out", key], check=True)
        signature = subprocess.run(
            ["openssl", "pkeyutl", "-sign", "-rawin", "-inkey", key, "-in", os.path.join(pool, "manifest.json")],
            check=True, stdout=subprocess.PIPE).stdout
        with open(os.path.join(pool, "manifest.json.sig"), "w") as f:
            f.write(base64.b64encode(signature).decode() + "\n")
        der = subprocess.run(["openssl", "pkey", "-in", key, "-pubout", "-outform", "DER"], check=True,
                             stdout=subprocess.PIPE).stdout
        # The DER of an Ed25519 public key ends with the 32 raw bytes.
        return base64.b64encode(der[-32:]).decode()


if __name__ == "__main__":
    print(sign(sys.argv[1]))
