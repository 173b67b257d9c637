//! `load` and `save` through the public API and the binary: round trips in every format
//! (random shapes, NaN, ±Inf, subnormals, complex), NumPy reading what la writes and la
//! reading what NumPy writes (real NumPy: .ci/run installs it), a save killed half-way that
//! leaves the old file whole, and paths that try to leave the allowed directory.

use std::path::{Path, PathBuf};
use std::process::Command;

use faer::{c64, Mat};
use la::{FileAccess, Interpreter, Value};
use proptest::prelude::*;

/// A fresh scratch directory for one test.
fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("la-data-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn interpreter(dir: &Path) -> Interpreter {
    let mut la = Interpreter::new();
    la.set_file_access(FileAccess::inside(dir).unwrap());
    la
}

/// Bit-for-bit equality of real parts and imaginary parts, elements in column-major order.
fn bits(v: &Value) -> (Vec<u64>, la::Shape) {
    let m = v.to_cmat().expect("a numeric value");
    let mut out = Vec::new();
    for j in 0..m.ncols() {
        for i in 0..m.nrows() {
            // All NaNs are one NaN: formats need not keep a NaN's payload.
            let canon = |x: f64| {
                if x.is_nan() {
                    f64::NAN.to_bits()
                } else {
                    x.to_bits()
                }
            };
            out.push(canon(m[(i, j)].re));
            out.push(canon(m[(i, j)].im));
        }
    }
    (out, v.shape())
}

fn element() -> impl Strategy<Value = f64> {
    prop_oneof![
        4 => -1e6..1e6f64,
        1 => Just(f64::NAN),
        1 => Just(f64::INFINITY),
        1 => Just(f64::NEG_INFINITY),
        1 => Just(5e-324),
        1 => Just(-2.2250738585072014e-308 / 3.0),
        1 => Just(0.1),
        1 => Just(-0.0),
        1 => (-300i32..300).prop_map(|e| 1.2345678901234567 * 10f64.powi(e)),
    ]
}

fn matrix() -> impl Strategy<Value = (usize, usize, Vec<f64>, bool)> {
    (0usize..5, 0usize..5, any::<bool>()).prop_flat_map(|(m, n, complex)| {
        proptest::collection::vec(element(), 2 * m * n).prop_map(move |v| (m, n, v, complex))
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(120))]

    #[test]
    fn saving_then_loading_gives_the_same_bits((m, n, data, complex) in matrix()) {
        let dir = scratch("roundtrip");
        let mut la = interpreter(&dir);
        let value = if complex {
            Value::from_cmat(Mat::from_fn(m, n, |i, j| c64::new(data[2 * (i + j * m)], data[2 * (i + j * m) + 1])))
        } else {
            Value::from_mat(Mat::from_fn(m, n, |i, j| data[i + j * m]))
        };
        la.set("A", value.clone());
        for file in ["a.csv", "a.tsv", "a.txt", "a.npy"] {
            la.run("save", &format!("save(\"{file}\", A)")).unwrap();
            let back = la.run("load", &format!("load(\"{file}\")")).unwrap().unwrap();
            if m * n == 0 && !file.ends_with(".npy") {
                // An empty text file has no shape: it loads as 0×0.
                prop_assert_eq!(back.shape(), la::Shape::new(0, 0));
            } else {
                prop_assert_eq!(bits(&back), bits(&value), "{}", file);
            }
        }
        let _ = std::fs::remove_dir_all(&dir);
    }
}

/// Runs Python with NumPy on `script` in `dir`; the test fails when NumPy is missing, as
/// .ci/run installs it.
fn python(dir: &Path, script: &str) -> String {
    let out = Command::new("python3")
        .arg("-c")
        .arg(script)
        .current_dir(dir)
        .output()
        .expect("python3 runs");
    assert!(
        out.status.success(),
        "python failed (is NumPy installed? .ci/run installs it):\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn numpy_reads_what_la_writes() {
    let dir = scratch("to-numpy");
    let mut la = interpreter(&dir);
    la.run(
        "save",
        "A = [[1.5, -2, 1e-300], [nan, inf, 3]]; save(\"a.npy\", A); save(\"a.csv\", A)
         Z = [[1 + 2i, -3i], [4, 0.5 - 0.25i]]; save(\"z.npy\", Z); save(\"z.csv\", Z)
         save(\"b.npy\", [[1, 0], [0, 1]] > 0); save(\"s.npy\", 2.5)
         save(\"m.npz\", W=A, z=Z, flag=A > 1)",
    )
    .unwrap();
    let out = python(
        &dir,
        r#"
import numpy as np
a = np.load("a.npy"); ref = np.array([[1.5, -2, 1e-300], [np.nan, np.inf, 3]])
assert a.dtype == np.float64 and a.shape == (2, 3) and np.array_equal(a, ref, equal_nan=True)
c = np.genfromtxt("a.csv", delimiter=",")
assert np.array_equal(c, ref, equal_nan=True)
z = np.load("z.npy"); zr = np.array([[1 + 2j, -3j], [4, 0.5 - 0.25j]])
assert z.dtype == np.complex128 and np.array_equal(z, zr)
zc = np.loadtxt("z.csv", delimiter=",", dtype=complex, converters=lambda s: complex(s.replace("i", "j")))
assert np.array_equal(zc, zr)
b = np.load("b.npy"); assert b.dtype == np.bool_ and np.array_equal(b, np.eye(2, dtype=bool))
s = np.load("s.npy"); assert s.shape == () and s == 2.5
m = np.load("m.npz"); assert sorted(m.files) == ["W", "flag", "z"]
assert np.array_equal(m["W"], ref, equal_nan=True) and np.array_equal(m["z"], zr)
assert m["flag"].dtype == np.bool_ and np.array_equal(m["flag"], ref > 1)
print("ok")
"#,
    );
    assert_eq!(out.trim(), "ok");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn la_reads_what_numpy_writes() {
    let dir = scratch("from-numpy");
    python(
        &dir,
        r#"
import numpy as np
A = np.array([[1.5, -2, 1e-300], [np.nan, np.inf, 3]])
np.save("f8.npy", A)
np.save("f8c.npy", np.ascontiguousarray(A))
np.save("f8f.npy", np.asfortranarray(A))
np.save("f4.npy", A.astype(np.float32))
np.save("i2be.npy", np.array([[1, -2], [3, 4]], dtype=">i2"))
np.save("u8.npy", np.array([7, 8, 9], dtype=np.uint64))
np.save("b.npy", np.array([[True, False]]))
np.save("c8.npy", np.array([1 + 2j, 3 - 4j], dtype=np.complex64))
np.save("scalar.npy", np.float64(4.25))
np.savetxt("txt.csv", A, delimiter=",")
np.savetxt("complex.txt", np.array([1 + 2j, 3 - 4j]))
np.savez("plain.npz", W=A, b=np.array([1, 2, 3], dtype=np.int32))
np.savez_compressed("packed.npz", W=A, b=np.array([1, 2, 3], dtype=np.int32))
np.savez("one.npz", np.arange(4.0))
# Over 4 MB, so read on two threads: 1001 rows (groups of eight and one left over).
L = np.arange(1001 * 601, dtype=np.float64).reshape(1001, 601) + 0.5
np.save("large_c.npy", L)
np.save("large_f.npy", np.asfortranarray(L))
np.save("large_be.npy", L.astype(">f8"))
"#,
    );
    let mut la = interpreter(&dir);
    let program = r#"
A = [[1.5, -2, 1e-300], [nan, inf, 3]]
same = (X, Y) -> all(size(X) == size(Y)) && all(all((X == Y) | (isnan(X) & isnan(Y))))
assert(same(load("f8.npy"), A))
assert(same(load("f8c.npy"), A))
assert(same(load("f8f.npy"), A))
assert(same(load("txt.csv"), A))
assert(approx(load("f4.npy")[1, 1], 1.5))
assert(all(all(load("i2be.npy") == [[1, -2], [3, 4]])))
assert(all(load("u8.npy") == [7, 8, 9]))
assert(all(load("b.npy") == [[1, 0]]))
assert(all(load("c8.npy") == [1 + 2i, 3 - 4i]))
assert(load("scalar.npy") == 4.25)
assert(all(load("complex.txt") == [1 + 2i, 3 - 4i]))
W, b = load("plain.npz", "W", "b")
assert(same(W, A) && all(b == [1, 2, 3]))
W, b = load("packed.npz", "W", "b")
assert(same(W, A) && all(b == [1, 2, 3]))
assert(all(load("one.npz") == [0, 1, 2, 3]))
L = (0:1000) * 601 .+ (0:600)' + 0.5
assert(same(load("large_c.npy"), L))
assert(same(load("large_f.npy"), L))
assert(same(load("large_be.npy"), L))
"#;
    if let Err(e) = la.run("interop", program) {
        panic!("{}", la.render(&e, false));
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_save_killed_half_way_leaves_the_old_file_whole() {
    let dir = scratch("killed");
    let target = dir.join("big.csv");
    std::fs::write(&target, "1,2,3\n").unwrap();
    let la = env!("CARGO_BIN_EXE_la");
    // Several attempts at different moments: each must leave the old or the whole new file.
    for delay_ms in [150u64, 400, 900] {
        let mut child = Command::new(la)
            .current_dir(&dir)
            .args(["-e", "A = rand(1500, 1500); save(\"big.csv\", A)"])
            .spawn()
            .unwrap();
        std::thread::sleep(std::time::Duration::from_millis(delay_ms));
        let _ = child.kill();
        let _ = child.wait();
        let text = std::fs::read_to_string(&target).unwrap();
        let old = text == "1,2,3\n";
        let whole =
            text.lines().count() == 1500 && text.lines().all(|l| l.split(',').count() == 1500);
        assert!(
            old || whole,
            "after {delay_ms} ms the file is neither old nor whole: {} bytes",
            text.len()
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn paths_cannot_leave_the_allowed_directory() {
    let outside = scratch("outside");
    std::fs::write(outside.join("secret.csv"), "42\n").unwrap();
    let dir = scratch("inside");
    let mut la = interpreter(&dir);
    let refused = |la: &mut Interpreter, program: &str| {
        let e = la.run("escape", program).expect_err(program);
        let text = la.render(&e, false);
        assert!(
            text.contains("outside the allowed directory"),
            "{program}: {text}"
        );
    };
    let secret = outside.join("secret.csv");
    refused(
        &mut la,
        &format!(
            "load(\"../la-data-outside-{}/secret.csv\")",
            std::process::id()
        ),
    );
    refused(&mut la, &format!("load(\"{}\")", secret.display()));
    refused(
        &mut la,
        &format!("save(\"{}\", 1)", outside.join("new.csv").display()),
    );
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(&secret, dir.join("link.csv")).unwrap();
        refused(&mut la, "load(\"link.csv\")");
    }
    // Files off: nothing at all.
    let mut off = Interpreter::new();
    let e = off.run("off", "load(\"a.csv\")").unwrap_err();
    assert!(off.render(&e, false).contains("file access is off"));
    let _ = std::fs::remove_dir_all(&dir);
    let _ = std::fs::remove_dir_all(&outside);
}
