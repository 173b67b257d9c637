//! Small matrices in compiled loops: a real matrix of 2 to `MOST` elements (`w = zeros(1,
//! 3)`, `x = X[p, :]`) is held one register per element, column by column, so its
//! element-wise arithmetic, `dot`, and the rows and columns read from indexed matrices are
//! arithmetic on numbers. Shapes are known when compiling (asked of the variables, and kept
//! as `Query::Shape`), so a shape the evaluator would refuse declines the loop.
//!
//! An assignment is steps (`Op::Sets`): first its operands that can fail or count an
//! operation, read into temporaries in the order the evaluator evaluates them (so a limit
//! and an error come in the evaluator's order), then each element of the result. Element k
//! of the result uses element k of each operand only, so the target can be written element
//! by element while it is read.

use super::{Compiler, Extent, Holds, Kind, Query};
use crate::eval::loops::code::{Num, Reg};
use crate::intern::Symbol;
use crate::op::{BinaryOp, UnaryOp};
use crate::source::Span;
use crate::syntax::ast::{Expr, ExprKind};

/// Most elements of a matrix held in registers.
const MOST: usize = 16;

/// A small matrix variable: registers `first..first + rows·cols`, column by column.
pub struct SmallVar {
    pub symbol: Symbol,
    pub rows: usize,
    pub cols: usize,
    pub first: Reg,
}

/// A small matrix value: its shape and its elements, column by column.
struct Small {
    rows: usize,
    cols: usize,
    elems: Vec<Num>,
}

impl Small {
    fn is_vector(&self) -> bool {
        self.rows == 1 || self.cols == 1
    }
}

/// An operand of element-wise arithmetic.
enum Side {
    Small(Small),
    Number(Num),
}

/// Whether `n` elements are held in registers.
fn fits(rows: usize, cols: usize) -> bool {
    (2..=MOST).contains(&(rows * cols))
}

impl Compiler<'_> {
    /// Whether `expr` is a small matrix: a small matrix variable, a row or column of an
    /// indexed matrix (`A[i, :]`), or element-wise arithmetic with one.
    pub(super) fn is_small(&mut self, expr: &Expr) -> bool {
        match &expr.kind {
            ExprKind::Name(symbol) => self.small_shape(*symbol).is_some(),
            ExprKind::Index { indices, .. } => {
                indices.iter().any(|e| matches!(e.kind, ExprKind::All))
            }
            ExprKind::Unary { op, operand, .. } => op != &UnaryOp::Not && self.is_small(operand),
            ExprKind::Binary {
                op, left, right, ..
            } => element_op(*op).is_some() && (self.is_small(left) || self.is_small(right)),
            _ => false,
        }
    }

    /// The shape of the small matrix a name holds (a variable of the loop, or one it only
    /// reads and never indexes).
    fn small_shape(&mut self, symbol: Symbol) -> Option<(usize, usize)> {
        if let Some(&v) = self.small_of.get(&symbol) {
            let var = &self.smalls[v];
            return Some((var.rows, var.cols));
        }
        if self.reg_of.contains_key(&symbol) || self.names.indexed.contains(&symbol) {
            return None;
        }
        let (rows, cols) = self.shape(symbol)?;
        fits(rows, cols).then_some((rows, cols))
    }

    /// The shape of the real matrix a name holds now, remembered as a question asked.
    fn shape(&mut self, symbol: Symbol) -> Option<(usize, usize)> {
        if self.kind(symbol).0 != Kind::Matrix {
            return None;
        }
        let (rows, cols) = super::shape_of(self.la, self.frame, symbol)?;
        self.queries.push(Query::Shape(symbol, rows, cols));
        Some((rows, cols))
    }

    /// The steps of `symbol = value`, or of `symbol op= value`.
    pub(super) fn small_assign(
        &mut self,
        symbol: Symbol,
        op: Option<BinaryOp>,
        value: &Expr,
    ) -> Option<Vec<(Reg, Num)>> {
        self.steps.clear();
        let result = match op {
            None => self.small(value, true, 0)?,
            // The evaluator evaluates the value, then reads the variable.
            Some(op) => {
                let right = self.side(value, true, 0)?;
                let left = Side::Small(self.small_name(symbol, true)?);
                self.combine(element_op(op)?, op, left, right)?
            }
        };
        let first = self.small_target(symbol, result.rows, result.cols)?;
        let mut steps = std::mem::take(&mut self.steps);
        for (k, e) in result.elems.into_iter().enumerate() {
            steps.push((first + k as Reg, e));
        }
        Some(steps)
    }

    /// The registers of the small matrix variable a `rows`×`cols` value is assigned to.
    fn small_target(&mut self, symbol: Symbol, rows: usize, cols: usize) -> Option<Reg> {
        if let Some(&v) = self.small_of.get(&symbol) {
            let var = &self.smalls[v];
            return (var.rows == rows && var.cols == cols).then_some(var.first);
        }
        if self.reg_of.contains_key(&symbol) || self.names.indexed.contains(&symbol) {
            return None;
        }
        match self.kind(symbol).0 {
            Kind::Matrix => {
                (self.shape(symbol)? == (rows, cols)).then_some(())?;
                Some(self.new_small(symbol, rows, cols, true))
            }
            Kind::Unset => {
                self.plain_unknown(symbol)?;
                // Set in the loop, so held in the end: room for it.
                self.room += rows * cols;
                Some(self.new_small(symbol, rows, cols, false))
            }
            _ => None,
        }
    }

    fn new_small(&mut self, symbol: Symbol, rows: usize, cols: usize, set: bool) -> Reg {
        let start = set.then_some(0.0);
        let first = self.regs.len() as Reg;
        for k in 0..rows * cols {
            self.register(Holds::Element(symbol, k), start);
        }
        self.small_of.insert(symbol, self.smalls.len());
        self.smalls.push(SmallVar {
            symbol,
            rows,
            cols,
            first,
        });
        first
    }

    /// A small matrix variable read whole. `hoist`: inside an assignment, whose steps can
    /// read it first (then a variable not set yet fails there); otherwise inside a number.
    fn small_name(&mut self, symbol: Symbol, hoist: bool) -> Option<Small> {
        let (rows, cols) = self.small_shape(symbol)?;
        let first = match self.small_of.get(&symbol) {
            Some(&v) => self.smalls[v].first,
            // Read before the loop assigns it: a matrix set now (one never set was refused).
            None => self.new_small(symbol, rows, cols, true),
        };
        let elems = (0..rows * cols)
            .map(|k| {
                let reg = first + k as Reg;
                match self.regs[reg as usize].start {
                    Some(_) => Num::Reg(reg),
                    None if hoist => self.temporary(Num::MaybeReg(reg)),
                    None => Num::MaybeReg(reg),
                }
            })
            .collect();
        Some(Small { rows, cols, elems })
    }

    /// A small matrix value.
    fn small(&mut self, expr: &Expr, hoist: bool, depth: u32) -> Option<Small> {
        (depth < super::MAX_DEPTH).then_some(())?;
        let small = match &expr.kind {
            ExprKind::Name(symbol) => self.small_name(*symbol, hoist)?,
            ExprKind::Index { target, indices } => {
                let ExprKind::Name(symbol) = target.kind else {
                    return None;
                };
                self.slice(symbol, indices, hoist, depth)?
            }
            ExprKind::Unary { op, operand, .. } => {
                let mut a = self.small(operand, hoist, depth + 1)?;
                match op {
                    UnaryOp::Plus => a,
                    UnaryOp::Neg => {
                        let elems = a.elems.into_iter().map(|e| Num::Neg(Box::new(e)));
                        Small {
                            elems: elems.collect(),
                            ..a
                        }
                    }
                    // A vector's elements keep their order.
                    UnaryOp::Transpose | UnaryOp::Adjoint if a.is_vector() => {
                        (a.rows, a.cols) = (a.cols, a.rows);
                        a
                    }
                    _ => return None,
                }
            }
            ExprKind::Binary {
                op, left, right, ..
            } => {
                let element = element_op(*op)?;
                let left = self.side(left, hoist, depth + 1)?;
                let right = self.side(right, hoist, depth + 1)?;
                self.combine(element, *op, left, right)?
            }
            _ => return None,
        };
        // The evaluator holds a matrix for each value computed on the way.
        let n = small.rows * small.cols;
        self.room += n;
        self.largest = self.largest.max(n);
        Some(small)
    }

    /// An operand of element-wise arithmetic: a small matrix or a number (read into a
    /// temporary once, when hoisting, unless it is a constant or a register set already).
    fn side(&mut self, expr: &Expr, hoist: bool, depth: u32) -> Option<Side> {
        if self.is_small(expr) {
            return Some(Side::Small(self.small(expr, hoist, depth)?));
        }
        let n = self.num(expr, None, depth)?;
        Some(Side::Number(match n {
            Num::Const(_) | Num::Reg(_) => n,
            _ if hoist => self.temporary(n),
            // Inside a number it is computed for each element: only if that counts nothing.
            _ if n.ticks() => return None,
            _ => n,
        }))
    }

    /// `A[i, :]` or `A[:, j]` of an indexed matrix whose columns or rows are few.
    fn slice(
        &mut self,
        symbol: Symbol,
        indices: &[Expr],
        hoist: bool,
        depth: u32,
    ) -> Option<Small> {
        let m = self.matrix(symbol)?;
        let (fixed, along, row) = match indices {
            [i, all] if matches!(all.kind, ExprKind::All) => (i, Extent::Cols, true),
            [all, j] if matches!(all.kind, ExprKind::All) => (j, Extent::Rows, false),
            _ => return None,
        };
        let across = if row { Extent::Rows } else { Extent::Cols };
        let n = self.extent(symbol, along)?;
        self.known.push((m, along, n));
        let (rows, cols) = if row { (1, n) } else { (n, 1) };
        fits(rows, cols).then_some(())?;
        // An index that counts no operation is read with each element (which are read in
        // order when hoisting); its check is made once.
        let k = self.index(fixed, m, across, depth + 1)?;
        let k = match k {
            _ if !k.ticks() => k,
            _ if hoist => self.temporary(k),
            _ => return None,
        };
        let elems = (1..=n)
            .map(|other| {
                let other = Num::Const(other as f64);
                let pair = if row {
                    (k.clone(), other)
                } else {
                    (other, k.clone())
                };
                let read = Num::Elem2(m, Box::new(pair));
                if hoist {
                    self.temporary(read)
                } else {
                    read
                }
            })
            .collect();
        Some(Small { rows, cols, elems })
    }

    /// The rows or columns of the indexed matrix `symbol`, remembered as a question asked.
    fn extent(&mut self, symbol: Symbol, extent: Extent) -> Option<usize> {
        let (rows, cols) = super::shape_of(self.la, self.frame, symbol)?;
        let n = if extent == Extent::Rows { rows } else { cols };
        self.queries.push(Query::Extent(symbol, extent, n));
        Some(n)
    }

    /// `left op right` element by element, as the evaluator allows it: two small matrices of
    /// one shape, or a small matrix and a number (`*` either way, `/` by a number only).
    fn combine(
        &mut self,
        element: BinaryOp,
        op: BinaryOp,
        left: Side,
        right: Side,
    ) -> Option<Small> {
        let (rows, cols) = match (&left, &right) {
            (Side::Small(a), Side::Small(b)) => {
                let same = a.rows == b.rows && a.cols == b.cols;
                (same && !matches!(op, BinaryOp::Mul | BinaryOp::Div)).then_some(())?;
                (a.rows, a.cols)
            }
            (Side::Small(a), Side::Number(_)) => (a.rows, a.cols),
            (Side::Number(_), Side::Small(b)) if op != BinaryOp::Div => (b.rows, b.cols),
            _ => return None,
        };
        let n = rows * cols;
        let mut left = elements(left, n);
        let mut right = elements(right, n);
        let elems = (0..n)
            .map(|_| {
                let pair = Box::new((left.next()?, right.next()?));
                Some(match element {
                    BinaryOp::Add => Num::Add(pair),
                    BinaryOp::Sub => Num::Sub(pair),
                    BinaryOp::Mul => Num::Mul(pair),
                    BinaryOp::Div => Num::Div(pair),
                    _ => Num::Arith(element, pair),
                })
            })
            .collect::<Option<_>>()?;
        Some(Small { rows, cols, elems })
    }

    /// `dot(u, v)` of two small vectors of one length.
    pub(super) fn dot(&mut self, u: &Expr, v: &Expr, span: Span, depth: u32) -> Option<Num> {
        if !(self.is_small(u) && self.is_small(v)) {
            return None;
        }
        let u = self.small(u, false, depth)?;
        let v = self.small(v, false, depth)?;
        (u.is_vector() && v.is_vector() && u.elems.len() == v.elems.len()).then_some(())?;
        let pairs = u.elems.into_iter().zip(v.elems).collect();
        Some(Num::Dot(pairs, span))
    }

    /// A new temporary register set to `n` as the next step; reading it gives `n`.
    fn temporary(&mut self, n: Num) -> Num {
        let reg = self.register(Holds::Temporary, Some(0.0));
        self.steps.push((reg, n));
        Num::Reg(reg)
    }
}

/// The elements of an operand: a small matrix's, or a number's repeated.
fn elements(side: Side, n: usize) -> Box<dyn Iterator<Item = Num>> {
    match side {
        Side::Small(a) => Box::new(a.elems.into_iter()),
        Side::Number(x) => Box::new(std::iter::repeat_n(x, n)),
    }
}

/// The number operator a matrix operator applies element by element (`*` and `/` only
/// when one side is a number, which `combine` checks).
fn element_op(op: BinaryOp) -> Option<BinaryOp> {
    Some(match op {
        BinaryOp::Add | BinaryOp::DotAdd => BinaryOp::Add,
        BinaryOp::Sub | BinaryOp::DotSub => BinaryOp::Sub,
        BinaryOp::Mul | BinaryOp::DotMul => BinaryOp::Mul,
        BinaryOp::Div | BinaryOp::DotDiv => BinaryOp::Div,
        BinaryOp::DotPow => BinaryOp::DotPow,
        _ => return None,
    })
}
