"""Benchmark: seconds from a fresh clone's first `uv run manage.py rundemo` to its first page.

Clones this repository (its committed HEAD) into a temporary folder, installs the locked
dependencies there (`uv sync --frozen`, not timed: it is the README's prerequisite), then
starts the README's first command, `uv run manage.py rundemo 127.0.0.1:<port>`, on the
clone's own new SQLite file and times until `GET /logga-in/` answers 200. The server's
lines are printed with the second they came at, so one sees where the time goes
(migrations, demo data). The server is stopped and the folder removed at the end.

    uv run python bench/rundemo.py [--port 8799] [--rev HEAD] [--keep]

``--rev`` clones another commit of this repository, e.g. the one before a change, to
compare the two on the same machine one right after the other.
"""

from __future__ import annotations

import argparse
import os
import queue
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

GOAL_SECONDS = 20.0
TIMEOUT = 180.0
REPO = Path(__file__).resolve().parent.parent
GIT = shutil.which("git") or "git"
UV = shutil.which("uv") or "uv"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, default=8799)
    parser.add_argument("--rev", default="HEAD", help="the commit to clone (default HEAD)")
    parser.add_argument("--keep", action="store_true", help="keep the clone (path printed)")
    args = parser.parse_args()

    folder = Path(tempfile.mkdtemp(prefix="sfbv-rundemo-"))
    clone = folder / "sfbv"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_", "VIRTUAL_ENV"))}
    try:
        subprocess.run([GIT, "clone", "-q", str(REPO), str(clone)], check=True)  # noqa: S603
        subprocess.run(  # noqa: S603
            [GIT, "-c", "advice.detachedHead=false", "checkout", "-q", args.rev],
            cwd=clone,
            check=True,
        )
        started = time.perf_counter()
        subprocess.run([UV, "sync", "--frozen", "-q"], cwd=clone, env=env, check=True)  # noqa: S603
        print(f"uv sync --frozen i klonen: {time.perf_counter() - started:.1f} s (räknas inte)")
        seconds = time_first_page(clone, args.port, env)
    finally:
        if args.keep:
            print(f"klonen finns kvar i {clone}")
        else:
            shutil.rmtree(folder, ignore_errors=True)
    if seconds is None:
        print(f"ingen sida inom {TIMEOUT:.0f} s ✗")
        sys.exit(1)
    ok = seconds <= GOAL_SECONDS
    print(
        f"\nrundemo i en ny klon ({args.rev}), första start: första sidan (/logga-in/ 200) efter "
        f"{seconds:.1f} s (mål ≤ {GOAL_SECONDS:.0f} s) {'✓' if ok else '✗'}"
    )


def wait_for_background(lines: queue.Queue[tuple[float, str]], started: float) -> None:
    """Not timed: wait for the line that says the deferred PDFs are frozen (≤ 60 s)."""
    deadline = time.perf_counter() + 60
    while time.perf_counter() < deadline:
        try:
            at, line = lines.get(timeout=0.5)
        except queue.Empty:
            continue
        if "låsta som PDF" in line:
            print(f"  {at:5.1f} s  {line[:100]}  (i bakgrunden, räknas inte)")
            return
    print("  bakgrundens PDF:er blev inte klara inom 60 s")


def time_first_page(clone: Path, port: int, env: dict[str, str]) -> float | None:
    url = f"http://127.0.0.1:{port}/logga-in/"
    started = time.perf_counter()
    server = subprocess.Popen(  # noqa: S603 (fixed arguments)
        [UV, "run", "manage.py", "rundemo", f"127.0.0.1:{port}"],
        cwd=clone,
        env={**env, "PYTHONUNBUFFERED": "1"},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    lines: queue.Queue[tuple[float, str]] = queue.Queue()

    def read() -> None:
        assert server.stdout is not None
        for line in server.stdout:
            lines.put((time.perf_counter() - started, line.rstrip()))

    threading.Thread(target=read, daemon=True).start()

    def show() -> None:
        while not lines.empty():
            at, line = lines.get()
            if line.strip() and not line.startswith("  "):
                print(f"  {at:5.1f} s  {line[:100]}")

    try:
        while time.perf_counter() - started < TIMEOUT:
            show()
            if server.poll() is not None:
                show()
                print(f"servern avslutades med {server.returncode}")
                return None
            try:
                with urllib.request.urlopen(url, timeout=2) as response:
                    if response.status == 200:
                        seconds = time.perf_counter() - started
                        show()
                        wait_for_background(lines, started)
                        return seconds
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            time.sleep(0.1)
        return None
    finally:
        # Stop the server we started (its own process group: uv, the autoreloader, the
        # serving process), give a background render a moment to be reported.
        time.sleep(0.5)
        show()
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)


if __name__ == "__main__":
    main()
