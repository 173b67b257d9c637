//! Machine code for compiled loops, through Cranelift (only this module uses it): the
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
//!
//! This file owns the `Ctx`, the code generator's state and the function around the loop
//! (its entry and exit); the code for each kind of thing is in the files under `jit/`:
//! `counted` (loops over ranges), `statements`, `numbers`, `index` (element places),
//! `registers` and `checks` (operation counts and faults).

use std::mem::offset_of;

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

use super::code::{Extent, MatId, Reg, SiteId};
use super::compile::{Compiled, Holds, Limit};
use super::run::View;
use crate::diagnostic::Diagnostic;
use crate::eval::Interpreter;
use crate::source::Span;

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

mod checks;
mod counted;
mod index;
mod numbers;
mod registers;
mod statements;

pub use checks::next_check;
use checks::Before;
use counted::{LoopVar, Rounds};
use index::Fields;
use registers::{assigned_registers, index_registers};

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
}
