#!/usr/bin/env python3
"""The data-file rows of issue #15, run by `bench/compare.sh data`: loading and saving a
10⁶×10 CSV of random doubles at full precision (about 196 MB) and a 2000×2000 `.npy`, in
la, NumPy, pandas, polars and GNU Octave (those that are installed), with each loading
process's peak memory.

Every program runs its operation once to warm up and then its timed rounds, printing
`time <ms>` for each, then `check <x>`, a relative error that is tiny only when the data
arrived whole (the sum of all elements against the sum la computed when it wrote the file;
a saved file is read back by la). The table gives the median round and the target ratios.

la saves atomically: a temporary file, flushed and synced (fsync), renamed over the
target, and the directory synced. NumPy's `np.save` does none of that, so the `.npy` save
row also times NumPy doing the same steps ("NumPy synced").
"""

import os
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

import compare
from compare import LA, indent_block, parse_output, progress, run_process, tail

TIME = Path("/usr/bin/time")
PASSES = 3  # each group runs its programs in turn this many times  # GNU time (Debian package `time`)


def run(argv):
    """compare.run_process, with the peak RSS from GNU time when it is installed: the
    rusage of a child started by a large parent can report the parent's peak instead."""
    if not TIME.exists():
        return run_process(argv)
    result = run_process([TIME, "-f", "peak-kb %M"] + [str(a) for a in argv])
    lines = result.stderr.rstrip().splitlines()
    if lines and lines[-1].startswith("peak-kb "):
        result.rss_mb = int(lines[-1].split()[1]) * 1024 / 1e6
        result.stderr = "\n".join(lines[:-1])
    return result

ROWS, COLS = 1_000_000, 10
SIDE = 2000
CHECK_LIMIT = 1e-9
MATRIX_MB = ROWS * COLS * 8 / 1e6

# Per system: how its program is run, its file extension, and its timing template. Each
# template gets SETUP, OP, CHECK and REPS; F, OUT, NPY, S (the expected sum) are variables.
PYTHON_TEMPLATE = """\
import os, sys, time
import numpy as np
F, OUT, NPY, S = sys.argv[1], sys.argv[2], sys.argv[3], float(sys.argv[4])
@SETUP@
@OP@
for rep in range(@REPS@):
    start = time.perf_counter()
    @OP@
    print("time", (time.perf_counter() - start) * 1000)
print("check", @CHECK@)
"""
LA_TEMPLATE = """\
F = arg(1); OUT = arg(2); NPY = arg(3); S = num(arg(4));
@SETUP@
@OP@;
for rep in 1:@REPS@ {
    tic()
    @OP@;
    print("time", toc() * 1000)
}
printf("check %.17g\\n", @CHECK@)
"""
OCTAVE_TEMPLATE = """\
args = argv(); F = args{1}; OUT = args{2}; NPY = args{3}; S = str2double(args{4});
@SETUP@
@OP@;
for rep = 1:@REPS@
    tic(); @OP@; printf("time %.6f\\n", toc() * 1000);
end
printf("check %.17g\\n", @CHECK@);
"""
TEMPLATES = {"la": LA_TEMPLATE, "python": PYTHON_TEMPLATE, "octave": OCTAVE_TEMPLATE}
RUNNER = {
    "la": lambda path: [LA, path, "--"],
    "python": lambda path: [sys.executable, path],
    "octave": lambda path: ["octave-cli", "--norc", "--quiet", path],
}
EXTENSION = {"la": "la", "python": "py", "octave": "m"}

PY_SUM = "abs(X.sum() - S) / abs(S)"
LA_SUM = "abs(sum(sum(X)) - S) / abs(S)"
OCTAVE_SUM = "abs(sum(X(:)) - S) / abs(S)"
# A saved file checks out when la reads back the same sum (run separately, see `verify`).
SAVED = "0"
SYNCED_SAVE = """\
def synced_save(path, X):
    tmp = path + ".tmp"
    with open(tmp, "wb") as f:
        np.save(f, X)
        f.flush()
        os.fsync(f.fileno())
    os.rename(tmp, path)
    d = os.open(os.path.dirname(path) or ".", os.O_RDONLY)
    os.fsync(d)
    os.close(d)"""

# (label, key, language, setup, operation, check, what the file is for `verify`)
LOAD_CSV = [
    ("la", "la", "", "X = load(F)", LA_SUM),
    ("NumPy loadtxt", "python", "", 'X = np.loadtxt(F, delimiter=",")', PY_SUM),
    ("pandas", "python", "import pandas as pd",
     "X = pd.read_csv(F, header=None).to_numpy()", PY_SUM),
    # pandas' default converter is not always correctly rounded; "round_trip" is, as la is.
    ("pandas round_trip", "python", "import pandas as pd",
     'X = pd.read_csv(F, header=None, float_precision="round_trip").to_numpy()', PY_SUM),
    ("polars", "python", "import polars as pl",
     "X = pl.read_csv(F, has_header=False).to_numpy()", PY_SUM),
    ("Octave dlmread", "octave", "", 'X = dlmread(F, ",")', OCTAVE_SUM),
]
SAVE_CSV = [
    ("la", "la", "X = load(NPY)", "save(OUT, X)", SAVED),
    ("NumPy savetxt", "python", "X = np.load(NPY)",
     'np.savetxt(OUT, X, delimiter=",")', SAVED),
    ("pandas", "python", "import pandas as pd\nX = np.load(NPY)",
     'pd.DataFrame(X).to_csv(OUT, header=False, index=False)', SAVED),
    ("polars", "python", "import polars as pl\nX = np.load(NPY)",
     "pl.DataFrame(X).write_csv(OUT, include_header=False)", SAVED),
    ("Octave dlmwrite", "octave", 'X = dlmread(F, ",")',
     'dlmwrite(OUT, X, "precision", "%.17g")', SAVED),
]
LOAD_NPY = [
    ("la (NumPy's C-order file)", "la", "", "X = load(NPY)", LA_SUM),
    ("la (its own Fortran-order file)", "la", 'save(OUT, load(NPY));',
     "X = load(OUT)", LA_SUM),
    ("NumPy", "python", "", "X = np.load(NPY)", PY_SUM),
]
SAVE_NPY = [
    ("la (synced)", "la", "X = load(NPY)", "save(OUT, X)", SAVED),
    ("NumPy", "python", "X = np.load(NPY)", "np.save(OUT, X)", SAVED),
    ("NumPy synced", "python", SYNCED_SAVE + "\nX = np.load(NPY)", "synced_save(OUT, X)",
     SAVED),
]


def available(language, setup):
    if language == "octave":
        return shutil.which("octave-cli") is not None
    if language == "python":
        for module in ("pandas", "polars"):
            if f"import {module}" in setup:
                code = f"import {module}"
                return run_process([sys.executable, "-c", code]).returncode == 0
    return True


def program(language, setup, op, check, reps):
    values = {"SETUP": setup, "OP": op, "CHECK": check, "REPS": str(reps)}
    return compare.substitute(TEMPLATES[language], values)


def measure(label, language, setup, op, check, files, reps):
    """Runs one program; returns (median ms, rounds, peak MB, error)."""
    with tempfile.NamedTemporaryFile(
        "w", suffix="." + EXTENSION[language], prefix="bench_data_", delete=False
    ) as f:
        f.write(program(language, setup, op, check, reps))
        path = f.name
    try:
        result = run(RUNNER[language](path) + files)
    finally:
        os.unlink(path)
    times, checks = parse_output(result.stdout)
    rounds = times.get("time", [])
    problem = ""
    if result.returncode != 0:
        problem = f"exit code {result.returncode}"
    elif not rounds or not checks:
        problem = "no `time` or `check` lines"
    elif not all(abs(c) < CHECK_LIMIT for c in checks):
        problem = f"wrong result: check {checks}"
    if problem:
        output = (result.stderr + result.stdout).strip()
        detail = indent_block(tail(output)) if output else ""
        return None, [], result.rss_mb, f"{label}: {problem}\n{detail}"
    return statistics.median(rounds), rounds, result.rss_mb, ""


def verify(path, expected_sum):
    """Whether la reads back the saved file `path` with the expected sum."""
    code = f'X = load("{path}"); printf("check %.17g\\n", abs(sum(sum(X)) - {expected_sum!r}) / abs({expected_sum!r}))'
    run = run_process([LA, "-e", code])
    _, checks = parse_output(run.stdout)
    return run.returncode == 0 and checks and abs(checks[0]) < CHECK_LIMIT


def prepare(directory):
    """Writes the input files with la and returns their sums."""
    csv, npy, big_npy = directory / "big.csv", directory / "square.npy", directory / "big.npy"
    progress(f"data: writing a {ROWS}×{COLS} CSV and a {SIDE}² .npy")
    code = (
        f'seed(1); X = randn({ROWS}, {COLS}); save("{csv}", X); save("{big_npy}", X);'
        f' printf("sum %.17g\\n", sum(sum(X)))'
    )
    run = run_process([LA, "-e", code])
    big_sum = float(run.stdout.split()[1])
    # The square matrix comes from NumPy, in its default C order.
    code = (
        "import numpy as np; A = np.random.default_rng(1).standard_normal"
        f"(({SIDE}, {SIDE})); np.save('{npy}', A); print(repr(float(A.sum())))"
    )
    run = run_process([sys.executable, "-c", code])
    square_sum = float(run.stdout.strip())
    return csv, npy, big_npy, big_sum, square_sum


def run_group(title, versions, files, expected_sum, reps, out):
    """Runs the group's programs in turn over PASSES passes, each pass a fresh process per
    program with its share of the rounds, so that a change in the machine (its load, the
    page cache, memory the system has not handed out before) falls on all of them alike;
    each program's median is over its pooled rounds."""
    pooled = {label: ([], 0.0, "") for label, *_ in versions}
    for pass_number in range(PASSES):
        for label, language, setup, op, check in versions:
            if not available(language, setup):
                pooled[label] = ([], 0.0, "not installed")
                continue
            rounds, rss, error = pooled[label]
            if error:
                continue
            slow = language == "octave" or "loadtxt" in op or "savetxt" in op
            total = max(1, reps // 2) if slow else reps
            r = len(range(pass_number, total, PASSES))
            if r == 0:
                continue
            progress(f"{title}: {label} (pass {pass_number + 1}, {r} rounds)")
            if out.exists():
                out.unlink()
            _, more, peak, error = measure(label, language, setup, op, check, files, r)
            if not error and check == SAVED and not verify(out, expected_sum):
                error = f"{label}: la does not read back what it saved"
            pooled[label] = (rounds + more, max(rss, peak or 0.0), error)
    results = []
    for label, *_ in versions:
        rounds, rss, error = pooled[label]
        median = statistics.median(rounds) if rounds and not error else None
        results.append((label, median, rss or None, error))
    return results


def memory(csv):
    """Peak RSS of one process that loads the CSV once, over the same process without."""
    programs = {
        "la": ([LA, "-e", f'X = load("{csv}");'], [LA, "-e", "1"]),
        "pandas": (
            [sys.executable, "-c",
             f"import numpy, pandas as pd; X = pd.read_csv('{csv}', header=None).to_numpy()"],
            [sys.executable, "-c", "import numpy, pandas"],
        ),
        "polars": (
            [sys.executable, "-c",
             f"import numpy, polars as pl; X = pl.read_csv('{csv}', has_header=False).to_numpy()"],
            [sys.executable, "-c", "import numpy, polars"],
        ),
        "NumPy loadtxt": (
            [sys.executable, "-c",
             f"import numpy as np; X = np.loadtxt('{csv}', delimiter=',')"],
            [sys.executable, "-c", "import numpy"],
        ),
    }
    found = []
    for name, (load, base) in programs.items():
        progress(f"memory: {name}")
        a, b = run(load), run(base)
        if a.returncode == 0 and b.returncode == 0:
            found.append((name, a.rss_mb, b.rss_mb))
    return found


def ratio(results, a, b):
    found = {label: median for label, median, _, error in results if not error}
    if found.get(a) and found.get(b):
        return found[a] / found[b]
    return None


def print_group(title, results, targets):
    print(f"\n**{title}**\n")
    print("| program | median ms | peak MB | |")
    print("|---|---|---|---|")
    for label, median, rss, error in results:
        if error == "not installed":
            print(f"| {label} | – | – | not installed |")
        elif error:
            print(f"| {label} | FAIL | – | |")
        else:
            print(f"| {label} | {median:.1f} | {rss:.0f} | |")
    for text in targets:
        print(f"\n{text}")


def verdict(name, value, goal, at_least):
    if value is None:
        return f"- {name}: n/a"
    passed = value >= goal if at_least else value <= goal
    sign = "≥" if at_least else "≤"
    return f"- {name}: {value:.2f} ({sign}{goal}) {'ok' if passed else '**MISS**'}"


def main(reps):
    with tempfile.TemporaryDirectory(prefix="la_bench_data_") as name:
        directory = Path(name)
        csv, npy, big_npy, big_sum, square_sum = prepare(directory)
        out_csv, out_npy = directory / "out.csv", directory / "out.npy"
        size_mb = csv.stat().st_size / 1e6
        failures = []

        files = [str(csv), str(out_csv), str(big_npy), repr(big_sum)]
        load_csv = run_group("load CSV", LOAD_CSV, files, big_sum, reps, out_csv)
        save_csv = run_group("save CSV", SAVE_CSV, files, big_sum, reps, out_csv)
        files = [str(csv), str(out_npy), str(npy), repr(square_sum)]
        load_npy = run_group("load .npy", LOAD_NPY, files, square_sum, reps, out_npy)
        save_npy = run_group("save .npy", SAVE_NPY, files, square_sum, reps, out_npy)
        peaks = memory(csv)

        la_ms = next((m for label, m, _, e in load_csv if label == "la" and not e), None)
        speed = f" ({size_mb / (la_ms / 1000):.0f} MB/s)" if la_ms else ""
        print_group(
            f"load a {ROWS}×{COLS} CSV ({size_mb:.0f} MB){speed}",
            load_csv,
            [
                verdict("loadtxt/la", ratio(load_csv, "NumPy loadtxt", "la"), 10, True),
                verdict("pandas/la", ratio(load_csv, "pandas", "la"), 1, True),
                verdict("pandas round_trip/la", ratio(load_csv, "pandas round_trip", "la"), 1, True),
                verdict("polars/la (stated, no target)", ratio(load_csv, "polars", "la"), 0, True),
                verdict("Octave/la (stated, no target)", ratio(load_csv, "Octave dlmread", "la"), 0, True),
            ],
        )
        print_group(
            f"save it as CSV",
            save_csv,
            [verdict("savetxt/la", ratio(save_csv, "NumPy savetxt", "la"), 5, True)],
        )
        print_group(
            f"load a {SIDE}×{SIDE} .npy",
            load_npy,
            [
                verdict("la (C order)/NumPy", ratio(load_npy, "la (NumPy's C-order file)", "NumPy"), 1.2, False),
                verdict("la (Fortran order)/NumPy", ratio(load_npy, "la (its own Fortran-order file)", "NumPy"), 1.2, False),
            ],
        )
        print_group(
            f"save it as .npy",
            save_npy,
            [
                verdict("la/NumPy synced", ratio(save_npy, "la (synced)", "NumPy synced"), 1.2, False),
                verdict("la/NumPy unsynced (stated)", ratio(save_npy, "la (synced)", "NumPy"), 0, True),
            ],
        )
        print(f"\n**Peak memory of one process loading the CSV** (the matrix is {MATRIX_MB:.0f} MB)\n")
        print("| program | peak MB | without the load | added | added / matrix |")
        print("|---|---|---|---|---|")
        for name, peak, base in peaks:
            added = peak - base
            print(f"| {name} | {peak:.0f} | {base:.0f} | {added:.0f} | {added / MATRIX_MB:.2f} |")
        for results in (load_csv, save_csv, load_npy, save_npy):
            failures += [e for _, _, _, e in results if e and e != "not installed"]
        if failures:
            print("\nFailures:\n")
            print("\n".join(failures))
        print(
            f"\n{reps} timed rounds per program ({max(1, reps // 2)} for loadtxt, savetxt and"
            f" Octave), in {PASSES} passes over each group's programs in turn, each pass a fresh"
            f" process after a warm-up; load average {os.getloadavg()[0]:.2f} at the end,"
            f" {os.cpu_count()} cores."
        )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 3)
