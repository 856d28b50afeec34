#!/usr/bin/env python3
"""Browser tests for the staff page (/staff/), against the real server and a real Chromium.

What this proves
  * Against the real `yinling serve` (temporary configuration and data directory), with the
    password set by the real `yinling passwd` (YINLING_STAFF_PASSWORD): the login form; a
    wrong password shows "密码不对" with a countdown and the button disabled until it ends; the
    right password opens the dashboard; a reload keeps the session; logout ends it and a reload
    shows the login form again. The dashboard shows either the sync status or, when this build's
    service has no content sync yet, the note saying so (both are accepted; with sync, the
    curation form must be there too).
  * The dashboard and the curation form with data (Tests/Browser/staff_stub.py serves the real
    Kiosk/ files and the staff API's shape with a busy, made-up sync): state, overall and per-file
    progress, live updates over server-sent events, the plan, the disk bar, the last sync's
    failure with its reason, the next sync; 暂停 sends the CSRF header; the ten categories, each
    key's source (配置文件 / 工作人员设置), saving an edited list, and going back to the file's value.
  * Phone width (360x780, mobile): no horizontal overflow, text >= 18 px, contrast >= 4.5:1.

How to run (from the repository root; the server binary must be built):
    python3 Tests/Browser/test_staff.py --yinling .build/debug/yinling --out .build/browser

Needs what test_pages.py needs. Starts its servers itself and always stops them. Screenshots and
logs go to --out. Exit status 0 when every check passed, 1 otherwise; bounded by a watchdog.
"""

import argparse
import atexit
import os
import queue
import re
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import staff_stub  # noqa: E402
from test_pages import (REPO, Browsers, Results, Watchdog, check_no_overflow,  # noqa: E402
                        check_readability, js, screenshot, short, wait_for)

from selenium.common.exceptions import WebDriverException  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402

WATCHDOG_SECONDS = 150
SERVER_START_SECONDS = 60
PASSWORD = "银龄 staff 测试 2025"
WIDTH, HEIGHT = 360, 780


class StaffServer:
    """`yinling serve` on a temporary configuration, after `yinling passwd`."""

    def __init__(self, binary, out):
        self.binary = binary
        self.out = out
        self.directory = tempfile.TemporaryDirectory(prefix="yinling-staff-browser-")
        self.config = Path(self.directory.name) / "yinling.toml"
        self.process = None
        self.port = None

    def start(self):
        root = Path(self.directory.name)
        self.config.write_text(f'[server]\nport = 0\nlog_level = "notice"\n[storage]\n'
                               f'data_dir = "{root / "data"}"\ncache_dir = "{root / "cache"}"\n', encoding="utf-8")
        environment = dict(os.environ, YINLING_STAFF_PASSWORD=PASSWORD, YINLING_ALLOW_ROOT="1")
        passwd = subprocess.run([str(self.binary), "passwd", "--config", str(self.config)], env=environment,
                                stdin=subprocess.DEVNULL, capture_output=True, timeout=60)
        if passwd.returncode != 0:
            raise RuntimeError(f"yinling passwd failed: {passwd.stderr.decode(errors='replace')}")
        self.stderr = open(self.out / "staff-server-stderr.log", "wb")
        self.process = subprocess.Popen([str(self.binary), "serve", "--config", str(self.config)], cwd=REPO,
                                        stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=self.stderr)
        lines = queue.Queue()
        threading.Thread(target=lambda: [lines.put(raw.decode("utf-8", "replace")) for raw in self.process.stdout],
                         daemon=True).start()
        deadline = time.monotonic() + SERVER_START_SECONDS
        while self.port is None:
            if time.monotonic() > deadline or self.process.poll() is not None:
                raise RuntimeError(f"yinling serve did not come up (exit status {self.process.poll()}); "
                                   f"see {self.out}/staff-server-stderr.log")
            try:
                line = lines.get(timeout=0.5)
            except queue.Empty:
                continue
            if match := re.search(r"listening http://127\.0\.0\.1:(\d+)/", line):
                self.port = int(match.group(1))
        return self

    @property
    def base(self):
        return f"http://127.0.0.1:{self.port}"

    def stop(self):
        process, self.process = self.process, None
        if process is not None:
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
                try:
                    process.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait(timeout=10)
            self.stderr.close()
        self.directory.cleanup()


def shown(driver, element_id):
    found = driver.find_elements(By.ID, element_id)
    return bool(found) and found[0].is_displayed()


def text(driver, element_id):
    return driver.find_element(By.ID, element_id).text


def click(driver, element):
    """Scrolls `element` to the middle of the screen (clear of the sticky bar), then clicks it."""
    js(driver, "arguments[0].scrollIntoView({block: 'center'});", element)
    element.click()


def log_in(driver, password):
    field = wait_for(lambda: shown(driver, "password") and driver.find_element(By.ID, "password"), 10, "the login form")
    wait_for(lambda: driver.find_element(By.ID, "login-button").is_enabled(), 70, "the login button to be enabled")
    field.clear()
    field.send_keys(password)
    driver.find_element(By.ID, "login-button").click()


def dashboard_shown(driver):
    """The dashboard is up: with sync (the state line is filled) or without (the note)."""
    if not shown(driver, "dashboard"):
        return None
    if shown(driver, "no-sync"):
        return "no sync"
    return "sync" if text(driver, "state") else None


def real_server_tests(results, server, browsers, out):
    driver = browsers.start("staff-real", WIDTH, HEIGHT, mobile=True)
    driver.get(server.base + "/staff")
    wait_for(lambda: shown(driver, "login"), 10, "the login form")
    results.check("real: /staff redirects to /staff/ and shows the login form",
                  driver.current_url.endswith("/staff/"), driver.current_url)
    check_readability(results, driver, "real login", 18, 4.5)
    screenshot(results, driver, out / "staff-login.png", (WIDTH, HEIGHT))

    log_in(driver, "not the password")
    message = wait_for(lambda: "密码不对" in text(driver, "login-message") and text(driver, "login-message"),
                       10, "the wrong-password message")
    results.check("real: a wrong password says 密码不对 and asks to wait", "秒" in message, message)
    results.check("real: the login button is disabled during the wait",
                  not driver.find_element(By.ID, "login-button").is_enabled())

    log_in(driver, PASSWORD)
    kind = wait_for(lambda: dashboard_shown(driver), 15, "the dashboard")
    results.check("real: the right password opens the dashboard", kind in ("sync", "no sync"), kind)
    results.check("real: the logout button is shown", shown(driver, "logout"))
    if kind == "sync":
        wait_for(lambda: shown(driver, "curation"), 10, "the curation form")
        results.check("real: the curation form has the ten categories",
                      len(driver.find_elements(By.CSS_SELECTOR, "#categories input[type=checkbox]")) == 10)
    else:
        print("      (this build's service has no content sync: the page says so; data checks use the stub)")
        results.check("real: without sync the page says so in plain words", "内容来源" in text(driver, "no-sync"))
    screenshot(results, driver, out / "staff-real-dashboard.png", (WIDTH, HEIGHT))

    driver.refresh()
    results.check("real: a reload keeps the session", wait_for(lambda: dashboard_shown(driver), 10, "the dashboard") == kind)
    driver.find_element(By.ID, "logout").click()
    wait_for(lambda: shown(driver, "login"), 10, "the login form after logout")
    driver.refresh()
    wait_for(lambda: shown(driver, "login") or shown(driver, "dashboard"), 10, "the page after a reload")
    results.check("real: after logout a reload asks for the password", shown(driver, "login") and not shown(driver, "dashboard"))


def stub_dashboard_tests(results, stub, browsers, out):
    driver = browsers.start("staff-stub", WIDTH, HEIGHT, mobile=True)
    driver.get(stub.base + "/staff/")
    log_in(driver, staff_stub.PASSWORD)
    wait_for(lambda: dashboard_shown(driver) == "sync", 10, "the dashboard with sync")
    results.check("stub: the state says it is downloading, started by staff",
                  "正在下载" in text(driver, "state") and "工作人员" in text(driver, "state"), text(driver, "state"))
    overall = wait_for(lambda: "1.5 GB" in text(driver, "overall-text") and text(driver, "overall-text"), 10,
                       "the second status from the event stream")
    results.check("stub: live progress over events: bytes, files, rate and time left",
                  "/ 3 GB" in overall and "文件 4 / 24" in overall and "2 MB/秒" in overall and "约剩" in overall, overall)
    value = js(driver, "const p = document.getElementById('overall'); return p.value / p.max;")
    results.check("stub: the overall bar is at half", abs(value - 0.5) < 0.01, value)
    results.check("stub: the file in flight is listed with its bar",
                  "微信视频通话" in text(driver, "files") and driver.find_elements(By.CSS_SELECTOR, "#files progress"))
    plan = text(driver, "plan-list")
    results.check("stub: the plan shows download, keep, evict and left out",
                  all(word in plan for word in ("要下载", "12 个节目", "保留", "要删除", "放不下", "20 GB")), plan)
    widths = js(driver, "return ['disk-cache', 'disk-other'].map((id) => "
                        "document.getElementById(id).getBoundingClientRect().width / "
                        "document.getElementById('disk-bar').clientWidth);")
    results.check("stub: the disk bar shows cache and other files to scale",
                  abs(widths[0] - 12 / 58) < 0.02 and abs(widths[1] - 18 / 58) < 0.02, widths)
    results.check("stub: disk figures are listed", "58 GB" in text(driver, "disk-list"), text(driver, "disk-list"))
    results.check("stub: the last sync's failure shows with its reason",
                  "太极拳第三式" in text(driver, "failures") and "校验不符" in text(driver, "failures"), text(driver, "failures"))
    results.check("stub: the next sync is shown", "下次自动更新" in text(driver, "next"), text(driver, "next"))
    results.check("stub: 立即更新内容 is disabled while a sync runs, 暂停 is enabled",
                  not driver.find_element(By.ID, "sync-now").is_enabled() and driver.find_element(By.ID, "pause").is_enabled())
    screenshot(results, driver, out / "staff-dashboard.png", (WIDTH, HEIGHT))

    click(driver, driver.find_element(By.ID, "pause"))
    wait_for(lambda: stub.changes("/api/v1/staff/sync/pause"), 10, "the pause request")
    results.check("stub: 暂停 sends the session's CSRF token",
                  stub.changes("/api/v1/staff/sync/pause")[0][2] == staff_stub.CSRF, stub.changes("/api/v1/staff/sync/pause"))
    wait_for(lambda: "已暂停" in text(driver, "state"), 10, "the paused state")

    curation_tests(results, stub, driver, out)
    check_no_overflow(results, driver, "staff dashboard 360")
    check_readability(results, driver, "staff dashboard 360", 18, 4.5)


def source_of(driver, key):
    return driver.find_element(By.CSS_SELECTOR, f"fieldset[data-key={key}] .source").text


def curation_tests(results, stub, driver, out):
    wait_for(lambda: shown(driver, "curation"), 10, "the curation form")
    boxes = driver.find_elements(By.CSS_SELECTOR, "#categories input[type=checkbox]")
    checked = [box.get_attribute("value") for box in boxes if box.is_selected()]
    results.check("stub: ten categories, the staff's two checked", len(boxes) == 10 and checked == ["养生保健", "科技应用"],
                  f"{len(boxes)} boxes, checked {checked}")
    results.check("stub: each key says where its value comes from",
                  "工作人员设置" in source_of(driver, "categories") and "配置文件" in source_of(driver, "pinned_series"),
                  f"{source_of(driver, 'categories')} / {source_of(driver, 'pinned_series')}")
    results.check("stub: the file's values are shown as staff type them",
                  driver.find_element(By.ID, "budget").get_attribute("value") == "90%"
                  and driver.find_element(By.ID, "pinned_series").get_attribute("value") == "太极拳入门"
                  and driver.find_element(By.ID, "reserve").get_attribute("value") == "1",
                  driver.find_element(By.ID, "budget").get_attribute("value"))

    area = driver.find_element(By.ID, "excluded_resources")
    area.send_keys("KJ-WX-01\nYS-TJQ-03\n")
    results.check("stub: an edited key is marked as a staff setting before saving",
                  "工作人员设置" in source_of(driver, "excluded_resources"))
    click(driver, driver.find_element(By.ID, "save"))
    wait_for(lambda: "已保存" in text(driver, "curation-message"), 10, "the saved message")
    method, _, csrf, body = stub.changes("/api/v1/staff/curation")[-1]
    results.check("stub: saving sends the overrides with the CSRF token",
                  method == "PUT" and csrf == staff_stub.CSRF
                  and body == {"categories": ["养生保健", "科技应用"], "excludedResources": ["KJ-WX-01", "YS-TJQ-03"]}, body)
    screenshot(results, driver, out / "staff-curation.png", (WIDTH, HEIGHT))

    click(driver, driver.find_element(By.CSS_SELECTOR, "fieldset[data-key=categories] .reset"))
    wait_for(lambda: "配置文件" in source_of(driver, "categories"), 10, "categories back to the file's value")
    body = stub.changes("/api/v1/staff/curation")[-1][3]
    results.check("stub: 恢复配置文件的值 drops only that override", body == {"excludedResources": ["KJ-WX-01", "YS-TJQ-03"]}, body)
    results.check("stub: no category is checked after going back (the file takes all)",
                  not any(box.is_selected() for box in driver.find_elements(By.CSS_SELECTOR, "#categories input")))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--yinling", default=".build/debug/yinling", help="the server binary (relative to the repo root)")
    parser.add_argument("--out", default=".build/browser", help="screenshots and logs (relative to the repo root)")
    args = parser.parse_args()
    binary = REPO / args.yinling
    out = REPO / args.out
    out.mkdir(parents=True, exist_ok=True)
    if not binary.is_file():
        sys.exit(f"no server binary at {binary}; build it with `swift build --product yinling`")

    def watchdog(signum, frame):
        raise Watchdog(f"the staff browser tests ran longer than {WATCHDOG_SECONDS} s")
    signal.signal(signal.SIGALRM, watchdog)
    signal.alarm(WATCHDOG_SECONDS)

    started = time.monotonic()
    results = Results()
    server = StaffServer(binary, out)
    stub = staff_stub.Stub(REPO / "Kiosk")
    browsers = Browsers(out)
    atexit.register(server.stop)
    atexit.register(browsers.quit_all)
    try:
        server.start()
        stub.start()
        print(f"server on {server.base}, stub on {stub.base}", flush=True)
        results.section("staff page on the real server", real_server_tests, results, server, browsers, out)
        results.section("staff dashboard and curation (stub sync)", stub_dashboard_tests, results, stub, browsers, out)
    except (Watchdog, RuntimeError, OSError, WebDriverException) as error:
        results.check("run completed", False, f"{type(error).__name__}: {short(error)}")
    finally:
        signal.alarm(0)
        browsers.quit_all()
        stub.stop()
        server.stop()

    elapsed = time.monotonic() - started
    if results.failures:
        print(f"\nstaff browser tests: {results.passed} passed, {len(results.failures)} failed ({elapsed:.0f} s)")
        for failure in results.failures:
            print(f"  - {failure}")
        return 1
    print(f"staff browser tests: {results.passed} passed ({elapsed:.0f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
