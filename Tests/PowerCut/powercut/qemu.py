"""Booting the guest under qemu, reading its serial console, and cutting its power (SIGKILL of qemu)."""

import os
import re
import subprocess
import threading
import time

from . import Failure
from .guest import Initramfs


def qemu_command(accel, kernel, initramfs, mode, drives=(), append=""):
    """No network, no display; the serial console on stdout; the guest's power-off (or panic) ends qemu.
    `append` adds kernel arguments (Tests/Board boots systemd)."""
    command = [
        "qemu-system-x86_64", "-accel", accel, "-cpu", "max" if accel == "tcg" else "host",
        "-m", "1536", "-smp", "1", "-nodefaults", "-no-user-config", "-display", "none",
        "-serial", "stdio", "-no-reboot", "-kernel", str(kernel.image), "-initrd", str(initramfs),
        "-append", f"console=ttyS0 quiet loglevel=4 panic=-1 rdinit=/init pc.mode={mode} {append}".strip(),
    ]
    for drive in drives:
        command += ["-drive", drive]
    return command


class Boot:
    """One qemu process. The reader thread time-stamps and logs each console line and notes the
    markers of the guest's /init (PC_RUN_START, PC_RUN_END status=…, PC_FAIL …) and the lines that
    report a resource done (`done_line`, group 1 the id)."""

    def __init__(self, command, log_path, resources, done_line):
        self.log_path = log_path
        self.resources = set(resources)
        self.done_line = re.compile(done_line)
        self.done = set()
        self.all_done_at = None
        self.started = time.monotonic()
        self.run_started = None
        self.first_output = None
        self.run_ended = None
        self.status = None
        self.failure = None
        self.last_line = ""
        self.last_output = ""  # of the command
        self.changed = threading.Condition()
        self.log = open(log_path, "w", encoding="utf-8", errors="replace")
        self.log.write(" ".join(command) + "\n")
        self.process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                        stderr=subprocess.STDOUT)
        self.reader = threading.Thread(target=self.read, daemon=True)
        self.reader.start()

    def read(self):
        for raw in self.process.stdout:
            line = raw.decode("utf-8", "replace").rstrip("\r\n")
            now = time.monotonic()
            with self.changed:
                self.log.write(f"{now - self.started:8.3f} {line}\n")
                self.last_line = line.strip() or self.last_line
                self.note(line, now)
                self.changed.notify_all()
        with self.changed:
            self.log.flush()
            self.changed.notify_all()

    def note(self, line, now):
        if line.startswith("PC_RUN_START"):
            self.run_started = now
        elif line.startswith("PC_RUN_END"):
            self.run_ended = now
            self.status = int(line.split("status=")[1])
        elif line.startswith("PC_FAIL"):
            self.failure = line[len("PC_FAIL "):]
        elif self.run_started and self.run_ended is None:
            if line.strip():
                self.first_output = self.first_output or now
                self.last_output = line.strip()
            done = self.done_line.match(line)
            if done and done.group(1) in self.resources:
                self.done.add(done.group(1))
                if self.done == self.resources and self.all_done_at is None:
                    self.all_done_at = now

    def wait_until(self, predicate, deadline):
        """True once `predicate` holds; False at the deadline or when qemu has gone."""
        with self.changed:
            while not predicate():
                if self.failure:
                    raise Failure(f"the guest failed: {self.failure}; see {self.log_path}")
                remaining = deadline - time.monotonic()
                if remaining <= 0 or not self.reader.is_alive():
                    return False
                self.changed.wait(min(remaining, 0.05))
            return True

    def wait_for_start(self, timeout):
        if not self.wait_until(lambda: self.run_started is not None, self.started + timeout):
            self.give_up("the guest did not reach the command", timeout)

    def give_up(self, what, timeout):
        self.reader.join(1)
        status = self.process.poll()
        self.stop()
        when = f"within {timeout:.0f} s of boot" if status is None else f"(qemu exited with status {status})"
        raise Failure(f"{what} {when}; last console line: {self.last_line!r}; see {self.log_path}")

    def wait_for_end(self, timeout):
        """Waits for the command's end and the guest's power-off, at most `timeout` s from boot."""
        self.wait_for_start(timeout)
        deadline = self.started + timeout
        if not self.wait_until(lambda: self.run_ended is not None, deadline):
            self.give_up("the command did not end", timeout)
        try:
            self.process.wait(max(1.0, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            self.stop()
            raise Failure(f"the guest did not power off within {timeout:.0f} s of boot; see {self.log_path}")
        self.close()

    def kill_after(self, delay, timeout, after_all_done=False):
        """SIGKILLs qemu `delay` s after the command started (or reported its last resource done);
        False when the command ended first."""
        self.wait_for_start(timeout)
        anchor = self.run_started
        if after_all_done:
            if not self.wait_until(lambda: self.all_done_at or self.run_ended, self.started + timeout):
                self.give_up("the command did not report its last resource", timeout)
            anchor = self.all_done_at or self.run_ended
        if self.wait_until(lambda: self.run_ended is not None, anchor + delay):
            self.wait_for_end(timeout)
            return False
        self.stop()
        return True

    @property
    def run_seconds(self):
        return self.run_ended - self.run_started

    @property
    def first_output_seconds(self):
        return self.first_output - self.run_started if self.first_output else None

    @property
    def total_seconds(self):
        return time.monotonic() - self.started

    def stop(self):
        """The power cut: SIGKILL, so qemu neither flushes nor lets the guest write anything more."""
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait()
        self.close()

    def close(self):
        self.reader.join(5)
        with self.changed:
            if not self.log.closed:
                self.log.close()


class KvmProbe(threading.Thread):
    """Boots the kernel with a busybox-only initramfs under KVM; KVM is usable if that answers in seconds.
    (Some hosts have a /dev/kvm that cannot run a guest: nested virtualization without the CPU's support.)"""

    TIMEOUT = 8.0

    def __init__(self, kernel, work):
        super().__init__(daemon=True)
        self.kernel = kernel
        self.work = work
        self.usable = False
        self.reason = ""

    def run(self):
        if not os.access("/dev/kvm", os.R_OK | os.W_OK):
            self.reason = "no usable /dev/kvm"
            return
        initramfs = self.work / "probe.cpio"
        Initramfs.build(initramfs)
        command = qemu_command("kvm", self.kernel, initramfs, "probe")
        started = time.monotonic()
        try:
            result = subprocess.run(command, stdin=subprocess.DEVNULL, capture_output=True, timeout=self.TIMEOUT)
        except subprocess.TimeoutExpired:
            self.reason = f"/dev/kvm is there, but a KVM boot did not answer within {self.TIMEOUT:.0f} s"
            return
        if b"PC_PROBE_OK" in result.stdout:
            self.usable = True
            self.reason = f"a KVM boot answered in {time.monotonic() - started:.1f} s"
        else:
            tail = (result.stdout + result.stderr).decode("utf-8", "replace").strip().splitlines()[-1:]
            self.reason = f"/dev/kvm is there, but a KVM boot failed: {' '.join(tail)}"
