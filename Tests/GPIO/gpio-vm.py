#!/usr/bin/env python3
"""GPIO buttons on a real kernel with real libgpiod: Debian 12's kernel under qemu with gpio-sim.

The guest creates a simulated gpiochip through configfs, runs gpio-probe (GPIODButtonSource printing
one JSON line per edge) on four lines wired as Debian's default board (active-low, pull-up), and
presses the simulated buttons by writing their `pull` attributes with sleeps in between: a clean
press, a bounce train, a 3.5 s long press, a short press, two overlapping presses. The host checks
the probe's edges against that script: the lines and actions, pressed/released in order, kernel
timestamps increasing and spaced like the script's sleeps. It also checks the start-up messages for
a missing chip and a busy line, that the idle probe uses (almost) no CPU, and that the lines are
released promptly once the probe stops reading its stream.

The same test runs twice: with the probe built against the system's libgpiod 1.6, and with one built
against libgpiod 2.x from bookworm-backports (extracted into .build/gpiod2/, never installed).

    python3 Tests/GPIO/gpio-vm.py [--probe .build/debug/gpio-probe] [--generations 1,2]

Debian ships no gpio-sim.ko: it is built out of tree from linux-source (three files) against
linux-headers-<version> (Tests/GPIO/README.md). Exit status 0 when every check held.
"""

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPOSITORY / "Tests" / "PowerCut"))

from powercut import Failure, say  # noqa: E402
from powercut.guest import Cpio, Kernel, shared_libraries, stripped  # noqa: E402
from powercut.qemu import qemu_command  # noqa: E402

# The generic kernel, as in /work/shared/recipes/gpio-sim-vm.sh: gpio-sim.ko is built against its headers.
KERNEL_FLAVOUR = "amd64"
BACKPORTS = "deb http://deb.debian.org/debian bookworm-backports main"
GPIOD2_PACKAGES = ["libgpiod-dev", "libgpiod3"]
BOOT_TIMEOUT = 120  # s, one boot under TCG (about 20 s is usual)

# Wiring: offset → action; active-low with pull-up, as [buttons]' defaults.
WIRING = {1: "previous", 2: "next", 3: "ok", 4: "back"}
DOWN, UP = "pull-down", "pull-up"  # pressed (line low, active) and released


def press(line, hold, after):
    return [(line, DOWN, hold), (line, UP, after)]


# The guest's script: (line, pull written, seconds slept after the write).
STEPS = (
    press(3, 0.2, 0.5)  # ok: a clean press
    + [(2, DOWN, 0.003), (2, UP, 0.003), (2, DOWN, 0.003), (2, UP, 0.003), (2, DOWN, 0.3),  # next: bounce
       (2, UP, 0.003), (2, DOWN, 0.003), (2, UP, 0.5)]
    + press(4, 3.5, 0.5)  # back: a long press (home)
    + press(1, 0.15, 0.3)  # previous: a short press
    + [(3, DOWN, 0.1), (1, DOWN, 0.1), (3, UP, 0.1), (1, UP, 0.2)]  # ok and previous overlapping
)
# A gap between two edges may be shorter than the sleep between their writes by the difference of
# their interrupt latencies, and longer by a fork of `usleep` and the scheduling of a slow TCG guest.
EARLY_SLACK = 0.004
LATE_SLACK = 0.35
IDLE_TICKS_LIMIT = 10  # of 100 per second, over 2 s of waiting for edges
# From the end of the probe's stream to the kernel accepting the same lines again: the source's thread
# waits at most 200 ms at a time, then sees the cancellation and releases them.
RELEASE_LIMIT_MS = 1500


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--probe", default=str(REPOSITORY / ".build/debug/gpio-probe"),
                        help="gpio-probe built against the system's libgpiod 1.6")
    parser.add_argument("--generations", default="1,2", help="libgpiod generations to test: 1, 2 or 1,2")
    parser.add_argument("--work", default=str(REPOSITORY / ".build/gpio-vm"), help="caches and logs")
    options = parser.parse_args()
    work = Path(options.work)
    work.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    failed = False
    try:
        kernel = Kernel.fetch(work / f"kernel-{KERNEL_FLAVOUR}", KERNEL_FLAVOUR, ["configfs"])
        module = build_gpio_sim(kernel.version, work / "gpio-sim")
        say(f"kernel {kernel.version}, gpio-sim.ko ready ({time.monotonic() - started:.1f} s)")
        probes = {}
        generations = [int(g) for g in options.generations.split(",")]
        if 1 in generations:
            probes[1] = Path(options.probe)
        if 2 in generations:
            probes[2] = build_probe_gpiod2(REPOSITORY / ".build/gpiod2")
        for generation, probe in probes.items():
            run_started = time.monotonic()
            try:
                edges, notes = boot(kernel, module, probe, work / f"libgpiod{generation}", generation)
                spacing = check(edges)
                say(f"PASS gpio-vm libgpiod {generation}: {notes}; {len(edges)} edges as scripted, {spacing} "
                    f"({time.monotonic() - run_started:.1f} s)")
            except Failure as failure:
                failed = True
                say(f"FAIL gpio-vm libgpiod {generation}: {failure}")
    except Failure as failure:
        say(f"FAIL gpio-vm: {failure}")
        return 1
    say(f"gpio-vm: {'FAILED' if failed else 'passed'} in {time.monotonic() - started:.1f} s")
    return 1 if failed else 0


def run(command, what, **arguments):
    result = subprocess.run(command, capture_output=True, text=True, **arguments)
    if result.returncode != 0:
        raise Failure(f"{what} failed: {(result.stderr or result.stdout).strip()[-2000:]}")
    return result.stdout


def apt_install(packages):
    sudo = [] if os.geteuid() == 0 else ["sudo"]
    say(f"installing {' '.join(packages)} (apt)")
    subprocess.run(sudo + ["apt-get", "update", "-q"], stdout=subprocess.DEVNULL)
    run(sudo + ["apt-get", "install", "-y", "-q", "--no-install-recommends"] + packages,
        f"apt-get install {' '.join(packages)}", env=dict(os.environ, DEBIAN_FRONTEND="noninteractive"))


def installed_version(package):
    result = subprocess.run(["dpkg-query", "-W", "-f=${Status} ${Version}", package], capture_output=True, text=True)
    parts = result.stdout.split()
    return parts[-1] if result.returncode == 0 and "installed" in parts[:3] else None


def build_gpio_sim(version, directory):
    """gpio-sim.ko for `version`, cached: Debian's config leaves CONFIG_GPIO_SIM and CONFIG_IRQ_SIM unset,
    so gpio-sim.c and irq_sim.c from the matching linux-source are built into one out-of-tree module."""
    module = directory / f"gpio-sim-{version}.ko"
    if module.exists():
        return module
    headers = f"linux-headers-{version}"
    if installed_version(headers) is None:
        apt_install([headers, "gcc", "make"])
    source_version = installed_version(headers)
    series = ".".join(version.split(".")[:2])
    source = f"linux-source-{series}"
    shutil.rmtree(directory, ignore_errors=True)
    build = directory / "build"
    build.mkdir(parents=True)
    say(f"downloading {source}={source_version} for gpio-sim.c (once; cached in {directory})")
    run(["apt-get", "download", "-q", f"{source}={source_version}"], f"apt-get download {source}", cwd=directory)
    deb = next(directory.glob(f"{source}_*.deb"))
    tarball = f"usr/src/{source}.tar.xz"
    unpack = subprocess.Popen(["dpkg-deb", "--fsys-tarfile", str(deb)], stdout=subprocess.PIPE)
    run(["tar", "-x", "-C", str(directory), f"./{tarball}"], "unpacking linux-source", stdin=unpack.stdout)
    unpack.wait()
    files = {"drivers/gpio/gpio-sim.c": "gpio-sim-main.c", "drivers/gpio/gpiolib.h": "gpiolib.h",
             "kernel/irq/irq_sim.c": "irq_sim.c"}
    run(["tar", "-xJf", str(directory / tarball), "-C", str(directory)] + [f"{source}/{name}" for name in files],
        "extracting gpio-sim.c")
    for name, target in files.items():
        shutil.move(directory / source / name, build / target)
    # irq_to_desc() is not exported to modules; generic_handle_irq() does the same for this use.
    irq_sim = build / "irq_sim.c"
    irq_sim.write_text(irq_sim.read_text().replace("handle_simple_irq(irq_to_desc(irqnum));",
                                                   "generic_handle_irq(irqnum);"))
    (build / "Makefile").write_text("obj-m := gpio-sim.o\ngpio-sim-y := gpio-sim-main.o irq_sim.o\n")
    run(["make", "-s", "-C", f"/lib/modules/{version}/build", f"M={build}", "modules"], "building gpio-sim.ko")
    shutil.copy(build / "gpio-sim.ko", module)
    for leftover in (deb, directory / "usr", directory / source):
        shutil.rmtree(leftover, ignore_errors=True) if leftover.is_dir() else leftover.unlink()
    return module


def fetch_gpiod2(directory):
    """libgpiod 2.x from bookworm-backports, extracted (dpkg-deb -x) into directory/root, with a .pc
    pointing there; apt runs on a private sources list, so the system keeps its libgpiod 1.6."""
    root = directory / "root"
    pc = directory / "pkgconfig" / "libgpiod.pc"
    if pc.exists():
        return root, pc.parent
    apt = directory / "apt"
    (apt / "lists" / "partial").mkdir(parents=True, exist_ok=True)
    (apt / "cache" / "archives" / "partial").mkdir(parents=True, exist_ok=True)
    (apt / "sources.list").write_text(BACKPORTS + "\n")
    options = ["-o", f"Dir::Etc::SourceList={apt / 'sources.list'}", "-o", "Dir::Etc::SourceParts=/dev/null",
               "-o", f"Dir::State::Lists={apt / 'lists'}", "-o", f"Dir::Cache={apt / 'cache'}",
               "-o", "Debug::NoLocking=1"]
    say("fetching libgpiod 2.x from bookworm-backports (private apt list; once)")
    run(["apt-get", "-q"] + options + ["update"], "apt-get update (bookworm-backports)")
    run(["apt-get", "-q"] + options + ["download", "-t", "bookworm-backports"] + GPIOD2_PACKAGES,
        "apt-get download libgpiod 2.x", cwd=apt)
    shutil.rmtree(root, ignore_errors=True)
    for deb in sorted(apt.glob("*.deb")):
        run(["dpkg-deb", "-x", str(deb), str(root)], f"dpkg-deb -x {deb.name}")
    original = root / "usr/lib/x86_64-linux-gnu/pkgconfig/libgpiod.pc"
    text = re.sub(r"(?m)^prefix=.*$", f"prefix={root}/usr", original.read_text())
    pc.parent.mkdir(parents=True, exist_ok=True)
    pc.write_text(text)
    return root, pc.parent


def build_probe_gpiod2(directory):
    """gpio-probe built against the extracted libgpiod 2.x, in its own scratch path."""
    root, pkgconfig = fetch_gpiod2(directory)
    library = root / "usr/lib/x86_64-linux-gnu"
    scratch = directory / "scratch"
    say("building gpio-probe against libgpiod 2.x (.build/gpiod2/scratch)")
    started = time.monotonic()
    run(["swift", "build", "--product", "gpio-probe", "--scratch-path", str(scratch),
         "-Xcc", f"-I{root}/usr/include", "-Xlinker", f"-L{library}", "-Xlinker", "-rpath", "-Xlinker", str(library)],
        "swift build gpio-probe (libgpiod 2.x)", cwd=REPOSITORY, env=dict(os.environ, PKG_CONFIG_PATH=str(pkgconfig)))
    probe = scratch / "debug" / "gpio-probe"
    linked = run(["ldd", str(probe)], "ldd gpio-probe")
    if "libgpiod.so.3" not in linked:
        raise Failure(f"{probe} does not link libgpiod.so.3 (2.x):\n{linked}")
    say(f"gpio-probe (libgpiod 2.x) built ({time.monotonic() - started:.1f} s)")
    return probe


def guest_init():
    """/init: gpio-sim chip with 8 lines; the missing-chip probe; the probe; the busy-line probe; the
    idle CPU; STEPS; the probe's output between markers; power off."""
    wiring = " ".join(f"--line {offset}={action}" for offset, action in WIRING.items())
    lines = []
    for line, pull, sleep in STEPS:
        lines.append(f"echo {pull} > $S/sim_gpio{line}/pull")
        lines.append(f"usleep {int(sleep * 1_000_000)}")
    released = "\n".join(f"echo {UP} > $S/sim_gpio{offset}/pull" for offset in WIRING)
    return f"""#!/bin/busybox sh
/bin/busybox --install -s /bin
export PATH=/bin LD_LIBRARY_PATH=/lib/x86_64-linux-gnu
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev 2>/dev/null
fail() {{ echo "GV_FAIL $*"; poweroff -f; sleep 10; }}
insmod /lib/modules/configfs.ko || fail "insmod configfs"
mount -t configfs none /sys/kernel/config || fail "mount configfs"
mount -t debugfs none /sys/kernel/debug || fail "mount debugfs"
insmod /lib/modules/gpio-sim.ko || fail "insmod gpio-sim"
G=/sys/kernel/config/gpio-sim/kiosk
mkdir $G $G/bank0 && echo 8 > $G/bank0/num_lines && echo kiosk-buttons > $G/bank0/label || fail "configure gpio-sim"
echo 1 > $G/live || fail "gpio-sim live"
DEV=$(cat $G/dev_name); CHIP=$(cat $G/bank0/chip_name)
S=/sys/devices/platform/$DEV/$CHIP
echo "GV_CHIP $CHIP"
{released}
gpio-probe --chip gpiochip99 --line 3=ok --seconds 5 >/tmp/missing.out 2>&1
echo "GV_MISSING status=$? $(tail -n 1 /tmp/missing.out)"
gpio-probe --chip $CHIP {wiring} --count {len(STEPS)} --seconds 60 --release-check >/tmp/probe.out 2>/tmp/probe.err &
PROBE=$!
for attempt in $(seq 100); do grep -q yinling /sys/kernel/debug/gpio && break; usleep 100000; done
grep -q yinling /sys/kernel/debug/gpio || fail "the probe did not request its lines: $(cat /tmp/probe.err)"
gpio-probe --chip $CHIP --line 3=ok --seconds 5 >/tmp/busy.out 2>&1
echo "GV_BUSY status=$? $(tail -n 1 /tmp/busy.out)"
T1=$(awk '{{print $14 + $15}}' /proc/$PROBE/stat); sleep 2; T2=$(awk '{{print $14 + $15}}' /proc/$PROBE/stat)
echo "GV_IDLE ticks=$((T2 - T1))"
echo GV_STEPS
{chr(10).join(lines)}
wait $PROBE
echo "GV_PROBE status=$?"
sed 's/^/GV_OUT /' /tmp/probe.out
sed 's/^/GV_ERR /' /tmp/probe.err
echo GV_END
poweroff -f
sleep 10
"""


def boot(kernel, module, probe, directory, generation):
    """Boots the guest with `probe`; returns the probe's edges and a note on the side checks."""
    shutil.rmtree(directory, ignore_errors=True)
    directory.mkdir(parents=True)
    archive = Cpio()
    for folder in ("bin", "dev", "lib", "lib64", "lib/x86_64-linux-gnu", "lib/modules", "proc", "sys", "tmp"):
        archive.directory(folder)
    archive.node("dev/console", 0o020600, 5, 1)
    archive.file("bin/busybox", Path(shutil.which("busybox") or "/bin/busybox").read_bytes(), 0o755)
    archive.file("bin/gpio-probe", stripped(probe), 0o755)
    for library in shared_libraries(probe):
        folder = "lib64" if library.startswith("/lib64/") else "lib/x86_64-linux-gnu"
        archive.file(f"{folder}/{Path(library).name}", Path(library).read_bytes(), 0o755)
    for kernel_module in kernel.modules:
        archive.file(f"lib/modules/{kernel_module.name}", kernel_module.read_bytes(), 0o644)
    archive.file("lib/modules/gpio-sim.ko", module.read_bytes(), 0o644)
    archive.file("init", guest_init().encode(), 0o755)
    initramfs = directory / "initramfs.cpio"
    initramfs.write_bytes(archive.finish())
    command = qemu_command("tcg", kernel, initramfs, "run")
    log = directory / "console.log"
    started = time.monotonic()
    try:
        result = subprocess.run(command, stdin=subprocess.DEVNULL, capture_output=True, timeout=BOOT_TIMEOUT)
        output = result.stdout.decode("utf-8", "replace")
    except subprocess.TimeoutExpired as timeout:
        output = (timeout.stdout or b"").decode("utf-8", "replace")
        log.write_text(output)
        raise Failure(f"the guest did not finish within {BOOT_TIMEOUT} s; see {log}")
    log.write_text(output)
    seconds = time.monotonic() - started
    markers = {}
    out = []
    for line in output.splitlines():
        line = line.rstrip("\r")
        if line.startswith("GV_OUT "):
            out.append(line[len("GV_OUT "):])
        elif line.startswith("GV_"):
            key, _, rest = line.partition(" ")
            markers.setdefault(key, rest)
    if "GV_FAIL" in markers:
        raise Failure(f"the guest failed: {markers['GV_FAIL']}; see {log}")
    if "GV_END" not in markers:
        raise Failure(f"the guest did not reach its end; see {log}")
    if markers.get("GV_PROBE") != "status=0":
        raise Failure(f"gpio-probe ended with {markers.get('GV_PROBE')}; see {log}")
    missing = markers.get("GV_MISSING", "")
    if not (missing.startswith("status=1 ") and "GPIO chip gpiochip99 not found" in missing):
        raise Failure(f"a missing chip gave {missing!r}, not a start-up message naming it")
    busy = markers.get("GV_BUSY", "")
    if not (busy.startswith("status=1 ") and "line 3 is busy" in busy and '"yinling"' in busy):
        raise Failure(f"a busy line gave {busy!r}, not a message naming the line and its holder")
    ticks = int(markers.get("GV_IDLE", "ticks=-1").split("=")[1])
    if not 0 <= ticks <= IDLE_TICKS_LIMIT:
        raise Failure(f"the idle probe used {ticks} CPU ticks in 2 s (at most {IDLE_TICKS_LIMIT})")
    records = [json.loads(line) for line in out if line.startswith("{")]
    ready = next((r for r in records if r.get("ready")), None)
    if ready is None or ready.get("generation") != generation:
        raise Failure(f"the probe is not built against libgpiod {generation}: {ready}")
    edges = [r for r in records if "line" in r]
    released = next((r["released_within_ms"] for r in records if "released_within_ms" in r), None)
    if released is None or released > RELEASE_LIMIT_MS:
        raise Failure(f"the lines were not released within {RELEASE_LIMIT_MS} ms of the stream's end ({released})")
    notes = (f"libgpiod {ready['library']}, boot-to-end {seconds:.1f} s, idle CPU {ticks} ticks in 2 s, "
             f"missing chip and busy line named, lines released {released} ms after the stream ended")
    return edges, notes


def check(edges):
    """The probe's edges against STEPS: same lines, actions and order, gaps like the sleeps."""
    if len(edges) != len(STEPS):
        raise Failure(f"{len(edges)} edges for {len(STEPS)} writes: {edges}")
    for index, (edge, (line, pull, _)) in enumerate(zip(edges, STEPS)):
        expected = {"line": line, "action": WIRING[line], "pressed": pull == DOWN}
        got = {key: edge[key] for key in expected}
        if got != expected:
            raise Failure(f"edge {index}: {got}, expected {expected}")
    lateness = []
    for index in range(1, len(edges)):
        gap = (edges[index]["t_ns"] - edges[index - 1]["t_ns"]) / 1e9
        slept = STEPS[index - 1][2]
        if gap <= 0:
            raise Failure(f"edge {index}: timestamp not after the previous one ({edges[index - 1:index + 1]})")
        if not slept - EARLY_SLACK <= gap <= slept + LATE_SLACK:
            raise Failure(f"edge {index}: {gap * 1000:.1f} ms after the previous one; the script slept "
                          f"{slept * 1000:.0f} ms")
        lateness.append(gap - slept)
    start = next(i for i, (line, pull, _) in enumerate(STEPS) if WIRING[line] == "back" and pull == DOWN)
    long_press = (edges[start + 1]["t_ns"] - edges[start]["t_ns"]) / 1e9
    if long_press < 3.0:
        raise Failure(f"the long press of back lasted {long_press:.2f} s by the kernel's clock")
    return (f"gaps {min(lateness) * 1000:+.1f}…{max(lateness) * 1000:+.1f} ms from the sleeps, "
            f"long press {long_press:.3f} s")


if __name__ == "__main__":
    sys.exit(main())
