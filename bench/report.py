#!/usr/bin/env python3
"""Turns the key=value results of bench/run.sh into the Markdown report.

    report.py <results.kv> <stages.md> <anomalies.txt>
"""

import sys

MIB = 1 << 20
GIB = 1 << 30


def load(path):
    values = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if "=" in line:
                key, value = line.split("=", 1)
                values[key] = value
    return values


class Results:
    def __init__(self, kv):
        self.kv = kv
        self.tck = float(kv.get("meta.clk_tck", "100"))

    def num(self, key):
        value = self.kv.get(key, "")
        try:
            return float(value)
        except ValueError:
            return None

    def seconds(self, run):
        us = self.num(f"{run}.duration_us")
        return us / 1e6 if us else None

    def cpu(self, run):
        ticks = self.num(f"{run}.cpu_ticks")
        return ticks / self.tck if ticks is not None else None

    def wire_mib_per_s(self, run):
        """Every byte wrk read (headers, and answers still in flight when it stopped)."""
        b, s = self.num(f"{run}.bytes"), self.seconds(run)
        return b / MIB / s if b is not None and s else None

    def payload(self, run):
        """Range runs: the 1 MiB bodies of the completed answers (every one was checked to be 1 MiB)."""
        n, slice_ = self.num(f"{run}.requests"), self.num("meta.slice")
        return n * slice_ if n is not None and slice_ else None

    def mib_per_s(self, run):
        b, s = self.payload(run), self.seconds(run)
        return b / MIB / s if b is not None and s else None

    def req_per_s(self, run):
        r, s = self.num(f"{run}.requests"), self.seconds(run)
        return r / s if r is not None and s else None

    def core_s_per_gib(self, run):
        b, c = self.payload(run), self.cpu(run)
        return c / (b / GIB) if b and c is not None else None

    def core_ms_per_request(self, run):
        r, c = self.num(f"{run}.requests"), self.cpu(run)
        return c * 1000 / r if r and c is not None else None

    def p99_ms(self, run):
        us = self.num(f"{run}.p99_us")
        return us / 1000 if us is not None else None

    def mb(self, key):
        kb = self.num(key)
        return kb * 1024 / 1e6 if kb is not None else None

    def idle_percent(self, name):
        ticks, ms = self.num(f"idle.{name}.ticks"), self.num("idle.duration_ms")
        return ticks / self.tck / (ms / 1000) * 100 if ticks is not None and ms else None


def fmt(x, unit=""):
    if x is None:
        return "n/a"
    if x == 0:
        text = "0"
    elif abs(x) >= 100:
        text = f"{x:,.0f}"
    elif abs(x) >= 10:
        text = f"{x:.1f}"
    elif abs(x) >= 1:
        text = f"{x:.2f}"
    elif abs(x) >= 0.01:
        text = f"{x:.3f}"
    else:
        text = f"{x:.4f}"
    return text + unit


def ms_to_s(ms):
    return ms / 1000 if ms is not None else None


def ratio(a, b):
    if a is None or b is None or b == 0:
        return None
    return a / b


def main():
    kv = load(sys.argv[1])
    with open(sys.argv[2], encoding="utf-8") as f:
        stages = f.read().strip()
    with open(sys.argv[3], encoding="utf-8") as f:
        anomalies = [line.strip() for line in f if line.strip()]
    r = Results(kv)
    label = kv.get("meta.label", "yinling")

    rows = []      # (measure, yinling, baseline, ratio, target, met)
    missed = []    # (measure, text)

    def row(measure, y, base, target=None, check=None, ratio_target=True):
        """check(y, ratio) -> bool; target text; ratio printed as y / base."""
        q = ratio(y, base)
        if check is None:
            met = "—"
        elif y is None or (ratio_target and q is None):
            met = "n/a"
        else:
            ok = check(y, q)
            met = "yes" if ok else "**no**"
            if not ok:
                missed.append((measure, y, base, q, target))
        rows.append((measure, fmt(y), fmt(base), "n/a" if q is None else f"{q:.2f}×", target or "—", met))

    for c in ("4", "50"):
        y, n = f"range{c}.yinling", f"range{c}.nginx"
        row(f"Range 1 MiB, c={c}: throughput, MiB/s — vs nginx", r.mib_per_s(y), r.mib_per_s(n),
            "≥ 0.9× nginx", lambda v, q: q >= 0.9)
        row(f"Range 1 MiB, c={c}: server CPU, core-s per GiB — vs nginx", r.core_s_per_gib(y),
            r.core_s_per_gib(n), "≤ 1.5× nginx", lambda v, q: q <= 1.5)
        row(f"Range 1 MiB, c={c}: p99 latency, ms — vs nginx", r.p99_ms(y), r.p99_ms(n))
    row("Menu JSON, c=50: req/s — vs nginx (static copy)", r.req_per_s("json50.yinling"),
        r.req_per_s("json50.nginx"), "≥ 0.3× nginx", lambda v, q: q >= 0.3)
    row("Menu JSON, c=50: server CPU, core-ms per request — vs nginx", r.core_ms_per_request("json50.yinling"),
        r.core_ms_per_request("json50.nginx"), "≤ 0.1 core-ms", lambda v, q: v <= 0.1, ratio_target=False)
    row("Menu JSON, c=50: p99 latency, ms — vs nginx", r.p99_ms("json50.yinling"), r.p99_ms("json50.nginx"))
    row("Idle RSS (5 s after start), MB — vs nginx (master+worker)", r.mb("idle.yinling.rss_kb"),
        r.mb("idle.nginx.rss_kb"), "≤ 30 MB", lambda v, q: v <= 30, ratio_target=False)
    row("Idle RSS (5 s after start), MB — vs hello", r.mb("idle.yinling.rss_kb"), r.mb("idle.hello.rss_kb"))
    row("Peak RSS (VmHWM) through range c=50, MB — vs nginx (master+worker)", r.mb("load.yinling.hwm_kb"),
        r.mb("load.nginx.hwm_kb"), "≤ 45 MB", lambda v, q: v <= 45, ratio_target=False)
    row("Peak RSS (VmHWM) under c=50, MB — vs hello (GET / c=50)", r.mb("load.yinling.hwm_kb"),
        r.mb("load.hello.hwm_kb"))
    row("Launch to first 200, ms (median of 3) — vs nginx", r.num("launch.yinling.ms"), r.num("launch.nginx.ms"),
        "≤ 300 ms", lambda v, q: v <= 300, ratio_target=False)
    row("Launch to first 200, ms (median of 3) — vs hello", r.num("launch.yinling.ms"), r.num("launch.hello.ms"))
    idle_s = int(float(kv.get("idle.duration_ms", "0")) / 1000)
    row(f"Idle CPU over {idle_s} s, % of one core — vs nginx", r.idle_percent("yinling"), r.idle_percent("nginx"),
        "≤ 0.1 %", lambda v, q: v <= 0.1, ratio_target=False)
    row(f"Idle CPU over {idle_s} s, % of one core — vs hello", r.idle_percent("yinling"), r.idle_percent("hello"))

    out = []
    w = out.append
    w(f"# Yinling Kiosk benchmark — {kv.get('meta.date', '?')}")
    w("")
    w(f"- machine: {kv.get('meta.nproc', '?')} cores, {kv.get('meta.cpu', '?')}, {kv.get('meta.mem', '?')} RAM; "
      f"{kv.get('meta.os', '?')}, {kv.get('meta.kernel', '?')}")
    w(f"- software: {kv.get('meta.swift', '?')}; nginx {kv.get('meta.nginx', '?')} (1 worker); {kv.get('meta.wrk', '?')}")
    w(f"- yinling column `{label}`: `{kv.get('meta.yinling_bin', '?')}` (git {kv.get('meta.git', '?')}); "
      f"media by {'sendfile(2)' if kv.get('meta.sendfile', 'true') == 'true' else 'buffers'}; "
      f"build flags `{kv.get('meta.build_flags', '') or 'none'}`")
    w(f"- wrk -t{kv.get('meta.threads', '2')} -d{kv.get('meta.duration', '?')}s --latency; "
      f"range: random aligned 1 MiB slices of 4 × 64 MiB files; menu JSON: {kv.get('home.bytes', '?')} bytes, "
      f"{kv.get('home.categories', '?')} categories; all on 127.0.0.1, client and servers on the same cores")
    w(f"- total run time: {kv.get('meta.total_s', '?')} s")
    w("")
    w(f"| measure | {label} | nginx / hello | ratio | target | met? |")
    w("|---|---:|---:|---:|---|---|")
    for measure, y, base, q, target, met in rows:
        w(f"| {measure} | {y} | {base} | {q} | {target} | {met} |")
    w("")
    w("## Targets not met")
    w("")
    if not missed:
        w("None.")
    for measure, y, base, q, target in missed:
        rel = f"; ratio {q:.2f}× (target {target})" if q is not None and "×" in target else f" (target {target})"
        w(f"- {measure}: {fmt(y)} against {fmt(base)}{rel}. The analysis is in bench/README.md.")
    w("")
    w("## Details")
    w("")
    w("| run | req/s | MiB/s read by wrk | avg bytes read per answer | server CPU, core-s | wrk CPU, core-s | "
      "other CPU, core-s | p50 ms | p99 ms | wrk errors |")
    w("|---|---:|---:|---:|---:|---:|---:|---:|---:|---|")
    for run in ("range4.yinling", "range4.nginx", "range50.yinling", "range50.nginx",
                "json50.yinling", "json50.nginx", "hello50.hello"):
        req = r.num(f"{run}.requests")
        avg = r.num(f"{run}.bytes") / req if req else None
        p50 = r.num(f"{run}.p50_us")
        errs = ", ".join(f"{k.split('.')[-1][4:]} {kv[k]}" for k in sorted(kv)
                         if k.startswith(run + ".err_") and kv[k] not in ("0", "")) or "none"
        kind, server = run.split(".")
        name = {"range4": "range c=4", "range50": "range c=50", "json50": "menu JSON c=50",
                "hello50": "GET / c=50"}[kind] + ", " + (label if server == "yinling" else server)
        w(f"| {name} | {fmt(r.req_per_s(run))} | {fmt(r.wire_mib_per_s(run))} | {fmt(avg)} | {fmt(r.cpu(run))} | "
          f"{fmt(ms_to_s(r.num(run + '.wrk_cpu_ms')))} | {fmt(ms_to_s(r.num(run + '.other_cpu_ms')))} | "
          f"{fmt(p50 / 1000 if p50 is not None else None)} | {fmt(r.p99_ms(run))} | {errs} |")
    w("")
    w(f"- hello under GET / c=50: {fmt(r.req_per_s('hello50.hello'))} req/s, "
      f"{fmt(r.core_ms_per_request('hello50.hello'))} core-ms per request.")
    w(f"- launch trials (ms): {label} {kv.get('launch.yinling.trials', '?')}, nginx {kv.get('launch.nginx.trials', '?')}, "
      f"hello {kv.get('launch.hello.trials', '?')}.")
    w(f"- idle CPU ticks over {kv.get('idle.duration_ms', '?')} ms (1 tick = {1000 / r.tck:.0f} ms): "
      f"{label} {kv.get('idle.yinling.ticks', '?')}, nginx {kv.get('idle.nginx.ticks', '?')}, hello {kv.get('idle.hello.ticks', '?')}.")
    w(f"- RSS sampled every 0.2 s during c=50 (max, MB): {label} {fmt(r.mb('load.yinling.rss_max_kb'))}, "
      f"nginx {fmt(r.mb('load.nginx.rss_max_kb'))}, hello {fmt(r.mb('load.hello.rss_max_kb'))}.")
    w(f"- correctness checks (206 + 1 MiB + same sha256 on both servers; every answer of a 2 s "
      f"range.lua check run): {'FAILED' if kv.get('check.failed') == '1' else 'passed'}.")
    w("")
    w("Stage timings:")
    w("")
    w("| stage | seconds |")
    w("|---|---:|")
    w(stages)
    w("")
    w("## Anomalies")
    w("")
    if anomalies:
        for a in anomalies:
            w(f"- {a}")
    else:
        w("None: no wrk errors, no non-206 range answers, no server exits, no error lines in the server logs.")
    print("\n".join(out))


if __name__ == "__main__":
    main()
