//! The loop benchmark's Rust programs with la's sums (bench/loops/loops.rs, `LaSums`) do
//! la's arithmetic: built with rustc as bench/compare.sh builds them, their Gram–Schmidt
//! gives la's Q and R to the bit, where the plain sums do not. So the column of the loops
//! table that times them times what la computes.

use std::path::{Path, PathBuf};
use std::process::Command;

use la::Interpreter;

/// bench/loops/loops.rs built with `rustc -C opt-level=3`, as compare.sh builds it.
fn loops_binary() -> PathBuf {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = Path::new(env!("CARGO_TARGET_TMPDIR")).join("bench_loops");
    let rustc = std::env::var("RUSTC").unwrap_or_else(|_| "rustc".into());
    let status = Command::new(rustc)
        .args(["-C", "opt-level=3", "-o"])
        .arg(&out)
        .arg(root.join("bench/loops/loops.rs"))
        .status()
        .expect("rustc runs");
    assert!(status.success(), "bench/loops/loops.rs does not build");
    out
}

/// The bits of the numbers `program` writes as its result (no timed rounds).
fn rust_result(binary: &Path, program: &str, n: usize) -> Vec<u64> {
    let out = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("{program}.bin"));
    let run = Command::new(binary)
        .args([program, &n.to_string(), "0"])
        .arg(&out)
        .output()
        .expect("the loops binary runs");
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let bytes = std::fs::read(&out).unwrap();
    bytes
        .chunks_exact(8)
        .map(|b| u64::from_le_bytes(b.try_into().unwrap()))
        .collect()
}

/// la's R, then Q, of bench/loops/loops.la's `mgs` on the benchmark's 300×100 input.
fn la_gram_schmidt() -> Vec<u64> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let programs = std::fs::read_to_string(root.join("bench/loops/loops.la")).unwrap();
    let mut la = Interpreter::new();
    la.run("loops.la", &programs).unwrap();
    la.run("run", "Q, R = mgs(uniform(300, 100, 0) - 0.5);")
        .unwrap();
    let mut bits = Vec::new();
    for name in ["R", "Q"] {
        let m = la.get(name).unwrap().to_cmat().unwrap();
        for j in 0..m.ncols() {
            for i in 0..m.nrows() {
                assert_eq!(m[(i, j)].im, 0.0);
                bits.push(m[(i, j)].re.to_bits());
            }
        }
    }
    bits
}

#[test]
fn gram_schmidt_with_la_sums_is_las_to_the_bit() {
    let binary = loops_binary();
    let la = la_gram_schmidt();
    assert_eq!(la.len(), 100 * 100 + 300 * 100);
    let summed = rust_result(&binary, "mgs-la-sums", 300);
    assert_eq!(summed.len(), la.len());
    let differing = summed.iter().zip(&la).filter(|(a, b)| a != b).count();
    assert_eq!(differing, 0, "{differing} of {} numbers differ", la.len());
    // The comparison sees the sums: the plain ones give other last bits.
    let plain = rust_result(&binary, "mgs", 300);
    assert!(plain.iter().zip(&la).filter(|(a, b)| a != b).count() > 1000);
}
