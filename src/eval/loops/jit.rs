//! Machine code for compiled loops, through Cranelift (the only module that uses it): the
//! operations of `code` become one native function per loop, which runs the whole loop
//! with its registers in machine registers, each element access checked once against the
//! matrix's shape (not at all when the loop's range keeps the index inside it, see
//! `Rounds::within`), and the evaluator's operation count kept inline (the rare checks of the
//! limits, the deadline and interrupts call back into the interpreter, in a convention
//! that keeps the float registers, see `callback_convention`; the registers go to memory
//! around that call). Matrix shapes are read where used, since nothing changes them while
//! it runs.
//!
//! The function takes a `Ctx` and returns 0 when the loop ended, 1 when a limit stopped it
//! (the diagnostic is in `Ctx::error`), or 2 + the site of a fault. However it returns, the
//! registers it assigned are stored back into the `Ctx` first; which were assigned is
//! marked there as they are.

use std::mem::offset_of;

use cranelift_codegen::ir::condcodes::{FloatCC, IntCC};
use cranelift_codegen::ir::types::{F64, I32, I64, I8};
use cranelift_codegen::ir::{
    AbiParam, Block, BlockArg, InstBuilder, MemFlags, SigRef, Signature, Type, Value,
};
use cranelift_codegen::isa::CallConv;
use cranelift_codegen::settings::{self, Configurable};
use cranelift_codegen::Context;
use cranelift_frontend::{FunctionBuilder, FunctionBuilderContext, Variable};
use cranelift_jit::{JITBuilder, JITModule};
use cranelift_module::{default_libcall_names, Module};

use super::code::{Extent, MatId, Num, Op, Place, Reg, SiteId, Test};
use super::compile::{Compiled, Holds, Limit};
use super::run::View;
use crate::diagnostic::Diagnostic;
use crate::eval::Interpreter;
use crate::op::BinaryOp;
use crate::ops::arith::scalar_arithmetic;
use crate::source::Span;

/// What a compiled loop's function reads and writes.
#[repr(C)]
pub struct Ctx {
    pub regs: *mut f64,
    pub assigned: *mut u8,
    /// The `Layout`s of the matrices after the first `INLINE` (those are in `inline`).
    pub layouts: *const Layout,
    pub operations: *mut u64,
    /// The operation count at which the rarer checks of `tick` are next due (see
    /// `next_check`).
    pub next_check: u64,
    /// The operation count when the statement that faulted started.
    pub operations_before: u64,
    /// The loop's range: its first value, step and length, and the round to start at (the
    /// ones before it were interpreted).
    pub start: f64,
    pub step: f64,
    pub count: u64,
    pub first: u64,
    /// For the rare checks of `tick`.
    pub la: *mut Interpreter,
    pub max_operations: u64,
    /// The spans of the places that count operations, by number.
    pub spans: *const Span,
    pub error: *mut Option<Box<Diagnostic>>,
    /// The first `INLINE` matrices' `Layout`s, read at fixed places from the `Ctx` (no
    /// other pointer held across the loops), then the others' at `layouts`.
    pub inline: [Layout; INLINE],
}

/// How many matrices' `Layout`s the `Ctx` holds itself.
pub const INLINE: usize = 6;

/// A matrix as machine code reads it: where its elements are, its shape, and what the
/// index checks need of it, loaded where used rather than kept in registers.
#[repr(C)]
#[derive(Clone, Copy)]
pub struct Layout {
    ptr: *mut f64,
    rows: u64,
    cols: u64,
    len: u64,
    col_stride: i64,
    /// The extents as floats, for index checks (exact: extents are below 2^53).
    rows_f: f64,
    cols_f: f64,
    len_f: f64,
    /// Whether the matrix is a vector (one row or one column), and the step between its
    /// elements then.
    vector: u64,
    vector_stride: i64,
}

impl Layout {
    /// The place of a matrix that is not there.
    pub const NONE: Layout = Layout {
        ptr: std::ptr::null_mut(),
        rows: 0,
        cols: 0,
        len: 0,
        col_stride: 0,
        rows_f: 0.0,
        cols_f: 0.0,
        len_f: 0.0,
        vector: 0,
        vector_stride: 0,
    };

    pub fn of(view: &View) -> Layout {
        let (ptr, rows, cols, col_stride) = view.parts();
        let len = rows * cols;
        Layout {
            ptr,
            rows: rows as u64,
            cols: cols as u64,
            len: len as u64,
            col_stride: col_stride as i64,
            rows_f: rows as f64,
            cols_f: cols as f64,
            len_f: len as f64,
            vector: u64::from(rows == 1 || cols == 1),
            vector_stride: if cols == 1 { 1 } else { col_stride as i64 },
        }
    }
}

/// A matrix's `Layout` as values of the function, in pure loads (`FIXED`) that the optimiser
/// places where they are used: nothing changes a matrix's place or shape while it runs.
#[derive(Clone, Copy)]
struct Fields {
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
    fn load(b: &mut FunctionBuilder, ctx: Value, layouts: Value, m: usize) -> Fields {
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

/// The rounds of a counted loop: `start + k·step` for `k` from `first` up to `count`.
#[derive(Clone, Copy)]
struct Rounds {
    start: Value,
    step: Value,
    count: Value,
    first: Value,
    /// When the range is known to count up by 1 from a whole number below 2^52, that
    /// number: the loop variable is then `start + k` without a multiplication, and an index
    /// register's integer is `k + start` without converting the number.
    whole: Option<i64>,
    /// When such a range starts at 1 or more and ends at an extent of a matrix
    /// (`1:size(X, 1)`) or at a register, that end: the variable, while the body does not
    /// assign it, is an index within that extent, and within any extent the end is known
    /// to be at most (`Compiled::bounds`).
    within: Option<Limit>,
}

/// A counted loop's variable: its register, the round count and the range. When the body
/// does not assign the variable, its number is not kept (the loop is *lazy*): the code
/// makes `start + k·step` from `k` where the variable is read, and where the code leaves the
/// loop (an exit, `break`, the end), rather than every round.
#[derive(Clone, Copy)]
struct LoopVar {
    reg: Reg,
    k: Variable,
    rounds: Rounds,
}

/// Where the operation count at the start of the site being generated is found, for the
/// evaluator's rerun of the site after a fault.
#[derive(Clone, Copy)]
enum Before {
    /// The site counts no operation: the count now.
    Now,
    /// The count now less this many operations, which the site counted so far.
    Less(u32),
    /// In `Ctx::operations_before`, stored at the start: the site counts operations only
    /// on some paths (in a `&&` or `||`).
    Stored,
}

/// A compiled loop's function.
pub type Entry = unsafe extern "C" fn(*mut Ctx) -> u32;

/// The return code of a loop that ran to its end (or `break`).
pub const DONE: u32 = 0;
/// The return code of a loop a limit stopped.
pub const STOPPED: u32 = 1;
/// The first fault code: 2 + the site.
pub const FAULT: u32 = 2;

/// The code generator and the memory that holds the functions it made.
pub struct Jit {
    module: Option<JITModule>,
    context: Context,
    builder: FunctionBuilderContext,
}

// SAFETY: the module's memory and functions are used only by the interpreter that owns
// this, one call at a time; nothing in it belongs to a thread.
unsafe impl Send for Jit {}

impl Drop for Jit {
    fn drop(&mut self) {
        if let Some(module) = self.module.take() {
            // SAFETY: the functions live in this module's memory, and the interpreter that
            // could call them (it owns this, and the cache of their addresses) is going.
            unsafe { module.free_memory() };
        }
    }
}

impl Jit {
    /// A code generator for this machine, if Cranelift supports it.
    pub fn new() -> Option<Jit> {
        let mut flags = settings::builder();
        flags.set("use_colocated_libcalls", "false").ok()?;
        flags.set("is_pic", "false").ok()?;
        // "speed" (sharing and moving values, folding the loop counter into the indices)
        // against "none", same code otherwise: Gaussian elimination 10.2 → 8.2 ms and the
        // perceptron 0.145 → 0.131 ms, Jacobi 12.8 → 13.2 ms; compiling four loops and
        // running them briefly took fewer instructions in all (85.3 M against 89.0 M).
        flags.set("opt_level", "speed").ok()?;
        flags.set("enable_verifier", "false").ok()?;
        let isa = cranelift_native::builder()
            .ok()?
            .finish(settings::Flags::new(flags))
            .ok()?;
        let module = JITModule::new(JITBuilder::with_isa(isa, default_libcall_names()));
        Some(Jit {
            context: module.make_context(),
            module: Some(module),
            builder: FunctionBuilderContext::new(),
        })
    }

    /// The function for a compiled loop; `spans` numbers the places that count operations
    /// (the loop's own first). `None` if Cranelift refuses it.
    pub fn compile(&mut self, code: &Compiled, spans: &mut Vec<Span>) -> Option<Entry> {
        let module = self.module.as_mut()?;
        module.clear_context(&mut self.context);
        let pointer = module.target_config().pointer_type();
        if pointer != I64 {
            return None;
        }
        let mut signature = module.make_signature();
        signature.params.push(AbiParam::new(I64));
        signature.returns.push(AbiParam::new(I32));
        self.context.func.signature = signature.clone();
        {
            let b = FunctionBuilder::new(&mut self.context.func, &mut self.builder);
            Gen::emit(b, code, spans, &signature);
        }
        let id = module.declare_anonymous_function(&signature).ok()?;
        module.define_function(id, &mut self.context).ok()?;
        module.clear_context(&mut self.context);
        module.finalize_definitions().ok()?;
        let address = module.get_finalized_function(id);
        // SAFETY: the function was made with the signature of `Entry` (one pointer in, a
        // 32-bit code out, the platform's C calling convention).
        Some(unsafe { std::mem::transmute::<*const u8, Entry>(address) })
    }
}

struct Gen<'f, 's> {
    b: FunctionBuilder<'f>,
    ctx: Value,
    regs: Vec<Variable>,
    /// Where each register's assigned-flag is in `Ctx::assigned`: its own, or for an
    /// element of a small matrix, the first element's. Set in memory where the register
    /// is assigned (a flag in a variable would be one more value live across the loops).
    flag_of: Vec<u32>,
    /// The flags the statement being generated has set (a small matrix's once).
    flags_set: Vec<u32>,
    /// The flags set at the start (by the register that holds them).
    preset: Vec<bool>,
    /// Registers known to hold a number in the code being generated: set when the loop
    /// started, or assigned on every path to here (no check before reading them). What an
    /// `if` arm or a loop body assigns is forgotten at its end.
    defined: Vec<bool>,
    /// Temporaries: always set before they are read, never written back, so nothing
    /// tracks whether they were assigned.
    temporary: Vec<bool>,
    /// The temporaries the statement being generated has set: the only ones whose numbers
    /// a `tick` keeps (each temporary belongs to one statement, so the others are dead).
    live_temporaries: Vec<Reg>,
    /// Each matrix's `Layout`.
    fields: Vec<Fields>,
    /// The operation count, kept in a register while the function runs (where it lives
    /// between runs, and the count at which `tick`'s rarer checks are next due, are in the
    /// `Ctx`).
    operations: Variable,
    /// For registers used as indices: the number as an integer, and whether it is whole
    /// (the integer is then exact).
    shadows: Vec<Option<(Variable, Variable)>>,
    /// Positions already checked on every path to the code being generated, with registers
    /// unchanged since: register, matrix and extent, position. Entries made inside an `if`
    /// arm or a loop are dropped at its end, and entries for registers it assigns at its
    /// start (loops) or end (arms).
    checked: Vec<((Reg, MatId, Extent), Value)>,
    /// Whether `checked` may be used (inside an assignment).
    reuse: bool,
    /// The extents the code was compiled for (`Compiled::known`).
    known: Vec<(MatId, Extent, usize)>,
    exit: Block,
    /// Per loop, innermost last: where `continue` and `break` go, and its variable if the
    /// loop is lazy.
    loops: Vec<(Block, Block, Option<LoopVar>)>,
    /// The variables of the lazy loops around the code being generated.
    lazy: Vec<LoopVar>,
    /// The variables of those loops whose range keeps them within an extent of a matrix
    /// (`Rounds::within`): indexing it by them needs no check.
    within: Vec<(Reg, Limit)>,
    /// Range ends known to be at most an extent of a matrix (`Compiled::bounds`).
    bounds: Vec<(Limit, MatId, Extent)>,
    /// The site of the statement being generated, and where the operation count at its
    /// start is found if it faults.
    site: SiteId,
    before: Before,
    spans: &'s mut Vec<Span>,
    sig_tick: SigRef,
    sig_map: SigRef,
    sig_pow: SigRef,
}

const TRUSTED: MemFlags = MemFlags::trusted();
/// For the `Layout`s, which nothing writes while the function runs: their loads are pure,
/// so the optimiser may repeat one where it is used rather than hold its value in a
/// register (or on the stack) across a loop. Against plain trusted loads: Jacobi 15.4 →
/// 13.2 ms, Gaussian elimination 9.0 → 8.1, the perceptron 0.129 → 0.116.
const FIXED: MemFlags = MemFlags::trusted().with_readonly().with_can_move();

/// A load of a field of the `Ctx` that nothing writes while the function runs (`FIXED`).
fn fixed(b: &mut FunctionBuilder, ctx: Value, ty: Type, offset: usize) -> Value {
    b.ins().load(ty, FIXED, ctx, offset as i32)
}

impl<'f, 's> Gen<'f, 's> {
    fn emit(
        mut b: FunctionBuilder<'f>,
        code: &Compiled,
        spans: &'s mut Vec<Span>,
        signature: &Signature,
    ) {
        let call_conv = callback_convention(signature.call_conv);
        let sig = |params: &[cranelift_codegen::ir::Type], ret: cranelift_codegen::ir::Type| {
            let mut s = Signature::new(call_conv);
            s.params.extend(params.iter().map(|&t| AbiParam::new(t)));
            s.returns.push(AbiParam::new(ret));
            s
        };
        let sig_tick = b.import_signature(sig(&[I64, I32, I64], I64));
        let sig_map = b.import_signature(sig(&[I64, F64], F64));
        let sig_pow = b.import_signature(sig(&[F64, F64], F64));
        let entry = b.create_block();
        b.append_block_params_for_function_params(entry);
        b.switch_to_block(entry);
        b.seal_block(entry);
        let ctx = b.block_params(entry)[0];
        let field = |b: &mut FunctionBuilder, ty, offset: usize| {
            b.ins().load(ty, TRUSTED, ctx, offset as i32)
        };
        let regs_ptr = field(&mut b, I64, offset_of!(Ctx, regs));
        let layouts = fixed(&mut b, ctx, I64, offset_of!(Ctx, layouts));
        let operations_ptr = field(&mut b, I64, offset_of!(Ctx, operations));
        let operations = b.declare_var(I64);
        let count = b.ins().load(I64, TRUSTED, operations_ptr, 0);
        b.def_var(operations, count);
        // A small matrix's elements are assigned together (`Op::Sets` sets them after
        // everything that can fail or count), so they share their first one's flag.
        let mut flag_of: Vec<u32> = (0..code.regs.len() as u32).collect();
        for small in &code.smalls {
            let first = small.first as usize;
            flag_of[first..first + small.rows * small.cols].fill(small.first);
        }
        // A flag whose register held a number when the loop started is set now, once: were
        // it assigned nothing, the number stored back at the exit is the one it held.
        let assigned_ptr = field(&mut b, I64, offset_of!(Ctx, assigned));
        let written = assigned_registers(code);
        let mut preset = vec![false; code.regs.len()];
        for (r, &written) in written.iter().enumerate() {
            let flag = flag_of[r] as usize;
            let held = code.regs[flag].start.is_some();
            if written && held && code.regs[r].holds != Holds::Temporary && !preset[flag] {
                let one = b.ins().iconst(I8, 1);
                b.ins().store(TRUSTED, one, assigned_ptr, flag as i32);
                preset[flag] = true;
            }
        }
        let mut regs = Vec::with_capacity(code.regs.len());
        for r in 0..code.regs.len() {
            let var = b.declare_var(F64);
            let x = b.ins().load(F64, TRUSTED, regs_ptr, (r * 8) as i32);
            b.def_var(var, x);
            regs.push(var);
        }
        let fields = (0..code.mats.len())
            .map(|m| Fields::load(&mut b, ctx, layouts, m))
            .collect();
        // Run once a call, out of the way of the loops' code (as are the other blocks
        // marked cold: Cranelift lays them out after the rest).
        let exit = b.create_block();
        b.set_cold_block(exit);
        b.append_block_param(exit, I32);
        let mut g = Gen {
            b,
            ctx,
            regs,
            flag_of,
            flags_set: Vec::new(),
            live_temporaries: Vec::new(),
            preset,
            defined: code.regs.iter().map(|r| r.start.is_some()).collect(),
            temporary: code
                .regs
                .iter()
                .map(|r| r.holds == Holds::Temporary)
                .collect(),
            fields,
            operations,
            shadows: Vec::new(),
            checked: Vec::new(),
            reuse: false,
            known: code.known.clone(),
            exit,
            loops: Vec::new(),
            lazy: Vec::new(),
            within: Vec::new(),
            bounds: code.bounds.clone(),
            site: 0,
            before: Before::Now,
            spans,
            sig_tick,
            sig_map,
            sig_pow,
        };
        g.shadows = index_registers(code)
            .into_iter()
            .map(|used| used.then(|| (g.b.declare_var(I64), g.b.declare_var(I8))))
            .collect();
        for r in 0..g.regs.len() {
            if g.shadows[r].is_some() {
                let x = g.b.use_var(g.regs[r]);
                g.shadow_of(r as Reg, x);
            }
        }
        g.top_loop(code);
        let done = g.b.ins().iconst(I32, i64::from(DONE));
        g.b.ins().jump(g.exit, &[BlockArg::Value(done)]);
        // The exit: store the registers, and return the code.
        g.b.switch_to_block(g.exit);
        let code_value = g.b.block_params(g.exit)[0];
        g.store_operations();
        let regs_ptr = g.ctx_field(I64, offset_of!(Ctx, regs));
        // Only the registers the loop assigns: the others are as they came in. Their flags
        // were set where they were assigned.
        for (r, written) in written.into_iter().enumerate() {
            if written && !g.temporary[r] {
                let x = g.b.use_var(g.regs[r]);
                g.b.ins().store(TRUSTED, x, regs_ptr, (r * 8) as i32);
            }
        }
        g.b.ins().return_(&[code_value]);
        g.b.seal_all_blocks();
        g.b.finalize();
    }

    /// The loop itself: its range comes in the `Ctx`.
    fn top_loop(&mut self, code: &Compiled) {
        // Nothing writes the range while the function runs, so its loads are pure (`FIXED`):
        // repeated where used instead of holding two more numbers across every round.
        let rounds = Rounds {
            start: fixed(&mut self.b, self.ctx, F64, offset_of!(Ctx, start)),
            step: fixed(&mut self.b, self.ctx, F64, offset_of!(Ctx, step)),
            count: fixed(&mut self.b, self.ctx, I64, offset_of!(Ctx, count)),
            first: self.ctx_field(I64, offset_of!(Ctx, first)),
            whole: None,
            within: None,
        };
        // The loop's own span is number 0 (the caller put it there).
        self.counted_loop(code.var, rounds, 0, &code.body);
    }

    /// A field of the `Ctx`.
    fn ctx_field(&mut self, ty: Type, offset: usize) -> Value {
        self.b.ins().load(ty, TRUSTED, self.ctx, offset as i32)
    }

    /// Stores the operation count where it lives between runs.
    fn store_operations(&mut self) {
        let count = self.b.use_var(self.operations);
        let at = fixed(&mut self.b, self.ctx, I64, offset_of!(Ctx, operations));
        self.b.ins().store(TRUSTED, count, at, 0);
    }

    /// Whether a register was assigned (0 or 1).
    fn flag(&mut self, reg: Reg) -> Value {
        let flags = fixed(&mut self.b, self.ctx, I64, offset_of!(Ctx, assigned));
        let at = self.flag_of[reg as usize] as i32;
        self.b.ins().load(I8, TRUSTED, flags, at)
    }

    /// Notes that a register was assigned (a plain load of where: a pure one would be
    /// shared, and so held, across the loop).
    fn set_flag(&mut self, reg: Reg) {
        let flags = self.ctx_field(I64, offset_of!(Ctx, assigned));
        let one = self.b.ins().iconst(I8, 1);
        let at = self.flag_of[reg as usize] as i32;
        self.b.ins().store(TRUSTED, one, flags, at);
    }

    /// `for` over the values `start + k·step`, `k` from `first` up to `count`, counting an
    /// operation at span `tick` each round, as `RangeIter` and `loop_body` do.
    fn counted_loop(&mut self, var: Reg, rounds: Rounds, tick: u32, body: &[Op]) {
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
    fn round_number(&mut self, var: LoopVar, k: Value) -> Value {
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
    fn settle(&mut self, var: LoopVar) {
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
    fn leave(&mut self, code: u32) {
        self.settle_lazy();
        let code = self.b.ins().iconst(I32, i64::from(code));
        self.b.ins().jump(self.exit, &[BlockArg::Value(code)]);
    }

    /// Drops the checked positions of the registers `body` assigns.
    fn forget(&mut self, body: &[Op]) {
        let mut written = vec![false; self.regs.len()];
        assigned_in(body, &mut written);
        self.checked.retain(|c| !written[c.0 .0 as usize]);
    }

    /// One round of a loop's body: its tick, then the body with `continue` going to `next`
    /// and `break` to `after`, then on to `next`.
    fn round(&mut self, tick: u32, body: &[Op], next: Block, after: Block, lazy: Option<LoopVar>) {
        self.live_temporaries.clear();
        self.tick(tick);
        self.loops.push((next, after, lazy));
        self.ops(body);
        self.loops.pop();
        self.b.ins().jump(next, &[]);
    }

    fn set(&mut self, reg: Reg, x: Value) {
        self.assign(reg, x);
        if self.shadows[reg as usize].is_some() {
            self.shadow_of(reg, x);
        }
    }

    /// Sets the integer shadow of an index register to `int`, a whole number.
    fn set_shadow(&mut self, reg: Reg, int: Value) {
        if let Some((shadow, whole)) = self.shadows[reg as usize] {
            let yes = self.b.ins().iconst(I8, 1);
            self.b.def_var(shadow, int);
            self.b.def_var(whole, yes);
        }
    }

    /// Sets a register (not its integer shadow).
    fn assign(&mut self, reg: Reg, x: Value) {
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
    fn shadow_of(&mut self, reg: Reg, x: Value) {
        let Some((int, whole)) = self.shadows[reg as usize] else {
            return;
        };
        let k = self.b.ins().fcvt_to_sint_sat(I64, x);
        let back = self.b.ins().fcvt_from_sint(F64, k);
        let is_whole = self.b.ins().fcmp(FloatCC::Equal, back, x);
        self.b.def_var(int, k);
        self.b.def_var(whole, is_whole);
    }

    /// Counts an operation at span number `tick`, as `Interpreter::tick` does: the count
    /// stays in a register, and the rarer checks (due at `next_check`: limits, the deadline,
    /// an interrupt) call back.
    fn tick(&mut self, tick: u32) {
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
    fn span_number(&mut self, span: Span) -> u32 {
        self.spans.push(span);
        (self.spans.len() - 1) as u32
    }

    /// Starts the code of a site, which counts operations if `ticks`, `in_order` if on
    /// every path to each of its checks the same ones: a fault then finds the count at the
    /// start by subtracting them; otherwise the count is stored now, so a rerun in the
    /// evaluator starts from it.
    fn begin_site(&mut self, site: SiteId, ticks: bool, in_order: bool) {
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
    fn check(&mut self, ok: Value) {
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

    /// After `break` or `continue`: code that follows cannot run, but must go somewhere.
    fn unreachable(&mut self) {
        let dead = self.b.create_block();
        self.b.switch_to_block(dead);
    }

    fn ops(&mut self, ops: &[Op]) {
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

    /// A register's number; one not set when the loop started faults until it is set.
    fn read_reg(&mut self, reg: Reg) -> Value {
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

    fn arith(&mut self, op: BinaryOp, a: Value, c: Value) -> Value {
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

    fn num(&mut self, num: &Num) -> Value {
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
    fn range_count(&mut self, a: Value, s: Value, e: Value) -> Value {
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
    fn extent_f(&self, m: MatId, extent: Extent) -> Value {
        self.fields[m as usize].extent(extent).1
    }

    /// The address of element (i, j).
    fn pair(&mut self, m: MatId, i: &Num, j: &Num) -> Value {
        let i = self.index(i, m, Extent::Rows);
        let j = self.index(j, m, Extent::Cols);
        // Rows are next to each other (`View::unit_rows`).
        let col_stride = self.fields[m as usize].col_stride;
        let c = self.b.ins().imul(j, col_stride);
        let offset = self.b.ins().iadd(i, c);
        self.address(m, offset)
    }

    /// The address of element k counted down the columns.
    fn linear(&mut self, m: MatId, k: &Num) -> Value {
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

/// The compensated total as `compensated_total` gives it: the sum plus its compensation
/// when the sum is finite, else the sum.
fn total(b: &mut FunctionBuilder, sum: Value, compensation: Value) -> Value {
    let infinity = b.ins().f64const(f64::INFINITY);
    let size = b.ins().fabs(sum);
    let finite = b.ins().fcmp(FloatCC::LessThan, size, infinity);
    let total = b.ins().fadd(sum, compensation);
    b.ins().select(finite, total, sum)
}

/// Whether a `&&` or `||` in a condition counts operations: which are counted before one
/// of its checks then depends on the path.
fn short_circuit_ticks(test: &Test) -> bool {
    match test {
        Test::And(_) | Test::Or(_) => test_ticks(test),
        Test::Not(t) => short_circuit_ticks(t),
        Test::Const(_) | Test::Cmp(..) | Test::Truth(_) | Test::IsZero(_) => false,
    }
}

fn test_ticks(test: &Test) -> bool {
    match test {
        Test::Const(_) => false,
        Test::Cmp(_, p) => p.0.ticks() || p.1.ticks(),
        Test::And(p) | Test::Or(p) => test_ticks(&p.0) || test_ticks(&p.1),
        Test::Not(t) => test_ticks(t),
        Test::Truth(n) | Test::IsZero(n) => n.ticks(),
    }
}

/// The calling convention of the functions compiled code calls back (`callback!`): on
/// x86-64, Windows x64's, whose callee keeps xmm6–xmm15, so numbers live across a call (the
/// partial results of a statement around `slow_tick` or `map`) stay in registers instead
/// of living on the stack for the whole loop (the System V convention keeps no float
/// register); elsewhere the platform's.
fn callback_convention(platform: CallConv) -> CallConv {
    if cfg!(target_arch = "x86_64") {
        CallConv::WindowsFastcall
    } else {
        platform
    }
}

/// Defines a function compiled code calls, in the convention `callback_convention` names.
macro_rules! callback {
    ($(#[$doc:meta])* fn $name:ident($($arg:ident: $ty:ty),*) -> $ret:ty $body:block) => {
        $(#[$doc])*
        #[cfg(target_arch = "x86_64")]
        extern "win64" fn $name($($arg: $ty),*) -> $ret $body
        $(#[$doc])*
        #[cfg(not(target_arch = "x86_64"))]
        extern "C" fn $name($($arg: $ty),*) -> $ret $body
    };
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

/// Which registers the loop assigns (the others need no storing back).
fn assigned_registers(code: &Compiled) -> Vec<bool> {
    let mut out = vec![false; code.regs.len()];
    out[code.var as usize] = true;
    assigned_in(&code.body, &mut out);
    out
}

/// Marks the registers `list` assigns.
fn assigned_in(list: &[Op], out: &mut [bool]) {
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
fn index_registers(code: &Compiled) -> Vec<bool> {
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
