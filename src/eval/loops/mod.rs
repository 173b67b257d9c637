//! The loop tier: a `for` loop over a range whose body holds only assignments of numbers
//! and of small matrices (2 to 16 elements, such as `w = w + y[p] * X[p, :]`), element
//! reads and writes of real matrices, `if`, nested `for`/`while` loops, `break` and
//! `continue`, with arithmetic, comparisons, `dot` of small vectors and the builtins whose
//! real results stay real (`abs`, `exp`, `floor`, ...), is compiled (`compile`) into
//! operations over unboxed `f64` registers (`code`; a small matrix is a register per
//! element), then into machine code (`jit`, through Cranelift), and run without values,
//! name lookups or per-statement dispatch. Where no machine code can be made, the
//! operations are interpreted (`run`).
//!
//! The tree-walking evaluator stays the reference. Anything else declines, and the loop
//! runs in the evaluator as before. A loop's code is kept by the loop's span with the
//! questions compiling asked (what each name held); the next time the loop starts, the
//! same answers reuse it. While compiled code runs, the matrices it writes are taken out of
//! their variables (made unique first, as the evaluator's first write would). However it
//! stops (done, a limit reached, or a *fault*: something the evaluator reports as an
//! error), the registers and matrices are written back first, so the variables are what
//! the evaluator would have left; after a fault the evaluator reruns the statement,
//! condition or range that failed, and its own diagnostic is the result.

mod code;
mod compile;
mod jit;
mod run;

use std::collections::HashMap;
use std::sync::{Arc, OnceLock};

use compile::{Compiled, Holds, Query, Site};
use faer::Mat;
use jit::{Ctx, Entry, Jit, Layout};
use run::{Machine, Stop, View, Went};

use super::env::Frame;
use super::literal::{Range, RangeIter};
use super::stmt::Flow;
use super::Interpreter;
use crate::diagnostic::{Diagnostic, ErrorKind, Fallible};
use crate::source::Span;
use crate::syntax::ast::{Block, Target};
use crate::value::Value;

/// How many variants of one loop are kept.
const MAX_VARIANTS: usize = 4;

/// The compiled loops of one interpreter.
pub struct LoopTier {
    /// The code generator: made at the first compiled loop (`None` inside when this machine
    /// has none).
    jit: Option<Option<Jit>>,
    /// Each loop's code, by the span of its range: a few variants, for the kinds its
    /// variables had when it started (a function's first call of a loop sees its locals
    /// unset, the next sees them numbers), newest last.
    loops: HashMap<Span, Variants>,
    /// Operations a loop is interpreted for before it gets machine code (`None`: never).
    pub hot: Option<u64>,
}

impl Default for LoopTier {
    fn default() -> LoopTier {
        LoopTier {
            jit: None,
            loops: HashMap::new(),
            hot: Some(HOT),
        }
    }
}

/// The compiled variants of one loop, newest last, and the operations (rounds and calls)
/// they have used while interpreted.
#[derive(Default)]
struct Variants {
    list: Vec<Arc<Cached>>,
    interpreted: u64,
}

/// What compiling one loop gave.
struct Cached {
    queries: Vec<Query>,
    /// `None` when the loop is outside what compiles.
    compiled: Option<Compiled>,
    /// Its machine code, once the loop is hot (`None` inside if none could be made), with
    /// the spans it counts operations at, by number.
    machine: OnceLock<Option<(Entry, Vec<Span>)>>,
}

/// Operations a loop is interpreted for (counting the rounds of this start) before it gets
/// machine code: making it takes about a millisecond, which a loop this long is worth.
const HOT: u64 = 10_000;

/// Operations between an interpreted loop's looks at whether it has become hot (at most).
const CHECK_HOT: u64 = 1_000;

/// Where machine code takes up a loop: the registers, which were assigned, and the round
/// it starts at.
struct State {
    regs: Vec<f64>,
    assigned: Vec<bool>,
    round: u64,
}

impl State {
    /// The state before the first round.
    fn starting(starts: Vec<Option<f64>>) -> State {
        State {
            regs: starts.iter().map(|x| x.unwrap_or(0.0)).collect(),
            assigned: vec![false; starts.len()],
            round: 0,
        }
    }
}

/// How a compiled loop ended.
enum Ended {
    Done,
    Stopped(Box<Diagnostic>),
    /// A fault at a site, with the operation count when that site started.
    Fault(u32, u64),
}

impl Interpreter {
    /// Runs `for var in range { body }` compiled, or gives `None` when the loop is outside
    /// what compiles (nothing has run then).
    pub(super) fn run_compiled_for(
        &mut self,
        var: Target,
        range: Range,
        tick: Span,
        body: &Block,
        frame: &mut Frame,
    ) -> Fallible<Option<Flow>> {
        if !self.fast_path {
            return Ok(None);
        }
        let known = self.loop_tier.loops.get(&tick).and_then(|variants| {
            variants
                .list
                .iter()
                .find(|c| compile::still_valid(self, frame, &c.queries))
                .cloned()
        });
        let cached = match known {
            Some(cached) => cached,
            None => {
                let cached = Arc::new(self.compile_loop(var, body, frame));
                let variants = self.loop_tier.loops.entry(tick).or_default();
                if variants.list.len() == MAX_VARIANTS {
                    variants.list.remove(0);
                }
                variants.list.push(Arc::clone(&cached));
                cached
            }
        };
        let Some(code) = &cached.compiled else {
            return Ok(None);
        };
        if !self.host.has_room(code.largest, code.room) {
            return Ok(None);
        }
        let mut held = Vec::with_capacity(code.mats.len());
        for mat in &code.mats {
            let value = if mat.written {
                self.take(mat.symbol, frame)
            } else {
                self.read(mat.symbol, frame).cloned()
            };
            match value {
                Some(Value::Matrix(m)) => held.push(m),
                // Compiling saw a real matrix here; put back what was taken and decline.
                other => {
                    if let (true, Some(value)) = (mat.written, other) {
                        self.write(mat.symbol, value, frame);
                    }
                    self.put_back(code, held, frame);
                    return Ok(None);
                }
            }
        }
        let views: Vec<View> = code
            .mats
            .iter()
            .zip(held.iter_mut())
            .map(|(mat, m)| match mat.written {
                true => View::writing(Arc::make_mut(m)),
                false => View::reading(m),
            })
            .collect();
        let starts: Vec<Option<f64>> = code
            .regs
            .iter()
            .map(|r| match r.holds {
                Holds::Scalar(symbol) => match self.read(symbol, frame) {
                    Some(Value::Scalar(x)) => Some(*x),
                    _ => None,
                },
                Holds::Element(symbol, k) => match self.read(symbol, frame) {
                    Some(Value::Matrix(m)) if k < m.nrows() * m.ncols() => {
                        Some(m[(k % m.nrows(), k / m.nrows())])
                    }
                    _ => None,
                },
                Holds::Temporary => Some(0.0),
            })
            .collect();
        if cached.machine.get().is_none() {
            self.warm(tick, range.parts().2 as u64);
        }
        let machine = cached
            .machine
            .get()
            .and_then(Option::as_ref)
            .filter(|_| views.iter().all(View::unit_rows));
        let (regs, assigned, ended) = match machine {
            Some((entry, spans)) => {
                let state = State::starting(starts);
                self.run_machine_code(*entry, spans, state, &views, range)
            }
            None => self.interpret(code, &cached, starts, views, range, tick),
        };
        for (reg, var) in code.regs.iter().enumerate() {
            if let (true, Holds::Scalar(symbol)) = (assigned[reg], var.holds) {
                self.write_scalar(symbol, regs[reg], frame);
            }
        }
        for small in &code.smalls {
            let first = small.first as usize;
            if assigned[first] {
                let at = |i, j| regs[first + i + j * small.rows];
                let m = Mat::from_fn(small.rows, small.cols, at);
                self.write(small.symbol, Value::Matrix(Arc::new(m)), frame);
            }
        }
        self.put_back(code, held, frame);
        match ended {
            Ended::Done => Ok(Some(Flow::Normal(None))),
            Ended::Stopped(e) => Err(e),
            Ended::Fault(site, operations) => {
                self.operations = operations;
                let sites = compile::sites(body);
                Err(self.rerun(sites.get(site as usize), tick, frame))
            }
        }
    }

    /// Compiles a loop.
    fn compile_loop(&mut self, var: Target, body: &Block, frame: &Frame) -> Cached {
        let verdict = compile::compile(self, frame, var, body);
        Cached {
            queries: verdict.queries,
            compiled: verdict.compiled,
            machine: OnceLock::new(),
        }
    }

    /// Makes machine code for every variant of the loop at `tick` once the loop is hot: its
    /// interpreted operations and the `rounds` it is about to run reach the threshold.
    /// Every variant, so that the next call of a function finds both the variant for its
    /// first start (locals not set yet) and the one for later starts ready.
    fn warm(&mut self, tick: Span, rounds: u64) {
        let Some(variants) = self.loop_tier.loops.get(&tick) else {
            return;
        };
        let used = variants.interpreted.saturating_add(rounds);
        if self.loop_tier.hot.is_none_or(|hot| used < hot) {
            return;
        }
        for cached in variants.list.clone() {
            if let Some(code) = &cached.compiled {
                cached.machine.get_or_init(|| self.machine_code(code, tick));
            }
        }
    }

    /// Machine code for a compiled loop, if this machine can have it.
    fn machine_code(&mut self, code: &Compiled, tick: Span) -> Option<(Entry, Vec<Span>)> {
        let mut spans = vec![tick];
        let jit = self.loop_tier.jit.get_or_insert_with(Jit::new).as_mut()?;
        let entry = jit.compile(code, &mut spans)?;
        Some((entry, spans))
    }

    /// Runs a loop's machine code from the registers of `state`, at its round: the
    /// registers, which were assigned, and how it ended.
    fn run_machine_code(
        &mut self,
        entry: Entry,
        spans: &[Span],
        state: State,
        views: &[View],
        range: Range,
    ) -> (Vec<f64>, Vec<bool>, Ended) {
        let State {
            mut regs,
            assigned,
            round,
        } = state;
        let mut assigned: Vec<u8> = assigned.into_iter().map(u8::from).collect();
        let mut error = None;
        let mut inline = [Layout::NONE; jit::INLINE];
        for (layout, view) in inline.iter_mut().zip(views) {
            *layout = Layout::of(view);
        }
        let layouts: Vec<Layout> = views.iter().skip(jit::INLINE).map(Layout::of).collect();
        let (start, step, count) = range.parts();
        let max_operations = self.host.limits.max_operations;
        let la: *mut Interpreter = self;
        let mut ctx = Ctx {
            regs: regs.as_mut_ptr(),
            assigned: assigned.as_mut_ptr(),
            layouts: layouts.as_ptr(),
            // SAFETY: `la` is this interpreter, alive and otherwise unused for the call.
            operations: unsafe { &raw mut (*la).operations },
            next_check: jit::next_check(self.operations, max_operations),
            max_operations,
            operations_before: 0,
            start,
            step,
            count: count as u64,
            first: round,
            la,
            spans: spans.as_ptr(),
            error: &mut error,
            inline,
        };
        // SAFETY: `entry` was made for this loop's code, whose registers, matrices and
        // span numbers `ctx` points at; the matrices written are unique (`make_mut`) and
        // stay where they are until the call returns.
        let code = unsafe { entry(&mut ctx) };
        let operations_before = ctx.operations_before;
        let ended = match code {
            jit::DONE => Ended::Done,
            jit::STOPPED => match error {
                Some(e) => Ended::Stopped(e),
                None => Ended::Stopped(internal(
                    spans[0],
                    "a compiled loop stopped without saying why",
                )),
            },
            fault => Ended::Fault(fault - jit::FAULT, operations_before),
        };
        (regs, assigned.iter().map(|&a| a != 0).collect(), ended)
    }

    /// Interprets a loop's operations while it has no machine code; once it is hot (see
    /// `warm`), the rest of its rounds run in machine code, from the state the rounds so
    /// far left.
    fn interpret(
        &mut self,
        code: &Compiled,
        cached: &Cached,
        starts: Vec<Option<f64>>,
        views: Vec<View>,
        range: Range,
        tick: Span,
    ) -> (Vec<f64>, Vec<bool>, Ended) {
        // How often to look: every `CHECK_HOT` operations, or sooner when the threshold is
        // lower (never when there is none, or the matrices' layout keeps machine code out).
        let look_every = match self.loop_tier.hot {
            Some(hot) if views.iter().all(View::unit_rows) => hot.clamp(1, CHECK_HOT),
            _ => u64::MAX,
        };
        let mut machine = Machine::new(starts.into_iter(), views.clone());
        let mut ended = Ended::Done;
        let mut begun = self.operations;
        for (round, x) in RangeIter::new(range).enumerate() {
            if round > 0 && self.operations.saturating_sub(begun) >= look_every {
                let used = self.operations.saturating_sub(begun);
                self.count_interpreted(tick, used);
                begun = self.operations;
                let rest = (range.parts().2 - round) as u64;
                self.warm(tick, rest);
                if let Some(Some((entry, spans))) = cached.machine.get() {
                    let state = State {
                        regs: machine.regs,
                        assigned: machine.assigned,
                        round: round as u64,
                    };
                    return self.run_machine_code(*entry, spans, state, &views, range);
                }
            }
            machine.set(code.var, x);
            if let Err(e) = self.tick(tick) {
                ended = Ended::Stopped(e);
                break;
            }
            match machine.block(&code.body, self) {
                Ok(Went::Break) => break,
                Ok(Went::Next | Went::Continue) => {}
                Err(Stop::Error(e)) => {
                    ended = Ended::Stopped(e);
                    break;
                }
                Err(Stop::Fault(site)) => {
                    ended = Ended::Fault(site, machine.operations_before);
                    break;
                }
            }
        }
        self.count_interpreted(tick, self.operations.saturating_sub(begun));
        (machine.regs, machine.assigned, ended)
    }

    /// Adds operations to what a loop has used while interpreted.
    fn count_interpreted(&mut self, tick: Span, used: u64) {
        if let Some(variants) = self.loop_tier.loops.get_mut(&tick) {
            variants.interpreted = variants.interpreted.saturating_add(used);
        }
    }

    /// Gives the matrices the loop wrote back to their variables.
    fn put_back(&mut self, code: &Compiled, held: Vec<Arc<Mat<f64>>>, frame: &mut Frame) {
        for (mat, m) in code.mats.iter().zip(held) {
            if mat.written {
                self.write(mat.symbol, Value::Matrix(m), frame);
            }
        }
    }

    /// Reruns what faulted in the evaluator, which reports the error.
    fn rerun(&mut self, site: Option<&Site>, tick: Span, frame: &mut Frame) -> Box<Diagnostic> {
        let (result, span) = match site {
            Some(Site::Stmt(stmt)) => (self.exec(stmt, frame).map(|_| ()), stmt.span),
            Some(Site::Cond(cond)) => (self.condition(cond, frame).map(|_| ()), cond.span),
            Some(Site::Range { start, step, end }) => (
                self.range_bounds(start, *step, end, frame).map(|_| ()),
                start.span.to(end.span),
            ),
            None => (Ok(()), tick),
        };
        match result {
            Err(e) => e,
            Ok(()) => internal(
                span,
                "the compiled loop stopped here, but the evaluator ran this without error",
            ),
        }
    }
}

/// An error that only a bug in the loop tier can cause.
fn internal(span: Span, message: &str) -> Box<Diagnostic> {
    Diagnostic::error(ErrorKind::Internal, span, message)
        .label(span, "here")
        .help("this is a bug in la: please report it with the program")
        .boxed()
}
