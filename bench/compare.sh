#!/usr/bin/env bash
# Compares la with faer used directly, NumPy/CPython and GNU Octave on the workloads of
# issue #6, and la's loops with Rust, Python+NumPy and Octave on the six programs of
# issue #19 (bench/loops/); prints markdown tables (see bench/README.md).
#
# Usage: bench/compare.sh [--quick] [--reps R] [--install] [WORKLOAD ...]
#   WORKLOAD   products transpose solve inv det svd eig loop small build startup memory
#              loops data (default: all)
#   --quick    fewer repetitions (2 timed rounds instead of 5)
#   --reps R   R timed rounds per program
#   --install  install GNU Octave with apt-get if octave-cli is missing
set -euo pipefail

cd "$(dirname "$0")/.."

install_octave=no
args=()
for arg in "$@"; do
    case "$arg" in
        --install) install_octave=yes ;;
        -h | --help)
            sed -n '2,11p' "$0" | sed 's/^# \{0,1\}//'
            exit 0
            ;;
        *) args+=("$arg") ;;
    esac
done

cargo build --release --bin la --example faer_reference
# The Rust floor of the loop programs: plain rustc, no Cargo, no crates, no target-cpu.
mkdir -p target/bench
rustc -C opt-level=3 -o target/bench/loops bench/loops/loops.rs

if ! python3 -c 'import numpy' 2>/dev/null; then
    echo "NumPy is missing: pip install numpy" >&2
    pip install numpy
fi

if ! python3 -c 'import pandas, polars' 2>/dev/null; then
    echo "pandas or polars is missing (the data rows compare with them): pip install pandas polars" >&2
    pip install pandas polars || pip install --break-system-packages pandas polars || true
fi

if ! command -v octave-cli >/dev/null; then
    if [ "$install_octave" = yes ]; then
        apt-get install -y octave || { apt-get update && apt-get install -y octave; }
    else
        echo "octave-cli not found: the Octave column stays empty (--install installs it)" >&2
    fi
fi

exec python3 bench/compare.py ${args[@]+"${args[@]}"}
