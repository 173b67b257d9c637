//! The one rule for when faer may use more than one thread.
//!
//! Starting threads costs a fixed amount, so a job runs on one thread until it is big
//! enough to win that back. How big depends on how well the job splits: a product splits
//! into independent blocks and wins early; a factorization has a sequential panel at each
//! step and wins late. Both thresholds are stated here in the same unit, multiply-adds, so
//! they can be compared and re-measured together.

use faer::Par;

/// What a job is, for choosing its parallelism.
#[derive(Clone, Copy, Debug)]
pub enum Job {
    /// An m×k by k×n product.
    Product { m: usize, k: usize, n: usize },
    /// A factorization (LU, QR, Cholesky, SVD, eigen) of a matrix whose larger side is
    /// `order`, or solves and inverses from its factors.
    Factorization { order: usize },
}

/// Products of at least this many multiply-adds (128³) use every core.
const PARALLEL_PRODUCT: usize = 128 * 128 * 128;

/// Factorizations of at least this many multiply-adds (768³) use every core (measured on
/// 2 cores: two threads lose to one for LU, eig and SVD at n = 500, and win for LU,
/// inverse and symmetric eig at n = 1000).
const PARALLEL_FACTORIZATION: usize = 768 * 768 * 768;

impl Job {
    /// Multiply-adds the job takes, to within a constant.
    fn work(self) -> usize {
        match self {
            Job::Product { m, k, n } => m.saturating_mul(k).saturating_mul(n),
            Job::Factorization { order } => order.saturating_mul(order).saturating_mul(order),
        }
    }

    /// The parallelism for this job.
    pub fn parallelism(self) -> Par {
        let threshold = match self {
            Job::Product { .. } => PARALLEL_PRODUCT,
            Job::Factorization { .. } => PARALLEL_FACTORIZATION,
        };
        if self.work() >= threshold {
            Par::rayon(0)
        } else {
            Par::Seq
        }
    }
}
