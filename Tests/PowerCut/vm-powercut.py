#!/usr/bin/env python3
"""Real power cuts: the kiosk's content sync in a qemu VM whose power is cut (qemu SIGKILLed) at random moments.

A SIGKILL of the process keeps the kernel's page cache, so it cannot prove the fsyncs; killing the
whole virtual machine loses the guest's page cache the way a power cut does. Disk 1 (virtio, ext4)
holds the data and cache directories and survives every boot; disk 2 (virtio, ext4, read-only) is
the pool, like a USB stick. After every cut the host checks disk 1 as the next boot would find it
(journal replayed): every file the catalog lists hashes to its SHA-256 and size, every file under
media/ hashes to its name, `PRAGMA integrity_check` is ok, every resource the command reported done
before the cut is on disk, and nothing verified earlier is lost (the next run resumes). A last
uninterrupted boot completes the job; the catalog must then list the whole pool. See README.md.

    python3 Tests/PowerCut/vm-powercut.py [--seed N] [--accel auto|kvm|tcg] [--kills N] ...

Exit status 0 when every check held, 1 otherwise (the reason is printed, with the seed).
"""

import argparse
import os
import random
import shutil
import subprocess
import sys
import time
from pathlib import Path

from powercut import Failure, say
from powercut.disk import DiskCheck, copy_sparse, make_ext4
from powercut.guest import Initramfs, Kernel
from powercut.pool import Pool
from powercut.qemu import Boot, KvmProbe, qemu_command

REPOSITORY = Path(__file__).resolve().parents[2]
DEMO_KEY = REPOSITORY / "Assets" / "demo-keys" / "demo-pool.key"
DEMO_PUBLIC_KEY = (REPOSITORY / "Assets" / "demo-keys" / "demo-pool.pub").read_text().strip()

# The command the guest runs, as a shell line; /etc/yinling.toml is GUEST_CONFIG, the pool disk is
# mounted at /mnt/pool (a USB stick, say) and disk 1 at /mnt/cache. The guest runs it as root, the
# only user of the initramfs, hence YINLING_ALLOW_ROOT. The console is a terminal: piped, sync prints
# one line per event (as in a log) instead of redrawing progress bars.
GUEST_COMMAND = "set -o pipefail; YINLING_ALLOW_ROOT=1 yinling sync --config /etc/yinling.toml | cat"
GUEST_CONFIG = f"""\
[storage]
data_dir = "/mnt/cache/data"
cache_dir = "/mnt/cache/files"
[pool]
url = "/mnt/pool"
trusted_keys = ["{DEMO_PUBLIC_KEY}"]
"""
# The same two directories, relative to disk 1's root.
DISK_DATA_DIR = "data"
DISK_CACHE_DIR = "files"
# A line the command prints once a resource's files are durable (group 1: the resource id). After a
# cut, every resource reported before it must be on disk; if nothing matches, that check is idle
# and the cuts at the catalog commit are skipped.
GUEST_DONE_LINE = r"^ready\s+(\S+)\s"
# Run on the host after the pool's manifest.json is written ("{pool}": its directory): the test
# pool is the demo pool plus copies, so it is signed again with the demo key.
POOL_SIGN_COMMAND = ["python3", str(REPOSITORY / "Tests" / "Support" / "sign_manifest.py"), "{pool}", "--key",
                     str(DEMO_KEY)]

KERNEL_FLAVOUR = "cloud-amd64"  # Debian 12's kernel for virtual machines: a third of the generic one's size
DISK_BYTES = 4 << 30  # sparse; the default curation reserve (1 GiB) leaves room for the pool


def main():
    options = parse_arguments()
    started = time.monotonic()
    run = PowerCutRun(options)
    try:
        run.prepare()
        run.reference_run()
        run.cuts()
        run.final_run()
    except Failure as failure:
        run.stop_vm()
        say(f"FAILED: {failure}\n(seed {options.seed}: replay with --seed {options.seed}; logs in {run.work})")
        return 1
    finally:
        run.stop_vm()
    say(f"PASSED: {run.kills} power cuts of `{GUEST_COMMAND}` in {run.boots} boots ({run.accel}, "
        f"seed {options.seed}); every check held; {time.monotonic() - started:.1f} s")
    return 0


def parse_arguments():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--yinling", default=str(REPOSITORY / ".build/debug/yinling"), help="the executable")
    parser.add_argument("--work", default=str(REPOSITORY / ".build/vm"),
                        help="the kernel cache and this run's files (logs, images)")
    parser.add_argument("--accel", choices=["auto", "kvm", "tcg"], default="auto",
                        help="auto (default): KVM when a KVM boot works, else TCG")
    parser.add_argument("--seed", type=int, default=None, help="the random seed (printed; replays the moments)")
    parser.add_argument("--kills", type=int, default=None,
                        help="cuts spread over the job (default 16 with KVM, 10 with TCG)")
    parser.add_argument("--commit-kills", type=int, default=2,
                        help="then cuts between the last resource done and the command's end (default 2)")
    parser.add_argument("--copies", type=int, default=10, help="pool entries added, each with its own media file")
    parser.add_argument("--media-mib", type=int, default=12, help="the size of each added media file (MiB)")
    parser.add_argument("--without-fsync", action="store_true",
                        help="test the test: make fsync a no-op in the guest (LD_PRELOAD; needs cc); the run must fail")
    parser.add_argument("--boot-timeout", type=float, default=None,
                        help="seconds one boot may take (default 60 with KVM, 150 with TCG)")
    options = parser.parse_args()
    if options.seed is None:
        options.seed = random.SystemRandom().randrange(1, 1 << 31)
    return options


class PowerCutRun:
    def __init__(self, options):
        self.options = options
        self.work = Path(options.work) / "run"
        self.random = random.Random(options.seed)
        self.vm = None
        self.accel = None
        self.kills = 0
        self.boots = 0
        self.previous = None

    def prepare(self):
        say(f"seed {self.options.seed}")
        yinling = Path(self.options.yinling)
        if not os.access(yinling, os.X_OK):
            raise Failure(f"{yinling} is not an executable; build it first: swift build --product yinling")
        shutil.rmtree(self.work, ignore_errors=True)
        self.work.mkdir(parents=True)
        step = time.monotonic()
        cache = Path(self.options.work) / f"kernel-{KERNEL_FLAVOUR}"
        self.kernel = Kernel.fetch(cache, KERNEL_FLAVOUR)
        seconds = time.monotonic() - step
        say(f"kernel {self.kernel.version}, {self.kernel.image.name} ({seconds:.1f} s; kept in {cache})")
        step = time.monotonic()
        probe = None
        if self.options.accel == "auto":
            probe = KvmProbe(self.kernel, self.work)
            probe.start()
        self.initramfs = self.work / "initramfs.cpio"
        command, preload = GUEST_COMMAND, None
        if self.options.without_fsync:
            preload = build_without_fsync(self.work)
            command = f"export LD_PRELOAD=/lib/{preload.name}\n{command}"
            say("fsync, fdatasync and syncfs are no-ops in the guest: this run must FAIL")
        Initramfs.build(self.initramfs, self.kernel, yinling, command, GUEST_CONFIG, preload)
        self.pool = Pool.build(self.work / "pool", REPOSITORY / "Assets/demo-pool", self.options.copies,
                               self.options.media_mib << 20, POOL_SIGN_COMMAND)
        self.pool_image = self.work / "pool.img"
        make_ext4(self.pool_image, self.pool.bytes * 11 // 10 + (64 << 20), source=self.pool.path)
        self.disk = self.work / "disk1.img"
        make_ext4(self.disk, DISK_BYTES)
        say(f"initramfs {self.initramfs.stat().st_size >> 20} MiB; pool of {len(self.pool.resources)} resources, "
            f"{len(self.pool.files)} files, {self.pool.bytes / 1e6:.1f} MB ({time.monotonic() - step:.1f} s)")
        if probe:
            probe.join()
            self.accel = "kvm" if probe.usable else "tcg"
            say(f"accelerator {self.accel}: {probe.reason}")
        else:
            self.accel = self.options.accel
        kvm = self.accel == "kvm"
        self.kill_target = self.options.kills or (16 if kvm else 10)
        self.boot_timeout = self.options.boot_timeout or (60 if kvm else 150)
        self.check = DiskCheck(self.work, self.pool, DISK_DATA_DIR, DISK_CACHE_DIR)

    def reference_run(self):
        """One uninterrupted run on a copy of the fresh disk: it must work, and its timing spreads the cuts."""
        reference = self.work / "reference.img"
        copy_sparse(self.disk, reference)
        boot = self.boot(reference, "reference")
        boot.wait_for_end(self.boot_timeout)
        if boot.status != 0:
            raise Failure(f"the uninterrupted reference run ended with status {boot.status} "
                          f"(its last line: {boot.last_output!r}); see {boot.log_path}")
        self.run_seconds = boot.run_seconds
        self.startup_seconds = boot.first_output_seconds or 0.0
        # From the last resource done to the command's end: for install, the catalog's commit.
        self.tail_seconds = boot.run_ended - boot.all_done_at if boot.all_done_at else None
        state = self.check.run(reference, "reference")
        reference.unlink()
        state.require_complete(self.pool)
        self.reference = state
        tail = f", {self.tail_seconds:.2f} s after the last resource" if self.tail_seconds is not None else ""
        say(f"reference run (no cut): the command took {self.run_seconds:.2f} s (first output after "
            f"{self.startup_seconds:.2f} s{tail}); {boot.total_seconds:.1f} s from boot to power-off\n"
            f"    {state.summary(self.pool)}")

    def cuts(self):
        """Cuts at uniform moments over what is left of the job (estimated from the reference run and the
        bytes verified so far), then a few between the last resource done and the end: the catalog commit."""
        while self.kills < self.kill_target:
            progress = self.previous.verified_bytes / self.pool.bytes if self.previous else 0.0
            left = self.kill_target - self.kills
            work = max(0.0, self.run_seconds - self.startup_seconds) * (1.0 - progress)
            window = self.startup_seconds + 2.0 * work / (left + 1)
            self.cut(self.random.uniform(0.0, window), window, after_all_done=False)
        if self.options.commit_kills and self.tail_seconds is None:
            say(f"no cuts at the commit: no line of the command matched {GUEST_DONE_LINE!r} for every resource")
            return
        target = self.kills + self.options.commit_kills
        while self.kills < target:
            if self.previous and self.previous.catalog == self.reference.catalog:
                # A cut landed after the commit: the job is done, so no later run has a commit to cut.
                say(f"the catalog is complete after kill {self.kills}: no commit left to cut")
                return
            self.cut(self.random.uniform(0.0, self.tail_seconds), self.tail_seconds, after_all_done=True)

    def cut(self, delay, window, after_all_done):
        if self.boots >= self.kill_target + self.options.commit_kills + 8:
            raise Failure(f"only {self.kills} cuts landed while the command ran, in {self.boots} boots")
        boot = self.boot(self.disk, f"{self.boots + 1:02d}")
        interrupted = boot.kill_after(delay, self.boot_timeout, after_all_done)
        moment = f"{delay:.3f} s after {'its last resource' if after_all_done else 'it started'} (0-{window:.2f} s)"
        if interrupted:
            self.kills += 1
            label = f"kill {self.kills:2d}: cut the command {moment}"
        else:
            label = f"boot {self.boots:2d}: no cut, the command ended (status {boot.status}) before {moment}"
        state = self.check.run(self.disk, label)
        state.require_consistent()
        if self.previous:
            state.require_kept(self.previous)
        state.require_durable(boot.done, self.pool)
        reported = f"; all {len(boot.done)} resources reported done before the cut are there" if boot.done else ""
        say(f"{label}\n    {state.summary(self.pool)}{reported}")
        self.previous = state

    def final_run(self):
        boot = self.boot(self.disk, "final")
        boot.wait_for_end(self.boot_timeout)
        if boot.status != 0:
            raise Failure(f"the final run ended with status {boot.status} (its last line: {boot.last_output!r}); "
                          f"see {boot.log_path}")
        state = self.check.run(self.disk, "final")
        state.require_complete(self.pool)
        if state.catalog != self.reference.catalog:
            raise Failure("the final catalog differs from the reference run's")
        say(f"final run (no cut): the command took {boot.run_seconds:.2f} s, status 0\n    {state.summary(self.pool)}; "
            "the whole pool, as in the reference run; partial/ empty")

    def boot(self, disk, name):
        self.boots += 1
        drives = [f"file={disk},format=raw,if=virtio,cache=writeback",
                  f"file={self.pool_image},format=raw,if=virtio,readonly=on"]
        command = qemu_command(self.accel, self.kernel, self.initramfs, "run", drives)
        self.vm = Boot(command, self.work / f"boot-{name}.log", self.pool.resources, GUEST_DONE_LINE)
        return self.vm

    def stop_vm(self):
        if self.vm:
            self.vm.stop()


def build_without_fsync(work):
    """A library whose fsync and friends do nothing, to show that the checks catch missing fsyncs."""
    source = work / "without-fsync.c"
    source.write_text("int fsync(int fd) { return 0; }\nint fdatasync(int fd) { return 0; }\n"
                      "int syncfs(int fd) { return 0; }\nvoid sync(void) {}\n")
    library = work / "without-fsync.so"
    compiler = shutil.which("cc") or shutil.which("clang")
    if compiler is None:
        raise Failure("--without-fsync needs a C compiler (cc)")
    subprocess.run([compiler, "-shared", "-fPIC", "-O2", "-o", str(library), str(source)], check=True)
    return library


if __name__ == "__main__":
    sys.exit(main())
