#!/usr/bin/env python3
"""Builds yinling_<version>_<arch>.deb and yinling-hub_<version>_<arch>.deb with dpkg-deb.

    packaging/build-deb.py [--build-dir .build-release/release] [--out .build/deb] [--compression xz]

`make deb` packages the release build (Swift runtime linked statically). Tests package the debug
build: its Swift runtime libraries (those `ldd` finds outside the system's folders) go to
/usr/lib/<package>/lib/ with the executable, and /usr/bin/<name> is a symbolic link to it; the
executable's RUNPATH holds $ORIGIN, so the loader finds them there. packaging/README.md has the rest.
"""

import argparse
import gzip
import hashlib
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parents[1]
PACKAGING = REPOSITORY / "packaging"
SYSTEM_LIBRARY_FOLDERS = ("/lib/", "/lib64/", "/usr/lib/", "/usr/lib64/")
MAINTAINER = "Yinling Kiosk engineers <yinling@localhost>"
DOCS = ["README.md", "docs/configuration.md", "docs/staff.md", "docs/sync.md", "docs/usage.md", "docs/player.md",
        "docs/api.md", "docs/yinling.example.toml"]
HUB_DOCS = ["docs/hub.md", "docs/publishing.md", "docs/usage.md"]


class Failure(Exception):
    """A missing input or a failed tool; the message says which."""


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--build-dir", default=str(REPOSITORY / ".build-release/release"),
                        help="the folder holding the yinling and yinling-hub executables")
    parser.add_argument("--out", default=str(REPOSITORY / ".build/deb"), help="where the .deb files go")
    parser.add_argument("--version", help="the package version (default: what `yinling --version` prints)")
    parser.add_argument("--compression", default="xz", choices=["xz", "gzip", "zstd", "none"])
    parser.add_argument("--packages", default="yinling,yinling-hub")
    options = parser.parse_args()
    build = Path(options.build_dir)
    out = Path(options.out)
    try:
        version = options.version or run([str(build / "yinling"), "--version"]).strip()
        arch = run(["dpkg", "--print-architecture"]).strip()
        out.mkdir(parents=True, exist_ok=True)
        for package in options.packages.split(","):
            stage = out / f"stage-{package}"
            shutil.rmtree(stage, ignore_errors=True)
            contents = STAGERS[package](stage, build)
            deb = finish(package, stage, contents, f"{version}_{arch}", out, options.compression)
            print(f"built {deb} ({deb.stat().st_size / 1e6:.1f} MB)", flush=True)
    except Failure as failure:
        print(f"build-deb: {failure}", file=sys.stderr)
        return 1
    return 0


def run(command, **arguments):
    result = subprocess.run(command, capture_output=True, text=True, **arguments)
    if result.returncode != 0:
        raise Failure(f"{' '.join(map(str, command))}: {(result.stderr or result.stdout).strip()[-1500:]}")
    return result.stdout


def put(stage, path, data, mode=0o644):
    """Writes `data` (bytes, str or a source Path) to `path` inside the stage."""
    target = stage / path.lstrip("/")
    target.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, Path):
        shutil.copyfile(data, target)
    else:
        target.write_bytes(data.encode() if isinstance(data, str) else data)
    target.chmod(mode)
    return target


def put_tree(stage, path, source):
    for file in sorted(source.rglob("*")):
        if file.is_file():
            put(stage, f"{path}/{file.relative_to(source)}", file, 0o755 if os.access(file, os.X_OK) else 0o644)


def install_executable(stage, package, executable):
    """The stripped executable at /usr/bin, or with its private libraries in /usr/lib/<package>/lib."""
    if not executable.exists():
        raise Failure(f"{executable} does not exist; build it first")
    private = [library for library in ldd(executable) if not library.startswith(SYSTEM_LIBRARY_FOLDERS)]
    name = executable.name
    if not private:
        target = put(stage, f"/usr/bin/{name}", executable, 0o755)
    else:
        if "$ORIGIN" not in run(["readelf", "-d", str(executable)]):
            raise Failure(f"{executable} needs {len(private)} libraries outside the system but has no $ORIGIN "
                          "in its RUNPATH; build with --static-swift-stdlib")
        folder = f"/usr/lib/{package}/lib"
        for library in private:
            put(stage, f"{folder}/{Path(library).name}", Path(library), 0o644)
        target = put(stage, f"{folder}/{name}", executable, 0o755)
        link = stage / f"usr/bin/{name}"
        link.parent.mkdir(parents=True, exist_ok=True)
        link.symlink_to(f"../lib/{package}/lib/{name}")
    run(["strip", "--strip-debug", str(target)])
    return [target] + sorted((stage / f"usr/lib/{package}/lib").glob("*.so*"))


def ldd(executable):
    libraries = []
    for line in run(["ldd", str(executable)]).splitlines():
        parts = line.split()
        if "=>" in parts and parts[parts.index("=>") + 1].startswith("/"):
            libraries.append(parts[parts.index("=>") + 1])
        elif "not" in parts and "found" in parts:
            raise Failure(f"ldd {executable}: {line.strip()}")
    return libraries


def manual(executable, title):
    """A man page holding `--help` of the command and of each subcommand, preformatted."""
    text = run([str(executable), "--help"])
    subcommands = re.findall(r"^  ([a-z][a-z-]*)\s", text.split("SUBCOMMANDS:")[-1], re.M) if "SUBCOMMANDS:" in text else []
    sections = [text] + [run([str(executable), command, "--help"]) for command in subcommands if command != "help"]
    body = "\n".join(line if not line.startswith((".", "'")) else "\\&" + line
                     for line in "\n".join(sections).replace("\\", "\\e").splitlines())
    name = executable.name
    page = f'.TH {name.upper()} 1 "" "{name}" "{title}"\n.SH NAME\n{name} \\- {title}\n.SH HELP\n.nf\n{body}\n.fi\n'
    return gzip.compress(page.encode(), 9, mtime=0)


def packaged_config():
    """docs/yinling.example.toml (every key, commented) with the board's values: the LAN, mpv, the
    installed pages."""
    text = (REPOSITORY / "docs/yinling.example.toml").read_text()
    header = ("# /etc/yinling/yinling.toml: installed by the yinling package; your changes are kept on upgrade.\n"
              "# After editing: sudo systemctl restart yinling; check with: sudo -u yinling yinling doctor --offline\n")
    text = header + text
    for section, key, value, comment in [
        ("server", "address", '"0.0.0.0"', "every interface: phones on the site's Wi-Fi use the menu too"),
        ("server", "web_dir", '"/usr/share/yinling/Kiosk"', "the pages the package installs"),
        ("player", "kind", '"mpv"', "the TV session (yinling-tv.service) starts mpv; yinling drives it"),
    ]:
        text = set_value(text, section, key, value, comment)
    return text


def set_value(text, section, key, value, comment):
    """`key = …` inside [section] set to `value`; exactly one such line must exist."""
    pattern = re.compile(rf"(^\[{re.escape(section)}\][^\n]*\n(?:(?!\[)[^\n]*\n)*?){re.escape(key)} = [^\n]*", re.M)
    replaced, count = pattern.subn(lambda match: f"{match.group(1)}{key} = {value}  # {comment}", text)
    if count != 1:
        raise Failure(f"docs/yinling.example.toml: no single `{key} = …` in [{section}]")
    return replaced


def stage_yinling(stage, build):
    elves = install_executable(stage, "yinling", build / "yinling")
    put(stage, "/lib/systemd/system/yinling.service", REPOSITORY / "systemd/yinling.service")
    put(stage, "/lib/systemd/system/yinling-tv.service", REPOSITORY / "systemd/yinling-tv.service")
    put(stage, "/usr/lib/yinling/tv-session", REPOSITORY / "systemd/tv-session", 0o755)
    put(stage, "/usr/lib/tmpfiles.d/yinling.conf", REPOSITORY / "systemd/yinling.tmpfiles")
    put(stage, "/lib/udev/rules.d/60-yinling-gpio.rules", REPOSITORY / "systemd/60-yinling-gpio.rules")
    put(stage, "/etc/pam.d/yinling-tv", REPOSITORY / "systemd/yinling-tv.pam")
    put(stage, "/etc/yinling/yinling.toml", packaged_config())
    put_tree(stage, "/usr/share/yinling/Kiosk", REPOSITORY / "Kiosk")
    put_tree(stage, "/usr/share/yinling/Assets/demo-pool", REPOSITORY / "Assets/demo-pool")
    put(stage, "/usr/share/yinling/Assets/demo-keys/demo-pool.pub", REPOSITORY / "Assets/demo-keys/demo-pool.pub")
    put(stage, "/usr/share/man/man1/yinling.1.gz", manual(build / "yinling", "Yinling Kiosk (银龄学习站)"))
    put_docs(stage, "yinling", DOCS)
    return {"elves": elves, "conffiles": ["/etc/yinling/yinling.toml", "/etc/pam.d/yinling-tv"],
            "units": "yinling.service yinling-tv.service",
            "depends": ["adduser", "init-system-helpers", "curl"],
            "recommends": "cage, chromium | chromium-browser, mpv, fonts-noto-cjk",
            "description": "Yinling Kiosk (银龄学习站): learning videos on a TV for elderly learners\n"
                           " The kiosk's back end (menu, media, staff page, sync, GPIO buttons) as\n"
                           " yinling.service, and the TV session (cage, Chromium, mpv) as yinling-tv.service."}


def stage_hub(stage, build):
    elves = install_executable(stage, "yinling-hub", build / "yinling-hub")
    put(stage, "/lib/systemd/system/yinling-hub.service", REPOSITORY / "systemd/yinling-hub.service")
    put(stage, "/usr/share/man/man1/yinling-hub.1.gz", manual(build / "yinling-hub", "Yinling Kiosk hub"))
    put_docs(stage, "yinling-hub", HUB_DOCS)
    return {"elves": elves, "conffiles": [], "units": "yinling-hub.service",
            "depends": ["adduser", "init-system-helpers"], "recommends": "",
            "description": "Yinling Kiosk hub: publishes the learning pool, counts usage\n"
                           " The central office's yinling-hub: pool publishing, usage batches from the\n"
                           " kiosks, rankings (yinling-hub.service)."}


STAGERS = {"yinling": stage_yinling, "yinling-hub": stage_hub}


def put_docs(stage, package, documents):
    for document in documents:
        put(stage, f"/usr/share/doc/{package}/{Path(document).name}", REPOSITORY / document)
    put(stage, f"/usr/share/doc/{package}/copyright", PACKAGING / "copyright")


def finish(package, stage, contents, version_arch, out, compression):
    """DEBIAN/ (control, conffiles, md5sums, maintainer scripts), then dpkg-deb."""
    version, arch = version_arch.split("_")
    control = stage / "DEBIAN"
    control.mkdir()
    depends = ", ".join(contents["depends"] + [library_depends(stage, contents["elves"])])
    size = sum(f.stat().st_size for f in stage.rglob("*") if f.is_file() and not f.is_symlink()) // 1024
    fields = [("Package", package), ("Version", version), ("Architecture", arch), ("Maintainer", MAINTAINER),
              ("Installed-Size", str(size)), ("Depends", depends), ("Recommends", contents["recommends"]),
              ("Section", "misc"), ("Priority", "optional"), ("Description", contents["description"])]
    put(stage, "/DEBIAN/control", "".join(f"{name}: {value}\n" for name, value in fields if value))
    if contents["conffiles"]:
        put(stage, "/DEBIAN/conffiles", "".join(path + "\n" for path in contents["conffiles"]))
    sums = [f"{hashlib.md5(f.read_bytes()).hexdigest()}  {f.relative_to(stage)}\n"
            for f in sorted(stage.rglob("*")) if f.is_file() and not f.is_symlink() and control not in f.parents]
    put(stage, "/DEBIAN/md5sums", "".join(sums))
    for script in ("postinst", "prerm", "postrm"):
        put(stage, f"/DEBIAN/{script}", maintainer_script(package, script, contents["units"]), 0o755)
    deb = out / f"{package}_{version}_{arch}.deb"
    level = ["-z1"] if compression == "gzip" else []
    run(["dpkg-deb", "--root-owner-group", f"-Z{compression}", *level, "--build", str(stage), str(deb)])
    return deb


def library_depends(stage, elves):
    """What dpkg-shlibdeps makes of the executables' and private libraries' system libraries."""
    with tempfile.TemporaryDirectory() as scratch:
        (Path(scratch) / "debian").mkdir()
        (Path(scratch) / "debian/control").write_text("Source: yinling\n\nPackage: yinling\nArchitecture: any\n")
        folders = sorted({f"-l{elf.parent.resolve()}" for elf in elves[1:]})
        output = run(["dpkg-shlibdeps", "-O", "--ignore-missing-info", *folders] + [str(e.resolve()) for e in elves],
                     cwd=scratch)
    return output.strip().split("=", 1)[1]


def maintainer_script(package, script, units):
    """packaging/debian/<package>.<script> (or just `set -e`) with its #SYSTEMD# line replaced by the
    shared packaging/debian/systemd.<script> for `units` (what debhelper's snippets do)."""
    own = PACKAGING / f"debian/{package}.{script}"
    text = own.read_text() if own.exists() else "#!/bin/sh\nset -e\n#SYSTEMD#\n"
    shared = (PACKAGING / f"debian/systemd.{script}").read_text().replace("@UNITS@", units)
    if text.count("#SYSTEMD#\n") != 1:
        raise Failure(f"{own} must hold one #SYSTEMD# line")
    return text.replace("#SYSTEMD#\n", shared)


if __name__ == "__main__":
    sys.exit(main())
