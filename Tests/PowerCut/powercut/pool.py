"""The pool the guest copies from: the demo pool plus entries with big random media files."""

import hashlib
import json
import os
import shutil
import subprocess


class Pool:
    """Like KioskTesting's TestPool.addCopies: `copies` more entries of `template`, each with its own media file."""

    def __init__(self, path, manifest):
        self.path = path
        self.resources = [entry["id"] for entry in manifest["resources"]]
        self.files = {}  # sha256 -> bytes
        self.resource_files = {}  # id -> [sha256 of cover and media]
        for entry in manifest["resources"]:
            files = [entry[field] for field in ("cover", "media") if field in entry]
            self.resource_files[entry["id"]] = [file["sha256"] for file in files]
            for file in files:
                self.files[file["sha256"]] = file["bytes"]
        self.bytes = sum(self.files.values())

    @classmethod
    def build(cls, path, source, copies, media_bytes, sign_command=None, template="KJ-CX-01"):
        shutil.copytree(source, path)
        manifest = json.loads((path / "manifest.json").read_text(encoding="utf-8"))
        original = next(entry for entry in manifest["resources"] if entry["id"] == template)
        for number in range(1, copies + 1):
            data = os.urandom(media_bytes)
            sha256 = hashlib.sha256(data).hexdigest()
            relative = f"media/{sha256[:2]}/{sha256}.mp4"
            (path / relative).parent.mkdir(parents=True, exist_ok=True)
            (path / relative).write_bytes(data)
            entry = json.loads(json.dumps(original))
            entry["id"] = f"{template}-{number}"
            entry["media"].update(path=relative, sha256=sha256, bytes=media_bytes)
            manifest["resources"].append(entry)
        (path / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=2), encoding="utf-8")
        if sign_command:
            subprocess.run([part.replace("{pool}", str(path)) for part in sign_command], check=True)
        return cls(path, manifest)
