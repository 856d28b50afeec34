#!/usr/bin/env python3
"""Builds Assets/demo-pool from resources.csv: renders short real clips and covers, then publishes.

The CSV has the columns of the Ministry's metadata standard (数字化学习资源元数据标准), as a
school's spreadsheet would, plus 媒体文件 naming the media file. Clips are ffmpeg test scenes
with the Chinese title burned in (H.264/AAC MP4, one MP3); covers are JPEGs. They are far below
the technical standard on purpose (a few hundred KB each). This script only renders them (into
.render/, not committed, and only what is missing there); `yinling-hub publish --allow-nonconforming`
checks, copies and writes the manifest, signed with the demo key (Assets/demo-keys). Files the new
manifest no longer uses are then removed from the demo pool (publish itself never deletes).

Usage: Assets/demo-source/make-demo-pool.py [--hub PATH]   (needs ffmpeg, ffprobe, fonts-noto-cjk,
       and a built yinling-hub: default .build/debug/yinling-hub; `make demo-pool` builds it)
"""
import argparse, csv, json, pathlib, subprocess, sys, tempfile

HERE = pathlib.Path(__file__).resolve().parent
ROOT = HERE.parent.parent
POOL = HERE.parent / "demo-pool"
KEY = HERE.parent / "demo-keys" / "demo-pool.key"
RENDER = HERE / ".render"          # rendered clips and covers; not committed
PUBLISHED_AT = "2026-11-20T08:00:00Z"
FONT = "Noto Sans CJK SC"
COLORS = {"思想道德": "0x7A1F1F", "文化艺术": "0x5B2C83", "养生保健": "0x1B5E20", "心理健康": "0x0D47A1",
          "法律法规": "0x37474F", "家庭理财": "0x7A4300", "闲暇生活": "0x33691E", "代际沟通": "0x880E4F",
          "生命尊严": "0x4E342E", "科技应用": "0x01579B"}
BITEXACT = ["-fflags", "+bitexact", "-flags:v", "+bitexact", "-flags:a", "+bitexact", "-map_metadata", "-1",
            "-threads", "1"]


def run(*args):
    subprocess.run(args, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def seconds(hms):
    h, m, s = (int(x) for x in hms.split(":"))
    return h * 3600 + m * 60 + s


def text_filters(lines, work):
    """drawtext filters for (text, size, y) lines; text goes through files, so nothing needs escaping."""
    filters = []
    for index, (text, size, y) in enumerate(lines):
        path = work / f"line{index}.txt"
        path.write_text(text, encoding="utf-8")
        filters.append(f"drawtext=font='{FONT}':textfile='{path}':fontsize={size}:fontcolor=white:"
                       f"x=(w-text_w)/2:y={y}")
    return filters


def title_lines(row):
    title = row["资源名称"]
    head, _, tail = title.partition("：")
    return [(head, 40, 110), (tail, 30, 170)] if tail else [(title, 36, 130)]


def render_cover(row, path, work):
    color = COLORS[row["所属分类"].split("-")[0]]
    lines = [(row["所属分类"].replace("-", " · "), 22, 36)] + title_lines(row) + [("主讲：" + row["主讲人"].replace(";", "、"), 24, 290)]
    run("ffmpeg", "-y", "-loglevel", "error", "-f", "lavfi", "-i", f"color=c={color}:s=640x360",
        "-vf", ",".join(text_filters(lines, work)), "-frames:v", "1", "-q:v", "5", *BITEXACT, str(path))


def render_video(row, path, work):
    length = seconds(row["资源时长"])
    color = COLORS[row["所属分类"].split("-")[0]]
    lines = title_lines(row) + [("银龄学习站 · 演示片段", 22, 300)]
    video = ",".join(text_filters(lines, work) + [
        "drawtext=font='Noto Sans Mono CJK SC':text='%{pts\\:hms}':fontsize=24:fontcolor=white:x=20:y=20"])
    graph = (f"[0:v]{video}[text];[1:v]format=yuv420p[dot];[text][dot]overlay=x='(W-w)*t/{length}':y=250[v];"
             f"[2:a]volume=0.15[a]")
    # A lavfi input is a filter graph: commas inside the expression are escaped.
    melody = "0.5*sin(2*PI*(262+131*floor(mod(t*2\\,4)))*t)"
    run("ffmpeg", "-y", "-loglevel", "error",
        "-f", "lavfi", "-i", f"color=c={color}:s=640x360:r=25:d={length}",
        "-f", "lavfi", "-i", f"color=c=white:s=24x24:r=25:d={length}",
        "-f", "lavfi", "-i", f"aevalsrc={melody}|{melody}:s=44100:d={length}",
        "-filter_complex", graph, "-map", "[v]", "-map", "[a]",
        "-c:v", "libx264", "-preset", "medium", "-profile:v", "main", "-pix_fmt", "yuv420p",
        "-b:v", "70k", "-maxrate", "140k", "-bufsize", "280k", "-g", "50",
        "-c:a", "aac", "-b:a", "48k", "-ac", "2", "-movflags", "+faststart", *BITEXACT, str(path))


def render_audio(row, path, work):
    length = seconds(row["资源时长"])
    melody = "0.3*sin(2*PI*(392+98*floor(mod(t\\,3)))*t)*(0.6+0.4*sin(2*PI*t/4))"
    run("ffmpeg", "-y", "-loglevel", "error", "-f", "lavfi", "-i", f"aevalsrc={melody}|{melody}:s=44100:d={length}",
        "-c:a", "libmp3lame", "-b:a", "64k", "-ar", "44100", "-ac", "2", "-write_xing", "0", *BITEXACT, str(path))


def render(row, work):
    """Renders the row's cover and media into RENDER unless they are there already."""
    RENDER.mkdir(exist_ok=True)
    cover = RENDER / row["资源封面"]
    if not cover.exists():
        render_cover(row, cover, work)
    if row["资源类型"] in ("A01", "A02"):
        media = RENDER / row["媒体文件"]
        if not media.exists():
            (render_video if row["资源类型"] == "A01" else render_audio)(row, media, work)


def prune():
    """Removes pool files the manifest no longer uses: the demo pool ships only what it lists."""
    manifest = json.loads((POOL / "manifest.json").read_text(encoding="utf-8"))
    keep = {resource[key]["path"] for resource in manifest["resources"] for key in ("cover", "media")
            if key in resource}
    for path in list(POOL.glob("*/*/*")):
        if str(path.relative_to(POOL)) not in keep:
            path.unlink()
    return manifest, keep


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--hub", default=str(ROOT / ".build" / "debug" / "yinling-hub"),
                        help="the yinling-hub executable (default: .build/debug/yinling-hub)")
    hub = parser.parse_args().hub
    if not pathlib.Path(hub).exists():
        sys.exit(f"{hub} does not exist; build it first: swift build --product yinling-hub")
    with open(HERE / "resources.csv", encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    with tempfile.TemporaryDirectory() as scratch:
        for index, row in enumerate(rows):
            work = pathlib.Path(scratch) / str(index)
            work.mkdir()
            render(row, work)
    subprocess.run([hub, "publish", "--metadata", str(HERE / "resources.csv"), "--files", str(RENDER),
                    "--out", str(POOL), "--key", str(KEY), "--allow-nonconforming",
                    "--published-at", PUBLISHED_AT], check=True)
    manifest, keep = prune()
    total = sum((POOL / path).stat().st_size for path in keep)
    print(f"{POOL}: {len(manifest['resources'])} resources, {len(keep)} files, {total // 1024} KiB")


if __name__ == "__main__":
    main()
