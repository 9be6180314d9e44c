"""How fast the writer's loop is: the four figures of issue 13, measured in a fresh clone.

    python benchmarks/writer_loop.py [--ref REF] [--skip-tests] [--edits N]

1. **cold build**: ``mkdocs build --strict`` in a fresh clone of REF (default: HEAD) with an
   empty build cache (``SCRATCHNET_BUILD_CACHE_DIR`` points at a new folder; the verified
   download of the in-browser runtime, if the machine has one, is used as it is);
2. **prose-only rebuild**: ``mkdocs serve`` in that clone; a sentence is added to a
   chapter N times (default 3), and each rebuild's time is what MkDocs logs
   ("Documentation built in X seconds"); the median is reported, with the seconds from
   saving the file to that line. Then the same with ``SCRATCHNET_LANGUAGE=en``, the writer's
   loop that builds one language (the default builds both, English and Japanese);
3. **README pytest**: the README's test command's pytest part (``python -m pytest``), run
   in the clone with this interpreter (its environment must have the ``test`` extra);
4. **its non-browser part**: the same with ``-m "not browser"``.

Targets (2-core machines): 10 s, 3 s, 120 s, 40 s. The machine's load (``os.getloadavg``)
is printed before and after each step: on a shared machine, compare figures measured side
by side (``--ref main`` measures main the same way).
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import resource
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TARGETS = {"cold build": 10.0, "prose-only rebuild": 3.0, "... one language": 3.0, "README pytest": 120.0,
           "non-browser pytest": 40.0}
BUILT = re.compile(r"Documentation built in ([0-9.]+) seconds")
PROSE_PAGE = "docs/index.md"


def children_cpu() -> float:
    """CPU seconds (user + system) of every child process waited for so far."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


CPU: dict[str, float] = {}


def load() -> str:
    one, five, _ = os.getloadavg()
    return f"load {one:.2f} (5 min: {five:.2f})"


def clone(ref: str, into: Path) -> Path:
    sha = subprocess.run(["git", "-C", str(ROOT), "rev-parse", ref], check=True, capture_output=True,
                         text=True).stdout.strip()
    target = into / "clone"
    subprocess.run(["git", "clone", "-q", "--no-checkout", str(ROOT), str(target)], check=True)
    subprocess.run(["git", "-C", str(target), "checkout", "-q", sha], check=True)
    print(f"fresh clone of {ref} ({sha[:10]}) in {target}")
    return target


def environment(cache: Path) -> dict[str, str]:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SCRATCHNET_BUILD_CACHE_DIR": str(cache)}
    for name in ("SCRATCHNET_NO_CACHE", "CI"):
        env.pop(name, None)
    return env


def cold_build(clone_dir: Path, env: dict[str, str], site: Path) -> float:
    started, cpu = time.perf_counter(), children_cpu()
    done = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(site)], cwd=clone_dir,
                          env=env, capture_output=True, text=True)
    elapsed = time.perf_counter() - started
    CPU["cold build"] = children_cpu() - cpu
    if done.returncode != 0:
        sys.exit(f"cold build failed:\n{done.stdout}{done.stderr}")
    return elapsed


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def process_cpu(pid: int) -> float:
    """CPU seconds (user + system) a running process has used so far (Linux: /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def prose_rebuilds(clone_dir: Path, env: dict[str, str], edits: int) -> list[tuple[float, float, float]]:
    """``(seconds MkDocs logs, seconds from saving to that line, CPU seconds)`` of each rebuild after a prose edit."""
    command = [sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{free_port()}"]
    server = subprocess.Popen(command, cwd=clone_dir, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                              text=True)
    lines: list[tuple[float, str]] = []
    arrived = threading.Condition()

    def read():
        for line in server.stdout:
            with arrived:
                lines.append((time.perf_counter(), line))
                arrived.notify_all()

    threading.Thread(target=read, daemon=True).start()

    def wait_for(pattern: re.Pattern | str, after: int, timeout: float = 300) -> tuple[int, float, re.Match]:
        deadline = time.monotonic() + timeout
        with arrived:
            while True:
                for n in range(after, len(lines)):
                    found = re.search(pattern, lines[n][1])
                    if found:
                        return n, lines[n][0], found
                if server.poll() is not None or time.monotonic() > deadline:
                    sys.exit("mkdocs serve stopped or timed out:\n" + "".join(line for _, line in lines))
                arrived.wait(1)

    page = clone_dir / PROSE_PAGE
    results = []
    try:
        seen, _, _ = wait_for(r"Serving on", 0)
        time.sleep(1.0)                                    # the watcher is armed
        for edit in range(edits):
            cpu = process_cpu(server.pid)
            with page.open("a", encoding="utf-8") as out:
                out.write(f"\nA sentence added by the benchmark, edit {edit + 1}.\n")
            saved = time.perf_counter()
            seen, at, found = wait_for(BUILT, seen + 1)
            results.append((float(found.group(1)), at - saved, process_cpu(server.pid) - cpu))
            time.sleep(1.0)
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
    return results


def readme_pytest(clone_dir: Path, env: dict[str, str], step: str, *extra: str) -> float:
    """The README's test command's pytest part, run with this interpreter in the clone."""
    readme = (clone_dir / "README.md").read_text(encoding="utf-8")
    block = readme.split("## Quick start", 1)[1].split("```shell", 1)[1].split("```", 1)[0]
    command = block.strip().splitlines()[1].split("&&")[-1].split()
    if command[1:3] != ["-m", "pytest"]:
        sys.exit(f"the README's test command does not end in `python -m pytest`: {command}")
    started, cpu = time.perf_counter(), children_cpu()
    done = subprocess.run([sys.executable, *command[1:], "-q", "-p", "no:cacheprovider", *extra], cwd=clone_dir,
                          env=env, capture_output=True, text=True)
    elapsed = time.perf_counter() - started
    CPU[step] = children_cpu() - cpu
    summary = (done.stdout.strip().splitlines() or ["(no output)"])[-1]
    print(f"    {' '.join(['python', *command[1:], *extra])}: {summary}")
    if done.returncode != 0:
        print(done.stdout[-4000:] + done.stderr[-2000:])
    return elapsed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--ref", default="HEAD", help="the commit to measure (default: HEAD)")
    parser.add_argument("--skip-tests", action="store_true", help="only the two build figures")
    parser.add_argument("--edits", type=int, default=3, help="prose edits under mkdocs serve (default 3)")
    args = parser.parse_args()

    print(f"{platform.node()}: {os.cpu_count()} CPUs, Python {platform.python_version()}, {load()}")
    figures: dict[str, float] = {}
    with tempfile.TemporaryDirectory(prefix="writer-loop-") as tmp:
        tmp = Path(tmp)
        clone_dir = clone(args.ref, tmp)
        cache = tmp / "cache"
        env = environment(cache)

        print(f"cold build ({load()})")
        figures["cold build"] = cold_build(clone_dir, env, tmp / "site")

        serves = [("prose-only rebuild", "prose-only rebuilds under mkdocs serve", env),
                  ("... one language", "the same, one language (SCRATCHNET_LANGUAGE=en mkdocs serve)",
                   {**env, "SCRATCHNET_LANGUAGE": "en"})]
        for step, heading, serve_env in serves:
            print(f"{heading} ({load()})")
            rebuilds = prose_rebuilds(clone_dir, serve_env, args.edits)
            for built, wall, cpu in rebuilds:
                print(f"    rebuilt in {built:.2f} s (MkDocs' figure), {cpu:.2f} s of CPU; "
                      f"{wall:.2f} s from saving the page to that line")
            figures[step] = statistics.median(built for built, _, _ in rebuilds)
            CPU[step] = statistics.median(cpu for _, _, cpu in rebuilds)
            subprocess.run(["git", "-C", str(clone_dir), "checkout", "-q", "--", PROSE_PAGE], check=True)

        if not args.skip_tests:
            shutil.rmtree(cache, ignore_errors=True)
            print(f"README pytest ({load()})")
            figures["README pytest"] = readme_pytest(clone_dir, env, "README pytest")
            print(f"non-browser pytest ({load()})")
            figures["non-browser pytest"] = readme_pytest(clone_dir, env, "non-browser pytest", "-m", "not browser")
        print(f"done ({load()})")

    print()
    print(f"{'step':<22} {'seconds':>8} {'target':>8}   {'':<20} {'CPU s':>7}")
    for step, seconds in figures.items():
        verdict = "met" if seconds <= TARGETS[step] else f"missed by {seconds - TARGETS[step]:.1f} s"
        cpu = f"{CPU[step]:7.1f}" if step in CPU else f"{'-':>7}"
        print(f"{step:<22} {seconds:8.1f} {TARGETS[step]:8.0f}   {verdict:<20} {cpu}")
    print("(CPU s: user + system time of the processes it ran, Chromium included; less sensitive to "
          "other load than seconds)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
