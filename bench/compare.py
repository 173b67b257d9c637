#!/usr/bin/env python3
"""Runs the workloads of issue #6 in la, in faer directly, in NumPy (or plain CPython) and
in GNU Octave, and prints one markdown table: median milliseconds, the ratio each target
talks about, and each process's peak RSS. The loop programs of issue #19 (`loops`) get a
table of their own, against the same programs in Rust, Python+NumPy and Octave.

Usage: bench/compare.py [--quick] [--reps R] [--show] [WORKLOAD ...]
  WORKLOAD   products transpose solve inv det svd eig loop small build startup memory
             loops data (default: all of them; loops is bench/loops/, six programs with
             element loops; data is bench/data_files.py, loading and saving CSV and .npy
             files against NumPy, pandas, polars and Octave)
  --quick    fewer repetitions (2 instead of 5, fewer start-up runs)
  --reps R   R timed rounds per program (slow Octave loops get 3/5 of that)
  --show     print the generated programs instead of running them

bench/compare.sh builds la, the faer reference and bench/loops/loops.rs first; run that.

Each row's programs come from one template per language (bench/workloads/template.*),
with the row's setup, operation and check filled in. A program runs the operation once to
warm up, then REPS more times, printing `time <ms>` for each (the faer reference prints
`time-seq` and `time-rayon`), then `check <relative error>`. The harness takes the median
time and refuses a result whose check is not tiny.
"""

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LA = ROOT / "target" / "release" / "la"
REFERENCE = ROOT / "target" / "release" / "examples" / "faer_reference"
LOOPS_DIR = ROOT / "bench" / "loops"  # the loop programs of issue #19, one file a language
LOOPS_RUST = ROOT / "target" / "bench" / "loops"  # bench/loops/loops.rs, built by compare.sh
REFERENCES = {"faer": REFERENCE, "rust": LOOPS_RUST}  # systems that are compiled programs
TEMPLATES = ROOT / "bench" / "workloads"
EXTENSIONS = {"la": "la", "numpy": "py", "octave": "m"}
SYSTEMS = ("la", "faer", "numpy", "octave")
LOOP_SYSTEMS = ("la", "rust", "numpy", "octave")  # the columns of the loops table
# The loop programs whose timed part sums with dot or norm: their Rust version runs a second
# time with la's compensated sums instead of plain ones (shown beside the targets, which
# stay against the plain floor).
LA_SUMS_PROGRAMS = ("mgs", "power", "perceptron")
RUST_LA_SUMS = "rust, la's sums"
CHECK_LIMIT = 1e-8
MB = 1e6  # bytes in a megabyte: 2 matrices of 2000² doubles are 64 MB


@dataclass
class Code:
    """One system's version of a row: statements run once, the timed operation, and an
    expression that is a tiny relative error when the operation's result is right."""

    setup: str
    op: str
    check: str


@dataclass
class Row:
    group: str  # the name that selects it on the command line
    label: str
    n: int
    code: dict  # system -> Code; "faer" and "rust" -> the reference's program name
    judge: object  # (row, measurements) -> [(text, passed, noisy)], see the targets
    slow: tuple = ()  # systems that get fewer repetitions
    la_baseline: Code = None  # a second la program timed right after, for a ratio
    program: str = ""  # which program of a group that has several of one size (loops)

    @property
    def name(self):
        return f"{self.group} {self.program}" if self.program else self.group

    @property
    def key(self):
        return (self.name, self.n)


@dataclass
class Measurement:
    median_ms: float = None
    rss_mb: float = None
    note: str = ""  # e.g. which parallelism won in the faer reference
    rss_note: str = ""  # e.g. the baseline RSS of the memory row
    spread: float = 0.0  # (max − min)/median of the timed rounds
    growth: float = None  # memory row: (peak − baseline RSS) / the 64 MB of matrices
    error: str = ""  # why the measurement failed, with the program's stderr


# ----------------------------------------------------------------------------------------
# The workloads

WELL_CONDITIONED = {
    "la": "A = I(n) + randn(n, n) * (0.5 / sqrt(n));",
    "numpy": "A = np.eye(n) + rng.standard_normal((n, n)) * (0.5 / np.sqrt(n))",
    "octave": "A = eye(n) + randn(n, n) * (0.5 / sqrt(n));",
}

PRODUCT = {
    "la": Code(
        "A = rand(n, n); B = rand(n, n);",
        "C = A * B",
        "abs(sum(C) - dot(sum(A, dim=1), sum(B, dim=2))) / sum(C)",
    ),
    "numpy": Code(
        "A = rng.random((n, n))\nB = rng.random((n, n))",
        "C = A @ B",
        "abs(C.sum() - A.sum(axis=0) @ B.sum(axis=1)) / C.sum()",
    ),
    "octave": Code(
        "A = rand(n, n); B = rand(n, n);",
        "C = A * B",
        "abs(sum(C(:)) - sum(A, 1) * sum(B, 2)) / sum(C(:))",
    ),
    "faer": "product",
}

TRANSPOSED_PRODUCT = {
    "la": Code(
        PRODUCT["la"].setup,
        "C = A' * B",
        "abs(sum(C) - dot(sum(A, dim=2), sum(B, dim=2))) / sum(C)",
    ),
    "numpy": Code(
        PRODUCT["numpy"].setup,
        "C = A.T @ B",
        "abs(C.sum() - A.sum(axis=1) @ B.sum(axis=1)) / C.sum()",
    ),
    "octave": Code(
        PRODUCT["octave"].setup,
        "C = A' * B",
        "abs(sum(C(:)) - sum(A, 2)' * sum(B, 2)) / sum(C(:))",
    ),
    "faer": "transpose",
}

# Dense operations on a well-conditioned A (no singular-matrix warning path runs), or, for
# eig, on a symmetric S. Checks: residuals, Σσ² = ‖A‖²_F, log|det| = Σ log σ.
DENSE = {
    "solve": {
        "la": Code("b = randn(n, 1);", "x = A \\ b", "norm(A * x - b) / norm(b)"),
        "numpy": Code(
            "b = rng.standard_normal((n, 1))",
            "x = np.linalg.solve(A, b)",
            "np.linalg.norm(A @ x - b) / np.linalg.norm(b)",
        ),
        "octave": Code("b = randn(n, 1);", "x = A \\ b", "norm(A * x - b) / norm(b)"),
    },
    "inv": {
        "la": Code("", "X = inv(A)", "norm(A * X - I(n), \"fro\") / sqrt(n)"),
        "numpy": Code(
            "", "X = np.linalg.inv(A)", "np.linalg.norm(A @ X - np.eye(n)) / np.sqrt(n)"
        ),
        "octave": Code("", "X = inv(A)", "norm(A * X - eye(n), \"fro\") / sqrt(n)"),
    },
    "det": {
        "la": Code("", "d = det(A)", "abs(log(abs(d)) - sum(log(svd(A))))"),
        "numpy": Code(
            "",
            "d = np.linalg.det(A)",
            "abs(np.log(abs(d)) - np.log(np.linalg.svd(A, compute_uv=False)).sum())",
        ),
        "octave": Code("", "d = det(A)", "abs(log(abs(d)) - sum(log(svd(A))))"),
    },
    "svd": {
        "la": Code("", "s = svd(A)", "abs(sum(s .^ 2) - sum(A .^ 2)) / sum(A .^ 2)"),
        "numpy": Code(
            "",
            "s = np.linalg.svd(A, compute_uv=False)",
            "abs((s**2).sum() - (A**2).sum()) / (A**2).sum()",
        ),
        "octave": Code(
            "", "s = svd(A)", "abs(sum(s .^ 2) - sum(A(:) .^ 2)) / sum(A(:) .^ 2)"
        ),
    },
    "eig": {
        "la": Code(
            "A = randn(n, n); S = A + A';",
            "vals, vecs = eig(S)",
            "norm(S * vecs - vecs .* vals', \"fro\") / norm(S, \"fro\")",
        ),
        "numpy": Code(
            "A = rng.standard_normal((n, n))\nS = A + A.T",
            "vals, vecs = np.linalg.eigh(S)",
            "np.linalg.norm(S @ vecs - vecs * vals) / np.linalg.norm(S)",
        ),
        "octave": Code(
            "A = randn(n, n); S = A + A';",
            "[vecs, D] = eig(S)",
            "norm(S * vecs - vecs * D, \"fro\") / norm(S, \"fro\")",
        ),
    },
}
DENSE_LABELS = {
    "solve": "x = A \\ b",
    "inv": "inv(A)",
    "det": "det(A)",
    "svd": "s = svd(A)",
    "eig": "vals, vecs = eig(S), S symmetric",
}

LOOP_SUM = 333333833333500000  # Σ i² for i = 1..10⁶
SCALAR_LOOP = {
    "la": Code(
        "",
        "s = 0;\nfor i in 1:1000000 { s = s + i*i }",
        f"abs(s - {LOOP_SUM}) / {LOOP_SUM}",
    ),
    "numpy": Code(
        "",
        "s = 0\nfor i in range(1, 1000001):\n    s = s + i*i",
        f"abs(s - {LOOP_SUM}) / {LOOP_SUM}",
    ),
    "octave": Code(
        "",
        "s = 0;\nfor i = 1:1000000, s = s + i*i; end",
        f"abs(s - {LOOP_SUM}) / {LOOP_SUM}",
    ),
}

# y = W·x + b = [1.9, 3.7, 5.8], whose sum is 11.4.
SMALL = {
    "la": Code(
        "W = [[0.1, 0.2, 0.3], [0.4, 0.5, 0.6], [0.7, 0.8, 1.0]];\n"
        "x = [1, 2, 3];\n"
        "b = [0.5, 0.5, 0.5];",
        "for k in 1:100000 { y = W * x + b }",
        "abs(sum(y) - 11.4) / 11.4",
    ),
    "numpy": Code(
        "W = np.array([[0.1, 0.2, 0.3], [0.4, 0.5, 0.6], [0.7, 0.8, 1.0]])\n"
        "x = np.array([[1.0], [2.0], [3.0]])\n"
        "b = np.array([[0.5], [0.5], [0.5]])",
        "for k in range(100000):\n    y = W @ x + b",
        "abs(y.sum() - 11.4) / 11.4",
    ),
    "octave": Code(
        "W = [0.1, 0.2, 0.3; 0.4, 0.5, 0.6; 0.7, 0.8, 1.0];\n"
        "x = [1; 2; 3];\n"
        "b = [0.5; 0.5; 0.5];",
        "for k = 1:100000, y = W * x + b; end",
        "abs(sum(y) - 11.4) / 11.4",
    ),
}

# Σ over i, j of (i + j) = n²(n + 1).
BUILD = {
    "la": Code(
        "",
        "A = zeros(n, n);\nfor i in 1:n { for j in 1:n { A[i, j] = i + j } }",
        "abs(sum(A) - n^2 * (n + 1)) / (n^2 * (n + 1))",
    ),
    "numpy": Code(
        "",
        "A = np.zeros((n, n))\n"
        "for i in range(1, n + 1):\n"
        "    for j in range(1, n + 1):\n"
        "        A[i - 1, j - 1] = i + j",
        "abs(A.sum() - n**2 * (n + 1)) / (n**2 * (n + 1))",
    ),
    "octave": Code(
        "",
        "A = zeros(n, n);\nfor i = 1:n, for j = 1:n, A(i, j) = i + j; end, end",
        "abs(sum(A(:)) - n^2 * (n + 1)) / (n^2 * (n + 1))",
    ),
}


# The loop programs of issue #19: bench/loops/loops.{la,py,m} define each program as a
# function, and its inputs; that file goes first in every setup, and the timed operation is
# one call. Per program: its name in bench/loops/loops.rs, label, n, the la/Rust target, and
# per language its setup (after the file), operation and check. The Rust versions hard-code
# the counts in the calls here (100 columns, 50 sweeps, 200 steps, k = 5 and 20 iterations,
# 20 epochs).
RESIDUAL = {  # ‖A x − b‖ / ‖b‖
    "la": "norm(A * x - b) / norm(b)",
    "numpy": "np.linalg.norm(A @ x - b) / np.linalg.norm(b)",
    "octave": "norm(A * x - b) / norm(b)",
}
PERCEPTRON_WRONG = "mean(y .* (X * w') <= 0)"  # the fraction of points it gets wrong
LOOP_PROGRAMS = [
    (
        "gauss",
        "Gaussian elimination, partial pivoting, n×n",
        200,
        10,
        {
            "la": Code("A, b = gauss_inputs(n);", "x = gauss(A, b)", RESIDUAL["la"]),
            "numpy": Code("A, b = gauss_inputs(n)", "x = gauss(A, b)", RESIDUAL["numpy"]),
            "octave": Code("[A, b] = gauss_inputs(n);", "x = gauss(A, b)", RESIDUAL["octave"]),
        },
    ),
    (
        "mgs",
        "modified Gram–Schmidt, n×100",
        300,
        3,
        {  # max(‖QᵀQ − I‖, ‖QR − A‖/‖A‖)
            "la": Code(
                "A = uniform(n, 100, 0) - 0.5;",
                "Q, R = mgs(A)",
                "max(norm(Q' * Q - I(100)), norm(Q * R - A) / norm(A))",
            ),
            "numpy": Code(
                "A = uniform(n, 100, 0) - 0.5",
                "Q, R = mgs(A)",
                "max(np.linalg.norm(Q.T @ Q - np.eye(100), 2),"
                " np.linalg.norm(Q @ R - A, 2) / np.linalg.norm(A, 2))",
            ),
            "octave": Code(
                "A = uniform(n, 100, 0) - 0.5;",
                "[Q, R] = mgs(A)",
                "max(norm(Q' * Q - eye(100)), norm(Q * R - A) / norm(A))",
            ),
        },
    ),
    (
        "jacobi",
        "Jacobi iteration, n×n, 50 sweeps",
        300,
        10,
        {
            "la": Code("A, b = jacobi_inputs(n);", "x = jacobi(A, b, 50)", RESIDUAL["la"]),
            "numpy": Code("A, b = jacobi_inputs(n)", "x = jacobi(A, b, 50)", RESIDUAL["numpy"]),
            "octave": Code(
                "[A, b] = jacobi_inputs(n);", "x = jacobi(A, b, 50)", RESIDUAL["octave"]
            ),
        },
    ),
    (
        "power",
        "power iteration, n×n symmetric, 200 steps",
        500,
        3,
        {  # ‖A v − λ v‖ / |λ|, λ = v'Av
            "la": Code(
                "A, v0 = power_inputs(n);",
                "v = power_iteration(A, v0, 200)",
                "norm(A * v - dot(v, A * v) * v) / abs(dot(v, A * v))",
            ),
            "numpy": Code(
                "A, v0 = power_inputs(n)",
                "v = power_iteration(A, v0, 200)",
                "np.linalg.norm(A @ v - (v @ A @ v) * v) / abs(v @ A @ v)",
            ),
            "octave": Code(
                "[A, v0] = power_inputs(n);",
                "v = power_iteration(A, v0, 200)",
                "norm(A * v - dot(v, A * v) * v) / abs(dot(v, A * v))",
            ),
        },
    ),
    (
        "kmeans",
        "k-means, n points in 2-D, k = 5, 20 iterations",
        2000,
        10,
        {  # the centres found against the true clusters' means, ‖C − T‖ / ‖T‖
            "la": Code(
                "X = kmeans_inputs(n, 5);\nC0 = X[1:5, :];",
                "C = kmeans(X, C0, 20)",
                "norm(C - cluster_means(X, 5)) / norm(cluster_means(X, 5))",
            ),
            "numpy": Code(
                "X = kmeans_inputs(n, 5)\nC0 = X[:5, :]",
                "C = kmeans(X, C0, 20)",
                "np.linalg.norm(C - cluster_means(X, 5)) / np.linalg.norm(cluster_means(X, 5))",
            ),
            "octave": Code(
                "X = kmeans_inputs(n, 5);\nC0 = X(1:5, :);",
                "C = kmeans(X, C0, 20)",
                "norm(C - cluster_means(X, 5)) / norm(cluster_means(X, 5))",
            ),
        },
    ),
    (
        "perceptron",
        "perceptron, n points in 2-D, 20 epochs",
        1000,
        3,
        {
            "la": Code(
                "X, y = perceptron_inputs(n);", "w = perceptron(X, y, 20)", PERCEPTRON_WRONG
            ),
            "numpy": Code(
                "X, y = perceptron_inputs(n)",
                "w = perceptron(X, y, 20)",
                "np.mean(y * (X @ w) <= 0)",
            ),
            "octave": Code(
                "[X, y] = perceptron_inputs(n);", "w = perceptron(X, y, 20)", PERCEPTRON_WRONG
            ),
        },
    ),
]


def loop_code(name, versions):
    """A loop program's code per system: its language's file of programs before its setup;
    the Rust reference's program name."""
    code = {"rust": name}
    for system, version in versions.items():
        source = (LOOPS_DIR / f"loops.{EXTENSIONS[system]}").read_text().rstrip()
        code[system] = Code(source + "\n" + version.setup, version.op, version.check)
    return code


# ----------------------------------------------------------------------------------------
# Targets. A judge takes a row and its measurements (system -> Measurement) and gives
# (text, passed, noisy) for each target; passed is None when it cannot tell.

NOISY = 0.3  # rounds spread wider than this ((max − min)/median) make a verdict doubtful


def ratio_of(a, b):
    """a's median over b's, and whether either's rounds spread widely; None if either is
    missing or failed."""
    if not (a and b and a.median_ms and b.median_ms):
        return None, False
    return a.median_ms / b.median_ms, max(a.spread, b.spread) > NOISY


def at_most(name, a, b, limit):
    value, noisy = ratio_of(a, b)
    if value is None:
        return (f"{name} n/a (≤{limit})", None, False)
    return (f"{name} {value:.2f} (≤{limit})", value <= limit, noisy)


def at_least(name, a, b, limit):
    value, noisy = ratio_of(a, b)
    if value is None:
        return (f"{name} n/a (≥{limit})", None, False)
    return (f"{name} {value:.1f}× (≥{limit})", value >= limit, noisy)


def judge_products(row, r):
    return [
        at_most("la/faer", r.get("la"), r.get("faer"), 1.10),
        at_most("la/NumPy", r.get("la"), r.get("numpy"), 1.0),
    ]


def judge_transpose(row, r):
    text, passed, noisy = at_most("la A'B/AB", r.get("la"), r.get("la A*B"), 1.05)
    if r.get("la A*B") and r["la A*B"].median_ms is not None:
        text += f" [la A*B {r['la A*B'].median_ms:.1f} ms]"
    return [(text, passed, noisy)]


def judge_vs_faer(row, r):
    return [at_most("la/faer", r.get("la"), r.get("faer"), 1.10)]


def judge_loop(row, r):
    return [
        at_least("CPython/la", r.get("numpy"), r.get("la"), 3),
        at_least("Octave/la", r.get("octave"), r.get("la"), 20),
    ]


def judge_small(row, r):
    return [at_least("NumPy/la", r.get("numpy"), r.get("la"), 5)]


def judge_loops(rust_limit):
    """Issue #19: la within rust_limit× of Rust, 20× faster than Python+NumPy element loops
    and 100× faster than Octave."""

    def judge(row, r):
        return [
            at_most("la/Rust", r.get("la"), r.get("rust"), rust_limit),
            at_least("Python/la", r.get("numpy"), r.get("la"), 20),
            at_least("Octave/la", r.get("octave"), r.get("la"), 100),
        ]

    return judge


def judge_build(row, r):
    verdicts = [at_most("la/NumPy", r.get("la"), r.get("numpy"), 1.0)]
    smaller = r.get("la, half n")
    growth, noisy = ratio_of(r.get("la"), smaller)
    if growth is not None:
        # O(n²) work quadruples when n doubles; a copy per assignment would give ≈16.
        text = f"la {row.n}/{row.n // 2} {growth:.2f} (≈4)"
        verdicts.append((text, growth <= 5, noisy))
    return verdicts


def build_rows():
    rows = []
    for n in (1000, 2000):
        rows.append(Row("products", "C = A * B", n, PRODUCT, judge_products))
    rows.append(
        Row(
            "transpose",
            "C = A' * B",
            1000,
            TRANSPOSED_PRODUCT,
            judge_transpose,
            la_baseline=PRODUCT["la"],
        )
    )
    for op, versions in DENSE.items():
        code = {}
        for system, version in versions.items():
            setup = version.setup
            if op != "eig":
                setup = WELL_CONDITIONED[system] + "\n" + setup
            code[system] = Code(setup.strip(), version.op, version.check)
        code["faer"] = op
        for n in (500, 1000):
            rows.append(Row(op, DENSE_LABELS[op], n, code, judge_vs_faer))
    rows.append(
        Row(
            "loop",
            "s = s + i*i, 10⁶ times",
            1000000,
            SCALAR_LOOP,
            judge_loop,
            slow=("octave",),
        )
    )
    rows.append(Row("small", "y = W*x + b (3×3), 10⁵ times", 3, SMALL, judge_small))
    for n in (300, 600):
        rows.append(
            Row("build", "A[i, j] = i + j", n, BUILD, judge_build, slow=("octave",))
        )
    for name, label, n, limit, versions in LOOP_PROGRAMS:
        code, judge = loop_code(name, versions), judge_loops(limit)
        rows.append(Row("loops", label, n, code, judge, slow=("octave",), program=name))
    return rows


GROUPS = [
    "products",
    "transpose",
    "solve",
    "inv",
    "det",
    "svd",
    "eig",
    "loop",
    "small",
    "build",
    "startup",
    "memory",
    "loops",
    "data",
]


# ----------------------------------------------------------------------------------------
# Running programs


@dataclass
class Run:
    returncode: int
    stdout: str
    stderr: str
    wall_ms: float
    rss_mb: float


def run_process(argv):
    """Runs argv to completion; its wall time and peak RSS come from os.wait4."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        process = subprocess.Popen([str(a) for a in argv], stdout=out, stderr=err)
        _, status, usage = os.wait4(process.pid, 0)
        wall_ms = (time.perf_counter() - start) * 1000
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        return Run(
            process.returncode,
            out.read().decode(errors="replace"),
            err.read().decode(errors="replace"),
            wall_ms,
            usage.ru_maxrss * 1024 / MB,  # ru_maxrss is in KiB on Linux
        )


def substitute(template, values):
    """Replaces each @NAME@; a multi-line value keeps the indentation of its line."""
    lines = []
    for line in template.splitlines():
        indent = line[: len(line) - len(line.lstrip())]
        for name, value in values.items():
            line = line.replace(f"@{name}@", ("\n" + indent).join(value.splitlines()))
        lines.append(line)
    return "\n".join(lines) + "\n"


def program_text(system, code, n, reps):
    template = (TEMPLATES / f"template.{EXTENSIONS[system]}").read_text()
    values = {"N": str(n), "REPS": str(reps), "SETUP": code.setup}
    values.update({"OP": code.op, "CHECK": code.check})
    return substitute(template, values)


def command(system, path):
    if system == "la":
        return [LA, path]
    if system == "numpy":
        return [sys.executable, path]
    return ["octave-cli", "--norc", "--quiet", path]


def parse_output(stdout):
    """`time*` lines grouped by their first word, and the `check` values."""
    times, checks = {}, []
    for line in stdout.splitlines():
        words = line.split()
        if len(words) != 2:
            continue
        try:
            value = float(words[1])
        except ValueError:
            continue
        if words[0].startswith("time"):
            times.setdefault(words[0], []).append(value)
        elif words[0] == "check":
            checks.append(value)
    return times, checks


def measure(system, code, n, reps):
    """Runs one program: its timed rounds by label (the faer reference times two
    parallelisms), its peak RSS, and why it failed ("" when it did not)."""
    if system in REFERENCES:
        run = run_process([REFERENCES[system], code, n, reps])
        description = f"{REFERENCES[system].name} {code} {n} {reps}"
    else:
        suffix = "." + EXTENSIONS[system]
        with tempfile.NamedTemporaryFile("w", suffix=suffix, prefix="bench_") as f:
            text = program_text(system, code, n, reps)
            f.write(text)
            f.flush()
            run = run_process(command(system, f.name))
        description = "this program:\n" + indent_block(text)
    times, checks = parse_output(run.stdout)
    problem = ""
    if run.returncode != 0:
        problem = f"exit code {run.returncode}"
    elif not times or not checks:
        problem = "no `time` or `check` lines in its output"
    elif not all(abs(c) < CHECK_LIMIT for c in checks):
        problem = f"wrong result: check {checks} is not below {CHECK_LIMIT}"
    if problem:
        error = f"{problem}, running {description}"
        if run.stderr.strip():
            error += "\nstderr:\n" + indent_block(tail(run.stderr))
        if run.stdout.strip():
            error += "\nstdout:\n" + indent_block(tail(run.stdout))
        return {}, run.rss_mb, error
    rounds = {label.removeprefix("time-"): values for label, values in times.items()}
    return rounds, run.rss_mb, ""


def summarize(system, rounds, rss_mb):
    """The median of the pooled rounds; for the reference, of the faster parallelism."""
    best = min(rounds, key=lambda label: statistics.median(rounds[label]))
    note = ""
    if system == "faer":  # it timed both parallelisms: say which won, and both medians
        both = ", ".join(f"{label} {statistics.median(v):.1f}" for label, v in rounds.items())
        note = f"{best} won; {both}"
    return timing(rounds[best], rss_mb, note)


def timing(rounds, rss_mb, note=""):
    median = statistics.median(rounds)
    spread = (max(rounds) - min(rounds)) / median if median > 0 else 0.0
    return Measurement(median, rss_mb, note, spread=spread)


def tail(text, lines=15):
    return "\n".join(text.strip().splitlines()[-lines:])


def indent_block(text):
    return "\n".join("    " + line for line in text.strip().splitlines())


def repetitions(row, system, reps):
    return slow_repetitions(reps) if system in row.slow else reps


def slow_repetitions(reps):
    """Fewer rounds for programs that take a second each (Octave's loops)."""
    return max(1, reps * 3 // 5)


def available_systems():
    systems = ["la", "faer", "numpy"]
    if LOOPS_RUST.exists():
        systems.append("rust")
    if shutil.which("octave-cli"):
        systems.append("octave")
    return systems


# Each row's programs run in turn, PASSES times over, and their rounds are pooled: a
# change in the machine's load then falls on every system alike instead of on whichever
# ran at the wrong moment.
PASSES = 3


def measure_row(row, systems, reps):
    jobs = []  # (key in the results, system, code, rounds per pass)
    for system in systems:
        if system not in row.code:
            continue
        per_pass = max(1, -(-repetitions(row, system, reps) // PASSES))
        jobs.append((system, system, row.code[system], per_pass))
        if system == "la" and row.la_baseline:
            jobs.append(("la A*B", "la", row.la_baseline, per_pass))
        if system == "rust" and row.program in LA_SUMS_PROGRAMS:
            jobs.append((RUST_LA_SUMS, "rust", row.code[system] + "-la-sums", per_pass))
    pooled = {key: ({}, 0.0, "") for key, *_ in jobs}
    for number in range(1, PASSES + 1):
        for key, system, code, per_pass in jobs:
            rounds, rss, error = pooled[key]
            if error:
                continue
            progress(f"{row.name} n={row.n}: {key}, pass {number}/{PASSES} ({per_pass} rounds)")
            new_rounds, new_rss, error = measure(system, code, row.n, per_pass)
            for label, values in new_rounds.items():
                rounds.setdefault(label, []).extend(values)
            pooled[key] = (rounds, max(rss, new_rss or 0.0), error)
    results = {}
    for key, system, *_ in jobs:
        rounds, rss, error = pooled[key]
        results[key] = (
            Measurement(rss_mb=rss, error=error) if error else summarize(system, rounds, rss)
        )
    return results


def progress(message):
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


# ----------------------------------------------------------------------------------------
# The start-up and memory rows time or weigh whole processes.

STARTUP = {
    "la": ([LA, "-e", "1+1"], 30),
    "numpy": ([sys.executable, "-c", "import numpy"], 10),
    "octave": (["octave-cli", "--norc", "--quiet", "--eval", "1+1"], 5),
}


def measure_startup(systems, quick):
    results = {}
    for system, (argv, runs) in STARTUP.items():
        if system not in systems:
            continue
        runs = max(3, runs // 3) if quick else runs
        progress(f"startup: {system} ({runs} runs)")
        run_process(argv)  # warm the file cache
        walls, rss, failure = [], [], None
        for _ in range(runs):
            run = run_process(argv)
            if run.returncode != 0:
                failure = f"exit code {run.returncode}: {' '.join(map(str, argv))}\n"
                failure += indent_block(tail(run.stderr))
                break
            walls.append(run.wall_ms)
            rss.append(run.rss_mb)
        if failure:
            results[system] = Measurement(error=failure)
        else:
            results[system] = timing(walls, max(rss))
    return results


def judge_startup(row, r):
    return [at_most("la/numpy-import", r.get("la"), r.get("numpy"), 0.2)]


MEMORY = {
    "la": ("A = rand(2000, 2000); B = A' * A;", "1"),
    "numpy": (
        "import numpy as np; A = np.random.rand(2000, 2000); B = A.T @ A",
        "import numpy",
    ),
    "octave": ("A = rand(2000, 2000); B = A' * A;", "1;"),
}
MATRICES_MB = 2 * 2000 * 2000 * 8 / MB


def memory_command(system, code):
    if system == "la":
        return [LA, "-e", code]
    if system == "numpy":
        return [sys.executable, "-c", code]
    return ["octave-cli", "--norc", "--quiet", "--eval", code]


def measure_memory(systems):
    results = {}
    for system, (code, baseline_code) in MEMORY.items():
        if system not in systems:
            continue
        progress(f"memory: {system}")
        run = run_process(memory_command(system, code))
        baseline = run_process(memory_command(system, baseline_code))
        if run.returncode != 0 or baseline.returncode != 0:
            error = f"exit code {run.returncode}/{baseline.returncode}: {code}\n"
            results[system] = Measurement(error=error + indent_block(tail(run.stderr)))
            continue
        growth = (run.rss_mb - baseline.rss_mb) / MATRICES_MB
        note = f"base {baseline.rss_mb:.0f}, +{growth:.2f}×64"
        results[system] = Measurement(rss_mb=run.rss_mb, rss_note=note, growth=growth)
    return results


def judge_memory(row, r):
    la = r.get("la")
    if not la or la.growth is None:
        return [("la (peak − base)/64 MB n/a (≤1.3)", None, False)]
    return [(f"la (peak − base)/64 MB {la.growth:.2f} (≤1.3)", la.growth <= 1.3, False)]


# ----------------------------------------------------------------------------------------
# The table


def cell_ms(m):
    if m is None:
        return "–"
    if m.error:
        return "FAIL"
    if m.median_ms is None:
        return "–"
    text = f"{m.median_ms:.3g}" if m.median_ms < 100 else f"{m.median_ms:.0f}"
    if m.note:
        text += f" ({m.note})"
    return text


def cell_mb(m):
    if m is None or m.rss_mb is None:
        return "–"
    text = f"{m.rss_mb:.0f}"
    if m.rss_note:
        text += f" ({m.rss_note})"
    return text


def print_table(rows, results):
    header = [
        "workload",
        "n",
        "la ms",
        "faer best ms",
        "NumPy/CPython ms",
        "Octave ms",
        "target ratios",
        "la MB",
        "faer MB",
        "NumPy MB",
        "Octave MB",
    ]
    print("| " + " | ".join(header) + " |")
    print("|" + "---|" * len(header))
    for row in rows:
        r = results[row.key]
        cells = [row.label, str(row.n) if row.n else "–"]
        cells += [cell_ms(r.get(s)) for s in SYSTEMS]
        cells.append(verdicts(row, r))
        cells += [cell_mb(r.get(s)) for s in SYSTEMS]
        print("| " + " | ".join(cells) + " |")


def verdicts(row, r):
    """The row's target ratios, each marked ok or MISS, in one cell."""
    texts = []
    for text, passed, noisy in row.judge(row, r):
        mark = {True: "ok", False: "**MISS**", None: "?"}[passed]
        texts.append(f"{text} {mark}{' (noisy)' if noisy else ''}")
    return "; ".join(texts)


def print_loops_table(rows, results):
    """The loops rows: la against the same program in Rust, Python+NumPy and Octave, and
    Rust with la's sums where the program sums with dot or norm."""
    header = ["program", "n", "la ms", "Rust ms", "Python+NumPy ms", "Octave ms"]
    header += ["targets (issue #19)", "Rust with la's sums ms (la/that)"]
    header += ["la MB", "Rust MB", "Python MB", "Octave MB"]
    print("| " + " | ".join(header) + " |")
    print("|" + "---|" * len(header))
    for row in rows:
        r = results[row.key]
        cells = [row.label, str(row.n)]
        cells += [cell_ms(r.get(s)) for s in LOOP_SYSTEMS]
        cells.append(verdicts(row, r))
        summed = cell_ms(r.get(RUST_LA_SUMS))
        ratio, noisy = ratio_of(r.get("la"), r.get(RUST_LA_SUMS))
        if ratio is not None:
            summed += f" ({ratio:.2f}{', noisy' if noisy else ''})"
        cells.append(summed)
        cells += [cell_mb(r.get(s)) for s in LOOP_SYSTEMS]
        print("| " + " | ".join(cells) + " |")


def print_failures(rows, results):
    failures = []
    for row in rows:
        for name, m in results[row.key].items():
            if m.error and name != "la, half n":  # that one is listed under its own row
                failures.append(f"- {row.name} n={row.n}, {name}: {m.error}")
    if failures:
        print("\nFailures:\n")
        print("\n".join(failures))


def parse_arguments(argv):
    parser = argparse.ArgumentParser(
        description="la against faer, NumPy and Octave on the workloads of issue #6"
    )
    parser.add_argument("workloads", nargs="*", metavar="WORKLOAD", help=" ".join(GROUPS))
    parser.add_argument("--quick", action="store_true", help="2 timed rounds instead of 5")
    parser.add_argument("--reps", type=int, help="timed rounds per program (default 5)")
    parser.add_argument("--show", action="store_true", help="print the programs, run nothing")
    args = parser.parse_args(argv)
    unknown = [name for name in args.workloads if name not in GROUPS]
    if unknown:
        parser.error(f"unknown workload {' '.join(unknown)}; choose from {' '.join(GROUPS)}")
    if args.reps is None:
        args.reps = 2 if args.quick else 5
    return args


def main(argv):
    args = parse_arguments(argv)
    selected = args.workloads or GROUPS
    rows = [row for row in build_rows() if row.group in selected]
    if args.show:
        for row in rows:
            for system, code in row.code.items():
                if system not in REFERENCES:
                    print(f"## {row.name} n={row.n} {system}\n")
                    print(program_text(system, code, row.n, args.reps))
        return 0
    for path in (LA, REFERENCE) + ((LOOPS_RUST,) if "loops" in selected else ()):
        if not path.exists():
            print(f"{path} is missing: run bench/compare.sh", file=sys.stderr)
            return 2
    if selected == ["data"]:
        import data_files  # bench/data_files.py: the data-file rows, in their own tables

        data_files.main(args.reps)
        return 0
    systems = available_systems()
    started = time.perf_counter()
    load_before = os.getloadavg()
    results = {}
    for row in rows:
        results[row.key] = measure_row(row, systems, args.reps)
    # The n = 600 build row reports la's growth over the n = 300 one.
    if ("build", 300) in results and ("build", 600) in results:
        results[("build", 600)]["la, half n"] = results[("build", 300)].get("la")
    if "startup" in selected:
        label = "start-up: `la -e '1+1'` vs `python3 -c 'import numpy'`"
        rows.append(Row("startup", label, 0, {}, judge_startup))
        results[rows[-1].key] = measure_startup(systems, args.quick)
    if "memory" in selected:
        label = "peak RSS: A = rand(2000, 2000); B = A' * A"
        rows.append(Row("memory", label, 2000, {}, judge_memory))
        results[rows[-1].key] = measure_memory(systems)
    elapsed = time.perf_counter() - started
    loop_rows = [row for row in rows if row.group == "loops"]
    other_rows = [row for row in rows if row.group != "loops"]
    if other_rows:
        print_table(other_rows, results)
    if loop_rows:
        print("\n**Loops (issue #19)**: the same program in each language (bench/loops/)\n")
        print_loops_table(loop_rows, results)
    print(
        f"\n{args.reps} timed rounds ({slow_repetitions(args.reps)} for slow Octave loops) in"
        f" {PASSES} passes: every program runs {PASSES} times in turn with the others, each"
        f" time in a fresh process after a warm-up, and the table shows the median of all its"
        f" rounds; {elapsed:.0f} s; load average"
        f" {load_before[0]:.2f} before, {os.getloadavg()[0]:.2f} after, on"
        f" {os.cpu_count()} cores. MB is peak RSS (10⁶ bytes). (noisy): some program's"
        f" rounds spread by more than {NOISY:.0%} of their median."
    )
    if "octave" not in systems:
        print("GNU Octave was not found (octave-cli): its column is empty.")
    print_failures(rows, results)
    if "data" in selected:
        import data_files  # bench/data_files.py: the data-file rows, in their own tables

        data_files.main(args.reps)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
