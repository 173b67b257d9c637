# The Python side of one benchmark row: bench/compare.py replaces each @NAME@ and runs the
# result with `python3 FILE`. It prints one `time <ms>` line per timed round, then
# `check <x>`, a relative error that must be tiny (or the result was wrong).
import time

import numpy as np

rng = np.random.default_rng(1)
n = @N@
@SETUP@
# Warm-up: a fresh process runs its first big job up to 2x slower.
@OP@
for rep in range(@REPS@):
    start = time.perf_counter()
    @OP@
    elapsed = time.perf_counter() - start
    print("time", elapsed * 1000)
print("check", @CHECK@)
