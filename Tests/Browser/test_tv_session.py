#!/usr/bin/env python3
"""The TV session script (systemd/tv-session, what cage runs in yinling-tv.service) against the real
`yinling serve` and a real headless Chromium: it keeps running while /tv sends heartbeats, and exits
non-zero (systemd then restarts the session) when the page hangs (Chromium stopped with SIGSTOP: no
heartbeat for the limit), when the browser crashes, and when mpv dies. The limits are shortened
through the script's environment (60 s on boards; here 12 s: the page beats every 10 s)."""

import argparse
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
sys.path.insert(0, str(HERE))
from test_pages import serve, stop_process  # noqa: E402

RESULTS = []


def check(what, ok, detail=""):
    RESULTS.append(ok)
    print(f"{'ok  ' if ok else 'FAIL'}  {what}{'' if ok else f'  ({detail})'}", flush=True)


def wrapper(path, command):
    path.write_text(f"#!/bin/sh\nexec {command} \"$@\"\n")
    path.chmod(0o755)
    return str(path)


def processes_using(marker):
    result = subprocess.run(["pgrep", "-f", "--", marker], capture_output=True, text=True)
    return [int(pid) for pid in result.stdout.split()]


def session(work, port, log_name):
    environment = dict(os.environ, YINLING_TV_BASE=f"http://127.0.0.1:{port}",
                       YINLING_MPV_SOCKET=str(work / "mpv.sock"), YINLING_TV_PROFILE=str(work / "profile"),
                       YINLING_BROWSER=wrapper(work / "chromium", "chromium --headless=new --no-sandbox"),
                       YINLING_MPV=wrapper(work / "mpv", "mpv --vo=null --ao=null --no-config"),
                       YINLING_TV_STALE_SECONDS="12", YINLING_TV_GRACE_SECONDS="8", YINLING_TV_CHECK_SECONDS="1")
    log = open(work / log_name, "w")
    return subprocess.Popen([str(REPO / "systemd/tv-session")], env=environment, stdout=log, stderr=log,
                            start_new_session=True), work / log_name


def ends(process, timeout):
    try:
        return process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        return None


def clean_up(process, work):
    # The session's children only (the server's command line names the same directory).
    for pid in processes_using(str(work / "profile")) + processes_using(str(work / "mpv.sock")):
        for sig in (signal.SIGCONT, signal.SIGKILL):
            try:
                os.kill(pid, sig)
            except ProcessLookupError:
                pass
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--yinling", default=str(REPO / ".build/debug/yinling"))
    args = parser.parse_args()
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="yinling-tv-session-") as directory:  # noqa
        work = Path(directory)
        key = (REPO / "Assets/demo-keys/demo-pool.pub").read_text().strip()
        config = work / "yinling.toml"
        config.write_text(f'[server]\nport = 0\nlog_level = "warning"\n[storage]\ndata_dir = "{work}/data"\n'
                          f'cache_dir = "{work}/cache"\n[pool]\ntrusted_keys = ["{key}"]\n')
        env = dict(os.environ, YINLING_ALLOW_ROOT="1")
        subprocess.run([args.yinling, "install", "--config", str(config), str(REPO / "Assets/demo-pool")],
                       env=env, check=True, stdout=subprocess.DEVNULL)
        os.environ["YINLING_ALLOW_ROOT"] = "1"
        server, server_log, port = serve(args.yinling, config, work, "serve")
        try:
            cases = [
                ("hung page", lambda: [os.kill(pid, signal.SIGSTOP) for pid in processes_using(str(work / "profile"))],
                 "no heartbeat from /tv"),
                ("browser crash", lambda: [os.kill(pid, signal.SIGKILL) for pid in processes_using(str(work / "profile"))],
                 "the browser ended"),
                ("mpv died", lambda: [os.kill(pid, signal.SIGKILL) for pid in processes_using(str(work / "mpv.sock"))],
                 "mpv ended"),
            ]
            for name, fault, message in cases:
                process, log = session(work, port, f"session-{name.replace(' ', '-')}.log")
                try:
                    healthy = ends(process, 16) is None
                    check(f"{name}: the session keeps running while /tv sends heartbeats", healthy,
                          "\n".join(line for line in log.read_text().splitlines() if "tv-session" in line))
                    fault()
                    status = ends(process, 30)
                    check(f"{name}: the session exits non-zero (systemd restarts it)", status not in (None, 0),
                          f"status {status}")
                    check(f"{name}: it says why ({message!r})", message in log.read_text(), log.read_text()[-500:])
                finally:
                    clean_up(process, work)
        finally:
            stop_process(server)
            server_log.close()
    failed = RESULTS.count(False)
    print(f"tv session tests: {len(RESULTS) - failed} passed, {failed} failed ({time.monotonic() - started:.0f} s)")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
