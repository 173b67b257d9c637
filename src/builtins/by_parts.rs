//! Complex input for builtins that are linear in their data (`sum`, `mean`, `cumsum`,
//! `diag`, `triu`, `reshape`, `repeat`, `fill`, `linspace`, `transpose`, ...): f(a + bi) is
//! f(a) + f(b)·i, so the real implementation runs once on the real parts and once on the
//! imaginary parts, and the two results are joined. One rule instead of a complex copy of
//! each builtin, and the same errors, spans and limits as real input.

use faer::{c64, Mat};

use super::{Arg, Call};
use crate::diagnostic::Fallible;
use crate::value::Value;

/// The real implementation of a builtin.
pub type Real = fn(&mut Call) -> Fallible<Option<Value>>;

/// Runs `real` on `call`; when an argument at one of the `data` positions is complex, runs
/// it on the real and the imaginary parts and joins them. Real data counts as having a zero
/// imaginary part; other arguments (sizes, `k`, `dim=`) go to both runs unchanged.
pub fn by_parts(call: &mut Call, data: &[usize], real: Real) -> Fallible<Option<Value>> {
    let complex = data
        .iter()
        .any(|&i| call.args.get(i).is_some_and(|a| a.value.is_complex()));
    if !complex {
        return real(call);
    }
    let re = run_part_of(call, data, real, |z| z.re)?;
    let im = run_part_of(call, data, real, |z| z.im)?;
    Ok(match (re, im) {
        (Some(re), Some(im)) => Some(join(&re, &im)),
        _ => None,
    })
}

fn run_part_of(
    call: &mut Call,
    data: &[usize],
    real: Real,
    part: fn(c64) -> f64,
) -> Fallible<Option<Value>> {
    let values = call
        .args
        .iter()
        .enumerate()
        .map(|(i, arg)| {
            if data.contains(&i) {
                part_of(&arg.value, part)
            } else {
                arg.value.clone()
            }
        })
        .collect();
    run_on(call, values, real)
}

/// Runs `real` as `call` with the arguments' values replaced by `values` (same spans).
pub fn run_on(call: &mut Call, values: Vec<Value>, real: Real) -> Fallible<Option<Value>> {
    let args = call
        .args
        .iter()
        .zip(values)
        .map(|(arg, value)| Arg {
            value,
            span: arg.span,
        })
        .collect();
    let mut sub = Call {
        name: call.name,
        span: call.span,
        args,
        keywords: call.keywords.clone(),
        outputs: call.outputs,
        host: &mut *call.host,
    };
    real(&mut sub)
}

/// One part of a numeric value, as a real value of the same shape; anything else as it is
/// (so the real implementation reports it).
pub fn part_of(value: &Value, part: fn(c64) -> f64) -> Value {
    match value.to_cmat() {
        Some(m) if value.is_numeric() || value.is_complex() => {
            Value::from_mat(Mat::from_fn(m.nrows(), m.ncols(), |i, j| part(m[(i, j)])))
        }
        _ => value.clone(),
    }
}

/// re + im·i, real again when the imaginary part is all zero.
fn join(re: &Value, im: &Value) -> Value {
    match (re.to_cmat(), im.to_cmat()) {
        (Some(a), Some(b)) if a.nrows() == b.nrows() && a.ncols() == b.ncols() => {
            Value::from_cmat(Mat::from_fn(a.nrows(), a.ncols(), |i, j| {
                c64::new(a[(i, j)].re, b[(i, j)].re)
            }))
        }
        _ => re.clone(),
    }
}

/// Runs `real` with argument 0 replaced by its magnitude when it is complex: for `any` and
/// `all`, where only whether an element is zero matters.
pub fn by_magnitude(call: &mut Call, real: Real) -> Fallible<Option<Value>> {
    if !call.args.first().is_some_and(|a| a.value.is_complex()) {
        return real(call);
    }
    run_part_of(call, &[0], real, |z| z.norm())
}

/// Runs `real` on complex arguments 0 and 1 of a function linear in each of them (`kron`,
/// `outer`, `cross`): f(a, b) = f(aᵣ, bᵣ) − f(aᵢ, bᵢ) + (f(aᵣ, bᵢ) + f(aᵢ, bᵣ))·i.
pub fn bilinear(call: &mut Call, real: Real) -> Fallible<Option<Value>> {
    let complex = call.args.iter().take(2).any(|a| a.value.is_complex());
    if !complex || call.args.len() != 2 {
        return real(call);
    }
    let (a, b) = (call.args[0].value.clone(), call.args[1].value.clone());
    let (ar, ai) = (part_of(&a, |z| z.re), part_of(&a, |z| z.im));
    let (br, bi) = (part_of(&b, |z| z.re), part_of(&b, |z| z.im));
    let mut run = |x: &Value, y: &Value| run_on(call, vec![x.clone(), y.clone()], real);
    let (rr, ii, ri, ir) = (
        run(&ar, &br)?,
        run(&ai, &bi)?,
        run(&ar, &bi)?,
        run(&ai, &br)?,
    );
    let (Some(rr), Some(ii), Some(ri), Some(ir)) = (rr, ii, ri, ir) else {
        return Ok(None);
    };
    let combine = |p: &Value, q: &Value, sign: f64| -> Option<Mat<f64>> {
        let (p, q) = (p.to_cmat()?, q.to_cmat()?);
        Some(Mat::from_fn(p.nrows(), p.ncols(), |i, j| {
            p[(i, j)].re + sign * q[(i, j)].re
        }))
    };
    match (combine(&rr, &ii, -1.0), combine(&ri, &ir, 1.0)) {
        (Some(re), Some(im)) => Ok(Some(join(&Value::from_mat(re), &Value::from_mat(im)))),
        _ => Ok(Some(rr)),
    }
}
