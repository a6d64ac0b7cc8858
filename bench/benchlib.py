"""Shared helpers for the bench/ scripts: run commands, measure wall time and peak RSS, talk to the testbed,
and write result sections that bench/run assembles into docs/BENCHMARKS.md."""
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
# BENCH_PLUGIN: another build of the launcher (e.g. mvn package -DbuildDir=/tmp/b, then /tmp/b/kubectl-indexed)
PLUGIN = os.environ.get("BENCH_PLUGIN") or str(ROOT / "target" / "kubectl-indexed")


def testbed_env():
    """KUBECONFIG and kubectl of the running testbed (testbed/up must have been run)."""
    kubeconfig = os.environ.get("TESTBED_KUBECONFIG") or str(ROOT / "testbed" / ".run" / "kubeconfig")
    if not Path(kubeconfig).is_file():
        sys.exit("bench: the testbed is not up (run: testbed/up)")
    kubectl = os.environ.get("TESTBED_KUBECTL")
    if not kubectl:
        kubectl = subprocess.run(["bash", "-c", "source testbed/lib.sh; tb_load_env; echo $KUBECTL"], cwd=ROOT,
                                 capture_output=True, text=True, check=True).stdout.strip()
    return kubeconfig, kubectl


def timed(cmd, env=None, stdin=None, stdout=subprocess.DEVNULL, check=True):
    """Runs cmd under /usr/bin/time; returns (wall seconds, peak RSS KiB, completed process)."""
    with tempfile.NamedTemporaryFile("r", suffix=".time") as tf:
        full = ["/usr/bin/time", "-f", "%e %M", "-o", tf.name] + list(cmd)
        t0 = time.perf_counter()
        p = subprocess.run(full, env=env, input=stdin, stdout=stdout, stderr=subprocess.PIPE)
        wall = time.perf_counter() - t0
        if check and p.returncode != 0:
            raise RuntimeError(f"{cmd} exited {p.returncode}: {p.stderr.decode(errors='replace')[-2000:]}")
        parts = Path(tf.name).read_text().strip().split()
        rss = int(parts[-1]) if parts else 0
        return wall, rss, p


def median(xs):
    return statistics.median(xs) if xs else float("nan")


def machine():
    cpu = "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return f"{os.cpu_count()} cores ({cpu}), {mem:.0f} GiB RAM, {os.uname().sysname} {os.uname().release}"


def write_result(row, title, body, summary=None):
    """Stores one benchmark's Markdown section; bench/run assembles docs/BENCHMARKS.md from them.

    summary: (measure, result, target, met) for the table at the top of docs/BENCHMARKS.md, where met is
    True, False or a word ("partly")."""
    RESULTS.mkdir(parents=True, exist_ok=True)
    stamp = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    text = f"## {row}. {title}\n\n_Measured {stamp} on {machine()}._\n\n{body.strip()}\n"
    (RESULTS / f"{row}.md").write_text(text)
    if summary is not None:
        measure, result, target, met = summary
        met = {True: "yes", False: "**no**"}.get(met, met)
        (RESULTS / f"{row}.summary.json").write_text(json.dumps(
            {"row": row, "measure": measure, "result": result, "target": target, "met": met}))
    print(text)


def kubectl_json(kubectl, kubeconfig, *args):
    out = subprocess.run([kubectl, "--kubeconfig", kubeconfig, *args, "-o", "json"], capture_output=True,
                         text=True, check=True).stdout
    return json.loads(out)


def sh(cmd, **kw):
    return subprocess.run(cmd, check=True, **kw)
