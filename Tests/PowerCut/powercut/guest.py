"""What the virtual machine boots: Debian 12's own kernel (fetched once with apt and cached) and an
initramfs with busybox, yinling, every shared library it needs, the block-disk modules and /init."""

import json
import lzma
import os
import shutil
import struct
import subprocess
from pathlib import Path

from . import Failure, say

# Loaded from the initramfs, with what they depend on, unless built into the kernel.
WANTED_MODULES = ["virtio_pci", "virtio_blk", "ext4", "crc32c_generic"]


class Kernel:
    """The kernel image (the uncompressed ELF when it has a PVH entry) and the modules, in load order."""

    def __init__(self, directory):
        description = json.loads((directory / "kernel.json").read_text())
        self.version = description["version"]
        self.image = directory / description["image"]
        self.modules = [directory / "modules" / name for name in description["modules"]]

    @classmethod
    def fetch(cls, directory, flavour, wanted_modules=WANTED_MODULES):
        """The cached kernel in `directory`, or linux-image-<version>-<flavour> downloaded with apt, with
        `wanted_modules` and what they depend on (Tests/GPIO/gpio-vm.py wants configfs)."""
        if (directory / "kernel.json").exists():
            return cls(directory)
        version = resolve_version(flavour)
        staging = directory.with_name(directory.name + ".partial")
        shutil.rmtree(staging, ignore_errors=True)
        staging.mkdir(parents=True)
        package = f"linux-image-{version}"
        say(f"downloading {package} (once; cached in {directory})")
        download = subprocess.run(["apt-get", "download", "-q", package], cwd=staging, capture_output=True, text=True)
        if download.returncode != 0:
            raise Failure(f"apt-get download {package} failed: {download.stderr.strip()}")
        deb = next(staging.glob(f"{package}_*.deb"))
        tree = staging / "tree"
        tree.mkdir()
        unpack = subprocess.Popen(["dpkg-deb", "--fsys-tarfile", str(deb)], stdout=subprocess.PIPE)
        subprocess.run(["tar", "-x", "-C", str(tree), "./boot", "./lib/modules"], stdin=unpack.stdout, check=True)
        if unpack.wait() != 0:
            raise Failure(f"dpkg-deb could not read {deb}")
        compressed = tree / f"boot/vmlinuz-{version}"
        if extract_vmlinux(compressed, staging / "vmlinux"):
            image = "vmlinux"
        else:
            image = "vmlinuz"
            shutil.copy(compressed, staging / image)
        modules = resolve_modules(tree / f"lib/modules/{version}", staging / "modules", wanted_modules)
        (staging / "kernel.json").write_text(json.dumps({"version": version, "image": image, "modules": modules}))
        shutil.rmtree(tree)
        deb.unlink()
        shutil.rmtree(directory, ignore_errors=True)
        staging.rename(directory)
        return cls(directory)


def resolve_version(flavour):
    """The version linux-image-<flavour> depends on today, e.g. 6.1.0-56-cloud-amd64."""

    def depends():
        result = subprocess.run(["apt-cache", "depends", f"linux-image-{flavour}"], capture_output=True, text=True)
        for line in result.stdout.splitlines():
            parts = line.split()
            if len(parts) == 2 and parts[0] == "Depends:" and parts[1].startswith("linux-image-"):
                return parts[1][len("linux-image-"):]
        return None

    version = depends()
    if version is None:
        sudo = [] if os.geteuid() == 0 else ["sudo"]
        subprocess.run(sudo + ["apt-get", "update", "-q"], check=True, stdout=subprocess.DEVNULL)
        version = depends()
    if version is None:
        raise Failure(f"apt knows no linux-image-{flavour}; is this Debian 12?")
    return version


def extract_vmlinux(bzimage, destination):
    """The uncompressed ELF kernel: qemu boots it by its PVH entry, which skips the real-mode setup and
    the decompression (slow under TCG). False if no known compression yields an ELF with that entry."""
    data = bzimage.read_bytes()
    decompressors = [
        (b"\x02\x21\x4c\x18", ["lz4", "-dc"]),
        (b"\x28\xb5\x2f\xfd", ["zstd", "-dc"]),
        (b"\xfd7zXZ\x00", ["xz", "-dc"]),
        (b"\x1f\x8b\x08", ["gzip", "-dc"]),
    ]
    for magic, command in decompressors:
        start = data.find(magic)
        if start < 0 or shutil.which(command[0]) is None:
            continue
        payload = subprocess.run(command, input=data[start:], capture_output=True).stdout
        if has_pvh_entry(payload):
            destination.write_bytes(payload)
            return True
    return False


def has_pvh_entry(elf):
    """Whether an ELF kernel has the Xen PVH entry note (type 18) that qemu's -kernel needs."""
    if elf[:4] != b"\x7fELF" or elf[4] != 2:
        return False
    (header_offset,) = struct.unpack_from("<Q", elf, 0x20)
    entry_size, count = struct.unpack_from("<HH", elf, 0x36)
    for index in range(count):
        kind, _, offset, _, _, size, _, _ = struct.unpack_from("<IIQQQQQQ", elf, header_offset + index * entry_size)
        if kind != 4:  # PT_NOTE
            continue
        position = offset
        while position + 12 <= offset + size:
            name_size, description_size, note_type = struct.unpack_from("<III", elf, position)
            name = elf[position + 12 : position + 12 + name_size].rstrip(b"\0")
            if name == b"Xen" and note_type == 18:
                return True
            position += 12 + (name_size + 3) // 4 * 4 + (description_size + 3) // 4 * 4
    return False


def resolve_modules(module_root, destination, wanted_modules=WANTED_MODULES):
    """Copies `wanted_modules` and their dependencies (each .ko's `depends`, which is what depmod writes to
    modules.dep; the package has no modules.dep) to `destination`; returns their file names in load order."""
    builtin = set()
    if (module_root / "modules.builtin").exists():
        builtin = {module_name(line) for line in (module_root / "modules.builtin").read_text().split()}
    files = {module_name(str(path)): path for path in module_root.rglob("*.ko*")}
    order = []

    def visit(name, path=()):
        if name in builtin or name in order or name in path:
            return
        if name not in files:
            raise Failure(f"module {name} is neither built into the kernel nor shipped with it")
        for dependency in filter(None, modinfo(files[name]).get("depends", "").split(",")):
            visit(module_name(dependency), path + (name,))
        order.append(name)

    for name in wanted_modules:
        visit(name)
    destination.mkdir()
    for name in order:
        (destination / (name + ".ko")).write_bytes(read_module(files[name]))
    return [name + ".ko" for name in order]


def module_name(path):
    return Path(path).name.split(".ko")[0].replace("-", "_")


def read_module(path):
    data = path.read_bytes()
    return lzma.decompress(data) if path.name.endswith(".xz") else data


def modinfo(path):
    """The key=value strings of a module's .modinfo ELF section."""
    data = read_module(path)
    if data[:4] != b"\x7fELF" or data[4] != 2:
        raise Failure(f"{path} is not a 64-bit ELF module")
    (section_offset,) = struct.unpack_from("<Q", data, 0x28)
    entry_size, count, names_index = struct.unpack_from("<HHH", data, 0x3A)
    sections = [struct.unpack_from("<IIQQQQIIQQ", data, section_offset + i * entry_size) for i in range(count)]
    names_offset = sections[names_index][4]
    info = {}
    for name, _, _, _, offset, size, *_ in sections:
        start = names_offset + name
        if data[start : data.index(b"\0", start)] == b".modinfo":
            for item in data[offset : offset + size].split(b"\0"):
                key, _, value = item.decode("utf-8", "replace").partition("=")
                if key:
                    info.setdefault(key, value)
    return info


class Initramfs:
    """A newc cpio archive, uncompressed (nothing to inflate under TCG): busybox and GUEST_INIT; for the
    real runs also yinling with every shared library ldd names, the kernel modules, the config and the command."""

    @staticmethod
    def build(destination, kernel=None, yinling=None, command="", config="", preload=None):
        archive = Cpio()
        for directory in ("bin", "dev", "etc", "lib", "lib64", "lib/x86_64-linux-gnu", "lib/modules", "mnt",
                          "mnt/cache", "mnt/pool", "proc", "root", "sys", "tmp"):
            archive.directory(directory)
        archive.node("dev/console", 0o020600, 5, 1)
        archive.file("bin/busybox", Path(shutil.which("busybox") or "/bin/busybox").read_bytes(), 0o755)
        archive.file("init", GUEST_INIT.encode(), 0o755)
        if yinling is not None:
            archive.file("bin/yinling", stripped(yinling), 0o755)
            for library in shared_libraries(yinling):
                folder = "lib64" if library.startswith("/lib64/") else "lib/x86_64-linux-gnu"
                archive.file(f"{folder}/{Path(library).name}", Path(library).read_bytes(), 0o755)
            for module in kernel.modules:
                archive.file(f"lib/modules/{module.name}", module.read_bytes(), 0o644)
            order = "".join(module.stem + "\n" for module in kernel.modules)
            archive.file("lib/modules/order", order.encode(), 0o644)
            archive.file("etc/yinling.toml", config.encode(), 0o644)
            archive.file("etc/powercut-command", (command + "\n").encode(), 0o644)
            if preload is not None:
                archive.file(f"lib/{preload.name}", preload.read_bytes(), 0o755)
        destination.write_bytes(archive.finish())


def stripped(executable):
    """The executable without its debug sections (most of a debug build); as it is without `strip`."""
    if shutil.which("strip") is None:
        return Path(executable).read_bytes()
    copy = Path(executable).with_name(Path(executable).name + ".vm-stripped")
    subprocess.run(["strip", "--strip-debug", "-o", str(copy), str(executable)], check=True)
    data = copy.read_bytes()
    copy.unlink()
    return data


def shared_libraries(executable):
    """What `ldd` lists (Swift runtime, Foundation, libsqlite3, glibc, …) and the dynamic loader."""
    result = subprocess.run(["ldd", str(executable)], capture_output=True, text=True, check=True)
    libraries = set()
    for line in result.stdout.splitlines():
        parts = line.split()
        if "=>" in parts:
            target = parts[parts.index("=>") + 1]
            if target == "not":
                raise Failure(f"ldd {executable}: {line.strip()}")
            if target.startswith("/"):
                libraries.add(target)
        elif parts and parts[0].startswith("/"):
            libraries.add(parts[0])
    return sorted(libraries)


class Cpio:
    """Writes the newc format the kernel unpacks (no cpio tool, no root needed for /dev/console)."""

    def __init__(self):
        self.parts = []
        self.inode = 1

    def entry(self, name, mode, data=b"", major=0, minor=0):
        fields = [self.inode, mode, 0, 0, 1, 0, len(data), 0, 0, major, minor, len(name) + 1, 0]
        self.inode += 1
        header = b"070701" + b"".join(b"%08X" % field for field in fields) + name.encode() + b"\0"
        self.parts += [header, b"\0" * (-len(header) % 4), data, b"\0" * (-len(data) % 4)]

    def directory(self, name):
        self.entry(name, 0o040755)

    def node(self, name, mode, major, minor):
        self.entry(name, mode, major=major, minor=minor)

    def file(self, name, data, permissions):
        self.entry(name, 0o100000 | permissions, data)

    def finish(self):
        self.entry("TRAILER!!!", 0)
        return b"".join(self.parts)


# pc.mode=probe: answer and power off (the KVM probe). pc.mode=run: load the modules, mount disk 1 at
# /mnt/cache and the pool read-only at /mnt/pool, run the command between two markers, unmount, power off.
GUEST_INIT = r"""#!/bin/busybox sh
/bin/busybox --install -s /bin
export PATH=/bin HOME=/root LD_LIBRARY_PATH=/lib/x86_64-linux-gnu
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev 2>/dev/null
fail() { echo "PC_FAIL $*"; poweroff -f; sleep 10; }
case " $(cat /proc/cmdline) " in
  *" pc.mode=probe "*) echo PC_PROBE_OK; poweroff -f; sleep 10;;
esac
while read -r module; do
  insmod "/lib/modules/$module.ko" || fail "insmod $module"
done < /lib/modules/order
for attempt in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20; do
  [ -b /dev/vda ] && [ -b /dev/vdb ] && break
  sleep 0.2
done
mount -t ext4 /dev/vda /mnt/cache || fail "mount disk 1 (/dev/vda)"
mount -t ext4 -o ro,noload /dev/vdb /mnt/pool || fail "mount the pool disk (/dev/vdb)"
echo "PC_READY uptime=$(cut -d' ' -f1 /proc/uptime)"
cd /root
echo PC_RUN_START
sh /etc/powercut-command
echo "PC_RUN_END status=$?"
umount /mnt/cache || fail "umount disk 1"
umount /mnt/pool
echo PC_DOWN
poweroff -f
sleep 10
"""
