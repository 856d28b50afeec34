#!/usr/bin/env python3
"""Builds yinling_<version>_<arch>.deb and yinling-hub_<version>_<arch>.deb with dpkg-deb.

  packaging/build-deb.py --build-dir .build-release/release --out dist
  packaging/build-deb.py --build-dir .build/debug --out .build/deb --fast   (the board test)

A binary linked against the Swift runtime's shared libraries (a debug build) gets them beside it
in /usr/lib/<package>/ (its RUNPATH has $ORIGIN); a `--static-swift-stdlib` build needs none.
/usr/bin/<name> is a symlink to /usr/lib/<package>/<name>. Depends: what dpkg-shlibdeps (dpkg-dev)
reads off the packaged executable and libraries, with versions.
"""
import argparse
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
HERE = REPO / "packaging"
SWIFT_RUNTIME = "/swift/"          # libraries from the toolchain (…/usr/lib/swift/linux/)
DOCS = ["README.md", "docs/deploy.md", "docs/configuration.md", "docs/staff.md", "docs/sync.md",
        "docs/usage.md", "docs/service.md", "docs/player.md", "docs/api.md"]
HUB_DOCS = ["docs/hub.md", "docs/publishing.md", "docs/usage.md"]


def run(*command, **options):
    return subprocess.run(command, check=True, text=True, capture_output=True, **options).stdout


def libraries(binary):
    """(path) of each shared library the binary loads, from ldd."""
    found = []
    for line in run("ldd", str(binary)).splitlines():
        parts = line.split("=>")
        if len(parts) == 2 and parts[1].strip().startswith("/"):
            found.append(parts[1].split("(")[0].strip())
    return found


def depends(root, extra):
    """`extra` and what dpkg-shlibdeps reads off the packaged executables and libraries: the system
    libraries' packages with the lowest versions that have the symbols used (libc6 (>= 2.34), …)."""
    elves = [f for f in sorted((root / "usr").rglob("*")) if f.is_file() and not f.is_symlink()
             and f.open("rb").read(4) == b"\x7fELF"]
    folders = sorted({f"-l{f.parent}" for f in elves if ".so" in f.name})
    with tempfile.TemporaryDirectory() as scratch:  # dpkg-shlibdeps wants a debian/control
        (Path(scratch) / "debian").mkdir()
        (Path(scratch) / "debian/control").write_text("Source: yinling\n\nPackage: yinling\nArchitecture: any\n")
        output = run("dpkg-shlibdeps", "-O", "--ignore-missing-info", *folders, *map(str, elves), cwd=scratch)
    found = [item.strip() for item in output.strip().split("=", 1)[1].split(",") if item.strip()]
    return sorted(set(found) | set(extra))


def install(source, destination, mode=0o644):
    destination.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy2(source, destination)
    os.chmod(destination, mode)


def install_binary(root, build_dir, name, package, strip):
    """The executable into /usr/lib/<package>/, its Swift runtime beside it."""
    home = root / "usr/lib" / package
    install(build_dir / name, home / name, 0o755)
    if strip:
        run("strip", "--strip-unneeded", str(home / name))
    for library in libraries(build_dir / name):
        if SWIFT_RUNTIME in library or library.startswith(str(build_dir)):
            install(library, home / Path(library).name, 0o644)
            if strip:
                run("strip", "--strip-unneeded", str(home / Path(library).name))
    (root / "usr/bin").mkdir(parents=True, exist_ok=True)
    (root / "usr/bin" / name).symlink_to(f"../lib/{package}/{name}")


def help_text(binary, commands):
    """Every command's --help, for /usr/share/doc (the man page stand-in)."""
    parts = []
    for command in [[]] + [[c] for c in commands]:
        parts.append(f"$ {Path(binary).name} {' '.join(command + ['--help'])}\n")
        parts.append(subprocess.run([binary] + command + ["--help"], text=True, capture_output=True).stdout)
    return "\n".join(parts)


def control(package, version, arch, size_kib, depends_on, recommends, description):
    lines = [f"Package: {package}", f"Version: {version}", f"Architecture: {arch}",
             "Maintainer: Yinling Kiosk <kiosk@yinling.invalid>", f"Installed-Size: {size_kib}",
             "Section: misc", "Priority: optional", f"Depends: {', '.join(depends_on)}"]
    if recommends:
        lines.append(f"Recommends: {', '.join(recommends)}")
    lines.append(f"Description: {description}")
    return "\n".join(lines) + "\n"


def finish(root, package, version, arch, extra_depends, recommends, description,
           out, compression):
    size = sum(f.stat().st_size for f in root.rglob("*") if f.is_file() and not f.is_symlink()) // 1024
    (root / "DEBIAN").mkdir()
    (root / "DEBIAN/control").write_text(control(
        package, version, arch, size, depends(root, extra_depends), recommends, description))
    for script in ("postinst", "prerm", "postrm"):
        install(HERE / package / script, root / "DEBIAN" / script, 0o755)
    conffiles = sorted("/" + str(p.relative_to(root)) for p in (root / "etc").rglob("*") if p.is_file())
    if conffiles:
        (root / "DEBIAN/conffiles").write_text("\n".join(conffiles) + "\n")
    deb = out / f"{package}_{version}_{arch}.deb"
    run("dpkg-deb", "--root-owner-group", f"-Z{compression[0]}", f"-z{compression[1]}", "--build",
        str(root), str(deb))
    print(f"built {deb} ({deb.stat().st_size / 1e6:.1f} MB)")
    return deb


def copyright_file(root, package):
    install(HERE / "copyright", root / f"usr/share/doc/{package}/copyright")


def build_kiosk(build_dir, out, version, arch, strip, compression):
    with tempfile.TemporaryDirectory(prefix="yinling-deb-") as work:
        root = Path(work) / "yinling"
        install_binary(root, build_dir, "yinling", "yinling", strip)
        # The pages with their icons (Kiosk/icons) and sounds (Kiosk/tv/sounds).
        shutil.copytree(REPO / "Kiosk", root / "usr/share/yinling/Kiosk")
        install(HERE / "yinling.toml", root / "etc/yinling/yinling.toml", 0o640)
        install(REPO / "systemd/yinling-tv.pam", root / "etc/pam.d/yinling-tv")
        for unit in ("yinling.service", "yinling-tv.service"):
            install(REPO / "systemd" / unit, root / "lib/systemd/system" / unit)
        install(REPO / "systemd/tv-session", root / "usr/lib/yinling/tv-session", 0o755)
        install(REPO / "systemd/yinling.tmpfiles", root / "usr/lib/tmpfiles.d/yinling.conf")
        install(REPO / "systemd/60-yinling-gpio.rules", root / "lib/udev/rules.d/60-yinling-gpio.rules")
        for doc in DOCS:
            install(REPO / doc, root / "usr/share/doc/yinling" / Path(doc).name)
        (root / "usr/share/doc/yinling/commands.txt").write_text(help_text(
            str(build_dir / "yinling"), ["serve", "sync", "status", "upload", "buttons", "doctor", "install", "passwd"]))
        copyright_file(root, "yinling")
        return finish(root, "yinling", version, arch, ["adduser", "curl", "systemd", "init-system-helpers"],
                      ["cage", "chromium | chromium-browser", "mpv", "fonts-noto-cjk"],
                      "银龄学习站 Yinling Kiosk: a learning menu of cached videos for a TV, four buttons and phones\n"
                      " The back end (yinling serve) caches a curated part of the elderly-education pool, serves the\n"
                      " menu to the TV (cage, Chromium, mpv) and to phones, reads the GPIO buttons and logs plays.",
                      out, compression)


def build_hub(build_dir, out, version, arch, strip, compression):
    with tempfile.TemporaryDirectory(prefix="yinling-hub-deb-") as work:
        root = Path(work) / "yinling-hub"
        install_binary(root, build_dir, "yinling-hub", "yinling-hub", strip)
        install(REPO / "systemd/yinling-hub.service", root / "lib/systemd/system/yinling-hub.service")
        for doc in HUB_DOCS:
            install(REPO / doc, root / "usr/share/doc/yinling-hub" / Path(doc).name)
        (root / "usr/share/doc/yinling-hub/commands.txt").write_text(help_text(
            str(build_dir / "yinling-hub"), ["publish", "keys", "sites", "admin-token", "serve", "report", "counts"]))
        copyright_file(root, "yinling-hub")
        return finish(root, "yinling-hub", version, arch, ["adduser", "systemd", "init-system-helpers"], [],
                      "Yinling hub: publishes the elderly-education pool, collects usage counts, ranks resources",
                      out, compression)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--build-dir", type=Path, required=True, help="holds yinling and yinling-hub")
    parser.add_argument("--out", type=Path, default=REPO / "dist")
    parser.add_argument("--version", help="default: what `yinling --version` prints")
    parser.add_argument("--fast", action="store_true", help="gzip -1 instead of xz (tests)")
    parser.add_argument("--only", choices=["yinling", "yinling-hub"])
    args = parser.parse_args()
    build_dir = args.build_dir.resolve()
    version = args.version or run(str(build_dir / "yinling"), "--version").strip()
    arch = run("dpkg", "--print-architecture").strip()
    args.out.mkdir(parents=True, exist_ok=True)
    compression = ("gzip", "1") if args.fast else ("xz", "6")
    if args.only in (None, "yinling"):
        build_kiosk(build_dir, args.out, version, arch, True, compression)
    if args.only in (None, "yinling-hub"):
        build_hub(build_dir, args.out, version, arch, True, compression)


if __name__ == "__main__":
    main()
