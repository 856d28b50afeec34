#!/usr/bin/env python3
"""GPIO buttons on a real kernel with real libgpiod: Debian 12's kernel under qemu with gpio-sim.

The guest creates a simulated gpiochip through configfs and presses its buttons by writing the
lines' `pull` attributes with sleeps in between (STEPS: a clean press, a bounce train, a 3.5 s long
press, a short press, two overlapping presses, a held button that repeats), while a program under
test listens on four lines wired as Debian's default board (active-low, pull-up):

- with libgpiod 1.6 (the system's): the real `yinling buttons --json` (the debug build with its
  shared libraries), then gpio-probe;
- with libgpiod 2.x (bookworm-backports, extracted into .build/gpiod2/, never installed): gpio-probe
  built against it.

Both print the presses the shared ButtonDecoder made of the edges (kind, action, input, kernel time),
and the host checks them against the script: the accepted presses in order, the bounces as noise, the
long press 2970 ms after the press, the repeats 250 ms apart. gpio-probe also prints the raw edges,
checked for order and spacing, and each decision is checked against its edge's kernel timestamp. Each
program must also name a missing chip and a busy line in its start-up message and use (almost) no CPU
while idle; the probe must release its lines promptly once it stops reading.

    python3 Tests/GPIO/gpio-vm.py [--yinling .build/debug/yinling] [--probe .build/debug/gpio-probe]
                                  [--generations 1,2]

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
    + [(3, DOWN, 0.1), (1, DOWN, 0.1), (3, UP, 0.1), (1, UP, 0.3)]  # ok and previous overlapping
    + press(2, 1.2, 0.5)  # next held: a press, then repeats
)
# What the press interpreter must make of STEPS (its defaults: presses at 30 ms, 150 ms gap, long
# press at 3 s, repeats from 600 ms every 250 ms), before the repeats of the last press.
ACCEPTED = [("ok", "press"), ("next", "press"), ("back", "press"), ("back", "long_press"), ("previous", "press"),
            ("ok", "press"), ("previous", "press"), ("next", "press")]
NOISE = 3  # the bounce train's two short pulses before the press and one after its release
PRESS_MS, LONG_PRESS_MS, REPEAT_DELAY_MS, REPEAT_MS = 30, 3000, 600, 250
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
    parser.add_argument("--yinling", default=str(REPOSITORY / ".build/debug/yinling"),
                        help="yinling built against the system's libgpiod 1.6")
    parser.add_argument("--probe", default=str(REPOSITORY / ".build/debug/gpio-probe"),
                        help="gpio-probe built against the system's libgpiod 1.6")
    parser.add_argument("--generations", default="1,2", help="libgpiod generations to test: 1, 2 or 1,2")
    parser.add_argument("--idle-seconds", type=int, default=2,
                        help="how long each program's idle CPU is measured (the benchmark uses 60)")
    parser.add_argument("--serve-idle", type=int, default=0,
                        help="also measure `yinling serve`'s idle CPU with GPIO and a keypad open for this many "
                             "seconds (libgpiod 1 only; bench/README.md)")
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
        runs = {}
        generations = [int(g) for g in options.generations.split(",")]
        if 1 in generations:
            runs[1] = {"yinling": Path(options.yinling), "gpio-probe": Path(options.probe)}
        if 2 in generations:
            runs[2] = {"gpio-probe": build_probe_gpiod2(REPOSITORY / ".build/gpiod2")}
        for generation, programs in runs.items():
            run_started = time.monotonic()
            try:
                results = boot(kernel, module, programs, work / f"libgpiod{generation}", generation,
                               options.idle_seconds, options.serve_idle if "yinling" in programs else 0)
                for program, result in results.items():
                    say(f"PASS gpio-vm libgpiod {generation} {program}: {result}")
                say(f"gpio-vm libgpiod {generation}: boot to end {time.monotonic() - run_started:.1f} s")
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


# How each program under test is started in the guest ($CHIP: the simulated chip; the config files
# are written by /init). `{chip}` is the chip to use, `{extra}` the run's own arguments.
PROGRAMS = {
    "yinling": {
        "command": "yinling buttons --json --config /tmp/{config}.toml",
        "run": "", "missing": "", "busy": "", "config": True,
        # SIGTERM once the script is done: a graceful stop, exit status 0.
        "stop": "term",
    },
    "gpio-probe": {
        "command": "gpio-probe --chip {chip} {wiring}",
        "run": f"--count {len(STEPS)} --seconds 90 --release-check", "missing": "--seconds 5", "busy": "--seconds 5",
        "stop": "count",
    },
}


def yinling_config(name, chip, only=None):
    """A [buttons] section for the guest, with its own data directory (the second instance of the busy
    check must not meet the first one's data-directory lock); `only`: wire that line alone."""
    wiring = ", ".join(f"{action} = {offset if only in (None, offset) else -1}" for offset, action in WIRING.items())
    return (f'[storage]\ndata_dir = "/tmp/{name}/data"\ncache_dir = "/tmp/{name}/cache"\n'
            f'[buttons]\nenabled = true\nchip = "{chip}"\nlines = {{ {wiring} }}\n')


def phase(name, program, idle_seconds):
    """The guest's shell for one program: the missing chip, the run, the busy line, the idle CPU, STEPS."""
    spec = PROGRAMS[program]
    wiring = " ".join(f"--line {offset}={action}" for offset, action in WIRING.items())

    def command(kind, chip):
        text = spec["command"].format(chip=chip, wiring=wiring if kind != "busy" else "--line 3=ok",
                                      config=f"{name}-{kind}")
        return f"{text} {spec[kind]}".strip()

    configs = []
    if "config" in spec:
        for kind, chip in (("missing", "gpiochip99"), ("run", "$CHIP"), ("busy", "$CHIP")):
            config = yinling_config(f"{name}-{kind}", chip, 3 if kind == "busy" else None)
            configs.append(f"cat > /tmp/{name}-{kind}.toml <<EOF\n{config}EOF")
    steps = []
    for line, pull, sleep in STEPS:
        steps.append(f"echo {pull} > $S/sim_gpio{line}/pull")
        steps.append(f"usleep {int(sleep * 1_000_000)}")
    stop = "usleep 1000000; kill -TERM $PID; wait $PID" if spec["stop"] == "term" else "wait $PID"
    return f"""
{chr(10).join(configs)}
{command("missing", "gpiochip99")} >/tmp/{name}.missing 2>&1
echo "GV_{name}_MISSING status=$? $(tail -n 1 /tmp/{name}.missing)"
{command("run", "$CHIP")} >/tmp/{name}.out 2>/tmp/{name}.err &
PID=$!
for attempt in $(seq 600); do grep -q yinling /sys/kernel/debug/gpio && break; usleep 100000; done
grep -q yinling /sys/kernel/debug/gpio || fail "{name} did not request its lines: $(cat /tmp/{name}.err)"
{command("busy", "$CHIP")} >/tmp/{name}.busy 2>&1
echo "GV_{name}_BUSY status=$? $(tail -n 1 /tmp/{name}.busy)"
T1=$(awk '{{print $14 + $15}}' /proc/$PID/stat); sleep {idle_seconds}; T2=$(awk '{{print $14 + $15}}' /proc/$PID/stat)
echo "GV_{name}_IDLE ticks=$((T2 - T1))"
{chr(10).join(steps)}
{stop}
echo "GV_{name}_STATUS status=$?"
sed 's/^/GV_{name}_OUT /' /tmp/{name}.out
sed 's/^/GV_{name}_ERR /' /tmp/{name}.err
for attempt in $(seq 50); do grep -q yinling /sys/kernel/debug/gpio || break; usleep 100000; done
"""


def serve_phase(seconds):
    """`yinling serve` with the GPIO lines and a keypad open (a FIFO with a writer: the same blocking
    wait as a device node), its CPU ticks over `seconds` once it has settled (the benchmark)."""
    wiring = ", ".join(f"{action} = {offset}" for offset, action in WIRING.items())
    config = (f'[storage]\ndata_dir = "/tmp/serve/data"\ncache_dir = "/tmp/serve/cache"\n'
              f'[server]\naddress = "127.0.0.1"\nport = 8080\nweb_dir = "/kiosk"\n'
              f'[buttons]\nenabled = true\nchip = "$CHIP"\nkeypad_devices = ["/tmp/keypad"]\nlines = {{ {wiring} }}\n')
    return f"""
ip link set lo up
mkfifo /tmp/keypad; sleep 100000 > /tmp/keypad &
cat > /tmp/serve.toml <<EOF
{config}EOF
yinling serve --config /tmp/serve.toml >/tmp/serve.out 2>&1 &
PID=$!
for attempt in $(seq 600); do grep -q yinling /sys/kernel/debug/gpio && grep -q listening /tmp/serve.out && break; usleep 100000; done
sleep 5
W1=$(cat /proc/$PID/task/*/status | awk '/^voluntary_ctxt/ {{s += $2}} END {{print s}}')
T1=$(awk '{{print $14 + $15}}' /proc/$PID/stat); sleep {seconds}; T2=$(awk '{{print $14 + $15}}' /proc/$PID/stat)
W2=$(cat /proc/$PID/task/*/status | awk '/^voluntary_ctxt/ {{s += $2}} END {{print s}}')
echo "GV_SERVE_IDLE ticks=$((T2 - T1)) $((W2 - W1)) wake-ups of its threads; $(ls -l /proc/$PID/fd | grep -c -e gpio -e keypad) descriptors of GPIO lines and the keypad open"
kill -TERM $PID; wait $PID
echo "GV_SERVE_STATUS status=$?"
sed 's/^/GV_SERVE_LOG /' /tmp/serve.out
"""


def guest_init(programs, idle_seconds, serve_idle=0):
    """/init: gpio-sim chip with 8 lines; one phase per program (then `yinling serve` idle); power off."""
    released = "\n".join(f"echo {UP} > $S/sim_gpio{offset}/pull" for offset in WIRING)
    phases = "".join(phase(name, name, idle_seconds) for name in programs)
    if serve_idle:
        phases += serve_phase(serve_idle)
    return f"""#!/bin/busybox sh
/bin/busybox --install -s /bin
export PATH=/bin LD_LIBRARY_PATH=/lib/x86_64-linux-gnu YINLING_ALLOW_ROOT=1
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev 2>/dev/null
mount -t tmpfs tmpfs /tmp
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
{phases}
echo GV_END
poweroff -f
sleep 10
"""


def boot(kernel, module, programs, directory, generation, idle_seconds, serve_idle=0):
    """Boots the guest with `programs` ({name: executable}); returns a summary line per program."""
    shutil.rmtree(directory, ignore_errors=True)
    directory.mkdir(parents=True)
    archive = Cpio()
    for folder in ("bin", "dev", "kiosk", "lib", "lib64", "lib/x86_64-linux-gnu", "lib/modules", "proc", "sys", "tmp"):
        archive.directory(folder)
    archive.node("dev/console", 0o020600, 5, 1)
    archive.file("bin/busybox", Path(shutil.which("busybox") or "/bin/busybox").read_bytes(), 0o755)
    libraries = set()
    for name, executable in programs.items():
        if not os.access(executable, os.X_OK):
            raise Failure(f"{executable} is not an executable; build it first (make gpio-vm)")
        archive.file(f"bin/{name}", stripped(executable), 0o755)
        libraries.update(shared_libraries(executable))
    for library in sorted(libraries):
        folder = "lib64" if library.startswith("/lib64/") else "lib/x86_64-linux-gnu"
        archive.file(f"{folder}/{Path(library).name}", Path(library).read_bytes(), 0o755)
    for kernel_module in kernel.modules:
        archive.file(f"lib/modules/{kernel_module.name}", kernel_module.read_bytes(), 0o644)
    archive.file("lib/modules/gpio-sim.ko", module.read_bytes(), 0o644)
    if serve_idle:  # the pages `yinling serve` checks for at start-up
        kiosk = REPOSITORY / "Kiosk"
        for path in sorted(kiosk.rglob("*")):
            name = "kiosk/" + str(path.relative_to(kiosk))
            archive.directory(name) if path.is_dir() else archive.file(name, path.read_bytes(), 0o644)
    archive.file("init", guest_init(programs, idle_seconds, serve_idle).encode(), 0o755)
    initramfs = directory / "initramfs.cpio"
    initramfs.write_bytes(archive.finish())
    command = qemu_command("tcg", kernel, initramfs, "run")
    log = directory / "console.log"
    timeout = BOOT_TIMEOUT + len(programs) * idle_seconds + serve_idle
    try:
        result = subprocess.run(command, stdin=subprocess.DEVNULL, capture_output=True, timeout=timeout)
        output = result.stdout.decode("utf-8", "replace")
    except subprocess.TimeoutExpired as expired:
        log.write_text((expired.stdout or b"").decode("utf-8", "replace"))
        raise Failure(f"the guest did not finish within {timeout} s; see {log}")
    log.write_text(output)
    markers, outputs = {}, {name: [] for name in programs}
    for line in output.splitlines():
        line = line.rstrip("\r")
        if not line.startswith("GV_"):
            continue
        key, _, rest = line.partition(" ")
        for name in programs:
            if key == f"GV_{name}_OUT":
                outputs[name].append(rest)
        markers.setdefault(key, rest)
    if "GV_FAIL" in markers:
        raise Failure(f"the guest failed: {markers['GV_FAIL']}; see {log}")
    if "GV_END" not in markers:
        raise Failure(f"the guest did not reach its end; see {log}")
    results = {}
    if serve_idle:
        idle, status = markers.get("GV_SERVE_IDLE", ""), markers.get("GV_SERVE_STATUS")
        if not idle or status != "status=0":
            raise Failure(f"yinling serve (idle): {idle!r}, ended with {status}; see {log}")
        ticks = int(idle.split()[0].split("=")[1])
        results["yinling serve, idle"] = (f"{ticks} CPU ticks in {serve_idle} s = {ticks / serve_idle:.3f} % of a "
                                          f"core; {idle.split(' ', 1)[1]}")
    for name in programs:
        try:
            results[name] = check_program(name, markers, outputs[name], generation, idle_seconds)
        except Failure as failure:
            raise Failure(f"{name}: {failure}; see {log}")
    return results


def check_program(name, markers, out, generation, idle_seconds):
    """One program's start-up messages, idle CPU and output against STEPS."""
    status = markers.get(f"GV_{name}_STATUS")
    if status != "status=0":
        raise Failure(f"it ended with {status}")
    missing = markers.get(f"GV_{name}_MISSING", "")
    if not (missing.startswith("status=1 ") and "GPIO chip gpiochip99 not found" in missing):
        raise Failure(f"a missing chip gave {missing!r}, not a start-up message naming it")
    busy = markers.get(f"GV_{name}_BUSY", "")
    if not (busy.startswith("status=1 ") and "line 3 is busy" in busy and '"yinling"' in busy):
        raise Failure(f"a busy line gave {busy!r}, not a message naming the line and its holder")
    ticks = int(markers.get(f"GV_{name}_IDLE", "ticks=-1").split("=")[1])
    limit = IDLE_TICKS_LIMIT * idle_seconds / 2
    if not 0 <= ticks <= limit:
        raise Failure(f"while idle it used {ticks} CPU ticks in {idle_seconds} s (at most {limit:.0f})")
    records = [json.loads(line) for line in out if line.startswith("{")]
    notes = [f"idle CPU {ticks} ticks in {idle_seconds} s ({ticks / idle_seconds:.2f} % of a core)",
             "missing chip and busy line named"]
    reports = [r for r in records if "kind" in r and r["kind"] != "ready"]
    if name == "yinling":
        ready = next((r for r in records if r.get("kind") == "ready"), None)
        if ready is None or "GPIO" not in ready.get("input", ""):
            raise Failure(f"no ready line naming the GPIO source: {records[:1]}")
        notes.append(check_decoded(reports))
        return "; ".join(notes)
    ready = next((r for r in records if r.get("ready")), None)
    if ready is None or ready.get("generation") != generation:
        raise Failure(f"the probe is not built against libgpiod {generation}: {ready}")
    edges = [r for r in records if "line" in r]
    released = next((r["released_within_ms"] for r in records if "released_within_ms" in r), None)
    if released is None or released > RELEASE_LIMIT_MS:
        raise Failure(f"the lines were not released within {RELEASE_LIMIT_MS} ms of the stream's end ({released})")
    notes[0:0] = [f"libgpiod {ready['library']}"]
    notes += [check_edges(edges), check_decoded(reports, edges), f"lines released {released} ms after the stream ended"]
    return "; ".join(notes)


def check_edges(edges):
    """The probe's raw edges against STEPS: same lines, actions and order, gaps like the sleeps."""
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
    return (f"{len(edges)} raw edges as scripted, gaps {min(lateness) * 1000:+.1f}…{max(lateness) * 1000:+.1f} ms "
            f"from the sleeps")


def check_decoded(reports, edges=None):
    """The decoded presses against STEPS; with the raw edges, each decision against its edge's time."""
    strange = [r for r in reports if r["kind"] not in ("press", "repeat", "long_press", "noise")]
    if strange:
        raise Failure(f"unexpected reports: {strange}")
    noise = [r for r in reports if r["kind"] == "noise"]
    accepted = [r for r in reports if r["kind"] != "noise"]
    got = [(r["action"], r["kind"]) for r in accepted]
    repeats = got[len(ACCEPTED):]
    if got[:len(ACCEPTED)] != ACCEPTED or not repeats or set(repeats) != {("next", "repeat")}:
        raise Failure(f"decoded {got}, expected {ACCEPTED} and then repeats of next")
    if len(noise) != NOISE or {r["action"] for r in noise} != {"next"}:
        raise Failure(f"noise {noise}: expected {NOISE} bounces of next")
    for report in accepted:
        offset = int(report["input"].rsplit(":", 1)[1])
        if WIRING.get(offset) != report["action"]:
            raise Failure(f"{report} is not on the line wired to {report['action']}")
    milliseconds = [r["milliseconds"] for r in accepted]
    back, long_press = milliseconds[2], milliseconds[3]
    last_press = len(ACCEPTED) - 1
    gaps = [b - a for a, b in zip(milliseconds[last_press:], milliseconds[last_press + 1:])]
    if abs(long_press - back - (LONG_PRESS_MS - PRESS_MS)) > 1:
        raise Failure(f"the long press came {long_press - back} ms after the press of back")
    expected_gaps = [REPEAT_DELAY_MS - PRESS_MS] + [REPEAT_MS] * (len(gaps) - 1)
    if any(abs(gap - want) > 1 for gap, want in zip(gaps, expected_gaps)):
        raise Failure(f"repeats came {gaps} ms apart, expected {expected_gaps}")
    held = STEPS[-2][2] * 1000
    if edges is None:
        # Without the raw edges: the hold lasted the script's sleep, plus at most LATE_SLACK.
        low, high = (int((held - REPEAT_DELAY_MS - margin) // REPEAT_MS) + 1 for margin in (EARLY_SLACK * 1000,
                                                                                            -LATE_SLACK * 1000))
        if not low <= len(repeats) <= high:
            raise Failure(f"{len(repeats)} repeats for a {held:.0f} ms hold (expected {low}–{high})")
        return f"{len(reports)} decisions as scripted ({len(repeats)} repeats, {len(noise)} bounces as noise)"
    downs = {}
    for edge in edges:
        if edge["pressed"]:
            downs.setdefault(edge["action"], []).append(edge["t_ns"] / 1e6)
    for report in accepted:
        delay = {"press": PRESS_MS, "long_press": LONG_PRESS_MS}.get(report["kind"])
        if delay is not None and not any(abs(report["milliseconds"] - down - delay) <= 1
                                         for down in downs[report["action"]]):
            raise Failure(f"{report} is not {delay} ms after a press of {report['action']} by the kernel's clock")
    hold = (edges[-1]["t_ns"] - edges[-2]["t_ns"]) / 1e6
    if len(repeats) != int((hold - REPEAT_DELAY_MS) // REPEAT_MS) + 1:
        raise Failure(f"{len(repeats)} repeats for a {hold:.0f} ms hold")
    return (f"{len(reports)} decisions as scripted, each {PRESS_MS} ms / {LONG_PRESS_MS} ms after its edge "
            f"({len(repeats)} repeats in a {hold:.0f} ms hold, {len(noise)} bounces as noise)")


if __name__ == "__main__":
    sys.exit(main())
