#!/usr/bin/env python3
"""Writes a benchmark pool (yinling-pool/1, see /work/shared/design/POOL-FORMAT.md).

    make_pool.py <out-dir> --covers <dir with .jpg files> [--big 4] [--big-mib 64]
                 [--small 20] [--small-kib 64]

- `--big` video resources whose media are `--big-mib` MiB of random bytes (the server does not
  parse MP4, so random bytes are enough for range serving); they form one series in 养生保健.
- `--small` further resources with small random media, spread over all ten top-level categories,
  so that the home menu JSON looks like a real one (every category tile, popular list, ...).
- Covers are real JPEGs copied from `--covers` (e.g. Assets/demo-pool/covers), content-addressed.

Prints one line per big media file on stdout: `<sha256> <path relative to the pool> <bytes>`.
manifest.json is written last.
"""

import argparse
import hashlib
import json
import os
import pathlib
import random
import shutil
import sys

TOP_LEVEL = ["思想道德", "文化艺术", "养生保健", "心理健康", "法律法规",
             "家庭理财", "闲暇生活", "代际沟通", "生命尊严", "科技应用"]

# Second-level categories and lecturers, to give the JSON realistic lengths.
SUBJECTS = {
    "思想道德": ["传统美德", "孝亲敬老"], "文化艺术": ["书法", "京剧"], "养生保健": ["太极拳", "八段锦"],
    "心理健康": ["情绪调节", "积极老龄"], "法律法规": ["防范诈骗", "继承与遗嘱"], "家庭理财": ["养老金", "识别理财陷阱"],
    "闲暇生活": ["摄影", "园艺"], "代际沟通": ["隔代教育", "家庭对话"], "生命尊严": ["安宁疗护", "生命教育"],
    "科技应用": ["智能手机", "微信"],
}
LECTURERS = ["李建国", "王淑芬", "张志明", "陈美华", "刘德胜", "赵丽娟", "孙文博", "周秀兰"]
SCHOOLS = ["上海老年大学", "北京老年开放大学", "浙江老年电视大学", "四川老年大学"]


def write_random(pool: pathlib.Path, size: int, rng: random.Random) -> dict:
    """Random bytes, hashed while written, moved to media/<aa>/<sha256>.mp4."""
    staging = pool / "media" / ".staging.mp4"
    staging.parent.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha256()
    chunk = 1 << 20
    with open(staging, "wb") as out:
        left = size
        while left > 0:
            block = os.urandom(min(chunk, left))
            digest.update(block)
            out.write(block)
            left -= len(block)
    sha = digest.hexdigest()
    rel = f"media/{sha[:2]}/{sha}.mp4"
    (pool / rel).parent.mkdir(parents=True, exist_ok=True)
    os.replace(staging, pool / rel)
    return {
        "path": rel, "sha256": sha, "bytes": size, "mime": "video/mp4",
        "video": {"codec": "h264", "width": 1280, "height": 720, "fps": 25.0, "bitrate": 2_100_000},
        "audio": {"codec": "aac", "sampleRate": 44100, "channels": 2},
    }


def add_cover(pool: pathlib.Path, source: pathlib.Path) -> dict:
    data = source.read_bytes()
    sha = hashlib.sha256(data).hexdigest()
    rel = f"covers/{sha[:2]}/{sha}.jpg"
    (pool / rel).parent.mkdir(parents=True, exist_ok=True)
    if not (pool / rel).exists():
        shutil.copyfile(source, pool / rel)
    return {"path": rel, "sha256": sha, "bytes": len(data), "mime": "image/jpeg"}


def resource(rid, title, top, sub, summary, media, cover, rng, series=None, order=None, seconds=None):
    seconds = seconds or rng.randint(180, 2400)
    entry = {
        "id": rid, "title": title, "type": "A01", "summary": summary,
        "duration": f"{seconds // 3600:02d}:{seconds // 60 % 60:02d}:{seconds % 60:02d}",
        "created": f"2025-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
        "copyrightHolder": rng.choice(SCHOOLS),
        "lecturers": rng.sample(LECTURERS, rng.randint(1, 2)),
        "clicks": rng.randint(100, 30000), "learners": rng.randint(10, 9000),
        "keywords": [sub, top, "老年教育"],
        "category": [top, sub],
        "cover": cover, "media": media,
    }
    if series:
        entry["series"] = series
        entry["seriesOrder"] = order
    return entry


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("out")
    parser.add_argument("--covers", required=True)
    parser.add_argument("--big", type=int, default=4)
    parser.add_argument("--big-mib", type=int, default=64)
    parser.add_argument("--small", type=int, default=20)
    parser.add_argument("--small-kib", type=int, default=64)
    args = parser.parse_args()

    rng = random.Random(20261120)  # metadata is reproducible; media bytes are random each run
    pool = pathlib.Path(args.out)
    pool.mkdir(parents=True, exist_ok=True)
    jpegs = sorted(pathlib.Path(args.covers).rglob("*.jpg"))
    if not jpegs:
        print(f"no .jpg under {args.covers}", file=sys.stderr)
        return 1
    covers = [add_cover(pool, path) for path in jpegs]

    resources, big = [], []
    for n in range(1, args.big + 1):
        media = write_random(pool, args.big_mib << 20, rng)
        big.append(media)
        resources.append(resource(
            f"BENCH-BIG-{n:02d}", f"八段锦精讲 第{n}集", "养生保健", "八段锦",
            "基准测试用的大文件：随机字节，按 1 MiB 分片以 Range 请求读取。每一式先讲要领，再慢速示范三遍。",
            media, covers[n % len(covers)], rng, series="八段锦精讲", order=n, seconds=1800 + 60 * n))
    for n in range(args.small):
        top = TOP_LEVEL[n % len(TOP_LEVEL)]
        sub = SUBJECTS[top][(n // len(TOP_LEVEL)) % 2]
        media = write_random(pool, args.small_kib << 10, rng)
        series = f"{sub}课堂" if n % 3 == 0 else None
        resources.append(resource(
            f"BENCH-{n:03d}", f"{sub}课堂 第{n // len(TOP_LEVEL) + 1}讲：{top}与日常生活",
            top, sub, f"{top}系列讲座。主讲老师结合身边的实例讲解{sub}，语言浅显，节奏舒缓，适合老年朋友跟学。",
            media, covers[n % len(covers)], rng, series=series, order=(n // len(TOP_LEVEL) + 1) if series else None))

    manifest = {"format": "yinling-pool/1", "pool": "基准测试资源池", "publishedAt": "2026-11-20T08:00:00Z",
                "resources": resources}
    tmp = pool / "manifest.json.tmp"
    tmp.write_text(json.dumps(manifest, ensure_ascii=False, indent=2), encoding="utf-8")
    os.replace(tmp, pool / "manifest.json")
    for media in big:
        print(media["sha256"], media["path"], media["bytes"])
    return 0


if __name__ == "__main__":
    sys.exit(main())
