//! Micro-benchmarks of the interpreter's hot paths, through the public `Interpreter` API
//! only: parsing, scalar loops, variable access, indexing, small and large matrix products,
//! element-wise arithmetic and user-function calls.
//!
//! Run them all with `cargo bench --bench interpreter`, or a few by name:
//! `cargo bench --bench interpreter -- products`. Every benchmark except `parse` compiles
//! its program once and times `execute` alone; the first run is checked against the answer
//! computed in Rust, so a program that silently stopped doing its work would fail here.

use divan::{black_box, Bencher};
use faer::Mat;
use la::{FromValue, Interpreter, Program, Value};

fn main() {
    divan::main();
}

/// Compiles `text` in `la`, panicking with the rendered diagnostic if it does not parse.
fn compile(la: &mut Interpreter, text: &str) -> Program {
    la.compile("bench", text)
        .unwrap_or_else(|error| panic!("{}", error.render(false)))
}

/// Runs `program`, panicking with the rendered diagnostic if it fails.
fn execute(la: &mut Interpreter, program: &Program) -> Option<Value> {
    la.execute(program)
        .unwrap_or_else(|error| panic!("{}", error.render(false)))
}

/// The variable `name` converted to `T`, panicking if it is unset or of another kind.
fn read<T: FromValue>(la: &Interpreter, name: &str) -> T {
    let value = la
        .get(name)
        .unwrap_or_else(|| panic!("`{name}` is not set"));
    T::from_value(value).unwrap_or_else(|message| panic!("`{name}`: {message}"))
}

/// Times `execute(program)`; the program must leave its result where `check` reads it.
fn bench_execute(bencher: Bencher, mut la: Interpreter, text: &str, check: impl Fn(&Interpreter)) {
    let program = compile(&mut la, text);
    execute(&mut la, &program);
    check(&la);
    bencher.bench_local(|| black_box(execute(&mut la, &program)));
}

/// About 100 lines of typical `la`: functions with both body forms, matrix literals,
/// products, solves, broadcasting, indexing, loops and conditionals.
fn hundred_line_program() -> String {
    let mut text = String::from(
        "fn affine(W, x, b) = W * x + b\n\
         fn norm2(v) {\n    s = 0\n    for k in 1:rows(v) { s = s + v[k]^2 }\n    sqrt(s)\n}\n",
    );
    for k in 1..=13 {
        text.push_str(&format!(
            "A{k} = [[{k}, 2, 3], [4, {k} + 5, 6], [7, 8, 10]]\n\
             x{k} = A{k} \\ [1, 2, {k}]\n\
             B{k} = A{k}' * A{k} .+ 0.5 * I(3)\n\
             y{k} = affine(B{k}, x{k}, [1, 0, -1])\n\
             if norm2(y{k}) > 1 {{ z{k} = y{k} / norm2(y{k}) }} else {{ z{k} = y{k} }}\n\
             A{k}[2, 3] = sum(z{k}) * -1e-3\n\
             t{k} = trace(A{k} .* B{k}) + max(abs(x{k}))   # a comment\n"
        ));
    }
    text
}

#[divan::bench]
fn parse(bencher: Bencher) {
    let text = hundred_line_program();
    assert!((95..=110).contains(&text.lines().count()));
    // The program must be valid la, not just parse.
    let mut la = Interpreter::new();
    let program = compile(&mut la, &text);
    execute(&mut la, &program);
    // A fresh interpreter each time: every compile keeps its source text, so reusing one
    // would grow without bound, and a new one interns every name as a first parse does.
    bencher
        .with_inputs(Interpreter::new)
        .bench_local_refs(|la| compile(la, black_box(&text)));
}

#[divan::bench]
fn scalar_loop(bencher: Bencher) {
    let text = "s = 0; for i in 1:10000 { s = s + i*i }";
    bench_execute(bencher, Interpreter::new(), text, |la| {
        assert_eq!(read::<f64>(la, "s"), 333_383_335_000.0);
    });
}

#[divan::bench]
fn variables(bencher: Bencher) {
    let text = "a = 1; b = 2; c = 3; s = 0
        for i in 1:10000 {
            t = a
            a = b
            b = c
            c = t
            s = s + a - b + c
        }";
    let (mut a, mut b, mut c, mut s) = (1.0, 2.0, 3.0, 0.0);
    for _ in 0..10_000 {
        (a, b, c) = (b, c, a);
        s = s + a - b + c;
    }
    bench_execute(bencher, Interpreter::new(), text, |la| {
        assert_eq!(read::<f64>(la, "s"), s);
    });
}

mod indexing {
    use super::*;

    const N: usize = 100;

    fn with_matrix() -> Interpreter {
        let mut la = Interpreter::new();
        la.set("A", Mat::from_fn(N, N, |i, j| (i * N + j) as f64));
        la
    }

    #[divan::bench]
    fn read_element(bencher: Bencher) {
        let text = "s = 0; for i in 1:100 { for j in 1:100 { s = s + A[i, j] } }";
        let total = (0..N * N).sum::<usize>() as f64;
        bench_execute(bencher, with_matrix(), text, |la| {
            assert_eq!(read::<f64>(la, "s"), total);
        });
    }

    #[divan::bench]
    fn write_element(bencher: Bencher) {
        let text = "for i in 1:100 { for j in 1:100 { A[i, j] = i - j } }";
        bench_execute(bencher, with_matrix(), text, |la| {
            let a = read::<Mat<f64>>(la, "A");
            assert_eq!(a[(N - 1, 0)], (N - 1) as f64);
            assert_eq!(a[(0, N - 1)], -((N - 1) as f64));
        });
    }
}

mod products {
    use super::*;

    /// `y = W * x + b` with 3×3 `W`, a thousand times.
    #[divan::bench]
    fn small_affine(bencher: Bencher) {
        let w = Mat::from_fn(3, 3, |i, j| (i + 2 * j) as f64);
        let (x, b) = (vec![1.0, -1.0, 2.0], vec![0.5, 0.0, -0.5]);
        let expected: Vec<f64> = (0..3)
            .map(|i| (0..3).map(|j| w[(i, j)] * x[j]).sum::<f64>() + b[i])
            .collect();
        let mut la = Interpreter::new();
        la.set("W", w);
        la.set("x", x);
        la.set("b", b);
        let text = "for k in 1:1000 { y = W * x + b }";
        bench_execute(bencher, la, text, |la| {
            assert_eq!(read::<Vec<f64>>(la, "y"), expected);
        });
    }

    /// `C = A * B` for n×n operands.
    #[divan::bench(args = [64, 256])]
    fn large(bencher: Bencher, n: usize) {
        let mut la = Interpreter::new();
        la.set("A", Mat::from_fn(n, n, |i, j| ((i + j) % 7) as f64));
        la.set("B", Mat::<f64>::identity(n, n));
        bench_execute(bencher, la, "C = A * B;", |la| {
            let c = read::<Mat<f64>>(la, "C");
            assert_eq!((c.nrows(), c.ncols()), (n, n));
            assert_eq!(c[(n - 1, n - 2)], ((2 * n - 3) % 7) as f64);
        });
    }
}

/// `A .* B + C` on 500×500 matrices.
#[divan::bench]
fn elementwise(bencher: Bencher) {
    const N: usize = 500;
    let mut la = Interpreter::new();
    la.set("A", Mat::from_fn(N, N, |i, _| i as f64));
    la.set("B", Mat::from_fn(N, N, |_, j| j as f64));
    la.set("C", Mat::<f64>::identity(N, N));
    bench_execute(bencher, la, "D = A .* B + C;", |la| {
        let d = read::<Mat<f64>>(la, "D");
        assert_eq!(d[(3, 3)], 10.0);
        assert_eq!(d[(2, 5)], 10.0);
    });
}

/// A thousand calls of a two-argument user function with an expression body.
#[divan::bench]
fn user_function(bencher: Bencher) {
    let mut la = Interpreter::new();
    let definition = compile(&mut la, "fn f(x, y) = x * y + 1");
    execute(&mut la, &definition);
    let text = "s = 0; for i in 1:1000 { s = s + f(i, 2) }";
    bench_execute(bencher, la, text, |la| {
        assert_eq!(read::<f64>(la, "s"), 1_002_000.0);
    });
}
