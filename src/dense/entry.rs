//! `Entry`: what the numeric layer needs of a matrix element, for `f64` and `c64` alike, so
//! one generic LU, solver, product and exponential serve real and complex matrices.

use std::ops::{Add, AddAssign, Div, Mul, MulAssign, Neg, Sub};

use faer::c64;

/// A real or complex matrix element.
pub trait Entry:
    faer::traits::ComplexField<Real = f64>
    + Copy
    + PartialEq
    + Add<Output = Self>
    + AddAssign
    + Sub<Output = Self>
    + Mul<Output = Self>
    + MulAssign
    + Div<Output = Self>
    + Neg<Output = Self>
    + Send
    + Sync
    + 'static
{
    /// The real number `x` as an element.
    fn real(x: f64) -> Self;
    /// |x|.
    fn magnitude(self) -> f64;
    /// The real part.
    fn re(self) -> f64;
    /// The complex conjugate (the number itself when real).
    fn conjugate(self) -> Self;
    /// True when any part is NaN.
    fn nan(self) -> bool;
    /// True when every part is finite.
    fn finite(self) -> bool;
    /// x/|x|, and 1 for 0: the sign Hager's condition estimator steps along.
    fn unit(self) -> Self;
}

impl Entry for f64 {
    #[inline]
    fn real(x: f64) -> f64 {
        x
    }
    #[inline]
    fn magnitude(self) -> f64 {
        self.abs()
    }
    #[inline]
    fn re(self) -> f64 {
        self
    }
    #[inline]
    fn conjugate(self) -> f64 {
        self
    }
    #[inline]
    fn nan(self) -> bool {
        self.is_nan()
    }
    #[inline]
    fn finite(self) -> bool {
        self.is_finite()
    }
    #[inline]
    fn unit(self) -> f64 {
        if self >= 0.0 {
            1.0
        } else {
            -1.0
        }
    }
}

impl Entry for c64 {
    #[inline]
    fn real(x: f64) -> c64 {
        c64::new(x, 0.0)
    }
    #[inline]
    fn magnitude(self) -> f64 {
        self.norm()
    }
    #[inline]
    fn re(self) -> f64 {
        self.re
    }
    #[inline]
    fn conjugate(self) -> c64 {
        self.conj()
    }
    #[inline]
    fn nan(self) -> bool {
        self.re.is_nan() || self.im.is_nan()
    }
    #[inline]
    fn finite(self) -> bool {
        self.re.is_finite() && self.im.is_finite()
    }
    #[inline]
    fn unit(self) -> c64 {
        let r = self.norm();
        if r == 0.0 {
            c64::new(1.0, 0.0)
        } else {
            self / r
        }
    }
}
