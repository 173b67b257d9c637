//! The `printf` engine behind `sprintf` and `printf`: C's conversions `%d %i %f %e %g %s %%`
//! with flags (`- + space 0 #`), width and precision, and Octave's rules for the arguments:
//! the format is reused until every argument is used, a conversion with no argument left
//! writes nothing, and `%d` of a number that is not an integer writes it as `%g` would.
//! Infinities and NaN are written `Inf`, `-Inf` and `NaN`, as la writes them everywhere.
//!
//! ```text
//! sprintf("%5.2f|%-4d|%+.1e", pi, 7, 12345)   # " 3.14|7   |+1.2e+04"
//! sprintf("%d, ", [1, 2, 3])                  # "1, 2, 3, "
//! ```

use std::ops::Range;

/// One argument value, after matrices are split into their elements.
#[derive(Clone, Copy, Debug)]
pub enum Item<'a> {
    /// A number.
    Number(f64),
    /// A string.
    Text(&'a str),
}

/// A piece of a format: literal text or a conversion.
#[derive(Clone, Debug, PartialEq)]
enum Piece {
    Text(String),
    Conversion(Spec),
}

/// One `%` conversion.
#[derive(Clone, Debug, PartialEq)]
struct Spec {
    left: bool,
    plus: bool,
    space: bool,
    zero: bool,
    alternate: bool,
    width: usize,
    precision: Option<usize>,
    kind: char,
}

/// A format that could not be read: the bad conversion's byte range in the format.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BadConversion {
    /// Where the conversion is, in bytes of the format.
    pub at: Range<usize>,
    /// What is wrong with it.
    pub reason: String,
}

/// An argument that does not fit its conversion.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Mismatch {
    /// Which item (0-based, in the order items are used).
    pub item: usize,
    /// The conversion, as written (`%d`).
    pub conversion: String,
}

/// A read format, ready to be applied to arguments.
#[derive(Clone, Debug)]
pub struct Format {
    pieces: Vec<Piece>,
}

/// Reads `format`.
pub fn parse(format: &str) -> Result<Format, BadConversion> {
    let mut pieces = Vec::new();
    let mut text = String::new();
    let bytes = format.as_bytes();
    let mut i = 0;
    while i < format.len() {
        let Some(offset) = format[i..].find('%') else {
            text.push_str(&format[i..]);
            break;
        };
        text.push_str(&format[i..i + offset]);
        let start = i + offset;
        let mut j = start + 1;
        if bytes.get(j) == Some(&b'%') {
            text.push('%');
            i = j + 1;
            continue;
        }
        let mut spec = Spec {
            left: false,
            plus: false,
            space: false,
            zero: false,
            alternate: false,
            width: 0,
            precision: None,
            kind: 'd',
        };
        while let Some(&c) = bytes.get(j) {
            match c {
                b'-' => spec.left = true,
                b'+' => spec.plus = true,
                b' ' => spec.space = true,
                b'0' => spec.zero = true,
                b'#' => spec.alternate = true,
                _ => break,
            }
            j += 1;
        }
        let digits = |j: &mut usize| -> Option<usize> {
            let from = *j;
            while bytes.get(*j).is_some_and(u8::is_ascii_digit) {
                *j += 1;
            }
            format[from..*j].parse().ok()
        };
        if let Some(w) = digits(&mut j) {
            spec.width = w.min(1000);
        }
        if bytes.get(j) == Some(&b'.') {
            j += 1;
            spec.precision = Some(digits(&mut j).unwrap_or(0).min(1000));
        }
        let Some(kind) = format[j..].chars().next() else {
            return Err(BadConversion {
                at: start..format.len(),
                reason: "the format ends inside a conversion".into(),
            });
        };
        let end = j + kind.len_utf8();
        if !matches!(kind, 'd' | 'i' | 'f' | 'e' | 'g' | 's') {
            return Err(BadConversion {
                at: start..end,
                reason: format!(
                    "`%{kind}` is not a conversion la knows (use %d %i %f %e %g %s or %%)"
                ),
            });
        }
        spec.kind = kind;
        if !text.is_empty() {
            pieces.push(Piece::Text(std::mem::take(&mut text)));
        }
        pieces.push(Piece::Conversion(spec));
        i = end;
    }
    if !text.is_empty() {
        pieces.push(Piece::Text(text));
    }
    Ok(Format { pieces })
}

impl Format {
    /// Applies the format to `items`, reusing it until all are used. `from_matrix(k)` says
    /// whether item `k` is an element of a matrix (which `%s` refuses).
    pub fn apply(
        &self,
        items: &[Item<'_>],
        from_matrix: impl Fn(usize) -> bool,
    ) -> Result<String, Mismatch> {
        let mut out = String::new();
        let conversions = self
            .pieces
            .iter()
            .filter(|p| matches!(p, Piece::Conversion(_)))
            .count();
        let mut next = 0;
        loop {
            for piece in &self.pieces {
                match piece {
                    Piece::Text(t) => out.push_str(t),
                    Piece::Conversion(spec) => {
                        let Some(item) = items.get(next) else {
                            continue;
                        };
                        out.push_str(&convert(spec, *item, from_matrix(next)).ok_or_else(
                            || Mismatch {
                                item: next,
                                conversion: format!("%{}", spec.kind),
                            },
                        )?);
                        next += 1;
                    }
                }
            }
            if conversions == 0 || next >= items.len() {
                return Ok(out);
            }
        }
    }
}

/// One conversion of one item; `None` when the item does not fit it.
fn convert(spec: &Spec, item: Item<'_>, from_matrix: bool) -> Option<String> {
    let body = match (spec.kind, item) {
        ('s', Item::Text(s)) => {
            let s: String = match spec.precision {
                Some(p) => s.chars().take(p).collect(),
                None => s.to_string(),
            };
            return Some(pad(spec, s, false));
        }
        ('s', Item::Number(_)) if from_matrix => return None,
        ('s', Item::Number(x)) => return Some(pad(spec, crate::format::scalar(x), false)),
        (_, Item::Text(_)) => return None,
        ('d' | 'i', Item::Number(x)) if x.fract() != 0.0 || !x.is_finite() => {
            let general = Spec {
                kind: 'g',
                ..spec.clone()
            };
            return convert(&general, item, from_matrix);
        }
        ('d' | 'i', Item::Number(x)) => format!("{:.0}", x.abs()),
        ('f', Item::Number(x)) => fixed(x.abs(), spec.precision.unwrap_or(6), spec.alternate),
        ('e', Item::Number(x)) => exponential(x.abs(), spec.precision.unwrap_or(6), spec.alternate),
        (_, Item::Number(x)) => general(x.abs(), spec.precision.unwrap_or(6), spec.alternate),
    };
    let Item::Number(x) = item else {
        return None;
    };
    let body = if x.is_nan() {
        "NaN".to_string()
    } else if x.is_infinite() {
        "Inf".to_string()
    } else {
        body
    };
    let sign = if x.is_sign_negative() && !x.is_nan() && (x != 0.0 || body != "0") {
        "-"
    } else if spec.plus {
        "+"
    } else if spec.space {
        " "
    } else {
        ""
    };
    Some(pad(spec, format!("{sign}{body}"), x.is_finite()))
}

/// Pads to the width: on the right with `-`, with zeros after the sign with `0` (numbers
/// only), else with spaces on the left.
fn pad(spec: &Spec, s: String, numeric: bool) -> String {
    let len = s.chars().count();
    if len >= spec.width {
        return s;
    }
    let fill = spec.width - len;
    if spec.left {
        format!("{s}{}", " ".repeat(fill))
    } else if spec.zero && numeric {
        let sign_len = usize::from(s.starts_with(['-', '+', ' ']));
        format!("{}{}{}", &s[..sign_len], "0".repeat(fill), &s[sign_len..])
    } else {
        format!("{}{s}", " ".repeat(fill))
    }
}

/// `%f` of a non-negative x.
fn fixed(x: f64, precision: usize, alternate: bool) -> String {
    let s = format!("{x:.precision$}");
    if alternate && precision == 0 {
        format!("{s}.")
    } else {
        s
    }
}

/// `%e` of a non-negative x: one digit, the fraction, and a signed exponent of at least two
/// digits (`1.500000e+00`).
fn exponential(x: f64, precision: usize, alternate: bool) -> String {
    let s = format!("{x:.precision$e}");
    let (mantissa, exponent) = s.split_once('e').unwrap_or((&s, "0"));
    let exponent: i32 = exponent.parse().unwrap_or(0);
    let sign = if exponent < 0 { '-' } else { '+' };
    let dot = if alternate && precision == 0 { "." } else { "" };
    format!("{mantissa}{dot}e{sign}{:02}", exponent.abs())
}

/// `%g` of a non-negative x: `%e` when the exponent is below -4 or at least the precision,
/// else `%f`, with trailing zeros removed (kept with `#`).
fn general(x: f64, precision: usize, alternate: bool) -> String {
    let p = precision.max(1);
    if x == 0.0 {
        return if alternate {
            format!("{:.*}", p - 1, 0.0)
        } else {
            "0".into()
        };
    }
    // The exponent as %e with p - 1 digits would write it (rounding may carry).
    let e_form = format!("{:.*e}", p - 1, x);
    let exponent: i32 = e_form
        .split_once('e')
        .and_then(|(_, e)| e.parse().ok())
        .unwrap_or(0);
    let s = if exponent < -4 || exponent >= p as i32 {
        exponential(x, p - 1, alternate)
    } else {
        fixed(x, (p as i32 - 1 - exponent).max(0) as usize, alternate)
    };
    if alternate {
        return s;
    }
    match s.split_once('e') {
        Some((mantissa, exponent)) => format!("{}e{exponent}", trim_zeros(mantissa)),
        None => trim_zeros(&s).to_string(),
    }
}

/// `1.2300` → `1.23`, `2.000` → `2`.
fn trim_zeros(s: &str) -> &str {
    if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.')
    } else {
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(format: &str, items: &[Item<'_>]) -> String {
        parse(format).unwrap().apply(items, |_| false).unwrap()
    }

    #[test]
    fn conversions_match_c() {
        let n = Item::Number;
        assert_eq!(
            run("%5.2f|%-4d|%+.1e", &[n(3.25), n(7.0), n(12345.0)]),
            " 3.25|7   |+1.2e+04"
        );
        assert_eq!(
            run(
                "%g %g %g %g",
                &[n(0.0001), n(123456.0), n(1234567.0), n(1e-5)]
            ),
            "0.0001 123456 1.23457e+06 1e-05"
        );
        assert_eq!(run("%05d|% d|%%", &[n(-42.0), n(3.0)]), "-0042| 3|%");
        assert_eq!(run("%d", &[n(1.5)]), "1.5");
        assert_eq!(run("%f %d", &[n(f64::INFINITY), n(f64::NAN)]), "Inf NaN");
        assert_eq!(
            run(
                "%s=%d;",
                &[Item::Text("a"), n(1.0), Item::Text("b"), n(2.0)]
            ),
            "a=1;b=2;"
        );
        assert_eq!(run("%d %d\n", &[n(1.0), n(2.0), n(3.0)]), "1 2\n3 \n");
        assert_eq!(run("no conversions", &[n(1.0)]), "no conversions");
    }

    #[test]
    fn bad_conversions_are_found() {
        assert_eq!(parse("ab %q").unwrap_err().at, 3..5);
        assert_eq!(parse("%5").unwrap_err().at, 0..2);
        let f = parse("%d").unwrap();
        assert_eq!(f.apply(&[Item::Text("x")], |_| false).unwrap_err().item, 0);
    }
}
