//! Resource limits for running untrusted programs: every one is checked before the work it
//! guards (an allocation, a loop iteration, a call, a parse), and each has its own error.

use std::time::Duration;

/// The limits one `Interpreter` enforces. `Limits::default()` suits a calculator on your own
/// machine; `Limits::strict()` suits formulas typed by strangers.
///
/// ```
/// let mut la = la::Interpreter::new();
/// la.set_limits(la::Limits { max_operations: 1_000, ..la::Limits::strict() });
/// let error = la.run("<doc>", "while true { }").unwrap_err();
/// assert_eq!(error.kind(), la::ErrorKind::Limit);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    /// Most loop iterations plus function calls in one run.
    pub max_operations: u64,
    /// Deepest chain of user-function calls.
    pub max_call_depth: usize,
    /// Deepest nesting of brackets, blocks, prefix or postfix operators the parser accepts.
    pub max_nesting: usize,
    /// Most elements in any one matrix.
    pub max_elements: usize,
    /// Most elements in all matrices held by variables together, plus the one being built.
    pub max_total_elements: usize,
    /// Longest string literal and longest program text, in bytes.
    pub max_string_len: usize,
    /// Longest wall-clock time one run may take.
    pub deadline: Option<Duration>,
}

impl Default for Limits {
    /// Generous limits for a calculator on one's own machine: 2²⁹ elements (4 GiB) per
    /// matrix, 2³⁰ in all, 1000 nested calls, no operation count or deadline.
    fn default() -> Limits {
        Limits {
            max_operations: u64::MAX,
            max_call_depth: 1000,
            max_nesting: 200,
            max_elements: 1 << 29,
            max_total_elements: 1 << 30,
            max_string_len: 1 << 26,
            deadline: None,
        }
    }
}

impl Limits {
    /// Tight limits for untrusted input: a million operations, a second of wall-clock time,
    /// a million elements per matrix (8 MB) and ten million in all.
    ///
    /// ```
    /// let mut la = la::Interpreter::new();
    /// la.set_limits(la::Limits::strict());
    /// assert!(la.run("<doc>", "zeros(10000, 10000)").is_err());
    /// assert!(la.run("<doc>", "zeros(100, 100)").is_ok());
    /// ```
    pub fn strict() -> Limits {
        Limits {
            max_operations: 1_000_000,
            max_call_depth: 100,
            max_nesting: 64,
            max_elements: 1_000_000,
            max_total_elements: 10_000_000,
            max_string_len: 100_000,
            deadline: Some(Duration::from_secs(1)),
        }
    }
}
