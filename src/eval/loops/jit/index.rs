//! Element places in compiled code: a matrix's layout as values of the function, and the
//! 0-based position of an index, checked against the extent (or not, where the loop's range
//! keeps it inside), then the address of the element.

use std::mem::offset_of;

use cranelift_codegen::ir::condcodes::{FloatCC, IntCC};
use cranelift_codegen::ir::types::{F64, I64};
use cranelift_codegen::ir::{BlockArg, InstBuilder, Value};
use cranelift_frontend::FunctionBuilder;

use crate::eval::loops::code::{Extent, MatId, Num, Reg};
use crate::eval::loops::compile::Limit;

use super::{Ctx, Gen, Layout, FIXED, INLINE};

/// A matrix's `Layout` as values of the function, in pure loads (`FIXED`) that the optimiser
/// places where they are used: nothing changes a matrix's place or shape while it runs.
#[derive(Clone, Copy)]
pub(super) struct Fields {
    ptr: Value,
    rows: Value,
    cols: Value,
    len: Value,
    col_stride: Value,
    vector: Value,
    vector_stride: Value,
    rows_f: Value,
    cols_f: Value,
    len_f: Value,
}

impl Fields {
    /// An extent, as an integer and as a float.
    fn extent(&self, extent: Extent) -> (Value, Value) {
        match extent {
            Extent::Len => (self.len, self.len_f),
            Extent::Rows => (self.rows, self.rows_f),
            Extent::Cols => (self.cols, self.cols_f),
        }
    }

    /// Loads the `m`th matrix's `Layout`: in the `Ctx` or at `layouts`.
    pub(super) fn load(b: &mut FunctionBuilder, ctx: Value, layouts: Value, m: usize) -> Fields {
        let size = std::mem::size_of::<Layout>();
        let (from, base) = match m.checked_sub(INLINE) {
            None => (ctx, offset_of!(Ctx, inline) + m * size),
            Some(rest) => (layouts, rest * size),
        };
        let mut load = |ty, field: usize| b.ins().load(ty, FIXED, from, (base + field) as i32);
        Fields {
            ptr: load(I64, offset_of!(Layout, ptr)),
            rows: load(I64, offset_of!(Layout, rows)),
            cols: load(I64, offset_of!(Layout, cols)),
            len: load(I64, offset_of!(Layout, len)),
            col_stride: load(I64, offset_of!(Layout, col_stride)),
            vector: load(I64, offset_of!(Layout, vector)),
            vector_stride: load(I64, offset_of!(Layout, vector_stride)),
            rows_f: load(F64, offset_of!(Layout, rows_f)),
            cols_f: load(F64, offset_of!(Layout, cols_f)),
            len_f: load(F64, offset_of!(Layout, len_f)),
        }
    }
}

impl<'f, 's> Gen<'f, 's> {
    /// The 0-based position of the 1-based index in a register below `extent`.
    fn register_position(&mut self, reg: Reg, m: MatId, extent: Extent) -> Value {
        let key = (reg, m, extent);
        if self.reuse {
            if let Some(&(_, p)) = self.checked.iter().find(|c| c.0 == key) {
                return p;
            }
        }
        let p = self.new_register_position(reg, m, extent);
        if self.reuse {
            self.checked.push((key, p));
        }
        p
    }

    fn new_register_position(&mut self, reg: Reg, m: MatId, extent: Extent) -> Value {
        match self.shadows[reg as usize] {
            Some((int, whole)) => {
                if !self.defined[reg as usize] {
                    let flag = self.flag(reg);
                    self.check(flag);
                }
                let k = self.b.use_var(int);
                let is_whole = self.b.use_var(whole);
                let p = self.b.ins().iadd_imm(k, -1);
                if self.is_within(reg, m, extent) {
                    return p;
                }
                // k - 1 < extent, unsigned: 1 <= k <= extent.
                let extent = self.extent(m, extent);
                let inside = self.b.ins().icmp(IntCC::UnsignedLessThan, p, extent);
                let ok = self.b.ins().band(is_whole, inside);
                self.check(ok);
                p
            }
            None => {
                let x = self.read_reg(reg);
                let extent = self.extent_f(m, extent);
                self.position(x, extent)
            }
        }
    }

    /// Whether a loop's range keeps register `reg` within an extent of matrix `m`: the
    /// extent itself, a vector's length, which is its rows or columns, or an extent its end
    /// is known to be at most.
    fn is_within(&self, reg: Reg, m: MatId, extent: Extent) -> bool {
        self.within.iter().any(|&(r, limit)| {
            let own = matches!(limit, Limit::Extent(k, e)
                if k == m && (e == extent || extent == Extent::Len && self.is_vector(m, e)));
            r == reg && (own || self.bounds.contains(&(limit, m, extent)))
        })
    }

    /// Whether matrix `m` was compiled as a vector along `extent`: a column for `Rows`, a
    /// row for `Cols` (`Compiled::known`).
    fn is_vector(&self, m: MatId, along: Extent) -> bool {
        let across = match along {
            Extent::Rows => Extent::Cols,
            Extent::Cols => Extent::Rows,
            Extent::Len => return false,
        };
        self.known.contains(&(m, across, 1))
    }

    /// The 0-based position of the 1-based index `x` below `extent`, faulting unless it is
    /// a whole number in range (as `index::whole_index` decides).
    fn position(&mut self, x: Value, extent: Value) -> Value {
        // 1 <= x <= extent first (false for NaN), so the conversion cannot overflow; then x
        // must be whole. Extents are below 2^53, so as floats they are exact.
        let one = self.b.ins().f64const(1.0);
        let low = self.b.ins().fcmp(FloatCC::GreaterThanOrEqual, x, one);
        let high = self.b.ins().fcmp(FloatCC::LessThanOrEqual, x, extent);
        let inside = self.b.ins().band(low, high);
        self.check(inside);
        let k = self.b.ins().fcvt_to_sint(I64, x);
        let back = self.b.ins().fcvt_from_sint(F64, k);
        let whole = self.b.ins().fcmp(FloatCC::Equal, back, x);
        self.check(whole);
        self.b.ins().iadd_imm(k, -1)
    }

    /// The 0-based position of an index below an extent: each index is evaluated and
    /// checked before the next, as the evaluator resolves them.
    fn index(&mut self, num: &Num, m: MatId, extent: Extent) -> Value {
        match num {
            Num::Reg(r) | Num::MaybeReg(r) => self.register_position(*r, m, extent),
            // A whole constant (`A[i, 1]`): only the extent to check, unless the code was
            // compiled for an extent it is within.
            Num::Const(c) if *c >= 1.0 && *c < 9.0e15 && c.fract() == 0.0 => {
                let p = self.b.ins().iconst(I64, *c as i64 - 1);
                let within =
                    |&(k, e, n): &(MatId, Extent, usize)| k == m && e == extent && *c as usize <= n;
                if self.known.iter().any(within) {
                    return p;
                }
                let extent = self.extent(m, extent);
                let inside = self.b.ins().icmp(IntCC::UnsignedLessThan, p, extent);
                self.check(inside);
                p
            }
            _ => {
                let x = self.num(num);
                let extent = self.extent_f(m, extent);
                self.position(x, extent)
            }
        }
    }

    /// An extent of matrix `m`, as an integer.
    fn extent(&self, m: MatId, extent: Extent) -> Value {
        self.fields[m as usize].extent(extent).0
    }

    /// An extent of matrix `m`, as a float.
    pub(super) fn extent_f(&self, m: MatId, extent: Extent) -> Value {
        self.fields[m as usize].extent(extent).1
    }

    /// The address of element (i, j).
    pub(super) fn pair(&mut self, m: MatId, i: &Num, j: &Num) -> Value {
        let i = self.index(i, m, Extent::Rows);
        let j = self.index(j, m, Extent::Cols);
        // Rows are next to each other (`View::unit_rows`).
        let col_stride = self.fields[m as usize].col_stride;
        let c = self.b.ins().imul(j, col_stride);
        let offset = self.b.ins().iadd(i, c);
        self.address(m, offset)
    }

    /// The address of element k counted down the columns.
    pub(super) fn linear(&mut self, m: MatId, k: &Num) -> Value {
        let p = self.index(k, m, Extent::Len);
        // A matrix compiled as a column or a row (`Compiled::known`).
        if self.is_vector(m, Extent::Rows) {
            return self.address(m, p);
        }
        if self.is_vector(m, Extent::Cols) {
            let col_stride = self.fields[m as usize].col_stride;
            let offset = self.b.ins().imul(p, col_stride);
            return self.address(m, offset);
        }
        let vector = self.b.create_block();
        let matrix = self.b.create_block();
        let done = self.b.create_block();
        self.b.append_block_param(done, I64);
        let is_vector = self.fields[m as usize].vector;
        self.b.ins().brif(is_vector, vector, &[], matrix, &[]);
        self.b.switch_to_block(vector);
        let stride = self.fields[m as usize].vector_stride;
        let offset = self.b.ins().imul(p, stride);
        self.b.ins().jump(done, &[BlockArg::Value(offset)]);
        self.b.switch_to_block(matrix);
        let rows = self.extent(m, Extent::Rows);
        let i = self.b.ins().urem(p, rows);
        let j = self.b.ins().udiv(p, rows);
        let col_stride = self.fields[m as usize].col_stride;
        let c = self.b.ins().imul(j, col_stride);
        let offset = self.b.ins().iadd(i, c);
        self.b.ins().jump(done, &[BlockArg::Value(offset)]);
        self.b.switch_to_block(done);
        let offset = self.b.block_params(done)[0];
        self.address(m, offset)
    }

    /// The address of the element at `offset` in matrix `m`.
    fn address(&mut self, m: MatId, offset: Value) -> Value {
        let ptr = self.fields[m as usize].ptr;
        let bytes = self.b.ins().ishl_imm(offset, 3);
        self.b.ins().iadd(ptr, bytes)
    }
}
