"""Disk images, and what a boot after a power cut would find on disk 1, checked from the host."""

import hashlib
import shutil
import sqlite3
import subprocess

from . import Failure


def make_ext4(image, size, source=None):
    """A sparse ext4 image; with `source`, filled with that directory's files (no mount, no root)."""
    if image.exists():
        image.unlink()
    command = ["mkfs.ext4", "-q", "-F", "-E", "lazy_itable_init=1,lazy_journal_init=1"]
    if source:
        command += ["-d", str(source)]
    subprocess.run(command + [str(image), str(size // 1024) + "k"], check=True, stdout=subprocess.DEVNULL)


def copy_sparse(source, destination):
    subprocess.run(["cp", "--sparse=always", str(source), str(destination)], check=True)


class DiskState:
    """Disk 1 after a cut: its file system, every verified cache file, the database and its catalog."""

    def __init__(self):
        self.fsck = ""
        self.media = {}  # path relative to the cache directory -> (sha256, bytes), for files that verify
        self.partial = []
        self.integrity = "(no database yet)"
        self.catalog = ()  # sorted (resource id, cover sha256, media sha256 or "")
        self.index = {}  # cacheEntry: sha256 -> (path, bytes)
        self.listed_files = 0
        self.problems = []

    @property
    def resources(self):
        return len(self.catalog)

    @property
    def verified_bytes(self):
        return sum(size for _, size in self.media.values())

    def summary(self, pool):
        return (f"disk 1 {self.fsck}; cache: {len(self.media)} files verify "
                f"({self.verified_bytes / 1e6:.1f} of {pool.bytes / 1e6:.1f} MB), {len(self.partial)} in partial/; "
                f"catalog: {self.resources} resources, {self.listed_files} files listed, all verify; "
                f"integrity_check {self.integrity}")

    def require_consistent(self):
        if self.problems:
            more = f" (and {len(self.problems) - 6} more)" if len(self.problems) > 6 else ""
            raise Failure("; ".join(self.problems[:6]) + more)

    def require_kept(self, earlier):
        """The next run resumes: no verified file of an earlier cut is lost (all pool files stay in use)."""
        lost = sorted(set(earlier.media) - set(self.media))
        if lost:
            raise Failure(f"{len(lost)} files verified after the previous cut are gone: {', '.join(lost[:3])}")

    def require_durable(self, done, pool):
        """Every file of a resource the command reported done before the cut survived it."""
        verified = {sha256 for sha256, _ in self.media.values()}
        for resource in sorted(done):
            missing = [sha256 for sha256 in pool.resource_files[resource] if sha256 not in verified]
            if missing:
                raise Failure(f"{resource} was reported done before the cut, but its file {missing[0][:12]}… "
                              f"is not in the cache after it (written, but not made durable)")

    def require_complete(self, pool):
        self.require_consistent()
        listed = {resource for resource, _, _ in self.catalog}
        missing = sorted(set(pool.resources) - listed)
        if not listed or missing:
            raise Failure(f"the catalog lists {len(listed)} of the pool's {len(pool.resources)} resources "
                          f"(missing: {', '.join(missing[:5])})")
        unindexed = sorted(set(pool.files) - set(self.index))
        if unindexed:
            raise Failure(f"{len(unindexed)} pool files are not in the cache index: {', '.join(unindexed[:3])}")
        if self.partial:
            raise Failure(f"partial/ still holds {', '.join(self.partial[:3])} after a complete run")


class DiskCheck:
    """Replays disk 1's journal on a scratch copy (e2fsck, as the kernel's mount would), copies the data
    and cache directories out (debugfs: no mount, no loop device, no root) and checks them."""

    def __init__(self, work, pool, data_dir, cache_dir):
        self.work = work
        self.pool = pool
        self.data_dir = data_dir
        self.cache_dir = cache_dir
        self.fsck_log = work / "e2fsck.log"

    def run(self, image, label):
        scratch = self.work / "check.img"
        out = self.work / "check"
        state = DiskState()
        copy_sparse(image, scratch)
        try:
            state.fsck = self.fsck(scratch, label, state)
            shutil.rmtree(out, ignore_errors=True)
            out.mkdir()
            # `ls -p` prints /inode/mode/uid/gid/name/size/ per entry.
            listing = debugfs(scratch, "ls -p /")
            entries = {line.split("/")[5] for line in listing.splitlines() if line.count("/") >= 6}
            present = [name for name in (self.data_dir, self.cache_dir) if name in entries]
            if present:
                debugfs(scratch, "rdump " + " ".join("/" + name for name in present) + f" {out}")
            self.check_cache(out / self.cache_dir, state)
            self.check_database(out / self.data_dir / "kiosk.sqlite", state)
        finally:
            scratch.unlink()
            shutil.rmtree(out, ignore_errors=True)
        return state

    def fsck(self, scratch, label, state):
        """After a power cut ext4 may need its journal replayed, orphans released and the free counts
        corrected; anything else e2fsck has to repair is a failure."""
        repair = subprocess.run(["e2fsck", "-fy", "-E", "no_optimize_extents", str(scratch)],
                                capture_output=True, text=True)
        with open(self.fsck_log, "a", encoding="utf-8") as log:
            log.write(f"== {label}: e2fsck status {repair.returncode}\n{repair.stdout}{repair.stderr}")
        if repair.returncode >= 4:
            state.problems.append(f"e2fsck could not repair disk 1 (status {repair.returncode}): "
                                  + " | ".join(repair.stdout.strip().splitlines()[-4:]))
            return "BROKEN"
        repairs = fsck_repairs(repair.stdout)
        if repairs:
            state.problems.append("e2fsck had to repair disk 1: " + " | ".join(repairs[:4]))
            return "REPAIRED"
        recheck = subprocess.run(["e2fsck", "-fn", str(scratch)], capture_output=True, text=True)
        if recheck.returncode != 0:
            state.problems.append("disk 1 is not clean after e2fsck: " + " | ".join(recheck.stdout.splitlines()[-4:]))
        return "needed its journal replayed" if "recovering journal" in repair.stdout else "was clean"

    def check_cache(self, root, state):
        """Every file under media/ must hash to its name: it was renamed there only after an fsync."""
        media = root / "media"
        for path in sorted(media.rglob("*")) if media.is_dir() else []:
            if not path.is_file():
                continue
            relative = str(path.relative_to(root))
            sha256, size = hash_file(path)
            if sha256 != path.name.split(".")[0]:
                state.problems.append(f"{relative} hashes to {sha256[:12]}…, not to its name "
                                      f"(renamed into place before its bytes were durable)")
            elif self.pool.files.get(sha256, size) != size:
                state.problems.append(f"{relative}: {size} bytes, the pool says {self.pool.files[sha256]}")
            else:
                state.media[relative] = (sha256, size)
        if (root / "partial").is_dir():
            state.partial = sorted(path.name for path in (root / "partial").iterdir())

    def check_database(self, path, state):
        """integrity_check, then every cacheEntry and every file a resource lists must verify."""
        if not path.exists():
            return
        connection = sqlite3.connect(path)  # replays the WAL, as yinling's next open would
        try:
            rows = [row[0] for row in connection.execute("PRAGMA integrity_check")]
            state.integrity = "ok" if rows == ["ok"] else "; ".join(rows[:3])
            if rows != ["ok"]:
                state.problems.append(f"PRAGMA integrity_check: {state.integrity}")
                return
            tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            if not {"resource", "cacheEntry"} <= tables:
                return  # the migrations never committed: an empty catalog
            state.index = {sha256: (relative, size) for sha256, relative, size
                           in connection.execute("SELECT sha256, path, bytes FROM cacheEntry")}
            state.catalog = tuple(sorted(connection.execute(
                "SELECT id, coverSHA256, IFNULL(mediaSHA256, '') FROM resource")))
        finally:
            connection.close()
        for sha256, (relative, size) in state.index.items():
            found = state.media.get(relative)
            if found != (sha256, size):
                state.problems.append(f"the cache index lists {relative} ({size} bytes), but "
                                      + ("no such file verifies" if found is None else
                                         f"the file is {found[0][:12]}…, {found[1]} bytes"))
        listed = {sha256 for _, cover, media in state.catalog for sha256 in (cover, media) if sha256}
        for resource, cover, media in state.catalog:
            for sha256 in (cover, media):
                if sha256 and sha256 not in state.index:
                    state.problems.append(f"resource {resource} lists {sha256[:12]}…, which the cache index lacks")
        state.listed_files = len(listed & set(state.index))


def fsck_repairs(output):
    """The problems `e2fsck -fy` fixed beyond what an unclean shutdown of ext4 leaves: a journal to
    replay, orphan inodes (files unlinked or being truncated while open) and the lazily kept free counts."""
    expected = ("Clearing orphaned inode", "Truncating orphaned inode", "Free blocks count wrong",
                "Free inodes count wrong", "Setting free inodes count", "Setting free blocks count")
    repairs = []
    problem = []
    for line in output.splitlines():
        text = line.strip()
        if not text or text.startswith(("Pass ", "/")) or (text.startswith(expected[:2]) and not problem):
            problem = []  # a heading, or a note that needs no answer
            continue
        problem.append(text)
        if text.endswith(("? yes", "? no")):
            description = " ".join(problem)
            if not description.startswith(expected):
                repairs.append(description)
            problem = []
    return repairs


def hash_file(path):
    digest = hashlib.sha256()
    size = 0
    with open(path, "rb") as file:
        while chunk := file.read(1 << 20):
            digest.update(chunk)
            size += len(chunk)
    return digest.hexdigest(), size


def debugfs(image, request):
    result = subprocess.run(["debugfs", "-R", request, str(image)], capture_output=True, text=True)
    if result.returncode != 0:
        raise Failure(f"debugfs {request!r} failed: {result.stderr.strip()}")
    return result.stdout
