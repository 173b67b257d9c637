//! `sprintf` against the reference formatters: Rust's own `{:.N}` and `{:.Ne}` for `%.Nf`
//! and `%.Ne` (with the exponent written as C writes it), and the C library's `snprintf`
//! for `%g`, on random numbers across many magnitudes.

use la::{Interpreter, Value};
use proptest::prelude::*;

fn sprintf(la: &mut Interpreter, format: &str, x: f64) -> String {
    la.set("x", x);
    match la.run("p", &format!("sprintf(\"{format}\", x)")) {
        Ok(Some(Value::Str(s))) => s.to_string(),
        other => panic!("sprintf(\"{format}\", {x}) gave {other:?}"),
    }
}

/// C's snprintf of one double.
fn c_format(format: &str, x: f64) -> String {
    let format = std::ffi::CString::new(format).unwrap();
    let mut buffer = vec![0u8; 512];
    // SAFETY: the buffer is 512 bytes and snprintf writes at most that many, NUL included;
    // the format has exactly one double conversion.
    let n = unsafe { libc::snprintf(buffer.as_mut_ptr().cast(), buffer.len(), format.as_ptr(), x) };
    buffer.truncate(n as usize);
    String::from_utf8(buffer).unwrap()
}

/// Rust's `{:.Ne}` with C's exponent (`1.5e3` → `1.5e+03`).
fn c_exponent(rust: &str) -> String {
    let (mantissa, exponent) = rust.split_once('e').unwrap();
    let e: i32 = exponent.parse().unwrap();
    format!("{mantissa}e{}{:02}", if e < 0 { '-' } else { '+' }, e.abs())
}

fn finite_number() -> impl Strategy<Value = f64> {
    (-1.0e6..1.0e6f64, -30i32..30).prop_map(|(m, e)| m * 10f64.powi(e))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn fixed_and_exponent_agree_with_rust(x in finite_number(), n in 0usize..12) {
        let mut la = Interpreter::new();
        prop_assert_eq!(sprintf(&mut la, &format!("%.{n}f"), x), format!("{x:.n$}"));
        prop_assert_eq!(sprintf(&mut la, &format!("%.{n}e"), x), c_exponent(&format!("{x:.n$e}")));
    }

    #[test]
    fn general_agrees_with_the_c_library(x in finite_number(), n in 0usize..12, width in 0usize..20) {
        let mut la = Interpreter::new();
        for format in [format!("%.{n}g"), format!("%{width}.{n}g"), format!("%-{width}g"), format!("%#.{n}g")] {
            prop_assert_eq!(sprintf(&mut la, &format, x), c_format(&format, x), "format {}", format);
        }
    }
}
