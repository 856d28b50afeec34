#!/usr/bin/env python3
"""SD-card care (issue 6): bytes the idle `yinling serve` writes, from /proc/<pid>/io.

Starts `yinling serve` on the demo pool (installed first) the way the unit runs it: systemd's
notification socket with the watchdog on (WatchdogSec=30s: WATCHDOG=1 every 15 s, each after a
liveness probe of the database writer), the usage uploader on (a hub that is not there, so it
retries with backoff), scheduled sync off (no pool URL). Nobody uses the menu. After a warm-up it
reads /proc/<pid>/io, waits --minutes, reads again, and prints what the process wrote:
write_bytes (what reached the block layer), wchar and syscw (every write call, sockets and
the log on stderr included). Target: write_bytes <= 64 KiB in 10 minutes.
"""
import argparse
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def io_counters(pid):
    values = {}
    for line in Path(f"/proc/{pid}/io").read_text().splitlines():
        key, value = line.split(":")
        values[key] = int(value)
    return values


def accounting_works(directory):
    """Whether this filesystem's writes show in write_bytes: 1 MiB written and fsynced here."""
    before = io_counters("self")["write_bytes"]
    with open(directory / "probe", "wb") as probe:
        probe.write(os.urandom(1 << 20))
        probe.flush()
        os.fsync(probe.fileno())
    return io_counters("self")["write_bytes"] - before >= 1 << 20


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--yinling", default=str(REPO / ".build/debug/yinling"))
    parser.add_argument("--minutes", type=float, default=10)
    parser.add_argument("--warmup", type=float, default=20, help="seconds before the first reading")
    parser.add_argument("--watchdog-usec", type=int, default=30_000_000)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="yinling-idle-", dir="/var/tmp") as work:
        work = Path(work)
        if not accounting_works(work):
            sys.exit(f"write_bytes does not count writes to {work} on this machine; nothing to measure")
        key = (REPO / "Assets/demo-keys/demo-pool.pub").read_text().strip()
        config = work / "yinling.toml"
        config.write_text(
            f'[server]\nport = 0\nlog_level = "info"\n'
            f'[storage]\ndata_dir = "{work}/data"\ncache_dir = "{work}/cache"\n'
            f'[pool]\ntrusted_keys = ["{key}"]\n'
            f'[site]\nid = "bench-idle"\n'
            f'[upload]\nhub_url = "http://127.0.0.1:9/"\ntoken = "t"\n', encoding="utf-8")
        env = dict(os.environ, YINLING_ALLOW_ROOT="1")
        subprocess.run([args.yinling, "install", "--config", str(config), str(REPO / "Assets/demo-pool")],
                       check=True, env=env, stdout=subprocess.DEVNULL)
        notify = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        notify.bind(str(work / "notify.sock"))
        messages = []
        threading.Thread(target=lambda: [messages.append(notify.recv(4096)) for _ in iter(int, 1)],
                         daemon=True).start()
        env.update(NOTIFY_SOCKET=str(work / "notify.sock"), WATCHDOG_USEC=str(args.watchdog_usec),
                   YINLING_EVENT_LOOP_THREADS="2", YINLING_BLOCKING_THREADS="2")
        log = open(work / "serve.log", "wb")
        server = subprocess.Popen([args.yinling, "serve", "--config", str(config)], env=env,
                                  stdout=log, stderr=subprocess.STDOUT)
        try:
            time.sleep(args.warmup)
            if not any(m.startswith(b"READY=1") for m in messages):
                sys.exit("yinling serve did not send READY=1")
            before, started = io_counters(server.pid), time.monotonic()
            log_before = os.path.getsize(work / "serve.log")
            time.sleep(args.minutes * 60)
            after, elapsed = io_counters(server.pid), time.monotonic() - started
            log_after = os.path.getsize(work / "serve.log")
        finally:
            server.terminate()
            server.wait(timeout=30)
        pings = sum(1 for m in messages if m == b"WATCHDOG=1")
        delta = {key: after[key] - before[key] for key in ("write_bytes", "wchar", "syscw", "read_bytes")}
        print(f"idle for {elapsed / 60:.1f} min: write_bytes {delta['write_bytes']} B "
              f"({delta['write_bytes'] / 1024:.1f} KiB; target <= 64 KiB), wchar {delta['wchar']} B, "
              f"syscw {delta['syscw']}, read_bytes {delta['read_bytes']} B, "
              f"log lines' bytes {log_after - log_before}, WATCHDOG=1 sent {pings}")
        return 0 if delta["write_bytes"] <= 64 * 1024 else 1


if __name__ == "__main__":
    sys.exit(main())
