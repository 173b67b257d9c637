//! The numeric layer under the operators and the builtins: every call into faer's
//! algorithms (products, LU, QR, Cholesky, SVD, eigen), the solvers built on them (the one
//! `solve_system` behind `solve`, `\` and `/`; minimum-norm least squares; the matrix
//! exponential) and the diagnostics for singular and ill-conditioned matrices. Real
//! (`f64`) and complex (`c64`) matrices go through the same generic code, so they are
//! solved, warned about and refused alike.
//!
//! faer panics on dimension mismatches and its convenience methods run on the global
//! thread pool even for a 3×3 matrix, so nothing above this layer calls faer's algorithms.
//! Callers check shapes (square where needed) and finiteness (SVD and eigen fail on NaN)
//! before calling.

mod entry;
mod exponential;
mod factor;
mod lu;
mod parallel;
mod product;
mod singular;
mod solve;
mod spectral;

pub use entry::Entry;
pub use exponential::exponential;
pub use factor::{cholesky_upper, Qr};
pub use lu::Lu;
pub use product::matmul;
pub use singular::{default_tolerance, warn_if_ill_conditioned, EPS};
pub use solve::{all_finite, min_norm_lstsq, norm1, solve_system};
pub use spectral::{complex_eigen, general_eigen, singular_values, svd, symmetric_eigen, Vectors};
