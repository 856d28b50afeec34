#!/usr/bin/env python3
"""Browser tests for the Yinling Kiosk pages, against the real server and a real Chromium.

What this proves
  * TV page (/tv/, 1920x1080): with the four keys only (arrows, Enter, Escape) a learner goes
    home -> 养生保健 -> the series -> an episode, the H.264/AAC video really plays, Escape
    returns to the series, and the play log holds a finished 'tv' play with played seconds.
    Paging: focus crosses pages and wraps both ways; the pager reads "第 n/m 页".
    Readability floors (KIOSK-UX): every visible text >= 40 px (title >= 56 px), line height
    >= 1.3 x font size, contrast >= 7:1; <= 6 tiles a page; the focused tile differs by ring
    and scale, not by colour alone.
  * Click sound: with the demo's default `[buttons] sound = true` the page has it on and plays
    one click for a press the TV acted on (ArrowRight) and none for Escape on home; a second
    server (`yinling install` + `yinling serve`, `sound = false`) gives a page with it off that
    plays none. The page's counters are checked (data-click-sound, data-clicks), not the audio.
  * Browser restart: the keyboard leads to a series with the second tile focused; that browser
    is quit entirely, a new one opened on /tv/ shows the same screen, tiles and focus (the
    server owns the state), and Escape goes on from there.
  * Phone page (/, 390x844 and 320x700, mobile): category rows are >= 60x60 px targets, no
    horizontal overflow, text >= 18 px with contrast >= 4.5:1; tapping a category, a resource
    and "▶ 播放" plays the video and logs a 'phone' play before playback.
  * 200 % text zoom (browser default font 32 px) at 320 px: the root font doubles, and home,
    a category and a resource page still fit the width, play button included.

How to run (from the repository root; the server binary must be built):
    python3 Tests/Browser/test_pages.py --yinling .build/debug/yinling --out .build/browser

Needs selenium 4, /usr/bin/chromium and /usr/bin/chromedriver. Starts `yinling demo --port 0`
itself and always stops it. Screenshots and logs go to --out. Exit status 0 when every check
passed, 1 otherwise. The whole run is bounded by a watchdog (WATCHDOG_SECONDS).
"""

import argparse
import atexit
import json
import math
import os
import queue
import re
import signal
import sqlite3
import struct
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

os.environ.setdefault("SE_OFFLINE", "true")   # never let Selenium Manager go to the network

from selenium import webdriver
from selenium.common.exceptions import WebDriverException
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

REPO = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
WATCHDOG_SECONDS = 170
SERVER_START_SECONDS = 60

HOME_CATEGORY = "养生保健"          # holds the series 太极拳入门 (4 episodes)
PHONE_CATEGORY = "科技应用"         # holds the series 手机微信课 and one single resource
PHONE_RESOURCE = "用手机查公交和地铁"


class CheckFailed(AssertionError):
    """A check that later checks depend on failed: the rest of the section is skipped."""


class Watchdog(BaseException):
    """The whole run took too long. Not an Exception, so no section swallows it."""


# ---------------------------------------------------------------------------------------------
# Results

class Results:
    def __init__(self):
        self.passed = 0
        self.failures = []

    def check(self, name, ok, detail=""):
        """Records one check; returns whether it passed."""
        if ok:
            self.passed += 1
            print(f"ok    {name}", flush=True)
        else:
            self.failures.append(f"{name}: {detail}")
            print(f"FAIL  {name}: {detail}", flush=True)
        return ok

    def require(self, name, ok, detail=""):
        """Like check, but a failure stops the current section."""
        if not self.check(name, ok, detail):
            raise CheckFailed(name)

    def section(self, name, body, *args):
        """Runs one section; an unexpected error is one more failure, not the end of the run."""
        print(f"--- {name}", flush=True)
        try:
            body(*args)
        except CheckFailed as failed:
            print(f"      (rest of '{name}' skipped after: {failed})", flush=True)
        except (WebDriverException, TimeoutError, AssertionError, sqlite3.Error, OSError) as error:
            self.check(f"{name}: ran to the end", False, f"{type(error).__name__}: {short(error)}")


def short(value, limit=300):
    text = " ".join(str(value).split())
    return text if len(text) <= limit else text[:limit] + "…"


def wait_for(probe, timeout, what, interval=0.05):
    """Polls probe() until it returns something truthy; raises TimeoutError naming `what`."""
    deadline = time.monotonic() + timeout
    last = None
    while True:
        last = probe()
        if last:
            return last
        if time.monotonic() >= deadline:
            raise TimeoutError(f"timed out after {timeout} s waiting for {what}")
        time.sleep(interval)


# ---------------------------------------------------------------------------------------------
# The server

def serve(binary, config, out, name):
    """`yinling serve --config`, once it has said its port: (process, its stderr log, port)."""
    stderr = open(out / f"{name}-stderr.log", "wb")
    process = subprocess.Popen([str(binary), "serve", "--config", str(config)], cwd=REPO,
                               stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=stderr)
    lines = queue.Queue()
    threading.Thread(target=lambda: [lines.put(raw.decode("utf-8", "replace")) for raw in process.stdout],
                     daemon=True).start()
    deadline = time.monotonic() + SERVER_START_SECONDS
    while True:
        if time.monotonic() > deadline or process.poll() is not None:
            stop_process(process)
            stderr.close()
            raise RuntimeError(f"yinling serve did not come up (exit status {process.poll()}); "
                               f"see {out}/{name}-stderr.log")
        try:
            line = lines.get(timeout=0.5)
        except queue.Empty:
            continue
        if match := re.search(r"listening http://127\.0\.0\.1:(\d+)/", line):
            return process, stderr, int(match.group(1))


def stop_process(process):
    """SIGTERM, then SIGKILL if it has not gone within 10 s."""
    if process is not None and process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


class DemoServer:
    """`yinling demo --port 0`, with its port and data directory read from its stdout."""

    def __init__(self, binary, out):
        self.binary = binary
        self.out = out
        self.process = None
        self.lines = queue.Queue()
        self.port = None
        self.data_dir = None

    def start(self):
        self.stderr = open(self.out / "server-stderr.log", "wb")
        self.process = subprocess.Popen(
            [str(self.binary), "demo", "--port", "0"], cwd=REPO,
            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=self.stderr)
        threading.Thread(target=self._pump, daemon=True).start()
        deadline = time.monotonic() + SERVER_START_SECONDS
        while self.port is None or self.data_dir is None:
            remaining = deadline - time.monotonic()
            if remaining <= 0 or self.process.poll() is not None:
                raise RuntimeError(f"the demo server did not come up (exit status {self.process.poll()}); "
                                   f"see {self.out}/server-stdout.log and server-stderr.log")
            try:
                line = self.lines.get(timeout=min(remaining, 0.5))
            except queue.Empty:
                continue
            if match := re.search(r"listening http://127\.0\.0\.1:(\d+)/", line):
                self.port = int(match.group(1))
            if match := re.search(r"\(data in (.+?), removed on exit\)", line):
                self.data_dir = Path(match.group(1))
        return self

    def _pump(self):
        with open(self.out / "server-stdout.log", "w", encoding="utf-8") as log:
            for raw in self.process.stdout:
                line = raw.decode("utf-8", "replace")
                log.write(line)
                log.flush()
                self.lines.put(line)

    @property
    def base(self):
        return f"http://127.0.0.1:{self.port}"

    @property
    def database(self):
        return self.data_dir / "data" / "kiosk.sqlite"

    def api(self, path):
        with urllib.request.urlopen(self.base + path, timeout=10) as response:
            return json.load(response)

    def plays(self, **where):
        """Rows of the play table (read-only connection; the server keeps writing in WAL mode)."""
        uri = f"file:{urllib.parse.quote(str(self.database))}?mode=ro"
        connection = sqlite3.connect(uri, uri=True, timeout=5)
        try:
            connection.row_factory = sqlite3.Row
            clause = " AND ".join(f"{column} = ?" for column in where) or "1"
            rows = connection.execute(f"SELECT * FROM play WHERE {clause}", tuple(where.values())).fetchall()
            return [dict(row) for row in rows]
        finally:
            connection.close()

    def stop(self):
        process, self.process = self.process, None
        if process is None:
            return
        stop_process(process)
        self.stderr.close()


# ---------------------------------------------------------------------------------------------
# Chromium

class Browsers:
    """Every driver started, so that all of them are quit at the end."""

    def __init__(self, out):
        self.out = out
        self.drivers = []

    def start(self, name, width, height, mobile, prefs=None):
        options = Options()
        options.binary_location = CHROMIUM
        for argument in ("--headless=new", "--no-sandbox", "--autoplay-policy=no-user-gesture-required",
                         "--mute-audio", "--force-device-scale-factor=1", f"--window-size={width},{height}",
                         "--disable-gpu", "--disable-dev-shm-usage"):
            options.add_argument(argument)
        if prefs:
            options.add_experimental_option("prefs", prefs)
        options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
        service = Service(CHROMEDRIVER, log_output=str(self.out / f"chromedriver-{name}.log"))
        driver = webdriver.Chrome(service=service, options=options)
        driver.yinling_name = name
        self.drivers.append(driver)
        driver.set_page_load_timeout(20)
        driver.set_script_timeout(10)
        set_viewport(driver, width, height, mobile)
        return driver

    def quit(self, driver):
        """Quits one browser entirely (Chromium and chromedriver), keeping its console log."""
        self.drivers.remove(driver)
        try:
            logs = driver.get_log("browser")
            with open(self.out / f"console-{driver.yinling_name}.log", "w", encoding="utf-8") as file:
                for entry in logs:
                    file.write(f"{entry.get('level')} {entry.get('message')}\n")
        except Exception:
            pass
        try:
            driver.quit()
        except Exception:
            try:
                driver.service.process.kill()
            except Exception:
                pass

    def quit_all(self):
        while self.drivers:
            self.quit(self.drivers[-1])


def set_viewport(driver, width, height, mobile):
    """window-size alone gives a wrong innerHeight in headless mode; the emulation is exact."""
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                           {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": mobile})


def screenshot(results, driver, path, size):
    driver.save_screenshot(str(path))
    with open(path, "rb") as file:
        header = file.read(24)
    actual = struct.unpack(">II", header[16:24]) if header[:8] == b"\x89PNG\r\n\x1a\n" else None
    results.check(f"screenshot {path.name} is {size[0]}x{size[1]}", actual == size, f"got {actual}")


def js(driver, script, *args):
    return driver.execute_script(script, *args)


# ---------------------------------------------------------------------------------------------
# Readability: font size, line height and contrast of every visible text element

VISIBLE_TEXT_ELEMENTS = """
const found = [];
for (const el of document.body.querySelectorAll('*')) {
  const hasText = Array.from(el.childNodes).some((n) => n.nodeType === 3 && n.textContent.trim());
  if (!hasText) continue;
  const style = getComputedStyle(el);
  const rect = el.getBoundingClientRect();
  if (rect.width === 0 || rect.height === 0) continue;
  if (style.display === 'none' || style.visibility === 'hidden') continue;
  if (el.closest('[hidden]')) continue;
  const player = document.getElementById('player');
  if (player && player.hidden && player.contains(el)) continue;
  const backgrounds = [];
  for (let node = el; node; node = node.parentElement) backgrounds.push(getComputedStyle(node).backgroundColor);
  found.push({
    tag: el.tagName.toLowerCase(), id: el.id, cls: el.className && String(el.className),
    text: el.textContent.trim().slice(0, 40), fontSize: style.fontSize, lineHeight: style.lineHeight,
    color: style.color, backgrounds,
  });
}
return found;
"""


def parse_color(text):
    """'rgb(1, 2, 3)', 'rgba(1, 2, 3, 0.5)' or 'rgb(1 2 3 / 0.5)' -> (r, g, b, a) with r,g,b 0–255."""
    match = re.fullmatch(r"rgba?\((.*)\)", text.strip())
    if not match:
        raise ValueError(f"cannot parse colour {text!r}")
    parts = [p for p in re.split(r"[\s,/]+", match.group(1)) if p]
    r, g, b = (float(p) for p in parts[:3])
    a = float(parts[3].rstrip("%")) / (100 if parts[3].endswith("%") else 1) if len(parts) > 3 else 1.0
    return r, g, b, a


def over(top, bottom):
    """Composites colour `top` (with alpha) over the opaque colour `bottom`."""
    r, g, b, a = top
    return tuple(a * c + (1 - a) * d for c, d in zip((r, g, b), bottom[:3])) + (1.0,)


def effective_background(backgrounds):
    """The colour behind an element: its own and its ancestors' backgrounds (element first, html
    last), composited from the nearest opaque one upwards; white (the canvas) if none is opaque."""
    layers = [parse_color(text) for text in backgrounds]
    base = (255.0, 255.0, 255.0, 1.0)
    for index, layer in enumerate(layers):
        if layer[3] >= 1:
            base = layer
            layers = layers[:index]
            break
    for layer in reversed(layers):
        if layer[3] > 0:
            base = over(layer, base)
    return base


def luminance(color):
    def channel(value):
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (channel(v) for v in color[:3])
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(foreground, background):
    lighter, darker = sorted((luminance(foreground), luminance(background)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def describe(item):
    selector = item["tag"] + (f"#{item['id']}" if item["id"] else "") + \
        "".join(f".{c}" for c in (item["cls"] or "").split())
    return f"<{selector}> {item['text']!r}"


def px(value):
    return float(value[:-2]) if value.endswith("px") else None


def check_readability(results, driver, where, min_font, min_contrast, title_min=None, line_height=None):
    """One check each for font size, line height (when given) and contrast over all visible text."""
    items = js(driver, VISIBLE_TEXT_ELEMENTS)
    results.check(f"{where}: visible text elements found", len(items) > 0, "none found")
    small, tight, faint = [], [], []
    for item in items:
        size = px(item["fontSize"])
        floor = title_min if title_min and item["tag"] == "h1" and item["id"] == "title" else min_font
        if size is None or size < floor:
            small.append(f"{describe(item)} font-size {item['fontSize']} < {floor}px")
        if line_height and size is not None:
            height = px(item["lineHeight"])
            if height is None or height + 0.05 < line_height * size:
                tight.append(f"{describe(item)} line-height {item['lineHeight']} < {line_height} x {item['fontSize']}")
        background = effective_background(item["backgrounds"])
        foreground = parse_color(item["color"])
        if foreground[3] < 1:
            foreground = over(foreground, background)
        ratio = contrast(foreground, background)
        if ratio < min_contrast:
            faint.append(f"{describe(item)} contrast {ratio:.2f}:1 ({item['color']} on "
                         f"rgb{tuple(round(c) for c in background[:3])}) < {min_contrast}:1")
    floors = f"text >= {min_font}px" + (f", h1#title >= {title_min}px" if title_min else "")
    results.check(f"{where}: {floors} ({len(items)} elements)", not small, "; ".join(small))
    if line_height:
        results.check(f"{where}: line-height >= {line_height} x font-size", not tight, "; ".join(tight))
    results.check(f"{where}: contrast >= {min_contrast}:1", not faint, "; ".join(faint))


OVERFLOW = """
const root = document.documentElement;
const width = root.clientWidth;
const outside = (r) => r.width > 0 && r.height > 0 && (r.right > width + 1 || r.left < -1);
const name = (el) => `<${el.tagName.toLowerCase()}${el.className ? '.' + String(el.className).split(' ').join('.') : ''}>`;
const wide = [];
for (const el of document.body.querySelectorAll('*')) {          // boxes past the edge (innermost)
  if (!outside(el.getBoundingClientRect())) continue;
  if (Array.from(el.children).some((c) => outside(c.getBoundingClientRect()))) continue;
  const r = el.getBoundingClientRect();
  wide.push(`${name(el)} box ${Math.round(r.left)}..${Math.round(r.right)}`);
}
const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
for (let node = walker.nextNode(); node; node = walker.nextNode()) {   // text spilling out of its box
  if (!node.textContent.trim()) continue;
  const range = document.createRange();
  range.selectNodeContents(node);
  const r = range.getBoundingClientRect();
  if (!outside(r)) continue;
  const box = node.parentElement.getBoundingClientRect();
  wide.push(`text ${JSON.stringify(node.textContent.trim().slice(0, 16))} in ${name(node.parentElement)} `
    + `(box ${Math.round(box.left)}..${Math.round(box.right)}, ${Math.round(box.width)} px wide) reaches ${Math.round(r.right)}`);
}
return { scrollWidth: root.scrollWidth, clientWidth: width, wide: wide.slice(0, 6), count: wide.length };
"""


def check_no_overflow(results, driver, where):
    found = js(driver, OVERFLOW)
    results.check(f"{where}: no horizontal overflow", found["scrollWidth"] <= found["clientWidth"] + 1,
                  f"scrollWidth {found['scrollWidth']} > clientWidth {found['clientWidth']}; "
                  f"{found['count']} past the right edge, e.g. {'; '.join(found['wide'])}")


def wait_video_playing(results, driver, where, video_js):
    """currentTime passes 1.5 s, then still increases between two readings 0.6 s apart."""
    probe = f"const v = {video_js}; return v ? v.currentTime : -1;"
    try:
        wait_for(lambda: js(driver, probe) > 1.5, 25, f"{where} video currentTime > 1.5 s", 0.2)
    except TimeoutError as error:
        info = js(driver, f"const v = {video_js}; return v && {{t: v.currentTime, paused: v.paused, "
                          "ready: v.readyState, network: v.networkState, error: v.error && v.error.code, "
                          "src: v.currentSrc}};")
        results.require(f"{where}: video plays past 1.5 s", False, f"{error}; video: {info}")
    first = js(driver, probe)
    time.sleep(0.6)
    second = js(driver, probe)
    results.require(f"{where}: video plays past 1.5 s and keeps going", second > first,
                    f"currentTime {first:.2f} then {second:.2f}")
    return second


# ---------------------------------------------------------------------------------------------
# TV page

def tv_state(driver):
    return js(driver, "return window.yinlingState ? JSON.parse(JSON.stringify(window.yinlingState)) : null;")


def press(driver, key, until=None, what=None, timeout=5):
    """Sends one key to the page, then waits for the navigation state to satisfy `until`
    (by default: any change, with no load pending). Returns the new state."""
    before = tv_state(driver)
    ActionChains(driver).send_keys(key).perform()
    if until is None:
        until = lambda state: state != before and not state["pending"]
    return wait_for(lambda: (lambda s: s if s and until(s) else None)(tv_state(driver)),
                    timeout, what or f"the state to change after {key!r}")


def focused(state):
    return state["items"][state["focus"]] if state["items"] else None


def moved(before):
    return lambda s: (s["page"], s["focus"]) != (before["page"], before["focus"])


def focus_on(driver, predicate, what, limit=24):
    """Presses ArrowRight until the focused item satisfies predicate."""
    state = tv_state(driver)
    for _ in range(limit):
        if focused(state) and predicate(focused(state)):
            return state
        state = press(driver, Keys.ARROW_RIGHT, moved(state))
    raise CheckFailed(f"never reached {what} with ArrowRight")


def tv_tests(results, server, browsers, out):
    driver = browsers.start("tv", 1920, 1080, mobile=False)
    driver.get(server.base + "/tv/")
    state = wait_for(lambda: (lambda s: s if s and s["screen"] == "home" and s["items"] and not s["pending"]
                              else None)(tv_state(driver)), 15, "the TV home screen")
    viewport = js(driver, "return [innerWidth, innerHeight];")
    results.check("tv: viewport is 1920x1080", viewport == [1920, 1080], f"got {viewport}")
    results.require("tv: home shows category tiles", any(i["kind"] == "category" for i in state["items"]),
                    f"items: {state['items']}")
    results.check("tv: h1#title is 银龄学习站", driver.find_element(By.CSS_SELECTOR, "h1#title").text == "银龄学习站",
                  driver.find_element(By.CSS_SELECTOR, "h1#title").text)
    check_tiles(results, driver, state, "tv home")
    check_readability(results, driver, "tv home", 40, 7, title_min=56, line_height=1.3)
    check_focus_ring(results, driver)
    screenshot(results, driver, out / "tv-home.png", (1920, 1080))
    check_click_sound(results, driver, "on")

    # home -> 养生保健 -> series -> first unfinished episode
    focus_on(driver, lambda item: item["kind"] == "category" and item["title"] == HOME_CATEGORY, HOME_CATEGORY)
    state = press(driver, Keys.ENTER, lambda s: s["screen"] == "category" and not s["pending"], "the category screen")
    results.require(f"tv: Enter on {HOME_CATEGORY} opens the category",
                    state["title"] == HOME_CATEGORY, f"title {state['title']!r}")
    state = focus_on(driver, lambda item: item["kind"] == "series", "a series tile")
    series_name = focused(state)["id"]
    state = press(driver, Keys.ENTER, lambda s: s["screen"] == "series" and not s["pending"], "the series screen")
    results.require("tv: Enter on the series tile opens the series", state["title"] == series_name,
                    f"title {state['title']!r}, expected {series_name!r}")
    check_series_focus(results, server, state, series_name)
    check_tiles(results, driver, state, "tv series")
    results.check("tv series: #pager hidden on a one-page screen",
                  state["pages"] > 1 or not driver.find_element(By.ID, "pager").is_displayed(),
                  f"pages {state['pages']}, pager shown")
    check_readability(results, driver, "tv series", 40, 7, title_min=56, line_height=1.3)
    screenshot(results, driver, out / "tv-series.png", (1920, 1080))

    # play, then Escape back to the series; the play log has the finished play
    episode = focused(state)["id"]
    state = press(driver, Keys.ENTER, lambda s: s["screen"] == "player" and s["player"], "the player")
    resource = state["player"]["resource"]
    results.check("tv: Enter plays the focused episode", resource == episode, f"playing {resource}, focused {episode}")
    wait_video_playing(results, driver, "tv player", "document.getElementById('video')")
    screenshot(results, driver, out / "tv-player.png", (1920, 1080))
    state = press(driver, Keys.ESCAPE, lambda s: s["screen"] == "series", "Escape back to the series")
    results.check("tv: Escape in the player returns to the series with the played episode focused",
                  focused(state) and focused(state)["id"] == resource, f"focused {focused(state)}")
    check_play_logged(results, server, "tv", resource, ended=True)

    # back home, then paging
    for _ in range(4):
        if state["screen"] == "home":
            break
        state = press(driver, Keys.ESCAPE, lambda s, before=state["screen"]: s["screen"] != before,
                      "Escape to go up a level")
    results.require("tv: Escape leads back home", state["screen"] == "home", f"screen {state['screen']}")
    check_paging(results, server, driver, state)


def wait_tv_screen(driver, what, until=lambda state: True):
    """Waits for the page to draw a settled state (tiles, nothing loading) that satisfies `until`."""
    return wait_for(lambda: (lambda s: s if s and s["items"] and not s["pending"] and until(s) else None)(
        tv_state(driver)), 15, what)


def clicks(driver):
    return int(js(driver, "return document.body.dataset.clicks || '0';"))


def click_setting(driver):
    return js(driver, "return document.body.dataset.clickSound || '';")


def check_click_sound(results, driver, expected):
    """The page follows `[buttons] sound` (the state's clickSound): on, one click for each press the
    TV acted on and none for a press it did not act on; off, none at all. Counts the clicks the page
    plays (data-clicks), not what the speakers do."""
    where = f"tv click sound {expected}"
    setting = wait_for(lambda: click_setting(driver) in ("on", "off", "failed") and click_setting(driver), 10,
                       "the click sound to be set up")
    state = tv_state(driver)
    results.require(f"{where}: the state says clickSound {expected == 'on'} and the page is {expected}",
                    state["clickSound"] == (expected == "on") and setting == expected,
                    f"clickSound {state['clickSound']}, data-click-sound {setting!r}")
    results.require(f"{where}: (on home, focus on the first of several tiles)",
                    state["screen"] == "home" and not state["back"] and len(state["items"]) > 1, short(state))
    before, played = state["presses"], clicks(driver)
    ActionChains(driver).send_keys(Keys.ESCAPE).perform()        # 返回 on home: nowhere to go
    state = press(driver, Keys.ARROW_RIGHT, moved(state))
    results.check(f"{where}: the state counts the press the TV acted on, not 返回 on home",
                  state["presses"] == before + 1, f"presses {before} then {state['presses']}")
    if expected == "on":
        try:
            wait_for(lambda: clicks(driver) > played, 5, "the click of that press")
        except TimeoutError:
            pass
        results.check(f"{where}: one click for that press", clicks(driver) == played + 1,
                      f"clicks {played} then {clicks(driver)}")
    else:
        results.check(f"{where}: no click", clicks(driver) == 0, f"{clicks(driver)} clicks played")


def check_tiles(results, driver, state, where):
    tiles = driver.find_elements(By.CSS_SELECTOR, "#grid article.tile")
    focused_tiles = driver.find_elements(By.CSS_SELECTOR, "#grid article.tile.focused")
    results.check(f"{where}: at most 6 tiles, one per item", len(tiles) <= 6 and len(tiles) == len(state["items"]),
                  f"{len(tiles)} tiles for {len(state['items'])} items")
    results.check(f"{where}: exactly the focused item's tile has .focused",
                  len(focused_tiles) == 1 and tiles.index(focused_tiles[0]) == state["focus"],
                  f"{len(focused_tiles)} focused tiles, state focus {state['focus']}")


FOCUS_STYLES = """
return Array.from(document.querySelectorAll('#grid article.tile')).map((tile) => {
  const s = getComputedStyle(tile);
  return { focused: tile.classList.contains('focused'), border: s.borderTopColor, borderWidth: s.borderTopWidth,
           shadow: s.boxShadow, transform: s.transform, background: s.backgroundColor };
});
"""


def check_focus_ring(results, driver):
    styles = js(driver, FOCUS_STYLES)
    ring = [s for s in styles if s["focused"]]
    others = [s for s in styles if not s["focused"]]
    if not results.check("tv home: one focused tile and some unfocused ones", len(ring) == 1 and others,
                         f"{len(ring)} focused, {len(others)} unfocused"):
        return
    ring = ring[0]
    same = [o for o in others if o["border"] == ring["border"] and o["shadow"] == ring["shadow"]]
    results.check("tv home: focused tile has a ring (border colour / box-shadow) unfocused tiles lack",
                  not same and ring["borderWidth"] != "0px",
                  f"focused {ring}; unfocused alike: {same[:1]}")
    results.check("tv home: focused tile is scaled (transform not none, unlike unfocused tiles)",
                  ring["transform"] != "none" and all(o["transform"] != ring["transform"] for o in others),
                  f"focused transform {ring['transform']}, unfocused {[o['transform'] for o in others]}")


def check_series_focus(results, server, state, series_name):
    """With no finished play yet the focus is on episode 1, and it is the server's `next`."""
    series = server.api(f"/api/v1/series/{urllib.parse.quote(series_name)}?source=tv")
    ids = [episode["id"] for episode in series["episodes"]]
    finished = [row for row in server.plays() if row["resourceID"] in ids and row["ended"]]
    expected = ids.index(series["next"]) if series.get("next") in ids else 0
    if not finished:
        results.check("tv series: with no finished plays the server's next episode is episode 1",
                      expected == 0, f"next {series.get('next')!r}, episodes {ids}")
    index = (state["page"] - 1) * 6 + state["focus"]
    results.check("tv series: focus is on the first not-yet-completed episode",
                  index == expected and focused(state)["id"] == ids[expected],
                  f"focus {index} ({focused(state)['id']}), expected {expected} ({ids[expected]})")


def check_play_logged(results, server, source, resource, ended):
    """The play table has a row for this play (allowing 5 s for the end report)."""
    def good_row():
        rows = server.plays(source=source, resourceID=resource)
        return [r for r in rows if (not ended or (r["ended"] == 1 and r["playedSeconds"] > 1))]
    try:
        rows = wait_for(good_row, 5, f"a {source} play row", 0.2)
        results.check(f"{source}: play log has a {'finished ' if ended else ''}'{source}' play of {resource}"
                      + (" with playedSeconds > 1" if ended else ""), True)
        return rows
    except TimeoutError:
        rows = server.plays(source=source, resourceID=resource)
        results.check(f"{source}: play log has a {'finished ' if ended else ''}'{source}' play of {resource}",
                      False, f"rows for it: {rows}")


def check_paging(results, server, driver, state):
    home = server.api("/api/v1/home?source=tv")
    total = len(home["categories"]) + (1 if home.get("popular") else 0) + (1 if home.get("resume") else 0)
    expected_pages = max(1, math.ceil(total / 6))
    results.require("tv home: pages match the home items (6 a page)", state["pages"] == expected_pages,
                    f"pages {state['pages']}, {total} items -> {expected_pages}")
    results.require("tv home: the demo home has more than one page", expected_pages > 1, f"{total} items")
    pager = driver.find_element(By.ID, "pager")
    for _ in range(12):
        if state["page"] == 2:
            break
        state = press(driver, Keys.ARROW_RIGHT, moved(state))
    results.check("tv home: ArrowRight crosses to page 2 with focus on its first tile",
                  state["page"] == 2 and state["focus"] == 0, f"page {state['page']} focus {state['focus']}")
    results.check(f"tv home: #pager shows 第 2/{expected_pages} 页",
                  pager.is_displayed() and pager.text == f"第 2/{expected_pages} 页", f"{pager.text!r}")
    for _ in range(12):
        if state["page"] == state["pages"] and state["focus"] == len(state["items"]) - 1:
            break
        state = press(driver, Keys.ARROW_RIGHT, moved(state))
    last = (state["page"], state["focus"])
    results.require("tv home: reached the last item of the last page",
                    last == (expected_pages, len(state["items"]) - 1), f"page/focus {last}")
    state = press(driver, Keys.ARROW_RIGHT, moved(state))
    results.check("tv home: ArrowRight on the last item wraps to page 1, focus 0",
                  (state["page"], state["focus"]) == (1, 0), f"page {state['page']} focus {state['focus']}")
    results.check("tv home: #pager shows 第 1/n 页 after wrapping",
                  pager.text == f"第 1/{expected_pages} 页", f"{pager.text!r}")
    state = press(driver, Keys.ARROW_LEFT, moved(state))
    results.check("tv home: ArrowLeft on item 0 goes to the last item of the last page",
                  (state["page"], state["focus"]) == last, f"page {state['page']} focus {state['focus']}, expected {last}")


def screen_of(driver):
    """What a learner sees: the screen, its tiles, the focus; and what the page drew of it."""
    state = tv_state(driver)
    drawn = js(driver, "const f = document.querySelector('#grid article.tile.focused'); "
                       "return [document.getElementById('title').textContent, f ? f.dataset.id : null];")
    return {"screen": state["screen"], "title": state["title"], "page": state["page"], "focus": state["focus"],
            "items": [item["id"] for item in state["items"]], "drawn": drawn}


def tv_restart_tests(results, server, browsers, out):
    """The server owns the TV's state: a browser quit on a series screen and started again shows
    that screen, with the same tile focused. No other browser is open meanwhile."""
    browsers.quit_all()
    driver = browsers.start("tv-before-restart", 1920, 1080, mobile=False)
    driver.get(server.base + "/tv/")
    state = wait_tv_screen(driver, "the TV screen")
    if state["screen"] != "home":
        press(driver, Keys.HOME, lambda s: s["screen"] == "home" and not s["pending"], "Home to go home")
    focus_on(driver, lambda item: item["kind"] == "category" and item["title"] == HOME_CATEGORY, HOME_CATEGORY)
    press(driver, Keys.ENTER, lambda s: s["screen"] == "category" and not s["pending"], "the category screen")
    state = focus_on(driver, lambda item: item["kind"] == "series", "a series tile")
    series_name = focused(state)["id"]
    state = press(driver, Keys.ENTER, lambda s: s["screen"] == "series" and not s["pending"], "the series screen")
    state = press(driver, Keys.ARROW_RIGHT, moved(state))       # a focus of its own, not the series' default
    before = screen_of(driver)
    results.require("tv restart: the keyboard led to the series with a tile focused",
                    before["screen"] == "series" and before["title"] == series_name
                    and before["drawn"] == [series_name, before["items"][before["focus"]]], before)
    browsers.quit(driver)
    # No browser: the heartbeat ages (the TV session restarts a browser silent for 60 s).
    time.sleep(2.2)
    silent = server.api("/api/v1/tv/heartbeat")["secondsSinceHeartbeat"]
    results.check("tv heartbeat: ages while no /tv page runs", silent >= 2, f"secondsSinceHeartbeat {silent}")

    driver = browsers.start("tv-after-restart", 1920, 1080, mobile=False)
    driver.get(server.base + "/tv/")
    wait_tv_screen(driver, "the TV screen in the new browser")
    [fresh] = wait_for(lambda: (lambda n: [n] if n < silent else None)(
        server.api("/api/v1/tv/heartbeat")["secondsSinceHeartbeat"]), 5, "a heartbeat from the new page")
    results.check("tv heartbeat: a page that draws a screen sends one at once", fresh <= 1,
                  f"secondsSinceHeartbeat {fresh}")
    after = screen_of(driver)
    results.check("tv restart: a new browser on /tv shows the same screen with the same tile focused",
                  after == before, f"before {before}, after {after}")
    screenshot(results, driver, out / "tv-after-restart.png", (1920, 1080))
    state = press(driver, Keys.ESCAPE, lambda s: s["screen"] == "category" and not s["pending"], "Escape")
    results.check("tv restart: the keys go on from there (Escape: back to the category)",
                  state["title"] == HOME_CATEGORY, f"title {state['title']!r}")


class SiteServer:
    """`yinling serve` on a configuration of its own (`extra` appended) with the demo pool installed
    by `yinling install`, in a temporary directory removed by stop()."""

    def __init__(self, binary, out, name, extra):
        self.binary, self.out, self.name = binary, out, name
        self.directory = tempfile.TemporaryDirectory(prefix=f"yinling-{name}-")
        self.root = Path(self.directory.name)
        self.config = self.root / "yinling.toml"
        self.config.write_text(
            f'[server]\nport = 0\nlog_level = "warning"\n'
            f'[storage]\ndata_dir = "{self.root / "data"}"\ncache_dir = "{self.root / "cache"}"\n'
            f'[pool]\ntrusted_keys = ["{(REPO / "Assets/demo-keys/demo-pool.pub").read_text().strip()}"]\n'
            + extra, encoding="utf-8")
        self.process = None
        self.stderr = None
        self.port = None

    def start(self):
        installed = subprocess.run([str(self.binary), "install", "--config", str(self.config),
                                    str(REPO / "Assets" / "demo-pool")],
                                   cwd=REPO, stdin=subprocess.DEVNULL, capture_output=True, timeout=60)
        if installed.returncode != 0:
            raise RuntimeError(f"yinling install failed: {installed.stderr.decode(errors='replace')}")
        self.process, self.stderr, self.port = serve(self.binary, self.config, self.out, self.name)
        return self

    @property
    def base(self):
        return f"http://127.0.0.1:{self.port}"

    def stop(self):
        process, self.process = self.process, None
        stop_process(process)
        if self.stderr is not None:
            self.stderr.close()
            self.stderr = None
        self.directory.cleanup()


def tv_quiet_tests(results, binary, browsers, out):
    """`[buttons] sound = false`: the page has the click sound off and plays none."""
    server = SiteServer(binary, out, "quiet-server", "[buttons]\nsound = false\n")
    try:
        server.start()
        driver = browsers.start("tv-quiet", 1920, 1080, mobile=False)
        driver.get(server.base + "/tv/")
        wait_tv_screen(driver, "the TV home screen", lambda s: s["screen"] == "home"
                       and any(item["kind"] == "category" for item in s["items"]))
        check_click_sound(results, driver, "off")
    finally:
        server.stop()


# ---------------------------------------------------------------------------------------------
# Phone page

def phone_title(driver):
    return js(driver, "return document.getElementById('title').textContent;")


def wait_rows(driver, title, what):
    return wait_for(lambda: phone_title(driver) == title and driver.find_elements(By.CSS_SELECTOR, "#view a.row"),
                    10, what)


def row_named(driver, title):
    for row in driver.find_elements(By.CSS_SELECTOR, "#view a.row"):
        if row.find_element(By.TAG_NAME, "strong").text.strip() == title:
            return row
    raise CheckFailed(f"no row titled {title!r}")


def check_phone_home(results, driver, where):
    rows = wait_rows(driver, "银龄学习站", "the phone home rows")
    sizes = js(driver, "return Array.from(document.querySelectorAll('#view a.row')).map((r) => "
                       "{ const b = r.getBoundingClientRect(); return [r.textContent.trim().slice(0, 12), b.width, b.height]; });")
    small = [s for s in sizes if s[1] < 60 or s[2] < 60]
    results.check(f"{where}: {len(rows)} rows, each at least 60x60 px", bool(rows) and not small, f"too small: {small}")
    headings = [h.text for h in driver.find_elements(By.CSS_SELECTOR, "#view h2")]
    results.check(f"{where}: headings h1 and 分类 shown", "分类" in headings and phone_title(driver) == "银龄学习站",
                  f"h2: {headings}")
    category_rows = [r for r in rows if r.find_element(By.TAG_NAME, "strong").text.strip() == PHONE_CATEGORY]
    results.check(f"{where}: a row for category {PHONE_CATEGORY}", bool(category_rows), "missing")
    check_no_overflow(results, driver, where)


def phone_tests(results, server, browsers, out):
    driver = browsers.start("phone", 390, 844, mobile=True)
    driver.get(server.base + "/")
    check_phone_home(results, driver, "phone home 390")
    viewport = js(driver, "return [innerWidth, innerHeight];")
    results.check("phone: viewport is 390x844", viewport == [390, 844], f"got {viewport}")
    check_readability(results, driver, "phone home 390", 18, 4.5)
    screenshot(results, driver, out / "phone-home-390.png", (390, 844))

    set_viewport(driver, 320, 700, mobile=True)
    driver.get(server.base + "/")
    check_phone_home(results, driver, "phone home 320")

    row_named(driver, PHONE_CATEGORY).click()
    wait_rows(driver, PHONE_CATEGORY, f"the {PHONE_CATEGORY} page")
    results.check(f"phone: tapping {PHONE_CATEGORY} opens it", phone_title(driver) == PHONE_CATEGORY, phone_title(driver))
    check_no_overflow(results, driver, "phone category 320")
    check_readability(results, driver, "phone category 320", 18, 4.5)

    row_named(driver, PHONE_RESOURCE).click()
    button = wait_for(lambda: phone_title(driver) == PHONE_RESOURCE and driver.find_elements(By.CSS_SELECTOR, "#view button.button"),
                      10, "the resource page")[0]
    resource = urllib.parse.unquote(js(driver, "return location.hash;").split("/")[-1])
    results.require("phone: the resource page has a video and a ▶ 播放 button",
                    driver.find_elements(By.CSS_SELECTOR, "#view video") and button.text.strip() == "▶ 播放",
                    f"button {button.text!r}")
    check_no_overflow(results, driver, "phone resource 320")
    check_readability(results, driver, "phone resource 320", 18, 4.5)
    screenshot(results, driver, out / "phone-resource-320.png", (320, 700))

    button.click()
    wait_video_playing(results, driver, "phone", "document.querySelector('#view video')")
    check_play_logged(results, server, "phone", resource, ended=False)


def zoom_tests(results, server, browsers, out):
    """200 % text zoom: the browser's default font doubled (16 -> 32 px)."""
    prefs = {"webkit.webprefs.default_font_size": 32, "webkit.webprefs.default_fixed_font_size": 26}
    driver = browsers.start("zoom", 320, 700, mobile=True, prefs=prefs)
    driver.get(server.base + "/")
    wait_rows(driver, "银龄学习站", "the phone home rows at 200 %")
    root = px(js(driver, "return getComputedStyle(document.documentElement).fontSize;"))
    results.require("zoom 200%: root font size doubled (>= 36 px)", root is not None and root >= 36, f"{root} px")
    check_no_overflow(results, driver, "zoom 200% home 320")
    screenshot(results, driver, out / "phone-zoom-200.png", (320, 700))

    driver.get(f"{server.base}/#/category/{urllib.parse.quote(PHONE_CATEGORY)}")
    wait_rows(driver, PHONE_CATEGORY, f"the {PHONE_CATEGORY} page at 200 %")
    check_no_overflow(results, driver, "zoom 200% category 320")
    screenshot(results, driver, out / "phone-zoom-200-category.png", (320, 700))

    resource = row_named(driver, PHONE_RESOURCE)
    resource.click()
    button = wait_for(lambda: phone_title(driver) == PHONE_RESOURCE and driver.find_elements(By.CSS_SELECTOR, "#view button.button"),
                      10, "the resource page at 200 %")[0]
    check_no_overflow(results, driver, "zoom 200% resource 320")
    box = js(driver, "const b = arguments[0].getBoundingClientRect(); "
                     "return [b.left, b.right, document.documentElement.clientWidth];", button)
    results.check("zoom 200%: the play button is fully inside the viewport width",
                  box[0] >= 0 and box[1] <= box[2], f"button {box[0]:.0f}..{box[1]:.0f}, viewport width {box[2]}")
    screenshot(results, driver, out / "phone-zoom-200-resource.png", (320, 700))


# ---------------------------------------------------------------------------------------------

def arguments(doc):
    """The server binary and the output folder from the command line (both relative to the repo root)."""
    parser = argparse.ArgumentParser(description=doc.split("\n")[0])
    parser.add_argument("--yinling", default=".build/debug/yinling", help="the server binary (relative to the repo root)")
    parser.add_argument("--out", default=".build/browser", help="screenshots and logs (relative to the repo root)")
    args = parser.parse_args()
    binary = REPO / args.yinling
    out = REPO / args.out
    out.mkdir(parents=True, exist_ok=True)
    if not binary.is_file():
        sys.exit(f"no server binary at {binary}; build it with `swift build --product yinling`")
    return binary, out


def run(title, server, out, body, watchdog_seconds):
    """Runs `body(results, browsers)` against `server` under a watchdog, always stopping the server and
    the browsers; prints the summary and returns the exit status."""
    def watchdog(signum, frame):
        raise Watchdog(f"the {title} ran longer than {watchdog_seconds} s")
    signal.signal(signal.SIGALRM, watchdog)
    signal.alarm(watchdog_seconds)

    started = time.monotonic()
    results = Results()
    browsers = Browsers(out)
    atexit.register(server.stop)
    atexit.register(browsers.quit_all)
    try:
        body(results, browsers)
    except (Watchdog, RuntimeError, OSError, WebDriverException, CheckFailed) as error:
        results.check("run completed", False, f"{type(error).__name__}: {short(error)}")
    finally:
        signal.alarm(0)
        browsers.quit_all()
        server.stop()

    elapsed = time.monotonic() - started
    if results.failures:
        print(f"\n{title}: {results.passed} passed, {len(results.failures)} failed ({elapsed:.0f} s)")
        for failure in results.failures:
            print(f"  - {failure}")
        return 1
    print(f"{title}: {results.passed} passed ({elapsed:.0f} s)")
    return 0


def main():
    binary, out = arguments(__doc__)
    server = DemoServer(binary, out)

    def body(results, browsers):
        server.start()
        print(f"server on {server.base}, data in {server.data_dir}", flush=True)
        results.section("TV page", tv_tests, results, server, browsers, out)
        results.section("TV page after a browser restart", tv_restart_tests, results, server, browsers, out)
        results.section("TV page with the click sound off", tv_quiet_tests, results, binary, browsers, out)
        results.section("phone page", phone_tests, results, server, browsers, out)
        results.section("phone page at 200 % text", zoom_tests, results, server, browsers, out)

    return run("browser tests", server, out, body, WATCHDOG_SECONDS)


if __name__ == "__main__":
    sys.exit(main())
