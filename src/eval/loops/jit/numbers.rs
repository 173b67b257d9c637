//! Numbers in compiled code: arithmetic, reads of registers and elements, calls to
//! one-number builtins, ranges' lengths, and `dot` with the evaluator's compensated sum.

use cranelift_codegen::ir::condcodes::FloatCC;
use cranelift_codegen::ir::types::{F64, I64};
use cranelift_codegen::ir::{BlockArg, InstBuilder, Value};
use cranelift_frontend::FunctionBuilder;

use crate::eval::loops::code::Num;
use crate::op::BinaryOp;
use crate::ops::arith::scalar_arithmetic;

use super::{Gen, TRUSTED};

impl<'f, 's> Gen<'f, 's> {
    pub(super) fn arith(&mut self, op: BinaryOp, a: Value, c: Value) -> Value {
        match op {
            BinaryOp::Add | BinaryOp::DotAdd => self.b.ins().fadd(a, c),
            BinaryOp::Sub | BinaryOp::DotSub => self.b.ins().fsub(a, c),
            BinaryOp::Mul | BinaryOp::DotMul => self.b.ins().fmul(a, c),
            BinaryOp::Div | BinaryOp::DotDiv => self.b.ins().fdiv(a, c),
            BinaryOp::LeftDiv => self.b.ins().fdiv(c, a),
            // `^` and `.^`, the only others compiling lets through.
            _ => {
                let callee = self.b.ins().iconst(I64, pow as *const () as usize as i64);
                let call = self.b.ins().call_indirect(self.sig_pow, callee, &[a, c]);
                self.b.inst_results(call)[0]
            }
        }
    }

    pub(super) fn num(&mut self, num: &Num) -> Value {
        match num {
            Num::Const(x) => self.b.ins().f64const(*x),
            Num::Reg(r) | Num::MaybeReg(r) => self.read_reg(*r),
            Num::Neg(a) => {
                let a = self.num(a);
                self.b.ins().fneg(a)
            }
            Num::Add(p) => self.pair_op(BinaryOp::Add, p),
            Num::Sub(p) => self.pair_op(BinaryOp::Sub, p),
            Num::Mul(p) => self.pair_op(BinaryOp::Mul, p),
            Num::Div(p) => self.pair_op(BinaryOp::Div, p),
            Num::Arith(op, p) => self.pair_op(*op, p),
            Num::Elem1(m, k) => {
                let address = self.linear(*m, k);
                self.b.ins().load(F64, TRUSTED, address, 0)
            }
            Num::Elem2(m, p) => {
                let address = self.pair(*m, &p.0, &p.1);
                self.b.ins().load(F64, TRUSTED, address, 0)
            }
            Num::Elem2Regs(m, i, j) => {
                let address = self.pair(*m, &Num::Reg(*i), &Num::Reg(*j));
                self.b.ins().load(F64, TRUSTED, address, 0)
            }
            Num::Extent(m, extent) => self.extent_f(*m, *extent),
            Num::Map(f, a, span) => {
                let number = self.span_number(*span);
                self.tick(number);
                let x = self.num(a);
                let callee = self.b.ins().iconst(I64, map as *const () as usize as i64);
                let f = self.b.ins().iconst(I64, *f as *const () as usize as i64);
                let call = self.b.ins().call_indirect(self.sig_map, callee, &[f, x]);
                self.b.inst_results(call)[0]
            }
            Num::Dot(pairs, span) => {
                let number = self.span_number(*span);
                self.tick(number);
                self.dot(pairs)
            }
            Num::Counted(n, span) => {
                let number = self.span_number(*span);
                self.tick(number);
                self.num(n)
            }
        }
    }

    /// The compensated sum of the products, with the bits of `reductions::compensated_add`
    /// and `compensated_total`. Each step's lost part is the exact rounding error of the
    /// sum, which Knuth's TwoSum finds without comparing sizes; it equals the error
    /// `compensated_add` finds whenever the sum stays finite, unless one of TwoSum's own
    /// steps overflows, and then the compensation is not finite. So a total that is finite
    /// is the evaluator's; any other (rare) goes to a cold path of `compensated_add`'s steps.
    fn dot(&mut self, pairs: &[(Num, Num)]) -> Value {
        let mut products = Vec::with_capacity(pairs.len());
        for (u, v) in pairs {
            let u = self.num(u);
            let v = self.num(v);
            products.push(self.b.ins().fmul(u, v));
        }
        let b = &mut self.b;
        // The evaluator's sum starts at +0 and its compensation at +0. With two or more
        // products the sum starts at the first instead (one addition less on the way to
        // the total): 0 + x differs from x only for x = -0, and then the sums differ only in
        // the sign of a zero until a product that is not ±0 comes, from which on they are
        // equal; every lost part of a sum of zeros is +0, whatever their signs, so the
        // compensations are equal, and a total of zeros is (±0) + (+0) = +0 either way.
        // The compensation starts at the first lost part: that changes only the sign of a
        // zero compensation, which the total does not see (s + 0 = s + (-0) for s ≠ -0,
        // and the total of zeros is +0 as said).
        let mut compensation = None;
        let mut sum = match products[..] {
            [] => b.ins().f64const(0.0),
            [only] => {
                let zero = b.ins().f64const(0.0);
                b.ins().fadd(zero, only)
            }
            [first, ..] => first,
        };
        for &x in products.iter().skip(1) {
            let t = b.ins().fadd(sum, x);
            let x_part = b.ins().fsub(t, sum);
            let sum_part = b.ins().fsub(t, x_part);
            let sum_lost = b.ins().fsub(sum, sum_part);
            let x_lost = b.ins().fsub(x, x_part);
            let lost = b.ins().fadd(sum_lost, x_lost);
            compensation = Some(match compensation {
                Some(c) => b.ins().fadd(c, lost),
                None => lost,
            });
            sum = t;
        }
        // When the sum plus its compensation is finite, both are, and no step of TwoSum
        // overflowed: that is the total. Otherwise (an overflow, a product that is infinite
        // or NaN) a cold path takes `compensated_add`'s steps from the start.
        let result = match compensation {
            Some(c) => b.ins().fadd(sum, c),
            None => sum,
        };
        // Not finite (infinite or NaN) exactly when x - x is NaN.
        let spread = b.ins().fsub(result, result);
        let unsure = b.ins().fcmp(FloatCC::Unordered, spread, spread);
        let cold = b.create_block();
        b.set_cold_block(cold);
        let done = b.create_block();
        b.append_block_param(done, F64);
        b.ins()
            .brif(unsure, cold, &[], done, &[BlockArg::Value(result)]);
        b.switch_to_block(cold);
        let exact = self.compensated(&products);
        self.b.ins().jump(done, &[BlockArg::Value(exact)]);
        self.b.switch_to_block(done);
        self.b.block_params(done)[0]
    }

    /// The compensated sum of `terms`, step by step as `reductions::compensated_add` and
    /// `compensated_total` compute it.
    fn compensated(&mut self, terms: &[Value]) -> Value {
        let b = &mut self.b;
        let mut sum = b.ins().f64const(0.0);
        let mut compensation = sum;
        for &x in terms {
            let t = b.ins().fadd(sum, x);
            let (sum_size, x_size) = (b.ins().fabs(sum), b.ins().fabs(x));
            let sum_bigger = b.ins().fcmp(FloatCC::GreaterThanOrEqual, sum_size, x_size);
            // Both orders, then one chosen, as `compensated_add` does.
            let sum_first = b.ins().fsub(sum, t);
            let sum_first = b.ins().fadd(sum_first, x);
            let x_first = b.ins().fsub(x, t);
            let x_first = b.ins().fadd(x_first, sum);
            let lost = b.ins().select(sum_bigger, sum_first, x_first);
            compensation = b.ins().fadd(compensation, lost);
            sum = t;
        }
        total(b, sum, compensation)
    }

    fn pair_op(&mut self, op: BinaryOp, p: &(Num, Num)) -> Value {
        let a = self.num(&p.0);
        let c = self.num(&p.1);
        self.arith(op, a, c)
    }

    /// How many values `a:s:b` has (`Range::of`, computed the same way), faulting where the
    /// evaluator reports an error: a part that is not finite, a step of 0, too many values.
    pub(super) fn range_count(&mut self, a: Value, s: Value, e: Value) -> Value {
        let b = &mut self.b;
        let infinity = b.ins().f64const(f64::INFINITY);
        let zero = b.ins().f64const(0.0);
        let mut ok = b.ins().fcmp(FloatCC::NotEqual, s, zero);
        for x in [a, s, e] {
            let size = b.ins().fabs(x);
            let finite = b.ins().fcmp(FloatCC::LessThan, size, infinity);
            ok = b.ins().band(ok, finite);
        }
        let span = b.ins().fsub(e, a);
        let steps = b.ins().fdiv(span, s);
        let nudge = b.ins().f64const(1e-10);
        let nudged = b.ins().fadd(steps, nudge);
        let whole = b.ins().floor(nudged);
        let one = b.ins().f64const(1.0);
        let count = b.ins().fadd(whole, one);
        let backwards = b.ins().fcmp(FloatCC::LessThan, steps, zero);
        let count = b.ins().select(backwards, zero, count);
        let most = b.ins().f64const(usize::MAX as f64);
        let countable = b.ins().fcmp(FloatCC::LessThan, count, most);
        let ok = b.ins().band(ok, countable);
        self.check(ok);
        self.b.ins().fcvt_to_uint(I64, count)
    }
}

/// The compensated total as `compensated_total` gives it: the sum plus its compensation
/// when the sum is finite, else the sum.
fn total(b: &mut FunctionBuilder, sum: Value, compensation: Value) -> Value {
    let infinity = b.ins().f64const(f64::INFINITY);
    let size = b.ins().fabs(sum);
    let finite = b.ins().fcmp(FloatCC::LessThan, size, infinity);
    let total = b.ins().fadd(sum, compensation);
    b.ins().select(finite, total, sum)
}

callback! {
/// A builtin's function of one real number, called from compiled code.
fn map(f: usize, x: f64) -> f64 {
    // SAFETY: compiled code passes back a `fn(f64) -> f64` it was given as a number.
    let f = unsafe { std::mem::transmute::<usize, fn(f64) -> f64>(f) };
    f(x)
}
}

callback! {
/// `a ^ b` of two numbers, as the evaluator computes it.
fn pow(a: f64, b: f64) -> f64 {
    scalar_arithmetic(BinaryOp::Pow, a, b).unwrap_or(f64::NAN)
}
}
