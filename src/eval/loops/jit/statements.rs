//! Statements and conditions in compiled code: assignments, stores, `if`, `while`, `for`,
//! `break` and `continue`, each op of `code` as machine code.

use cranelift_codegen::ir::condcodes::FloatCC;
use cranelift_codegen::ir::types::{F64, I64};
use cranelift_codegen::ir::{Block, InstBuilder};

use crate::eval::loops::code::{Num, Op, Place, Test};
use crate::eval::loops::compile::Limit;
use crate::op::BinaryOp;

use super::checks::{short_circuit_ticks, test_ticks};
use super::counted::Rounds;
use super::{Gen, TRUSTED};

impl<'f, 's> Gen<'f, 's> {
    /// After `break` or `continue`: code that follows cannot run, but must go somewhere.
    fn unreachable(&mut self) {
        let dead = self.b.create_block();
        self.b.switch_to_block(dead);
    }

    pub(super) fn ops(&mut self, ops: &[Op]) {
        for op in ops {
            self.op(op);
        }
    }

    fn op(&mut self, op: &Op) {
        match op {
            Op::Set { reg, value, site } => {
                self.begin_site(*site, value.ticks(), true);
                self.reuse = true;
                let x = self.num(value);
                self.set(*reg, x);
            }
            Op::Sets { steps, site } => {
                self.begin_site(*site, steps.iter().any(|(_, n)| n.ticks()), true);
                self.reuse = true;
                for (reg, value) in steps {
                    let x = self.num(value);
                    self.set(*reg, x);
                }
            }
            Op::Update {
                reg,
                op,
                value,
                site,
            } => {
                self.begin_site(*site, value.ticks(), true);
                self.reuse = true;
                let x = self.num(value);
                let old = self.read_reg(*reg);
                let new = self.arith(*op, old, x);
                self.set(*reg, new);
            }
            Op::Store {
                m,
                place,
                op,
                value,
                site,
            } => {
                let ticks = value.ticks()
                    || match place {
                        Place::Linear(k) => k.ticks(),
                        Place::Pair(i, j) => i.ticks() || j.ticks(),
                    };
                self.begin_site(*site, ticks, true);
                self.reuse = true;
                let x = self.num(value);
                let address = match place {
                    Place::Linear(k) => self.linear(*m, k),
                    Place::Pair(i, j) => self.pair(*m, i, j),
                };
                let x = match op {
                    None => x,
                    Some(op) => {
                        let old = self.b.ins().load(F64, TRUSTED, address, 0);
                        self.arith(*op, old, x)
                    }
                };
                self.b.ins().store(TRUSTED, x, address, 0);
            }
            Op::If { arms, otherwise } => {
                let after = self.b.create_block();
                let before = self.checked.clone();
                let known = self.defined.clone();
                for (test, site, body) in arms {
                    self.begin_site(*site, test_ticks(test), !short_circuit_ticks(test));
                    let yes = self.b.create_block();
                    let no = self.b.create_block();
                    self.test(test, yes, no);
                    self.b.switch_to_block(yes);
                    self.ops(body);
                    self.checked.clone_from(&before);
                    self.defined.clone_from(&known);
                    self.b.ins().jump(after, &[]);
                    self.b.switch_to_block(no);
                }
                self.ops(otherwise);
                self.checked = before;
                self.defined = known;
                for (_, _, body) in arms {
                    self.forget(body);
                }
                self.forget(otherwise);
                self.b.ins().jump(after, &[]);
                self.b.switch_to_block(after);
            }
            Op::For {
                var,
                start,
                step,
                end,
                site,
                tick,
                body,
            } => {
                let ticks = start.ticks() || step.as_ref().is_some_and(Num::ticks) || end.ticks();
                self.begin_site(*site, ticks, true);
                let a = self.num(start);
                let s = match step {
                    Some(step) => self.num(step),
                    None => self.b.ins().f64const(1.0),
                };
                let e = self.num(end);
                let whole = match (start, step) {
                    (Num::Const(c), None | Some(Num::Const(1.0)))
                        if c.fract() == 0.0 && c.abs() < 4.0e15 =>
                    {
                        Some(*c as i64)
                    }
                    _ => None,
                };
                // start + k <= start + floor(end - start) <= end.
                let within = match (whole, end) {
                    (Some(1..), Num::Extent(m, extent)) => Some(Limit::Extent(*m, *extent)),
                    (Some(1..), Num::Counted(n, _)) => match **n {
                        Num::Extent(m, extent) => Some(Limit::Extent(m, extent)),
                        _ => None,
                    },
                    (Some(1..), Num::Reg(r)) => Some(Limit::Reg(*r)),
                    _ => None,
                };
                let rounds = Rounds {
                    start: a,
                    step: s,
                    count: self.range_count(a, s, e),
                    first: self.b.ins().iconst(I64, 0),
                    whole,
                    within,
                };
                let tick = self.span_number(*tick);
                self.counted_loop(*var, rounds, tick, body);
            }
            Op::While {
                test,
                site,
                tick,
                body,
            } => {
                let tick = self.span_number(*tick);
                let header = self.b.create_block();
                let round = self.b.create_block();
                let after = self.b.create_block();
                self.forget(body);
                let before = self.checked.clone();
                let known = self.defined.clone();
                self.b.ins().jump(header, &[]);
                self.b.switch_to_block(header);
                self.begin_site(*site, test_ticks(test), !short_circuit_ticks(test));
                self.test(test, round, after);
                self.b.switch_to_block(round);
                self.round(tick, body, header, after, None);
                self.checked = before;
                self.defined = known;
                self.b.switch_to_block(after);
            }
            Op::Break => {
                let (_, after, lazy) = *self.loops.last().expect("break inside a loop");
                if let Some(var) = lazy {
                    self.settle(var);
                }
                self.b.ins().jump(after, &[]);
                self.unreachable();
            }
            Op::Continue => {
                let (next, _, _) = *self.loops.last().expect("continue inside a loop");
                self.b.ins().jump(next, &[]);
                self.unreachable();
            }
        }
    }

    /// Branches to `yes` or `no` by the test.
    fn test(&mut self, test: &Test, yes: Block, no: Block) {
        match test {
            Test::Const(b) => {
                self.b.ins().jump(if *b { yes } else { no }, &[]);
            }
            Test::Cmp(op, pair) => {
                let a = self.num(&pair.0);
                let c = self.num(&pair.1);
                let cc = match op {
                    BinaryOp::Eq => FloatCC::Equal,
                    BinaryOp::Ne => FloatCC::NotEqual,
                    BinaryOp::Lt => FloatCC::LessThan,
                    BinaryOp::Le => FloatCC::LessThanOrEqual,
                    BinaryOp::Gt => FloatCC::GreaterThan,
                    _ => FloatCC::GreaterThanOrEqual,
                };
                let t = self.b.ins().fcmp(cc, a, c);
                self.b.ins().brif(t, yes, &[], no, &[]);
            }
            Test::And(pair) => {
                let mid = self.b.create_block();
                self.test(&pair.0, mid, no);
                self.b.switch_to_block(mid);
                self.test(&pair.1, yes, no);
            }
            Test::Or(pair) => {
                let mid = self.b.create_block();
                self.test(&pair.0, yes, mid);
                self.b.switch_to_block(mid);
                self.test(&pair.1, yes, no);
            }
            Test::Not(t) => self.test(t, no, yes),
            Test::Truth(n) => {
                let x = self.num(n);
                let number = self.b.ins().fcmp(FloatCC::Ordered, x, x);
                self.check(number);
                let zero = self.b.ins().f64const(0.0);
                let t = self.b.ins().fcmp(FloatCC::NotEqual, x, zero);
                self.b.ins().brif(t, yes, &[], no, &[]);
            }
            Test::IsZero(n) => {
                let x = self.num(n);
                let zero = self.b.ins().f64const(0.0);
                let t = self.b.ins().fcmp(FloatCC::Equal, x, zero);
                self.b.ins().brif(t, yes, &[], no, &[]);
            }
        }
    }
}
