//! Operators on values: element-wise arithmetic with broadcasting, the strict `+`/`-`,
//! matrix products, solves and powers, comparisons. Each operator checks shapes before it
//! touches faer and reports mismatches in one shape-error format; the shape rules themselves
//! (over shapes, not values) live in `rules`.

pub mod arith;
pub mod complex;
pub mod concat;
pub mod elementwise;
pub mod identity;
pub mod product;
pub mod rules;

pub use rules::Operands;

/// `base` to the power `k` by repeated squaring, starting from `identity`: about 2·log₂(k)
/// products of `multiply` instead of k. Integer matrix powers (`A^k`), real and complex,
/// share it.
pub(crate) fn repeated_squaring<T>(
    base: T,
    identity: T,
    mut k: u64,
    multiply: impl Fn(&T, &T) -> T,
) -> T {
    let mut result = identity;
    let mut square = base;
    while k > 0 {
        if k & 1 == 1 {
            result = multiply(&result, &square);
        }
        k >>= 1;
        if k > 0 {
            square = multiply(&square, &square);
        }
    }
    result
}
