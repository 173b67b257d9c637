//! Registers in compiled code: setting one (its assigned-flag, its integer shadow when it
//! is an index), reading one (a check that it is set, where it may not be), and which
//! registers a loop assigns or uses as indices.

use std::mem::offset_of;

use cranelift_codegen::ir::condcodes::FloatCC;
use cranelift_codegen::ir::types::{F64, I64, I8};
use cranelift_codegen::ir::{InstBuilder, Value};

use crate::eval::loops::code::{Num, Op, Place, Reg, Test};
use crate::eval::loops::compile::Compiled;

use super::{fixed, Ctx, Gen, TRUSTED};

impl<'f, 's> Gen<'f, 's> {
    pub(super) fn flag(&mut self, reg: Reg) -> Value {
        let flags = fixed(&mut self.b, self.ctx, I64, offset_of!(Ctx, assigned));
        let at = self.flag_of[reg as usize] as i32;
        self.b.ins().load(I8, TRUSTED, flags, at)
    }

    /// Notes that a register was assigned (a plain load of where: a pure one would be
    /// shared, and so held, across the loop).
    pub(super) fn set_flag(&mut self, reg: Reg) {
        let flags = self.ctx_field(I64, offset_of!(Ctx, assigned));
        let one = self.b.ins().iconst(I8, 1);
        let at = self.flag_of[reg as usize] as i32;
        self.b.ins().store(TRUSTED, one, flags, at);
    }

    pub(super) fn set(&mut self, reg: Reg, x: Value) {
        self.assign(reg, x);
        if self.shadows[reg as usize].is_some() {
            self.shadow_of(reg, x);
        }
    }

    /// Sets the integer shadow of an index register to `int`, a whole number.
    pub(super) fn set_shadow(&mut self, reg: Reg, int: Value) {
        if let Some((shadow, whole)) = self.shadows[reg as usize] {
            let yes = self.b.ins().iconst(I8, 1);
            self.b.def_var(shadow, int);
            self.b.def_var(whole, yes);
        }
    }

    /// Sets a register (not its integer shadow).
    pub(super) fn assign(&mut self, reg: Reg, x: Value) {
        self.checked.retain(|c| c.0 .0 != reg);
        self.defined[reg as usize] = true;
        self.b.def_var(self.regs[reg as usize], x);
        let flag = self.flag_of[reg as usize];
        let set = self.flags_set.contains(&flag) || self.preset[flag as usize];
        if self.temporary[reg as usize] {
            self.live_temporaries.push(reg);
        } else if !set {
            self.set_flag(reg);
            self.flags_set.push(flag);
        }
    }

    /// Sets the integer shadow of an index register from its number.
    pub(super) fn shadow_of(&mut self, reg: Reg, x: Value) {
        let Some((int, whole)) = self.shadows[reg as usize] else {
            return;
        };
        let k = self.b.ins().fcvt_to_sint_sat(I64, x);
        let back = self.b.ins().fcvt_from_sint(F64, k);
        let is_whole = self.b.ins().fcmp(FloatCC::Equal, back, x);
        self.b.def_var(int, k);
        self.b.def_var(whole, is_whole);
    }

    /// A register's number; one not set when the loop started faults until it is set.
    pub(super) fn read_reg(&mut self, reg: Reg) -> Value {
        if let Some(&lazy) = self.lazy.iter().find(|l| l.reg == reg) {
            let k = self.b.use_var(lazy.k);
            return self.round_number(lazy, k);
        }
        if !self.defined[reg as usize] {
            let flag = self.flag(reg);
            self.check(flag);
        }
        self.b.use_var(self.regs[reg as usize])
    }
}

/// Which registers the loop assigns (the others need no storing back).
pub(super) fn assigned_registers(code: &Compiled) -> Vec<bool> {
    let mut out = vec![false; code.regs.len()];
    out[code.var as usize] = true;
    assigned_in(&code.body, &mut out);
    out
}

/// Marks the registers `list` assigns.
pub(super) fn assigned_in(list: &[Op], out: &mut [bool]) {
    for op in list {
        match op {
            Op::Set { reg, .. } | Op::Update { reg, .. } => out[*reg as usize] = true,
            Op::Sets { steps, .. } => {
                for (reg, _) in steps {
                    out[*reg as usize] = true;
                }
            }
            Op::For { var, body, .. } => {
                out[*var as usize] = true;
                assigned_in(body, out);
            }
            Op::If { arms, otherwise } => {
                for (_, _, body) in arms {
                    assigned_in(body, out);
                }
                assigned_in(otherwise, out);
            }
            Op::While { body, .. } => assigned_in(body, out),
            Op::Store { .. } | Op::Break | Op::Continue => {}
        }
    }
}

/// Which registers are used directly as indices (they keep an integer shadow).
pub(super) fn index_registers(code: &Compiled) -> Vec<bool> {
    fn index(k: &Num, out: &mut Vec<bool>) {
        if let Num::Reg(r) | Num::MaybeReg(r) = k {
            out[*r as usize] = true;
        }
        num(k, out);
    }
    fn num(n: &Num, out: &mut Vec<bool>) {
        match n {
            Num::Elem1(_, k) => index(k, out),
            Num::Elem2(_, p) => {
                index(&p.0, out);
                index(&p.1, out);
            }
            Num::Elem2Regs(_, i, j) => {
                out[*i as usize] = true;
                out[*j as usize] = true;
            }
            Num::Neg(a) | Num::Map(_, a, _) | Num::Counted(a, _) => num(a, out),
            Num::Dot(pairs, _) => {
                for (u, v) in pairs.iter() {
                    num(u, out);
                    num(v, out);
                }
            }
            Num::Add(p) | Num::Sub(p) | Num::Mul(p) | Num::Div(p) | Num::Arith(_, p) => {
                num(&p.0, out);
                num(&p.1, out);
            }
            Num::Const(_) | Num::Reg(_) | Num::MaybeReg(_) | Num::Extent(..) => {}
        }
    }
    fn test(t: &Test, out: &mut Vec<bool>) {
        match t {
            Test::Const(_) => {}
            Test::Cmp(_, p) => {
                num(&p.0, out);
                num(&p.1, out);
            }
            Test::And(p) | Test::Or(p) => {
                test(&p.0, out);
                test(&p.1, out);
            }
            Test::Not(t) => test(t, out),
            Test::Truth(n) | Test::IsZero(n) => num(n, out),
        }
    }
    fn ops(list: &[Op], out: &mut Vec<bool>) {
        for op in list {
            match op {
                Op::Set { value, .. } | Op::Update { value, .. } => num(value, out),
                Op::Sets { steps, .. } => {
                    for (_, value) in steps {
                        num(value, out);
                    }
                }
                Op::Store { place, value, .. } => {
                    num(value, out);
                    match place {
                        Place::Linear(k) => index(k, out),
                        Place::Pair(i, j) => {
                            index(i, out);
                            index(j, out);
                        }
                    }
                }
                Op::If { arms, otherwise } => {
                    for (t, _, body) in arms {
                        test(t, out);
                        ops(body, out);
                    }
                    ops(otherwise, out);
                }
                Op::For {
                    start,
                    step,
                    end,
                    body,
                    ..
                } => {
                    num(start, out);
                    if let Some(step) = step {
                        num(step, out);
                    }
                    num(end, out);
                    ops(body, out);
                }
                Op::While { test: t, body, .. } => {
                    test(t, out);
                    ops(body, out);
                }
                Op::Break | Op::Continue => {}
            }
        }
    }
    let mut out = vec![false; code.regs.len()];
    ops(&code.body, &mut out);
    out
}
