#!/usr/bin/env python3
"""The Debian packages on a fresh Debian 12 (issue 6): build them from the debug build, install them
into a debootstrapped root (chroot) and check files, users, permissions, the staff password, the
conffile on upgrade, remove and purge; then boot that root with its own systemd under qemu (Debian's
kernel, the root as a virtio disk) and check that yinling.service becomes ready (Type=notify), that
/tv answers inside the VM, that `yinling doctor --offline` runs there, and that the watchdog
restarts a stalled service. Needs root (debootstrap, chroot, mount). See Tests/Board/README.md."""

import argparse
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPOSITORY = HERE.parent.parent
sys.path.insert(0, str(REPOSITORY / "Tests" / "PowerCut"))
sys.path.insert(0, str(HERE))

from chroot import Failure, make_root, run, say, stat  # noqa: E402
from powercut.guest import Cpio, Kernel  # noqa: E402
from powercut.qemu import qemu_command  # noqa: E402

PASSWORD = "board-test-pw-1"
CHECKS = []


def check(what, ok, detail=""):
    CHECKS.append((what, bool(ok)))
    print(f"{'ok  ' if ok else 'FAIL'}  {what}{'' if ok else f'  ({detail})'}", flush=True)


def install_checks(root, deb):
    status, output = run(root, f"dpkg -i /tmp/{deb.name}", env={"YINLING_STAFF_PASSWORD": PASSWORD}, check=False)
    check("dpkg -i yinling (staff password from YINLING_STAFF_PASSWORD)", status == 0, output[-2000:])
    for user, groups in (("yinling", {"yinling", "gpio", "input"}), ("yinling-tv", {"yinling-tv", "yinling", "video"})):
        _, output = run(root, f"id -nG {user}", check=False)
        check(f"user {user} in groups {sorted(groups)}", groups <= set(output.split()), output.strip())
    check("/usr/bin/yinling runs: --version", run(root, "runuser -u yinling -- yinling --version")[1].strip() == "0.1.0")
    expected = {"/etc/yinling": ("750", "root", "yinling"), "/etc/yinling/yinling.toml": ("640", "root", "yinling"),
                "/var/lib/yinling": ("750", "yinling", "yinling"), "/var/cache/yinling": ("750", "yinling", "yinling"),
                "/usr/lib/yinling/tv-session": ("755", "root", "root"),
                "/lib/systemd/system/yinling.service": ("644", "root", "root")}
    for path, wanted in expected.items():
        got = stat(root, path)
        check(f"{path} is {' '.join(wanted)}", got == wanted, " ".join(got))
    for path in ("/usr/share/yinling/Kiosk/tv/index.html", "/usr/share/yinling/Kiosk/tv/sounds/click.wav",
                 "/lib/udev/rules.d/60-yinling-gpio.rules", "/usr/lib/tmpfiles.d/yinling.conf",
                 "/etc/pam.d/yinling-tv", "/usr/share/doc/yinling/deploy.md", "/usr/share/doc/yinling/commands.txt",
                 "/etc/systemd/system/multi-user.target.wants/yinling.service",
                 "/etc/systemd/system/multi-user.target.wants/yinling-tv.service"):
        check(f"{path} installed", os.path.lexists(root / path.lstrip("/")))
    _, output = run(root, "python3 -c \"import sqlite3; print(sqlite3.connect('/var/lib/yinling/kiosk.sqlite')"
                          ".execute(\\\"SELECT count(*) FROM setting WHERE key LIKE 'staff%'\\\").fetchone()[0])\"",
                    check=False)
    check("the staff password is stored", output.strip() not in ("", "0"), output.strip())
    status, output = run(root, "runuser -u yinling -- yinling doctor --offline", check=False)
    print("\n".join("    doctor| " + line for line in output.splitlines()))
    check("yinling doctor --offline runs in the root (exit 0 or 1 with its lines)", status in (0, 1) and output.strip(),
          f"exit {status}")


def unit_checks(root, hub_deb):
    """systemd-analyze verify and security --offline on the installed units, in the root (its own
    systemd 252 and units). cage is a Recommends, not installed here: a stand-in /usr/bin/cage is
    put there for `verify` (which checks that ExecStart is executable) and removed after."""
    status, output = run(root, f"dpkg -i /tmp/{hub_deb.name}", check=False)
    check("dpkg -i yinling-hub", status == 0, output[-1500:])
    cage = root / "usr/bin/cage"
    cage.write_text("#!/bin/sh\nexit 1\n")
    cage.chmod(0o755)
    units = ["yinling.service", "yinling-tv.service", "yinling-hub.service"]
    status, output = run(root, "systemd-analyze verify " + " ".join(f"/lib/systemd/system/{u}" for u in units),
                         check=False)
    cage.unlink()
    check("systemd-analyze verify: the three units are clean", status == 0 and not output.strip(), output.strip())
    for unit, limit in (("yinling.service", 2.5), ("yinling-hub.service", 2.5)):
        _, output = run(root, f"systemd-analyze security --offline=true --no-pager /lib/systemd/system/{unit}",
                        check=False)
        match = re.search(r"Overall exposure level for \S+: ([0-9.]+) (\S+)", output)
        exposure = float(match.group(1)) if match else 99.0
        say(f"    {unit}: exposure {exposure} {match.group(2) if match else '?'} (systemd-analyze security --offline)")
        check(f"{unit} exposure {exposure} <= {limit}", exposure <= limit, output[-1500:])


def lifecycle_checks(root, deb):
    run(root, "echo '# edited by the site' >> /etc/yinling/yinling.toml")
    status, output = run(root, f"dpkg -i /tmp/{deb.name}", check=False)
    check("reinstall (upgrade) succeeds", status == 0, output[-1500:])
    check("upgrade keeps the edited config", "# edited by the site" in (root / "etc/yinling/yinling.toml").read_text())
    run(root, "dpkg -r yinling")
    check("remove keeps the data (/var/lib/yinling/kiosk.sqlite)", (root / "var/lib/yinling/kiosk.sqlite").exists())
    check("remove keeps the config", (root / "etc/yinling/yinling.toml").exists())
    run(root, "dpkg -P yinling")
    check("purge deletes the data", not (root / "var/lib/yinling").exists())
    check("purge deletes the config", not (root / "etc/yinling/yinling.toml").exists())
    status, output = run(root, f"dpkg -i /tmp/{deb.name}", env={"YINLING_STAFF_PASSWORD": PASSWORD}, check=False)
    check("install again after purge", status == 0, output[-1500:])


def prepare_boot(root):
    """The test's own pieces in the root: the checking unit, the mpv stand-in, a 10 s watchdog, no TV
    session (no cage or GPU in the VM), a login-free console."""
    shutil.copy(HERE / "vmcheck.sh", root / "usr/local/sbin/vmcheck.sh")
    shutil.copy(HERE / "mpv-stand-in.py", root / "usr/local/sbin/mpv-stand-in.py")
    # Loaded (vmcheck.sh reads its UMask and groups) but never started: no cage, GPU or display here.
    tv = root / "etc/systemd/system/yinling-tv.service.d"
    tv.mkdir(parents=True, exist_ok=True)
    (tv / "test-no-display.conf").write_text("[Unit]\nConditionPathExists=/board-test-has-no-display\n")
    (root / "etc/systemd/system/yinling-vmcheck.service").write_text(
        "[Unit]\nAfter=yinling.service\n[Service]\nType=oneshot\nExecStart=/usr/local/sbin/vmcheck.sh\n"
        "[Install]\nWantedBy=multi-user.target\n")
    dropin = root / "etc/systemd/system/yinling.service.d"
    dropin.mkdir(parents=True, exist_ok=True)
    (dropin / "test-watchdog.conf").write_text("[Service]\nWatchdogSec=10s\n")
    run(root, "systemctl enable yinling-vmcheck.service && systemctl mask yinling-hub.service "
              "getty@tty1.service "
              "serial-getty@ttyS0.service systemd-timesyncd.service 2>&1")
    (root / "etc/hostname").write_text("kiosk\n")
    (root / "etc/fstab").write_text("/dev/vda / ext4 rw,errors=remount-ro 0 1\n")


GUEST_INIT = """#!/bin/busybox sh
/bin/busybox --install -s /bin
mount -t proc proc /proc; mount -t sysfs sysfs /sys; mount -t devtmpfs devtmpfs /dev
for module in $(cat /lib/modules/order); do insmod /lib/modules/$module.ko 2>/dev/null; done
for _ in 1 2 3 4 5 6 7 8 9 10; do [ -b /dev/vda ] && break; sleep 0.2; done
mount -t ext4 -o rw /dev/vda /newroot || { echo "BOARD_FAIL cannot mount /dev/vda"; poweroff -f; }
umount /proc /sys
mount --move /dev /newroot/dev
exec switch_root /newroot /lib/systemd/systemd
"""


def boot(root, work, timeout):
    kernel = Kernel.fetch(work / "kernel-amd64", "amd64")
    archive = Cpio()
    for folder in ("bin", "dev", "lib", "lib/modules", "newroot", "proc", "sys"):
        archive.directory(folder)
    archive.node("dev/console", 0o020600, 5, 1)
    archive.file("bin/busybox", Path(shutil.which("busybox") or "/bin/busybox").read_bytes(), 0o755)
    archive.file("init", GUEST_INIT.encode(), 0o755)
    for module in kernel.modules:
        archive.file(f"lib/modules/{module.name}", module.read_bytes(), 0o644)
    archive.file("lib/modules/order", "".join(m.stem + "\n" for m in kernel.modules).encode(), 0o644)
    initramfs = work / "initramfs.cpio"
    initramfs.write_bytes(archive.finish())
    image = work / "root.img"
    image.unlink(missing_ok=True)
    started = time.monotonic()
    subprocess.run(["mkfs.ext4", "-q", "-F", "-L", "root", "-d", str(root), str(image), "2G"], check=True)
    say(f"root image made in {time.monotonic() - started:.0f} s")
    command = qemu_command("tcg", kernel, initramfs, "board", drives=[f"file={image},format=raw,if=virtio"],
                           append="systemd.show_status=0 systemd.journald.forward_to_console=0")
    log = work / "console.log"
    started = time.monotonic()
    with open(log, "w") as console:
        try:
            subprocess.run(command, stdout=console, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                           timeout=timeout, check=False)
        except subprocess.TimeoutExpired:
            say(f"the VM did not power off within {timeout} s")
    say(f"VM ran {time.monotonic() - started:.0f} s (console: {log})")
    return [line.split("VMCHECK ", 1)[1].strip() for line in log.read_text(errors="replace").splitlines()
            if "VMCHECK " in line]


def vm_checks(lines):
    def field(prefix, name):
        line = next((l for l in lines if l.startswith(prefix)), "")
        match = re.search(rf"\b{name}=(\S*)", line)
        return match.group(1) if match else ""
    check("yinling.service is active under systemd (Type=notify: READY=1 came)", field("active=", "active") == "active",
          str(lines[:1]))
    check("its status line comes from the service (STATUS=)", "serving_the_menu" in field("active=", "status"))
    check("/tv answers 200 inside the VM", field("tv=", "tv") == "200", field("tv=", "tv"))
    check("/tv is the TV page", field("tv=", "title") == "1")
    check("the TV unit's UMask lets group yinling connect to mpv's socket", field("tv-unit", "umask") == "0007",
          field("tv-unit", "umask"))
    check("/run/yinling is set-group-id yinling (tmpfiles)", field("tv-unit", "run") == "2770_yinling_yinling",
          field("tv-unit", "run"))
    check("mpv's socket (made as yinling-tv) is group yinling's and group-writable",
          field("mpv-socket", "mode") == "770" and field("mpv-socket", "group") == "yinling",
          next((l for l in lines if l.startswith("mpv-socket")), "no mpv-socket line"))
    check("the sandboxed back end connected to mpv's socket and sent its commands",
          field("mpv-client", "sent") == "True" and int(field("mpv-journal", "connected") or 0) >= 1,
          next((l for l in lines if l.startswith("mpv-client")), "no mpv-client line"))
    doctor = [l[len("doctor| "):] for l in lines if l.startswith("doctor| ")]
    print("\n".join("    vm doctor| " + l for l in doctor))
    check("yinling doctor --offline runs in the VM", bool(doctor) and field("doctor-end", "status") in ("0", "1"))
    stalled = field("stalled", "pid")
    check("the watchdog restarted the stalled service (new main process, active again)",
          field("after-stall", "active") == "active" and field("after-stall", "pid") not in ("", "0", stalled)
          and int(field("after-stall", "restarts") or 0) >= 1, str([l for l in lines if "stall" in l]))
    check("the journal names the watchdog timeout", int(field("after-stall", "watchdog_log") or 0) >= 1)
    check("the VM check ran to its end", "done" in lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--build-dir", default=str(REPOSITORY / ".build/debug"))
    parser.add_argument("--work", default=str(REPOSITORY / ".build/board-vm"))
    parser.add_argument("--vm-timeout", type=int, default=420)
    args = parser.parse_args()
    if os.geteuid() != 0:
        raise Failure("needs root: debootstrap, chroot and mount (CI runs as root)")
    work = Path(args.work)
    root = work / "root"
    if root.exists():
        subprocess.run(["umount", "-R", "-l", str(root / "proc"), str(root / "dev")], capture_output=True)
        shutil.rmtree(root)
    work.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    make_root(root)
    subprocess.run([sys.executable, str(REPOSITORY / "packaging/build-deb.py"), "--build-dir", args.build_dir,
                    "--out", str(work / "deb"), "--fast"], check=True)
    deb = next((work / "deb").glob("yinling_*.deb"))
    hub_deb = next((work / "deb").glob("yinling-hub_*.deb"))
    for package in (deb, hub_deb):
        shutil.copy(package, root / "tmp" / package.name)
    say(f"== install in the chroot ({time.monotonic() - started:.0f} s)")
    install_checks(root, deb)
    unit_checks(root, hub_deb)
    lifecycle_checks(root, deb)
    for package in (deb, hub_deb):
        (root / "tmp" / package.name).unlink()
    prepare_boot(root)
    say(f"== boot the root under qemu ({time.monotonic() - started:.0f} s)")
    vm_checks(boot(root, work, args.vm_timeout))
    failed = [what for what, ok in CHECKS if not ok]
    say(f"board test: {len(CHECKS) - len(failed)} passed, {len(failed)} failed ({time.monotonic() - started:.0f} s)")
    return 1 if failed else 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except Failure as failure:
        print(f"board test failed: {failure}", file=sys.stderr)
        sys.exit(1)
