//! What a compiled loop is made of: number expressions, tests and operations over
//! registers (an unboxed `f64` for each scalar variable) and matrices (one for each
//! indexed variable). Every statement or condition that can fail carries the number of its
//! *site*: the piece of the tree the general evaluator reruns to report the failure. A small
//! matrix variable (`w = zeros(1, 3)`) is one register per element, so its arithmetic is
//! arithmetic on numbers.

use crate::op::BinaryOp;
use crate::source::Span;

/// A register: the number a scalar variable holds.
pub type Reg = u32;
/// A matrix the loop indexes.
pub type MatId = u32;
/// A place in the tree that can fail (see `Site`).
pub type SiteId = u32;

/// What `end` means inside an index: the matrix's length, rows or columns.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Extent {
    Len,
    Rows,
    Cols,
}

/// A number.
#[derive(Clone, Debug)]
pub enum Num {
    Const(f64),
    /// A register set before the loop started.
    Reg(Reg),
    /// A register that was not set when the loop started: reading it before it is set fails.
    MaybeReg(Reg),
    Neg(Box<Num>),
    Add(Box<(Num, Num)>),
    Sub(Box<(Num, Num)>),
    Mul(Box<(Num, Num)>),
    Div(Box<(Num, Num)>),
    /// Any other arithmetic operator (`\`, `^`, `.^`), through the evaluator's own function.
    Arith(BinaryOp, Box<(Num, Num)>),
    /// `A[k]`, counting down the columns.
    Elem1(MatId, Box<Num>),
    /// `A[i, j]`.
    Elem2(MatId, Box<(Num, Num)>),
    /// `A[i, j]` with both indices in registers set before the loop started.
    Elem2Regs(MatId, Reg, Reg),
    /// `end` inside an index of a matrix.
    Extent(MatId, Extent),
    /// A builtin of one real argument (`abs`, `exp`, ...): a call, so it counts as an
    /// operation at its span, as the evaluator counts it.
    Map(fn(f64) -> f64, Box<Num>, Span),
    /// A call that gives a number compiling knows how to get (`size(A, 1)` is the rows of
    /// `A`): it counts an operation at its span, then gives the number.
    Counted(Box<Num>, Span),
    /// `dot(u, v)` of two real vectors, given as their elements side by side: a call at its
    /// span, then the compensated sum of the products (`reductions::compensated_add`).
    Dot(Box<[(Num, Num)]>, Span),
}

impl Num {
    /// Whether computing it counts an operation (it calls a builtin).
    pub fn ticks(&self) -> bool {
        match self {
            Num::Map(..) | Num::Dot(..) | Num::Counted(..) => true,
            Num::Neg(a) => a.ticks(),
            Num::Add(p) | Num::Sub(p) | Num::Mul(p) | Num::Div(p) | Num::Arith(_, p) => {
                p.0.ticks() || p.1.ticks()
            }
            Num::Elem1(_, k) => k.ticks(),
            Num::Elem2(_, p) => p.0.ticks() || p.1.ticks(),
            Num::Const(_)
            | Num::Reg(_)
            | Num::MaybeReg(_)
            | Num::Elem2Regs(..)
            | Num::Extent(..) => false,
        }
    }
}

/// A condition.
#[derive(Debug)]
pub enum Test {
    Const(bool),
    /// A comparison operator.
    Cmp(BinaryOp, Box<(Num, Num)>),
    And(Box<(Test, Test)>),
    Or(Box<(Test, Test)>),
    Not(Box<Test>),
    /// A number as a truth value (not 0); NaN fails.
    Truth(Num),
    /// `!x` of a number.
    IsZero(Num),
}

/// Where a stored element goes.
#[derive(Debug)]
pub enum Place {
    Linear(Num),
    Pair(Num, Num),
}

/// A statement.
#[derive(Debug)]
pub enum Op {
    /// `x = value`.
    Set {
        reg: Reg,
        value: Num,
        site: SiteId,
    },
    /// An assignment computed in steps, each setting a register in order (a small matrix
    /// assigned element by element, after its operands were read into temporaries): one
    /// statement, so one site, whose operation count is taken before the first step.
    Sets {
        steps: Vec<(Reg, Num)>,
        site: SiteId,
    },
    /// `x += value` and the other compound assignments.
    Update {
        reg: Reg,
        op: BinaryOp,
        value: Num,
        site: SiteId,
    },
    /// `A[place] = value`, or a compound assignment of an element.
    Store {
        m: MatId,
        place: Place,
        op: Option<BinaryOp>,
        value: Num,
        site: SiteId,
    },
    If {
        /// Each condition with its site and body, in order.
        arms: Vec<(Test, SiteId, Vec<Op>)>,
        otherwise: Vec<Op>,
    },
    /// `for var in start:step:end { body }`, counting an operation at `tick` each round.
    For {
        var: Reg,
        start: Num,
        step: Option<Num>,
        end: Num,
        site: SiteId,
        tick: Span,
        body: Vec<Op>,
    },
    While {
        test: Test,
        site: SiteId,
        tick: Span,
        body: Vec<Op>,
    },
    Break,
    Continue,
}
