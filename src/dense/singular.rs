//! What the numeric layer says about singular and ill-conditioned matrices, so `inv`,
//! `solve`, `\` and `/` say it in the same words for real and complex matrices: an exactly
//! singular matrix (a zero pivot) is an error at the matrix; a nearly singular one
//! (reciprocal condition estimate below machine epsilon) or a rank-deficient least-squares
//! system gives the result and a warning at the matrix.

use crate::diagnostic::{Diagnostic, ErrorKind};
use crate::host::Host;
use crate::source::Span;
use crate::value::Shape;

/// Machine epsilon: below this reciprocal condition number a result has no correct digits
/// to rely on.
pub const EPS: f64 = f64::EPSILON;

/// The error for an exactly singular matrix: a zero pivot (1-based) in its LU factors.
pub fn singular(span: Span, s: Shape, pivot: usize) -> Box<Diagnostic> {
    Diagnostic::error(
        ErrorKind::Singular,
        span,
        format!("matrix is singular: pivot {pivot} is zero"),
    )
    .label(span, format!("this {s} matrix is singular"))
    .help("its rows are linearly dependent, so there is no unique answer; lstsq(A, b) or pinv(A) give the minimum-norm least-squares one")
    .boxed()
}

/// Warns at `span` when `rcond` (a reciprocal condition estimate) is below machine
/// epsilon: the result is still given, but it may be garbage.
pub fn warn_if_ill_conditioned(host: &mut Host, span: Span, s: Shape, rcond: f64) {
    if rcond.is_nan() || rcond >= EPS {
        return;
    }
    warn(
        host,
        span,
        ("close to singular", rcond),
        format!("this {s} matrix is close to singular"),
        "below machine epsilon (2.2e-16) the result may have no correct digits",
    );
}

/// Warns at `span` when a least-squares system is numerically rank deficient (`rcond`, the
/// ratio of its smallest to largest singular value, below machine epsilon).
pub fn warn_if_rank_deficient(host: &mut Host, span: Span, s: Shape, rank: usize, rcond: f64) {
    let full = s.rows.min(s.cols);
    if full == 0 || rcond >= EPS {
        return;
    }
    warn(
        host,
        span,
        ("rank deficient", rcond),
        format!("this {s} matrix has rank {rank} of {full}"),
        "the result is the minimum-norm least-squares solution",
    );
}

/// The one wording of both warnings: "matrix is {what}: reciprocal condition number ≈ …".
fn warn(host: &mut Host, span: Span, (what, rcond): (&str, f64), label: String, note: &str) {
    host.warn(
        Diagnostic::warning(
            ErrorKind::Singular,
            span,
            format!(
                "matrix is {what}: reciprocal condition number ≈ {}",
                short_exp(rcond)
            ),
        )
        .label(span, label)
        .note(note),
    );
}

/// `1.5e-17`-style text for small estimates; `0` for zero.
pub fn short_exp(x: f64) -> String {
    if x == 0.0 {
        "0".into()
    } else {
        format!("{x:.1e}")
    }
}

/// The default rank tolerance for singular values `s` of an m×n matrix:
/// max(m, n)·eps·σ₁, as MATLAB, Octave and NumPy use.
pub fn default_tolerance(m: usize, n: usize, s: &[f64]) -> f64 {
    m.max(n) as f64 * EPS * s.first().copied().unwrap_or(0.0)
}
