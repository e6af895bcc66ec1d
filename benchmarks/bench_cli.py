"""Wall time of whole `filmgraph` commands, process start included: median of N runs.

    .venv/bin/python benchmarks/bench_cli.py [--runs 9] [-- ARGS...]

Without ARGS it times `filmgraph validate` and `filmgraph stats` on the bundled graph.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import time


def time_command(command: list[str], runs: int) -> list[float]:
    """Run ``command`` ``runs`` times after one warm-up run; return the wall times in seconds."""
    subprocess.run(command, capture_output=True, check=False)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, capture_output=True, check=False)
        times.append(time.perf_counter() - start)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("args", nargs="*")
    options = parser.parse_args()
    exe = shutil.which("filmgraph") or str(__import__("pathlib").Path(sys.executable).with_name("filmgraph"))
    commands = [options.args] if options.args else [["validate"], ["stats"]]
    for args in commands:
        times = time_command([exe, *args], options.runs)
        print(f"filmgraph {' '.join(args):<30} median {statistics.median(times):.3f} s"
              f"  (min {min(times):.3f}, max {max(times):.3f}, {options.runs} runs)")


if __name__ == "__main__":
    main()
