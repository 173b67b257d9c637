//! Ranges whose loop variable stays inside a matrix: a `for` range that counts up by 1
//! from a whole number of at least 1 to an extent of a matrix (`1:size(X, 1)`), or to a
//! number the loop never assigns (`1:n`), keeps its variable at most that end. Indexing a
//! matrix by such a variable is noted when the end is at most the extent indexed, asked as
//! `Query::AtMost` (so the code runs only while it holds), and machine code leaves out
//! that index's check (`jit`, `Rounds::within`).

use super::{kind_of, shape_of, Compiler, End, Holds, Kind, Limit, Query};
use crate::eval::env::Frame;
use crate::eval::loops::code::{Extent, MatId, Num};
use crate::eval::Interpreter;
use crate::intern::Symbol;
use crate::syntax::ast::Expr;

impl Compiler<'_> {
    /// An index of matrix `m` along `extent`. Indexing by a loop variable whose range ends
    /// at most at that extent is noted (`Compiled::bounds`).
    pub(super) fn index(
        &mut self,
        expr: &Expr,
        m: MatId,
        extent: Extent,
        depth: u32,
    ) -> Option<Num> {
        let k = self.num(expr, Some((m, extent)), depth)?;
        if let Num::Reg(r) | Num::MaybeReg(r) = k {
            let ends = self
                .ranges
                .iter()
                .filter(|&&(v, _)| v == r)
                .map(|&(_, l)| l);
            for limit in ends.collect::<Vec<_>>() {
                self.note_bound(limit, m, extent);
            }
        }
        Some(k)
    }

    /// Asks whether `limit` is at most the extent of `m`, and notes it if it is.
    fn note_bound(&mut self, limit: Limit, m: MatId, extent: Extent) {
        if limit == Limit::Extent(m, extent) || self.bounds.contains(&(limit, m, extent)) {
            return;
        }
        let end = match limit {
            Limit::Extent(k, along) => End::Extent(self.mats[k as usize].symbol, along),
            Limit::Reg(r) => match self.regs[r as usize].holds {
                Holds::Scalar(name) => End::Value(name),
                _ => return,
            },
        };
        let symbol = self.mats[m as usize].symbol;
        let is = at_most(self.la, self.frame, end, symbol, extent);
        self.queries.push(Query::AtMost(end, symbol, extent, is));
        if is {
            self.bounds.push((limit, m, extent));
        }
    }

    /// Where a range counting up by 1 from a whole number of at least 1 ends, if at an
    /// extent of an indexed matrix or in a register the loop never assigns.
    pub(super) fn range_limit(&self, start: &Num, step: Option<&Num>, end: &Num) -> Option<Limit> {
        let from_one =
            matches!(start, Num::Const(c) if *c >= 1.0 && c.fract() == 0.0 && *c < 4.0e15);
        let by_one = matches!(step, None | Some(Num::Const(1.0)));
        (from_one && by_one).then_some(())?;
        match end {
            Num::Extent(m, extent) => Some(Limit::Extent(*m, *extent)),
            Num::Counted(n, _) => match **n {
                Num::Extent(m, extent) => Some(Limit::Extent(m, extent)),
                _ => None,
            },
            Num::Reg(r) => match self.regs[*r as usize].holds {
                Holds::Scalar(name) if !self.names.assigned.contains(&name) => Some(Limit::Reg(*r)),
                _ => None,
            },
            _ => None,
        }
    }
}

/// Whether `end` is at most the extent of the matrix `symbol` holds (false if either is
/// not there, or the end is not a number).
pub(super) fn at_most(
    la: &Interpreter,
    frame: &Frame,
    end: End,
    symbol: Symbol,
    extent: Extent,
) -> bool {
    let limit = match end {
        End::Extent(m, along) => shape_of(la, frame, m).map(|shape| extent_of(shape, along) as f64),
        End::Value(name) => match kind_of(la, frame, name) {
            (Kind::Scalar, x) => x,
            _ => None,
        },
    };
    let bound = shape_of(la, frame, symbol).map(|shape| extent_of(shape, extent) as f64);
    matches!((limit, bound), (Some(l), Some(b)) if l <= b)
}

/// An extent of a shape.
fn extent_of((rows, cols): (usize, usize), extent: Extent) -> usize {
    match extent {
        Extent::Rows => rows,
        Extent::Cols => cols,
        Extent::Len => rows * cols,
    }
}
