//! Counting operations and faulting in compiled code: the tick inline with the rare checks
//! (limits, deadline, interrupt) called back, where a fault finds the operation count its
//! statement started at, and the branch to a fault.

use std::mem::offset_of;

use cranelift_codegen::ir::condcodes::IntCC;
use cranelift_codegen::ir::types::{F64, I32, I64};
use cranelift_codegen::ir::{InstBuilder, Value};

use crate::eval::loops::code::{Reg, SiteId, Test};
use crate::source::Span;

use super::{fixed, Ctx, Gen, FAULT, STOPPED, TRUSTED};

/// Where the operation count at the start of the site being generated is found, for the
/// evaluator's rerun of the site after a fault.
#[derive(Clone, Copy)]
pub(super) enum Before {
    /// The site counts no operation: the count now.
    Now,
    /// The count now less this many operations, which the site counted so far.
    Less(u32),
    /// In `Ctx::operations_before`, stored at the start: the site counts operations only
    /// on some paths (in a `&&` or `||`).
    Stored,
}

impl<'f, 's> Gen<'f, 's> {
    /// Counts an operation at span number `tick`, as `Interpreter::tick` does: the count
    /// stays in a register, and the rarer checks (due at `next_check`: limits, the deadline,
    /// an interrupt) call back.
    pub(super) fn tick(&mut self, tick: u32) {
        if let Before::Less(counted) = &mut self.before {
            *counted += 1;
        }
        let before = self.b.use_var(self.operations);
        let now = self.b.ins().iadd_imm(before, 1);
        self.b.def_var(self.operations, now);
        let due = self.ctx_field(I64, offset_of!(Ctx, next_check));
        let b = &mut self.b;
        // An interrupt is seen at the next check, a thousand operations away at most.
        let any = b.ins().icmp(IntCC::UnsignedGreaterThanOrEqual, now, due);
        let slow = b.create_block();
        b.set_cold_block(slow);
        let go_on = b.create_block();
        b.ins().brif(any, slow, &[], go_on, &[]);
        b.switch_to_block(slow);
        let operations_ptr = fixed(b, self.ctx, I64, offset_of!(Ctx, operations));
        b.ins().store(TRUSTED, now, operations_ptr, 0);
        // The registers go to memory around the call and come back after it, so that none
        // is live across it: the register allocator otherwise keeps some of them on the
        // stack for the whole loop (the perceptron: 4.0 → 3.6 ns a sample).
        // Not a lazy loop's variable (it has no number yet), nor a dead temporary.
        let kept: Vec<usize> = (0..self.regs.len())
            .filter(|&r| !self.lazy.iter().any(|l| l.reg as usize == r))
            .filter(|&r| !self.temporary[r] || self.live_temporaries.contains(&(r as Reg)))
            .collect();
        let regs_ptr = self.ctx_field(I64, offset_of!(Ctx, regs));
        for &r in &kept {
            let x = self.b.use_var(self.regs[r]);
            self.b.ins().store(TRUSTED, x, regs_ptr, (r * 8) as i32);
        }
        let b = &mut self.b;
        let callee = b.ins().iconst(I64, slow_tick as *const () as usize as i64);
        let number = b.ins().iconst(I32, i64::from(tick));
        let call = b
            .ins()
            .call_indirect(self.sig_tick, callee, &[self.ctx, number, now]);
        let next = b.inst_results(call)[0];
        let regs_ptr = self.ctx_field(I64, offset_of!(Ctx, regs));
        for &r in &kept {
            let x = self.b.ins().load(F64, TRUSTED, regs_ptr, (r * 8) as i32);
            self.b.def_var(self.regs[r], x);
        }
        let b = &mut self.b;
        let stopped = b.create_block();
        b.set_cold_block(stopped);
        let resume = b.create_block();
        b.set_cold_block(resume);
        b.ins().brif(next, resume, &[], stopped, &[]);
        b.switch_to_block(stopped);
        self.leave(STOPPED);
        self.b.switch_to_block(resume);
        let at = offset_of!(Ctx, next_check) as i32;
        self.b.ins().store(TRUSTED, next, self.ctx, at);
        self.b.ins().jump(go_on, &[]);
        self.b.switch_to_block(go_on);
    }

    /// Numbers the span of a call that counts an operation.
    pub(super) fn span_number(&mut self, span: Span) -> u32 {
        self.spans.push(span);
        (self.spans.len() - 1) as u32
    }

    /// Starts the code of a site, which counts operations if `ticks`, `in_order` if on
    /// every path to each of its checks the same ones: a fault then finds the count at the
    /// start by subtracting them; otherwise the count is stored now, so a rerun in the
    /// evaluator starts from it.
    pub(super) fn begin_site(&mut self, site: SiteId, ticks: bool, in_order: bool) {
        self.site = site;
        self.reuse = false;
        self.flags_set.clear();
        self.live_temporaries.clear();
        self.before = match (ticks, in_order) {
            (false, _) => Before::Now,
            (true, true) => Before::Less(0),
            (true, false) => {
                self.save_operations(0);
                Before::Stored
            }
        };
    }

    /// Stores the operations counted so far, less `less`, where a rerun in the evaluator
    /// starts from.
    fn save_operations(&mut self, less: u32) {
        let now = self.b.use_var(self.operations);
        let now = self.b.ins().iadd_imm(now, -i64::from(less));
        let at = offset_of!(Ctx, operations_before) as i32;
        self.b.ins().store(TRUSTED, now, self.ctx, at);
    }

    /// Goes on only if `ok`; otherwise faults at the current site (a cold block that
    /// reports it, made after the branch: a block is finished before the next is begun).
    pub(super) fn check(&mut self, ok: Value) {
        let fault = self.b.create_block();
        self.b.set_cold_block(fault);
        let next = self.b.create_block();
        self.b.ins().brif(ok, next, &[], fault, &[]);
        self.b.switch_to_block(fault);
        match self.before {
            Before::Now => self.save_operations(0),
            Before::Less(counted) => self.save_operations(counted),
            Before::Stored => {}
        }
        self.leave(FAULT + self.site);
        self.b.switch_to_block(next);
    }
}

/// Whether a `&&` or `||` in a condition counts operations: which are counted before one
/// of its checks then depends on the path.
pub(super) fn short_circuit_ticks(test: &Test) -> bool {
    match test {
        Test::And(_) | Test::Or(_) => test_ticks(test),
        Test::Not(t) => short_circuit_ticks(t),
        Test::Const(_) | Test::Cmp(..) | Test::Truth(_) | Test::IsZero(_) => false,
    }
}

pub(super) fn test_ticks(test: &Test) -> bool {
    match test {
        Test::Const(_) => false,
        Test::Cmp(_, p) => p.0.ticks() || p.1.ticks(),
        Test::And(p) | Test::Or(p) => test_ticks(&p.0) || test_ticks(&p.1),
        Test::Not(t) => test_ticks(t),
        Test::Truth(n) | Test::IsZero(n) => n.ticks(),
    }
}

callback! {
/// The rarer checks of `tick` (operation limit, deadline, interrupt) for compiled code, at
/// operation count `operations` (already stored): the count at which they are next due, or
/// 0 when they stop the run (the diagnostic then in the `Ctx`).
fn slow_tick(ctx: *mut Ctx, tick: u32, operations: u64) -> u64 {
    // SAFETY: compiled code passes the `Ctx` it was called with, which `loops` made from
    // live values for the length of the call, and a span number it was compiled with.
    let ctx = unsafe { &mut *ctx };
    let (la, span) = unsafe { (&mut *ctx.la, *ctx.spans.add(tick as usize)) };
    let interrupted = la.interrupt.load(std::sync::atomic::Ordering::Relaxed);
    if operations > ctx.max_operations || operations.is_multiple_of(1024) || interrupted {
        if let Err(e) = la.tick_checks(span) {
            // SAFETY: as above.
            unsafe { *ctx.error = Some(e) };
            return 0;
        }
    }
    next_check(operations, ctx.max_operations)
}
}

/// The operation count after `operations` at which `tick`'s rarer checks are due: the next
/// multiple of 1024, or the first count over the limit if that comes first. Counts below it
/// (with no interrupt) need none.
pub fn next_check(operations: u64, max_operations: u64) -> u64 {
    ((operations | 1023).saturating_add(1)).min(max_operations.saturating_add(1))
}
