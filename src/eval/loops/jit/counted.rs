//! Counted loops in compiled code: the rounds of a range, the loop variable (kept as a
//! number, or made from the round count where read when the body does not assign it), and
//! each round's body with its tick.

use cranelift_codegen::ir::condcodes::IntCC;
use cranelift_codegen::ir::types::{F64, I32, I64};
use cranelift_codegen::ir::{Block, BlockArg, InstBuilder, Value};
use cranelift_frontend::Variable;

use crate::eval::loops::code::{Op, Reg};
use crate::eval::loops::compile::Limit;

use super::registers::assigned_in;
use super::Gen;

/// The rounds of a counted loop: `start + k·step` for `k` from `first` up to `count`.
#[derive(Clone, Copy)]
pub(super) struct Rounds {
    pub(super) start: Value,
    pub(super) step: Value,
    pub(super) count: Value,
    pub(super) first: Value,
    /// When the range is known to count up by 1 from a whole number below 2^52, that
    /// number: the loop variable is then `start + k` without a multiplication, and an index
    /// register's integer is `k + start` without converting the number.
    pub(super) whole: Option<i64>,
    /// When such a range starts at 1 or more and ends at an extent of a matrix
    /// (`1:size(X, 1)`) or at a register, that end: the variable, while the body does not
    /// assign it, is an index within that extent, and within any extent the end is known
    /// to be at most (`Compiled::bounds`).
    pub(super) within: Option<Limit>,
}

/// A counted loop's variable: its register, the round count and the range. When the body
/// does not assign the variable, its number is not kept (the loop is *lazy*): the code
/// makes `start + k·step` from `k` where the variable is read, and where the code leaves the
/// loop (an exit, `break`, the end), rather than every round.
#[derive(Clone, Copy)]
pub(super) struct LoopVar {
    pub(super) reg: Reg,
    pub(super) k: Variable,
    rounds: Rounds,
}

impl<'f, 's> Gen<'f, 's> {
    /// `for` over the values `start + k·step`, `k` from `first` up to `count`, counting an
    /// operation at span `tick` each round, as `RangeIter` and `loop_body` do.
    pub(super) fn counted_loop(&mut self, var: Reg, rounds: Rounds, tick: u32, body: &[Op]) {
        let Rounds {
            count,
            first,
            whole,
            ..
        } = rounds;
        let k = self.b.declare_var(I64);
        self.b.def_var(k, first);
        let mut written = vec![false; self.regs.len()];
        assigned_in(body, &mut written);
        let numbered = LoopVar {
            reg: var,
            k,
            rounds,
        };
        let lazy = (!written[var as usize]).then_some(numbered);
        let header = self.b.create_block();
        let round = self.b.create_block();
        let latch = self.b.create_block();
        let after = self.b.create_block();
        self.forget(body);
        self.checked.retain(|c| c.0 .0 != var);
        let before = self.checked.clone();
        let known = self.defined.clone();
        if lazy.is_some() {
            // Rounds to run: the variable will have been assigned. None: it keeps its number.
            let some = self.b.ins().icmp(IntCC::UnsignedLessThan, first, count);
            let enter = self.b.create_block();
            self.b.ins().brif(some, enter, &[], after, &[]);
            self.b.switch_to_block(enter);
            if !self.temporary[var as usize] && !self.preset[var as usize] {
                self.set_flag(var);
            }
        }
        self.b.ins().jump(header, &[]);
        self.b.switch_to_block(header);
        let kv = self.b.use_var(k);
        // Branches are laid out with the block of their `else` next: that is the round.
        let done = self
            .b
            .ins()
            .icmp(IntCC::UnsignedGreaterThanOrEqual, kv, count);
        match lazy {
            Some(lazy) => {
                // At the end the variable holds the last round's number.
                let end = self.b.create_block();
                self.b.set_cold_block(end);
                self.b.ins().brif(done, end, &[], round, &[]);
                self.b.switch_to_block(end);
                let last = self.b.ins().iadd_imm(kv, -1);
                let x = self.round_number(lazy, last);
                self.b.def_var(self.regs[var as usize], x);
                self.b.ins().jump(after, &[]);
            }
            None => {
                self.b.ins().brif(done, after, &[], round, &[]);
            }
        }
        self.b.switch_to_block(round);
        match lazy {
            Some(_) => self.defined[var as usize] = true,
            None => {
                let x = self.round_number(numbered, kv);
                self.assign(var, x);
            }
        }
        // An index register's integer: k + start for a whole range (k is live anyway),
        // else from converting the number each round (a separate integer count measured
        // slower: one more value live across the loop).
        if self.shadows[var as usize].is_some() {
            match whole {
                Some(first) => {
                    let int = self.b.ins().iadd_imm(kv, first);
                    self.set_shadow(var, int);
                }
                None => {
                    let x = self.round_number(numbered, kv);
                    self.shadow_of(var, x);
                }
            }
        }
        self.lazy.extend(lazy);
        let within = lazy.and(rounds.within).map(|limit| (var, limit));
        self.within.extend(within);
        self.round(tick, body, latch, after, lazy);
        self.within
            .truncate(self.within.len() - usize::from(within.is_some()));
        self.lazy
            .truncate(self.lazy.len() - usize::from(lazy.is_some()));
        self.b.switch_to_block(latch);
        let kv = self.b.use_var(k);
        let next = self.b.ins().iadd_imm(kv, 1);
        self.b.def_var(k, next);
        self.b.ins().jump(header, &[]);
        self.checked = before;
        self.defined = known;
        self.b.switch_to_block(after);
    }

    /// The number of a loop variable in round `k`, as `RangeIter` makes it.
    pub(super) fn round_number(&mut self, var: LoopVar, k: Value) -> Value {
        // k stays below 2^63 (counting that far would take centuries), so the signed
        // conversion is `RangeIter`'s `k as f64`; and k·1 is k, to the bit.
        let kf = self.b.ins().fcvt_from_sint(F64, k);
        let Rounds {
            start, step, whole, ..
        } = var.rounds;
        let offset = match whole {
            Some(_) => kf,
            None => self.b.ins().fmul(kf, step),
        };
        self.b.ins().fadd(start, offset)
    }

    /// Gives a lazy loop's variable its number in the current round.
    pub(super) fn settle(&mut self, var: LoopVar) {
        let k = self.b.use_var(var.k);
        let x = self.round_number(var, k);
        self.b.def_var(self.regs[var.reg as usize], x);
    }

    /// Gives the variables of the lazy loops around here their numbers, before leaving.
    fn settle_lazy(&mut self) {
        for var in self.lazy.clone() {
            self.settle(var);
        }
    }

    /// Leaves the function with `code`.
    pub(super) fn leave(&mut self, code: u32) {
        self.settle_lazy();
        let code = self.b.ins().iconst(I32, i64::from(code));
        self.b.ins().jump(self.exit, &[BlockArg::Value(code)]);
    }

    /// Drops the checked positions of the registers `body` assigns.
    pub(super) fn forget(&mut self, body: &[Op]) {
        let mut written = vec![false; self.regs.len()];
        assigned_in(body, &mut written);
        self.checked.retain(|c| !written[c.0 .0 as usize]);
    }

    /// One round of a loop's body: its tick, then the body with `continue` going to `next`
    /// and `break` to `after`, then on to `next`.
    pub(super) fn round(
        &mut self,
        tick: u32,
        body: &[Op],
        next: Block,
        after: Block,
        lazy: Option<LoopVar>,
    ) {
        self.live_temporaries.clear();
        self.tick(tick);
        self.loops.push((next, after, lazy));
        self.ops(body);
        self.loops.pop();
        self.b.ins().jump(next, &[]);
    }
}
