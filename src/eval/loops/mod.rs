//! The loop tier: a `for` loop over a range whose body holds only assignments of numbers,
//! element reads and writes of real matrices, `if`, nested `for`/`while` loops, `break` and
//! `continue`, with arithmetic, comparisons and the builtins whose real results stay real
//! (`abs`, `exp`, `floor`, ...), is compiled when it starts (`compile`) into operations
//! over unboxed `f64` registers (`code`) and run without values, name lookups or
//! per-statement dispatch (`run`).
//!
//! The tree-walking evaluator stays the reference. Anything else declines, and the loop
//! runs in the evaluator as before. While compiled code runs, the matrices it writes are
//! taken out of their variables (made unique first, as the evaluator's first write would).
//! However it stops (done, a limit reached, or a *fault*: something the evaluator reports
//! as an error), the registers and matrices are written back first, so the variables are
//! what the evaluator would have left; after a fault the evaluator reruns the statement,
//! condition or range that failed, and its own diagnostic is the result.

mod code;
mod compile;
mod run;

use std::sync::Arc;

use compile::Site;
use run::{Machine, Stop, View, Went};

use super::env::Frame;
use super::literal::{Range, RangeIter};
use super::stmt::Flow;
use super::Interpreter;
use crate::diagnostic::{Diagnostic, ErrorKind, Fallible};
use crate::source::Span;
use crate::syntax::ast::{Block, Target};
use crate::value::Value;

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
        let Some(code) = compile::compile(self, frame, var, body) else {
            return Ok(None);
        };
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
                    self.put_back(&code, held, frame);
                    return Ok(None);
                }
            }
        }
        let views = code
            .mats
            .iter()
            .zip(held.iter_mut())
            .map(|(mat, m)| match mat.written {
                true => View::writing(Arc::make_mut(m)),
                false => View::reading(m),
            })
            .collect();
        let mut machine = Machine::new(code.regs.iter().map(|r| r.start), views);
        let mut stopped = Ok(());
        for x in RangeIter::new(range) {
            machine.set(code.var, x);
            if let Err(e) = self.tick(tick) {
                stopped = Err(Stop::Error(e));
                break;
            }
            match machine.block(&code.body, self) {
                Ok(Went::Break) => break,
                Ok(Went::Next | Went::Continue) => {}
                Err(stop) => {
                    stopped = Err(stop);
                    break;
                }
            }
        }
        for (reg, var) in code.regs.iter().enumerate() {
            if machine.assigned[reg] {
                self.write_scalar(var.symbol, machine.regs[reg], frame);
            }
        }
        self.put_back(&code, held, frame);
        match stopped {
            Ok(()) => Ok(Some(Flow::Normal(None))),
            Err(Stop::Error(e)) => Err(e),
            Err(Stop::Fault(site)) => {
                self.operations = machine.operations_before;
                Err(self.rerun(&code.sites[site as usize], frame))
            }
        }
    }

    /// Gives the matrices the loop wrote back to their variables.
    fn put_back(
        &mut self,
        code: &compile::Compiled,
        held: Vec<Arc<faer::Mat<f64>>>,
        frame: &mut Frame,
    ) {
        for (mat, m) in code.mats.iter().zip(held) {
            if mat.written {
                self.write(mat.symbol, Value::Matrix(m), frame);
            }
        }
    }

    /// Reruns what faulted in the evaluator, which reports the error.
    fn rerun(&mut self, site: &Site, frame: &mut Frame) -> Box<Diagnostic> {
        let (result, span) = match site {
            Site::Stmt(stmt) => (self.exec(stmt, frame).map(|_| ()), stmt.span),
            Site::Cond(cond) => (self.condition(cond, frame).map(|_| ()), cond.span),
            Site::Range { start, step, end } => (
                self.range_bounds(start, *step, end, frame).map(|_| ()),
                start.span.to(end.span),
            ),
        };
        match result {
            Err(e) => e,
            Ok(()) => Diagnostic::error(
                ErrorKind::Internal,
                span,
                "the compiled loop stopped here, but the evaluator ran this without error",
            )
            .label(span, "here")
            .help("this is a bug in la: please report it with the program")
            .boxed(),
        }
    }
}
