//! Embedding la: evaluate formulas typed by users over a matrix owned by the host, under
//! strict limits, with a host function and captured output.
//!
//! Run with: cargo run --example embed

use std::sync::{Arc, Mutex};

use faer::Mat;
use la::{Event, FromValue, Interpreter, Limits};

fn main() {
    // Data the host owns: 4 samples × 3 features.
    let data = Mat::from_fn(4, 3, |i, j| (i * 3 + j) as f64);

    let output = Arc::new(Mutex::new(String::new()));
    let captured = Arc::clone(&output);
    let mut la = Interpreter::with_sink(Box::new(move |event| {
        if let Event::Text(text) = event {
            captured.lock().unwrap().push_str(&text);
        }
    }));
    la.set_limits(Limits::strict());
    la.register(
        "scale",
        "multiply every element by the host's factor",
        |x: Mat<f64>| Mat::from_fn(x.nrows(), x.ncols(), |i, j| 0.5 * x[(i, j)]),
    );
    la.set("X", data.as_ref());

    // Formulas as a user might type them; the last one is wrong on purpose.
    let formulas = [
        "column_means = mean(X, dim=1)",
        "centered = X .- mean(X, dim=1);",
        "norm(scale(centered))",
        "X * X",
    ];
    for formula in formulas {
        match la.run("formula", formula) {
            Ok(Some(value)) => println!("{formula}  →  {}", value.describe()),
            Ok(None) => println!("{formula}  →  (no value)"),
            Err(error) => print!("{}", error.render(false)),
        }
    }
    print!("{}", output.lock().unwrap());

    // Results come back as faer matrices.
    let means = Mat::<f64>::from_value(la.get("column_means").unwrap()).unwrap();
    assert_eq!(means.ncols(), 3);
    assert!((means[(0, 0)] - 4.5).abs() < 1e-12);
}
