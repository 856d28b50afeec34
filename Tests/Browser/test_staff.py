#!/usr/bin/env python3
"""Browser tests for the staff page (/staff/), against the real server and a real Chromium.

What this proves
  Every check runs against the real `yinling serve` with its real content sync: a temporary
  configuration and data directory, `[pool] url` a copy of Assets/demo-pool (signed by the demo
  key, which the configuration trusts), `[curation] reserve = 0`, the daily window twelve hours
  away; the password set by the real `yinling passwd` (YINLING_STAFF_PASSWORD). One Chromium at
  phone width (360x780, mobile):
  * Login: /staff redirects to /staff/; a wrong password shows "密码不对" with a countdown and
    the button disabled until it ends; the right password opens the dashboard.
  * Before any sync: the dashboard says idle and "还没有更新过", shows the next scheduled sync,
    the disk figures of the real file system (size, the 90 % budget, no content, no reserve) and
    the disk bar to scale, and the curation form: the ten categories, every key from 配置文件.
  * Usage: without [upload] the usage section says uploads are off, with no upload button, and
    POST /api/v1/staff/upload answers 503.
  * 按钮测试 (button check): the configuration lists two keypads, a FIFO this test writes
    `input_event` records into (as Tests/EndToEndTests/ButtonsTests.swift does; no /dev/uinput
    here) and a path with nothing behind it. The panel is closed at first; opened, it lists both
    keypads, shows the missing one as not working with the system's reason (it failed at start-up,
    before the page looked), then each press on the FIFO keypad at the top of the list as the
    service decodes it: time, 确定 / 下一个, 按下, `<fifo>:KEY_ENTER`; a 10 ms press as noise
    (干扰，已忽略, too short). Reopened after a reload, the missing keypad is shown again.
  * CSRF: a change without the session's X-CSRF-Token is refused (403). A pause sent while no
    sync runs is answered and does not hold the next sync.
  * 立即更新内容 (sent with the CSRF token, 202) runs a real sync: the page shows it running
    (states over server-sent events), then the last sync's summary: 17 added, bytes downloaded,
    no failures. The plan shows the real numbers (17 to download and their size; room = the
    budget or the free space, whichever is less); the disk figures show the content now on
    disk, the bar to scale; the menu API lists the demo's categories.
  * Curation: checking only 养生保健 marks the key 工作人员设置 before and after saving (PUT with
    the CSRF token); a reload keeps the session and the saved value; the next sync evicts the
    other 13 resources (summary, plan, disk) and the menu API (GET /api/v1/home) lists 养生保健
    only; 恢复配置文件的值 brings the key back to 配置文件 (nothing checked = all categories), in
    the service too.
  * Pause and resume: the pool grows by 8 copies of one resource with 64 MiB random media files
    (manifest re-signed with the demo key through openssl; the key is first checked to re-sign
    the demo manifest to its published signature). 暂停 is clicked as soon as it is enabled; it
    sends the CSRF token. When the pause lands before the downloads end (nearly every run), the
    page and the service say paused with no file in flight, nothing more arrives for a second,
    继续 sends the CSRF token and the sync goes on. Either way the sync ends with the 21 other
    resources added and no failures, and the menu lists every category again. If the sync wins
    the race, the run says so and skips only the paused-state checks; every wait is bounded.
  * Phone width: no horizontal overflow, text >= 18 px, contrast >= 4.5:1 (login, idle and
    synced dashboard, the button check; overflow also while paused).
  * Logout ends the session: a reload shows the login form again.

How to run (from the repository root; the server binary must be built):
    python3 Tests/Browser/test_staff.py --yinling .build/debug/yinling --out .build/browser

Needs what test_pages.py needs, and openssl. Starts its server itself and always stops it.
Screenshots and logs go to --out. Exit status 0 when every check passed, 1 otherwise; bounded by a
watchdog.
"""

import copy
import datetime
import hashlib
import json
import math
import os
import re
import shutil
import struct
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "Support"))
import sign_manifest  # noqa: E402
from test_pages import (REPO, arguments, check_no_overflow, check_readability, js,  # noqa: E402
                        run, screenshot, serve, short, stop_process, wait_for)

from selenium.webdriver.common.by import By  # noqa: E402

WATCHDOG_SECONDS = 150
SYNC_SECONDS = 30                      # the longest a sync of these pools may take
PASSWORD = "银龄 staff 测试 2025"
WIDTH, HEIGHT = 360, 780
DEMO_POOL = REPO / "Assets" / "demo-pool"
DEMO_KEY = REPO / "Assets" / "demo-keys" / "demo-pool.key"
DEMO_PUBLIC_KEY = REPO / "Assets" / "demo-keys" / "demo-pool.pub"
KEEP_CATEGORY = "养生保健"             # the series 太极拳入门, 4 episodes
COPIED_RESOURCE = "XX-YY-01"           # 闲暇生活, a single resource: its copies carry the big files
COPIES = 8
COPY_BYTES = 64 << 20
EV_KEY, KEY_ESC, KEY_ENTER, KEY_RIGHT = 1, 1, 28, 106     # linux/input-event-codes.h
TOP_LEVEL = ["思想道德", "文化艺术", "养生保健", "心理健康", "法律法规", "家庭理财", "闲暇生活", "代际沟通", "生命尊严", "科技应用"]


# ---------------------------------------------------------------------------------------------
# The pool: a copy of the demo pool, grown and re-signed with the demo key

class Pool:
    """A copy of Assets/demo-pool that can grow by copies of one resource with large media files."""

    def __init__(self, path, work):
        self.path = Path(path)
        self.work = Path(work)
        shutil.copytree(DEMO_POOL, self.path)
        self.manifest = json.loads((self.path / "manifest.json").read_text(encoding="utf-8"))
        self.copies = []
        self.grower = None

    def resources(self, category=None):
        return [r for r in self.manifest["resources"] if category is None or r["category"][0] == category]

    @staticmethod
    def files(resources):
        """The distinct files of `resources`: sha256 -> bytes."""
        return {value["sha256"]: value["bytes"] for resource in resources for value in resource.values()
                if isinstance(value, dict) and "sha256" in value and "bytes" in value}

    def signature(self, manifest_path):
        """The demo key's signature of `manifest_path`, as manifest.json.sig holds it."""
        return sign_manifest.signature(str(manifest_path), str(DEMO_KEY))[0]

    def start_growing(self):
        """Writes the copies' media files in the background (the manifest does not name them yet)."""
        def grow():
            for number in range(1, COPIES + 1):
                data = os.urandom(COPY_BYTES)
                digest = hashlib.sha256(data).hexdigest()
                relative = f"media/{digest[:2]}/{digest}.mp4"
                (self.path / relative).parent.mkdir(parents=True, exist_ok=True)
                (self.path / relative).write_bytes(data)
                self.copies.append((number, relative, digest, len(data)))
        self.grower = threading.Thread(target=grow, daemon=True)
        self.grower.start()

    def publish_copies(self):
        """Adds the copies to the manifest and signs it, as a hub publishing a new pool would."""
        self.grower.join(timeout=60)
        if self.grower.is_alive() or len(self.copies) != COPIES:
            raise RuntimeError("the copies' media files were not written")
        original = next(r for r in self.manifest["resources"] if r["id"] == COPIED_RESOURCE)
        for number, relative, digest, size in self.copies:
            entry = copy.deepcopy(original)
            entry["id"] = f"{COPIED_RESOURCE}-{number}"
            entry["title"] = f"{original['title']}（第{number}份）"
            entry["media"].update(path=relative, sha256=digest, bytes=size)
            self.manifest["resources"].append(entry)
        manifest = self.path / "manifest.json"
        scratch = self.work / "manifest.json"
        scratch.write_text(json.dumps(self.manifest, ensure_ascii=False, indent=1), encoding="utf-8")
        (self.path / "manifest.json.sig").write_text(self.signature(scratch))
        os.replace(scratch, manifest)


# ---------------------------------------------------------------------------------------------
# The server

class StaffServer:
    """`yinling serve` on a temporary configuration with a pool, after `yinling passwd`."""

    def __init__(self, binary, out):
        self.binary = binary
        self.out = out
        self.directory = tempfile.TemporaryDirectory(prefix="yinling-staff-browser-")
        self.root = Path(self.directory.name)
        self.config = self.root / "yinling.toml"
        self.pool = Pool(self.root / "pool", self.root)
        self.process = None
        self.stderr = None
        self.port = None
        # A keypad whose device node is a FIFO this test writes input_event records into (this
        # machine has no /dev/uinput; Tests/EndToEndTests/ButtonsTests.swift does the same), and a
        # keypad that is not plugged in.
        self.keypad = self.root / "keypad-event0"
        self.missing_keypad = self.root / "keypad-unplugged"
        self.keypad_writer = None

    def start(self):
        root = self.root
        os.mkfifo(self.keypad, 0o600)
        self.keypad_writer = os.open(self.keypad, os.O_RDWR)     # held open: no end of file for the reader
        public_key = DEMO_PUBLIC_KEY.read_text(encoding="utf-8").strip()
        # The daily window twelve hours away, so no scheduled sync starts during the test.
        hour = (datetime.datetime.now(datetime.timezone.utc).hour + 12) % 24
        self.config.write_text(
            f'[site]\ntimezone = "UTC"\n'
            f'[server]\nport = 0\nlog_level = "notice"\n'
            f'[storage]\ndata_dir = "{root / "data"}"\ncache_dir = "{root / "cache"}"\n'
            f'[pool]\nurl = "{self.pool.path}"\ntrusted_keys = ["{public_key}"]\n'
            f'sync_window = "{hour:02d}:00-{(hour + 1) % 24:02d}:00"\n'
            f'[curation]\nreserve = 0\n'
            f'[buttons]\nkeypad_devices = ["{self.keypad}", "{self.missing_keypad}"]\n', encoding="utf-8")
        environment = dict(os.environ, YINLING_STAFF_PASSWORD=PASSWORD, YINLING_ALLOW_ROOT="1")
        passwd = subprocess.run([str(self.binary), "passwd", "--config", str(self.config)], env=environment,
                                stdin=subprocess.DEVNULL, capture_output=True, timeout=60)
        if passwd.returncode != 0:
            raise RuntimeError(f"yinling passwd failed: {passwd.stderr.decode(errors='replace')}")
        self.process, self.stderr, self.port = serve(self.binary, self.config, self.out, "staff-server")
        return self

    @property
    def base(self):
        return f"http://127.0.0.1:{self.port}"

    def api(self, path):
        with urllib.request.urlopen(self.base + path, timeout=10) as response:
            return json.load(response)

    def press_key(self, code, held=0.08):
        """A press and release of key `code` on the keypad, stamped on the monotonic clock as the
        kernel stamps them: struct input_event {struct timeval; u16 type; u16 code; s32 value}."""
        start = time.clock_gettime(time.CLOCK_MONOTONIC)

        def record(at, value):
            microseconds = round(at * 1_000_000)
            return struct.pack("<qqHHi", microseconds // 1_000_000, microseconds % 1_000_000, EV_KEY, code, value)
        os.write(self.keypad_writer, record(start, 1) + record(start + held, 0))

    def menu_categories(self):
        return [category["name"] for category in self.api("/api/v1/home")["categories"]]

    def disk_total(self):
        info = os.statvfs(self.root / "cache")
        return info.f_blocks * info.f_frsize

    def stop(self):
        process, self.process = self.process, None
        stop_process(process)
        if self.stderr is not None:
            self.stderr.close()
            self.stderr = None
        if self.keypad_writer is not None:
            os.close(self.keypad_writer)
            self.keypad_writer = None
        if self.pool.grower is not None:
            self.pool.grower.join(timeout=60)         # still writing into the directory after an early end
        self.directory.cleanup()


# ---------------------------------------------------------------------------------------------
# The page

def size(count):
    """The page's size() (Kiosk/staff/format.js): 1024-based units, one decimal below 100."""
    units = ["字节", "KB", "MB", "GB", "TB"]
    value, index = float(count), 0
    while value >= 1024 and index < len(units) - 1:
        value /= 1024
        index += 1
    if index == 0:
        return f"{int(value)} 字节"
    shown = math.floor(value + 0.5) if value >= 100 else math.floor(value * 10 + 0.5) / 10
    return f"{int(shown) if shown == int(shown) else shown} {units[index]}"


def shown(driver, element_id):
    found = driver.find_elements(By.ID, element_id)
    return bool(found) and found[0].is_displayed()


def text(driver, element_id):
    return driver.find_element(By.ID, element_id).text


def state(driver):
    return driver.find_element(By.ID, "state").get_attribute("data-state") or ""


def enabled(driver, element_id):
    return driver.find_element(By.ID, element_id).is_enabled()


def click(driver, element):
    """Scrolls `element` to the middle of the screen (clear of the sticky bar), then clicks it."""
    js(driver, "arguments[0].scrollIntoView({block: 'center'});", element)
    element.click()


def facts(driver, list_id):
    """A <dl class=facts> as {term: value}."""
    return js(driver, "const d = {}; for (const dt of document.querySelectorAll(`#${arguments[0]} dt`)) "
                      "d[dt.textContent] = dt.nextElementSibling.textContent; return d;", list_id)


# Records what the page asks the staff API to change (method, path, X-CSRF-Token, answer status)
# and every state the dashboard shows; set up again after each page load.
WATCH = """
if (window.staffWatch) return;
const original = window.fetch;
window.staffWatch = { calls: [], states: [], fetch: original.bind(window) };
window.fetch = async (url, init = {}) => {
  const response = await original(url, init);
  if ((init.method || 'GET') !== 'GET') {
    window.staffWatch.calls.push({ method: init.method, path: String(url),
                                   csrf: (init.headers || {})['X-CSRF-Token'] ?? null, status: response.status });
  }
  return response;
};
const stateLine = document.getElementById('state');
new MutationObserver(() => window.staffWatch.states.push(stateLine.dataset.state))
  .observe(stateLine, { attributes: true, attributeFilter: ['data-state'] });
"""

# Calls the staff API from the page (its cookie), with or without the session's CSRF token; not
# recorded by WATCH, which holds only what the page itself sends.
API = """
const [method, path, withToken, done] = arguments;
const fetch = window.staffWatch?.fetch || window.fetch;
(async () => {
  const session = await (await fetch('/api/v1/staff/session', { cache: 'no-store' })).json();
  const headers = withToken ? { 'X-CSRF-Token': session.csrfToken } : {};
  const response = await fetch('/api/v1/staff/' + path, { method, headers, cache: 'no-store' });
  let body = null;
  try { body = await response.json(); } catch {}
  done({ status: response.status, body, token: session.csrfToken });
})().catch((error) => done({ status: 0, body: String(error) }));
"""


def page_api(driver, method, path, with_token=True):
    return driver.execute_async_script(API, method, path, with_token)


def watch(driver):
    js(driver, WATCH)


def calls(driver, path):
    return [call for call in js(driver, "return window.staffWatch.calls;") if call["path"].endswith(path)]


def presses(driver):
    """The button check's rows, newest first."""
    return js(driver, "return Array.from(document.querySelectorAll('#presses li')).map((li) => ({"
                      "time: li.querySelector('.time').textContent, action: li.querySelector('.action').textContent,"
                      "kind: li.querySelector('.kind').textContent, input: li.querySelector('.input').textContent,"
                      "detail: li.querySelector('.detail')?.textContent || ''}));")


def seen_states(driver):
    return js(driver, "return window.staffWatch.states;")


def log_in(driver, password):
    field = wait_for(lambda: shown(driver, "password") and driver.find_element(By.ID, "password"), 10, "the login form")
    wait_for(lambda: enabled(driver, "login-button"), 70, "the login button to be enabled")
    field.clear()
    field.send_keys(password)
    driver.find_element(By.ID, "login-button").click()


def dashboard_ready(driver):
    """The dashboard is up with the sync status and the curation form."""
    return shown(driver, "dashboard") and bool(state(driver)) and shown(driver, "curation")


def last_summary(driver):
    return text(driver, "last-summary") if shown(driver, "last") else ""


def source_of(driver, key):
    return driver.find_element(By.CSS_SELECTOR, f"fieldset[data-key={key}] .source").text


def checked_categories(driver):
    return [box.get_attribute("value") for box in driver.find_elements(By.CSS_SELECTOR, "#categories input")
            if box.is_selected()]


def wait_for_sync(driver, before, what):
    """Waits (bounded) until the page shows a new last-sync summary and the idle state."""
    try:
        return wait_for(lambda: state(driver) == "idle" and last_summary(driver) not in ("", before)
                        and last_summary(driver), SYNC_SECONDS, what)
    except TimeoutError as error:
        raise TimeoutError(f"{error}; the page shows {text(driver, 'state')!r}, {last_summary(driver)!r}") from None


# ---------------------------------------------------------------------------------------------
# The checks

class Run:
    def __init__(self, results, server, driver, out):
        self.results = results
        self.server = server
        self.driver = driver
        self.out = out
        self.check = results.check
        self.require = results.require
        self.synced = False          # the first sync finished: the later sections need it

    def login(self):
        driver = self.driver
        driver.get(self.server.base + "/staff")
        wait_for(lambda: shown(driver, "login"), 10, "the login form")
        self.check("/staff redirects to /staff/ and shows the login form",
                   driver.current_url.endswith("/staff/"), driver.current_url)
        check_readability(self.results, driver, "login 360", 18, 4.5)
        screenshot(self.results, driver, self.out / "staff-login.png", (WIDTH, HEIGHT))

        log_in(driver, "not the password")
        message = wait_for(lambda: "密码不对" in text(driver, "login-message") and text(driver, "login-message"),
                           10, "the wrong-password message")
        self.check("a wrong password says 密码不对 and asks to wait", "秒" in message, message)
        self.check("the login button is disabled during the wait", not enabled(driver, "login-button"))

        log_in(driver, PASSWORD)
        wait_for(lambda: dashboard_ready(driver), 15, "the dashboard")
        self.check("the right password opens the dashboard with the logout button", shown(driver, "logout"))
        watch(driver)

    def before_sync(self):
        driver, server = self.driver, self.server
        self.check("idle before any sync", state(driver) == "idle" and "空闲" in text(driver, "state"),
                   text(driver, "state"))
        self.check("never synced: the page says so", "还没有更新过" in last_summary(driver), last_summary(driver))
        self.check("the next scheduled sync is shown", "下次自动更新" in text(driver, "next"), text(driver, "next"))
        self.check("立即更新内容 is enabled, 暂停 and 继续 are not",
                   enabled(driver, "sync-now") and not enabled(driver, "pause") and not enabled(driver, "resume"))
        total = server.disk_total()
        disk = facts(driver, "disk-list")
        self.check("the disk figures are the file system's: size, 90 % budget, no content, no reserve",
                   disk.get("总容量") == size(total) and disk.get("预算上限") == size(math.floor(total * 0.9))
                   and disk.get("学习内容") == size(0) and disk.get("始终留出") == size(0), disk)
        self.check_disk_bar(total)
        self.check("without a hub the usage section says uploads are off and offers no upload button",
                   shown(driver, "usage") and "没有设置上传" in text(driver, "usage-state")
                   and not driver.find_element(By.ID, "upload-now").is_displayed(), text(driver, "usage-state"))
        off = page_api(driver, "POST", "upload")
        self.check("upload now without a hub is refused (503)", off["status"] == 503, short(off))

        boxes = driver.find_elements(By.CSS_SELECTOR, "#categories input[type=checkbox]")
        self.check("the curation form has the ten categories, none checked (all)",
                   [box.get_attribute("value") for box in boxes] == TOP_LEVEL and not checked_categories(driver))
        fieldsets = driver.find_elements(By.CSS_SELECTOR, "#curation fieldset")
        keys = [fieldset.get_attribute("data-key") for fieldset in fieldsets]
        sources = {key: source_of(driver, key) for key in keys}
        self.check("every curation key comes from 配置文件", len(keys) == 7 and all("配置文件" in s for s in sources.values()),
                   sources)
        self.check("the file's budget and reserve are shown as staff type them",
                   driver.find_element(By.ID, "budget").get_attribute("value") == "90%"
                   and driver.find_element(By.ID, "reserve").get_attribute("value") == "0")
        check_no_overflow(self.results, driver, "dashboard 360")
        check_readability(self.results, driver, "dashboard 360", 18, 4.5)
        screenshot(self.results, driver, self.out / "staff-dashboard-idle.png", (WIDTH, HEIGHT))

        refused = page_api(driver, "POST", "sync/pause", with_token=False)
        self.check("a change without the X-CSRF-Token header is refused (403)", refused["status"] == 403, refused)
        stale = page_api(driver, "POST", "sync/pause")
        self.check("a pause while no sync runs is answered with the idle status",
                   stale["status"] == 200 and stale["body"]["state"] == "idle", short(stale))

    def check_disk_bar(self, total):
        driver = self.driver
        status = page_api(driver, "GET", "status")["body"]["disk"]
        widths = js(driver, "const bar = document.getElementById('disk-bar').getBoundingClientRect(); "
                            "return ['disk-cache', 'disk-other', 'disk-budget'].map((id) => { "
                            "const r = document.getElementById(id).getBoundingClientRect(); "
                            "return [r.width / bar.width, (r.left - bar.left) / bar.width]; });")
        other = (total - status["freeBytes"] - status["cacheBytes"]) / total
        self.check("the disk bar is to scale: content, other files, the budget mark at 90 %",
                   abs(widths[0][0] - status["cacheBytes"] / total) < 0.02 and abs(widths[1][0] - other) < 0.02
                   and abs(widths[2][1] - 0.9) < 0.02, f"{widths} for {status}")

    def first_sync(self):
        driver, server, pool = self.driver, self.server, self.server.pool
        before = last_summary(driver)
        click(driver, driver.find_element(By.ID, "sync-now"))
        wait_for(lambda: text(driver, "sync-message"), 10, "the answer to 立即更新内容")
        self.check("立即更新内容 starts a sync", "已开始更新" in text(driver, "sync-message"), text(driver, "sync-message"))
        summary = wait_for_sync(driver, before, "the first sync's summary")
        started = calls(driver, "/sync")
        self.check("立即更新内容 sends the session's CSRF token and is answered 202",
                   len(started) == 1 and started[0]["csrf"] == page_api(driver, "GET", "session")["token"]
                   and started[0]["status"] == 202, started)
        states = seen_states(driver)
        self.check("the page showed the sync running (over events) before it finished",
                   any(s in ("checking", "downloading", "installing") for s in states), states)
        resources = pool.resources()
        self.require("the last sync finished with the 17 demo resources added",
                     len(resources) == 17 and "完成" in summary and "新增 17 个" in summary and "删除 0 个" in summary,
                     summary)
        self.synced = True
        files = pool.files(resources)
        self.check("the summary gives the bytes downloaded", f"下载 {size(sum(files.values()))}" in summary, summary)
        self.check("no failures are listed", not shown(driver, "failures-title"))
        plan = facts(driver, "plan-list")
        status = page_api(driver, "GET", "status")["body"]
        total = server.disk_total()
        self.check("the plan: 17 to download with their size, none to keep, delete or leave out",
                   plan.get("要下载") == f"17 个节目，{size(sum(files.values()))}" and plan.get("保留", "").startswith("0 ")
                   and plan.get("要删除", "").startswith("0 ") and plan.get("放不下（超出预算）", "").startswith("0 "), plan)
        # What fits: the budget, or less when the disk has less free space (free now + what arrived).
        room = min(math.floor(total * 0.9), status["disk"]["freeBytes"] + status["disk"]["cacheBytes"])
        self.check("the plan's room is the budget or the free space, whichever is less",
                   plan.get("最多能放（预算和空闲空间以内）") == size(status["plan"]["budgetBytes"])
                   and abs(status["plan"]["budgetBytes"] - room) < 0.02 * total, f"{plan} for {status['disk']}")
        wait_for(lambda: facts(driver, "disk-list").get("学习内容") == size(sum(files.values())), 10,
                 "the content on disk in the disk figures")
        self.check("the disk figures show the content now on disk", True)
        self.check_disk_bar(total)
        self.check("立即更新内容 is enabled again", enabled(driver, "sync-now"))
        categories = server.menu_categories()
        expected = [name for name in TOP_LEVEL if pool.resources(name)]
        self.check("the menu API lists the demo's categories", categories == expected, categories)
        check_no_overflow(self.results, driver, "synced dashboard 360")
        check_readability(self.results, driver, "synced dashboard 360", 18, 4.5)
        screenshot(self.results, driver, self.out / "staff-dashboard-synced.png", (WIDTH, HEIGHT))

    def curation(self):
        driver, server, pool = self.driver, self.server, self.server.pool
        self.require("(needs the first sync)", self.synced)
        box = driver.find_element(By.CSS_SELECTOR, f"#categories input[value='{KEEP_CATEGORY}']")
        click(driver, box)
        self.check("an edited key says 工作人员设置 before saving", "工作人员设置" in source_of(driver, "categories"))
        click(driver, driver.find_element(By.ID, "save"))
        wait_for(lambda: "已保存" in text(driver, "curation-message"), 10, "the saved message")
        self.check("after saving, categories come from 工作人员设置 and only 养生保健 is checked",
                   "工作人员设置" in source_of(driver, "categories") and checked_categories(driver) == [KEEP_CATEGORY],
                   f"{source_of(driver, 'categories')} {checked_categories(driver)}")
        saved = calls(driver, "/curation")
        token = page_api(driver, "GET", "session")["token"]
        self.check("saving sent PUT with the session's CSRF token",
                   saved and saved[-1]["method"] == "PUT" and saved[-1]["csrf"] == token and saved[-1]["status"] == 200,
                   saved)
        screenshot(self.results, driver, self.out / "staff-curation.png", (WIDTH, HEIGHT))

        driver.refresh()
        wait_for(lambda: dashboard_ready(driver), 10, "the dashboard after a reload")
        self.check("a reload keeps the session and the saved curation",
                   checked_categories(driver) == [KEEP_CATEGORY] and "工作人员设置" in source_of(driver, "categories"),
                   checked_categories(driver))
        watch(driver)

        before = last_summary(driver)
        click(driver, driver.find_element(By.ID, "sync-now"))
        summary = wait_for_sync(driver, before, "the second sync's summary")
        kept = len(pool.resources(KEEP_CATEGORY))
        evicted = len(pool.resources()) - kept
        self.check(f"the next sync keeps {kept} and evicts the other {evicted}",
                   f"新增 0 个，保留 {kept} 个，删除 {evicted} 个" in summary, summary)
        plan = facts(driver, "plan-list")
        self.check("its plan says what is deleted", plan.get("要删除", "").startswith(f"{evicted} 个节目"), plan)
        files = pool.files(pool.resources(KEEP_CATEGORY))
        wait_for(lambda: facts(driver, "disk-list").get("学习内容") == size(sum(files.values())), 10,
                 "the disk figures after the eviction")
        self.check("the disk figures show only the kept content", True)
        categories = server.menu_categories()
        self.check("the menu API (GET /api/v1/home) lists 养生保健 only", categories == [KEEP_CATEGORY], categories)

        reset = driver.find_element(By.CSS_SELECTOR, "fieldset[data-key=categories] .reset")
        click(driver, reset)
        wait_for(lambda: "配置文件" in source_of(driver, "categories"), 10, "categories back to the file's value")
        self.check("恢复配置文件的值: back to 配置文件, nothing checked (all categories)", not checked_categories(driver),
                   checked_categories(driver))
        effective = page_api(driver, "GET", "curation")["body"]
        self.check("the service has the file's categories again",
                   effective["sources"]["categories"] == "config" and effective["curation"]["categories"] == [],
                   effective)

    def pause_and_resume(self):
        driver, pool = self.driver, self.server.pool
        self.require("(needs the first sync)", self.synced)
        pool.publish_copies()
        before = last_summary(driver)
        js(driver, "window.staffWatch.states = [];")
        click(driver, driver.find_element(By.ID, "sync-now"))
        # 暂停 is enabled while the sync checks or downloads; click it as soon as it is.
        clickable = wait_for(lambda: enabled(driver, "pause")
                             or (state(driver) == "idle" and last_summary(driver) != before) and "ended",
                             SYNC_SECONDS, "暂停 to be enabled")
        if clickable is True:
            click(driver, driver.find_element(By.ID, "pause"))
            try:
                wait_for(lambda: calls(driver, "/sync/pause"), 5, "the pause request")
            except TimeoutError:
                if enabled(driver, "pause"):
                    raise
                clickable = "disabled before the click"      # the sync moved on between the check and the click
        landed = wait_for(lambda: state(driver) in ("paused", "idle") and state(driver), SYNC_SECONDS,
                          "the paused state (or the end of the sync)")
        token = page_api(driver, "GET", "session")["token"]
        paused = calls(driver, "/sync/pause")
        if clickable is True:
            self.check("暂停 sends the session's CSRF token and is answered",
                       paused and paused[0]["csrf"] == token and paused[0]["status"] == 200, paused)
        if landed == "paused":
            self.paused(token)
        else:
            print(f"      (the sync ended before the pause landed ({clickable}): "
                  "the paused state is not checked this run)")
        total = len(pool.resources())
        summary = wait_for_sync(driver, before, "the third sync's summary")
        added = total - len(pool.resources(KEEP_CATEGORY))
        self.check(f"the sync finishes with the other {added} resources (the {COPIES} big copies too) added",
                   f"新增 {added} 个" in summary and "删除 0 个" in summary, summary)
        self.check("no failures are listed (a pause interrupts copies, it does not fail them)",
                   not shown(driver, "failures-title"), text(driver, "failures"))
        categories = self.server.menu_categories()
        self.check("the menu API lists every category again", len(categories) == len(
            [name for name in TOP_LEVEL if pool.resources(name)]), categories)

    def paused(self, token):
        driver = self.driver
        self.check("the page says 已暂停", "已暂停" in text(driver, "state"), text(driver, "state"))
        self.check("while paused: 继续 is enabled, 暂停 and 立即更新内容 are not",
                   enabled(driver, "resume") and not enabled(driver, "pause") and not enabled(driver, "sync-now"))
        first = page_api(driver, "GET", "status")["body"]
        self.check("the service says paused, with no file in flight",
                   first["state"] == "paused" and 0 <= first["bytesDone"] <= first["bytesTotal"]
                   and not first.get("current"),
                   short(first))
        print(f'      (paused after {first["bytesDone"]} of {first["bytesTotal"]} bytes)')
        time.sleep(1.0)
        second = page_api(driver, "GET", "status")["body"]
        self.check("nothing more arrives while paused",
                   second["state"] == "paused" and second["bytesDone"] == first["bytesDone"],
                   f'{first["bytesDone"]} then {second["bytesDone"]} ({second["state"]})')
        self.check("the progress shows what arrived so far",
                   shown(driver, "progress") and f"已下载 {size(first['bytesDone'])}" in text(driver, "overall-text"),
                   text(driver, "overall-text"))
        check_no_overflow(self.results, driver, "paused dashboard 360")
        js(driver, "document.getElementById('sync').scrollIntoView();")
        screenshot(self.results, driver, self.out / "staff-dashboard-paused.png", (WIDTH, HEIGHT))
        click(driver, driver.find_element(By.ID, "resume"))
        wait_for(lambda: calls(driver, "/sync/resume"), 10, "the resume request")
        resumed = calls(driver, "/sync/resume")
        self.check("继续 sends the session's CSRF token and is answered",
                   resumed[0]["csrf"] == token and resumed[0]["status"] == 200, resumed)
        wait_for(lambda: state(driver) != "paused", 10, "the sync to go on")
        self.check("the page no longer says 已暂停", "已暂停" not in text(driver, "state"), text(driver, "state"))

    def button_check(self):
        driver, server = self.driver, self.server
        panel = driver.find_element(By.ID, "buttons")
        self.check("按钮测试 is closed at first (no stream until it is opened)",
                   panel.get_attribute("open") is None and not text(driver, "buttons-state"))
        click(driver, driver.find_element(By.CSS_SELECTOR, "#buttons > summary"))
        wait_for(lambda: "已连接" in text(driver, "buttons-state"), 10, "the button check to connect")
        sources = wait_for(lambda: [item.text for item in driver.find_elements(By.CSS_SELECTOR, "#button-sources li")],
                           10, "the keypads listened to")
        self.check("it lists the keypads the service listens to",
                   sources == [f"按键设备 {server.keypad}", f"按键设备 {server.missing_keypad}"], sources)
        problems = wait_for(lambda: [item.text for item in driver.find_elements(By.CSS_SELECTOR, "#button-problems li")],
                            10, "the unplugged keypad's problem")
        self.check("the keypad that failed at start-up is shown as not working, with the reason",
                   len(problems) == 1 and f"无法使用：按键设备 {server.missing_keypad}" in problems[0]
                   and "No such file" in problems[0], problems)
        self.check("before any press the list says so", shown(driver, "presses-empty"))

        for code, key, action in ((KEY_ENTER, "KEY_ENTER", "确定"), (KEY_RIGHT, "KEY_RIGHT", "下一个")):
            count = len(presses(driver))
            server.press_key(code)
            row = wait_for(lambda: len(presses(driver)) > count and presses(driver)[0], 10, f"the press of {key}")
            self.check(f"a press of {key} on the keypad shows at the top: time, {action}, 按下, the input",
                       row["action"] == action and row["kind"] == "按下" and row["input"] == f"{server.keypad}:{key}"
                       and re.fullmatch(r"\d{1,2}:\d{2}:\d{2}", row["time"]), row)
        count = len(presses(driver))
        server.press_key(KEY_ESC, held=0.01)                           # shorter than min_press_ms (30 ms)
        row = wait_for(lambda: len(presses(driver)) > count and presses(driver)[0], 10, "the too-short press")
        self.check("a too-short press is shown plainly as noise, ignored, with why",
                   row["kind"] == "干扰，已忽略" and row["action"] == "返回" and "太短" in row["detail"], row)
        self.check("presses are listed newest first",
                   [row["action"] for row in presses(driver)][:3] == ["返回", "下一个", "确定"], presses(driver))
        check_no_overflow(self.results, driver, "button check 360")
        check_readability(self.results, driver, "button check 360", 18, 4.5)
        js(driver, "document.getElementById('presses').scrollIntoView({block: 'center'});")
        screenshot(self.results, driver, self.out / "staff-buttons.png", (WIDTH, HEIGHT))

        driver.refresh()
        wait_for(lambda: dashboard_ready(driver), 10, "the dashboard after a reload")
        watch(driver)
        click(driver, driver.find_element(By.CSS_SELECTOR, "#buttons > summary"))
        wait_for(lambda: driver.find_elements(By.CSS_SELECTOR, "#button-problems li"), 10, "the problem again")
        self.check("opened again after a reload: the failed keypad is shown again, no old presses",
                   not presses(driver) and shown(driver, "presses-empty"))
        click(driver, driver.find_element(By.CSS_SELECTOR, "#buttons > summary"))

    def logout(self):
        driver = self.driver
        driver.find_element(By.ID, "logout").click()
        wait_for(lambda: shown(driver, "login"), 10, "the login form after logout")
        driver.refresh()
        wait_for(lambda: shown(driver, "login") or shown(driver, "dashboard"), 10, "the page after a reload")
        self.check("after logout a reload asks for the password",
                   shown(driver, "login") and not shown(driver, "dashboard"))


def main():
    binary, out = arguments(__doc__)
    server = StaffServer(binary, out)

    def body(results, browsers):
        pool = server.pool
        results.require("the demo key re-signs the demo manifest to its published signature",
                        pool.signature(pool.path / "manifest.json") == (DEMO_POOL / "manifest.json.sig").read_text())
        pool.start_growing()
        server.start()
        print(f"server on {server.base}, pool {pool.path}", flush=True)
        run_ = Run(results, server, browsers.start("staff", WIDTH, HEIGHT, mobile=True), out)
        results.section("login", run_.login)
        results.section("dashboard before any sync", run_.before_sync)
        results.section("button check", run_.button_check)
        results.section("the first sync", run_.first_sync)
        results.section("curation", run_.curation)
        results.section("pause and resume", run_.pause_and_resume)
        results.section("logout", run_.logout)

    return run("staff browser tests", server, out, body, WATCHDOG_SECONDS)


if __name__ == "__main__":
    sys.exit(main())
