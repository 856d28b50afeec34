"""A debootstrapped Debian 12 root for the package test: made once and cached as a tarball (when the
machine keeps /var/cache), unpacked fresh for every run; commands run in it with chroot, with /proc
and /dev mounted for the time of the command."""

import hashlib
import shutil
import subprocess
import time
from pathlib import Path

MIRROR = "http://deb.debian.org/debian"
SUITE = "bookworm"
# What a freshly flashed board has that matters here (systemd, udev, dbus), and the package's Depends.
INCLUDE = ["systemd", "systemd-sysv", "udev", "dbus", "adduser", "curl", "ca-certificates",
           "init-system-helpers", "libsqlite3-0", "libgpiod2", "libstdc++6", "zlib1g", "python3-minimal"]
CACHE = Path("/var/cache/yinling-test")


class Failure(Exception):
    pass


def say(line):
    print(line, flush=True)


def make_root(root):
    """Unpacks the cached debootstrap of SUITE, or makes (and caches) it."""
    key = hashlib.sha256(" ".join([SUITE, MIRROR] + INCLUDE).encode()).hexdigest()[:12]
    tarball = CACHE / f"{SUITE}-minbase-{key}.tar"
    started = time.monotonic()
    if not tarball.exists():
        staging = root.with_name(root.name + ".debootstrap")
        shutil.rmtree(staging, ignore_errors=True)
        say(f"debootstrap {SUITE} (minbase + {', '.join(INCLUDE)}) from {MIRROR}")
        result = subprocess.run(["debootstrap", "--variant=minbase", f"--include={','.join(INCLUDE)}", SUITE,
                                 str(staging), MIRROR], capture_output=True, text=True)
        if result.returncode != 0:
            raise Failure(f"debootstrap failed:\n{result.stdout[-3000:]}{result.stderr[-2000:]}")
        subprocess.run(["chroot", str(staging), "apt-get", "clean"], check=True)
        try:
            CACHE.mkdir(parents=True, exist_ok=True)
            partial = tarball.with_suffix(".partial")
            subprocess.run(["tar", "-C", str(staging), "--numeric-owner", "-cf", str(partial), "."], check=True)
            partial.rename(tarball)
        except OSError as error:
            say(f"(not cached: {error})")
            staging.rename(root)
            say(f"root made in {time.monotonic() - started:.0f} s")
            return
        shutil.rmtree(staging)
    root.mkdir(parents=True)
    subprocess.run(["tar", "-C", str(root), "--numeric-owner", "-xpf", str(tarball)], check=True)
    say(f"root ready in {time.monotonic() - started:.0f} s ({'cached' if tarball.exists() else 'new'})")


def run(root, command, env=None, check=True, input=None):
    """`command` (a shell line) in the root; returns (status, output)."""
    mounts = [("proc", root / "proc", ["-t", "proc", "proc"]), ("dev", root / "dev", ["--bind", "/dev"])]
    done = []
    try:
        for _, target, options in mounts:
            subprocess.run(["mount"] + options + [str(target)], check=True)
            done.append(target)
        environment = {"PATH": "/usr/sbin:/usr/bin:/sbin:/bin", "LANG": "C.UTF-8", "DEBIAN_FRONTEND": "noninteractive"}
        environment.update(env or {})
        streams = {"input": input} if input is not None else {"stdin": subprocess.DEVNULL}
        result = subprocess.run(["chroot", str(root), "/bin/sh", "-c", command], capture_output=True, text=True,
                                env=environment, **streams)
    finally:
        for target in reversed(done):
            subprocess.run(["umount", "-l", str(target)], check=False)
    output = result.stdout + result.stderr
    if check and result.returncode != 0:
        raise Failure(f"in the root: {command}\nexit {result.returncode}\n{output[-4000:]}")
    return result.returncode, output


def stat(root, path):
    """(mode, owner name, group name) of a path in the root."""
    _, output = run(root, f"stat -c '%a %U %G' {path}")
    mode, user, group = output.split()
    return mode, user, group
