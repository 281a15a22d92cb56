"""Run tvkg on a store kept on a small private file system, to see how it fails when the disk fills
up or turns read-only: conditions a test cannot otherwise make as root, who may write anywhere.

``in_small_disk`` runs this module under ``unshare --user --map-root-user --mount`` (no privilege
needed; as root, plain ``unshare --mount`` where user namespaces are not allowed). Inside that
namespace, ``main`` mounts a tmpfs of the given size, runs the steps one by one, and writes what
each printed to a JSON file on the real disk: the tmpfs vanishes with the namespace, so the tests
check that record. A step is a list:

* ``["tvkg", arg, ...]``: run the CLI; ``{disk}`` in an argument is the mount point;
* ``["fill"]`` / ``["free"]``: take up every free byte with a filler file / delete it;
* ``["read-only"]``: remount the file system read-only;
* ``["list", folder]``: the names in a folder of the disk;
* ``["serve"]``, ``["update", text]``, ``["get", path]``, ``["stop"]``: start `tvkg serve` on the
  store ``{disk}/store`` with writes enabled, send it a SPARQL update or a GET, stop it.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
TOKEN = "a-token-for-the-disk-fault-tests"


def in_small_disk(work: Path, megabytes: int, steps: list[list[str]]) -> list[dict]:
    """Run ``steps`` on a fresh ``megabytes`` tmpfs; one record per step (see the module docstring)."""
    script, record = work / "steps.json", work / "record.json"
    script.write_text(json.dumps(steps))
    subprocess.run([*_private_mounts(), sys.executable, "-m", "tests.small_disk", str(megabytes), str(script),
                    str(record)], cwd=ROOT, check=True, timeout=600)
    return json.loads(record.read_text())


def _private_mounts() -> list[str]:
    """The unshare command for a private mount namespace: in a user namespace of its own (needs no
    privilege where user namespaces are allowed), else, for root, directly (needs CAP_SYS_ADMIN)."""
    for command in (["unshare", "--user", "--map-root-user", "--mount"], ["unshare", "--mount"]):
        if subprocess.run([*command, "true"], capture_output=True, check=False).returncode == 0:
            return command
    raise RuntimeError("unshare cannot make a private mount namespace here (no user namespaces, not root)")


def main(megabytes: int, script: Path, record: Path) -> None:
    with tempfile.TemporaryDirectory() as folder:
        disk = Path(folder)
        subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={megabytes}m", "tvkg-test", str(disk)], check=True)
        runner = _Runner(disk)
        try:
            results = [runner.step(step) for step in json.loads(script.read_text())]
        finally:
            runner.stop()
            subprocess.run(["umount", str(disk)], check=False)
        record.write_text(json.dumps(results, indent=1))


class _Runner:
    def __init__(self, disk: Path) -> None:
        self.disk, self.server, self.url = disk, None, ""

    def step(self, step: list[str]) -> dict:
        kind, *args = step
        args = [arg.replace("{disk}", str(self.disk)) for arg in args]
        if kind == "tvkg":
            done = subprocess.run([sys.executable, "-m", "tvkg.cli", *args], cwd=ROOT, capture_output=True,
                                  text=True, timeout=300)
            return {"step": step, "rc": done.returncode, "out": done.stdout, "err": done.stderr}
        if kind == "fill":
            return {"step": step, "filled": self._fill()}
        if kind == "free":
            (self.disk / "filler").unlink()
        elif kind == "read-only":
            subprocess.run(["mount", "-o", "remount,ro", str(self.disk)], check=True)
        elif kind == "list":
            return {"step": step, "names": sorted(p.name for p in (self.disk / args[0]).iterdir())}
        elif kind == "serve":
            self._serve()
        elif kind == "update":
            answer = requests.post(self.url + "/sparql", data=args[0].encode(), timeout=120, headers={
                "Content-Type": "application/sparql-update", "Authorization": f"Bearer {TOKEN}"})
            return {"step": step, "status": answer.status_code, "text": answer.text}
        elif kind == "get":
            answer = requests.get(self.url + args[0], timeout=60)
            return {"step": step, "status": answer.status_code, "text": answer.text}
        elif kind == "stop":
            self.stop()
        else:
            raise ValueError(f"unknown step {step}")
        return {"step": step}

    def _fill(self) -> int:
        """Write zeros until the disk is full; the bytes written."""
        written = 0
        with (self.disk / "filler").open("wb", buffering=0) as filler:  # unbuffered: nothing left to flush at close
            try:
                while True:
                    written += filler.write(bytes(1 << 16)) or 0
            except OSError:
                pass
        return written

    def _serve(self) -> None:
        from benchmarks.servers import free_port

        port = free_port()
        self.url = f"http://127.0.0.1:{port}"
        self.server = subprocess.Popen(
            [sys.executable, "-m", "tvkg.cli", "serve", "--store", str(self.disk / "store"), "--port", str(port)],
            cwd=ROOT, env={**os.environ, "TVKG_UPDATE_TOKEN": TOKEN}, stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 60
        while True:
            try:
                requests.get(self.url + "/sparql?query=ASK%7B%7D", timeout=30)
                return
            except requests.ConnectionError:
                if self.server.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("the server did not start") from None
                time.sleep(0.05)

    def stop(self) -> None:
        if self.server is not None:
            self.server.terminate()
            self.server.wait(timeout=30)
            self.server = None


if __name__ == "__main__":
    main(int(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3]))
