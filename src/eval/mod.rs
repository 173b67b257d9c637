//! The `Interpreter`: the one entry point every user of the language goes through (the CLI,
//! the REPL, tests, embedders). It owns the names, sources, variables, functions and host,
//! runs programs statement by statement, and never prints: output goes to the host's sink.

mod call;
mod env;
mod expr;
mod fast;
mod index;
mod literal;
mod stmt;

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use crate::builtins::{self, Builtin};
use crate::diagnostic::{Diagnostic, Error, ErrorKind, Fallible, Span};
use crate::host::{Event, Host, Limits, Precision};
use crate::intern::{Interner, Symbol};
use crate::source::SourceMap;
use crate::syntax;
use crate::value::Value;

pub use env::Function;
use env::Frame;

/// Runs `la` programs and keeps their variables and functions between runs.
///
/// ```
/// let mut la = la::Interpreter::new();
/// let value = la.run("<doc>", "A = [[1, 2], [3, 4]]; A' * A").unwrap();
/// assert_eq!(value.unwrap().shape(), la::Shape::new(2, 2));
/// ```
pub struct Interpreter {
    names: Interner,
    sources: SourceMap,
    globals: Vec<Option<Value>>,
    functions: Vec<Option<Arc<Function>>>,
    builtins: Vec<Option<&'static Builtin>>,
    constants: Vec<Option<f64>>,
    host: Host,
    interrupt: Arc<AtomicBool>,
    /// `end` values of the indexing expressions being evaluated, innermost last.
    end_stack: Vec<usize>,
}

impl Default for Interpreter {
    fn default() -> Interpreter {
        Interpreter::new()
    }
}

impl Interpreter {
    /// An interpreter with every builtin whose output is discarded; see `with_sink`.
    pub fn new() -> Interpreter {
        Interpreter::with_sink(Box::new(|_| {}))
    }

    /// An interpreter that sends printed text, shown values and warnings to `sink`.
    ///
    /// ```
    /// use std::sync::{Arc, Mutex};
    /// let out = Arc::new(Mutex::new(String::new()));
    /// let captured = Arc::clone(&out);
    /// let mut la = la::Interpreter::with_sink(Box::new(move |event| {
    ///     if let la::Event::Text(text) = event {
    ///         captured.lock().unwrap().push_str(&text);
    ///     }
    /// }));
    /// la.run("<doc>", "x = 2 + 3").unwrap();
    /// assert_eq!(*out.lock().unwrap(), "x = 5\n");
    /// ```
    pub fn with_sink(sink: crate::host::Sink) -> Interpreter {
        Interpreter {
            names: Interner::default(),
            sources: SourceMap::default(),
            globals: Vec::new(),
            functions: Vec::new(),
            builtins: Vec::new(),
            constants: Vec::new(),
            host: Host::new(sink),
            interrupt: Arc::new(AtomicBool::new(false)),
            end_stack: Vec::new(),
        }
    }

    /// Parses and runs `text`, naming it `name` in diagnostics. Top-level statements without
    /// `;` show their values through the sink. Returns the value of the last top-level
    /// expression statement, if the program ends with one. On error, every variable and
    /// function is as it was before the call.
    pub fn run(&mut self, name: &str, text: &str) -> Result<Option<Value>, Error> {
        let source = self.sources.add(name, text);
        let program = syntax::parse_program(text, source, &mut self.names).map_err(Error::new)?;
        self.sync_tables();
        let saved_globals = self.globals.clone();
        let saved_functions = self.functions.clone();
        self.interrupt.store(false, Ordering::Relaxed);
        let mut frame = Frame::top();
        let mut last = None;
        for statement in &program.statements {
            match self.exec_top(statement, &mut frame) {
                Ok(value) => last = value,
                Err(e) => {
                    self.globals = saved_globals;
                    self.functions = saved_functions;
                    self.end_stack.clear();
                    return Err(Error::from(e));
                }
            }
        }
        Ok(last)
    }

    /// Renders `error` with its source lines and markers, in colour or not.
    pub fn render(&self, error: &Error, color: bool) -> String {
        crate::render::render_error(error, &self.sources, color)
    }

    /// Renders one diagnostic (an error or a warning from the sink).
    pub fn render_diagnostic(&self, diagnostic: &Diagnostic, color: bool) -> String {
        crate::render::render(diagnostic, &self.sources, color)
    }

    /// The value of the top-level variable `name`, if it is set.
    pub fn get(&self, name: &str) -> Option<&Value> {
        let symbol = self.names.get(name)?;
        self.globals.get(symbol.index())?.as_ref()
    }

    /// Sets the top-level variable `name`.
    pub fn set(&mut self, name: &str, value: impl Into<Value>) {
        let symbol = self.names.intern(name);
        self.sync_tables();
        if let Some(slot) = self.globals.get_mut(symbol.index()) {
            *slot = Some(value.into());
        }
    }

    /// The names of all top-level variables, sorted.
    pub fn variables(&self) -> Vec<(&str, &Value)> {
        let mut vars: Vec<(&str, &Value)> = self
            .globals
            .iter()
            .enumerate()
            .filter_map(|(i, v)| v.as_ref().map(|v| (self.names.name(Symbol(i as u32)), v)))
            .collect();
        vars.sort_by(|a, b| a.0.cmp(b.0));
        vars
    }

    /// Sets the printing precision.
    pub fn set_precision(&mut self, precision: Precision) {
        self.host.precision = precision;
    }

    /// The resource limits in force.
    pub fn limits(&self) -> Limits {
        self.host.limits
    }

    /// Replaces the resource limits.
    pub fn set_limits(&mut self, limits: Limits) {
        self.host.limits = limits;
    }

    /// A flag another thread can set to stop the running program with an "interrupted"
    /// error at the next loop iteration or call.
    pub fn interrupt_handle(&self) -> Arc<AtomicBool> {
        Arc::clone(&self.interrupt)
    }

    /// Grows the symbol-indexed tables to cover every interned name.
    fn sync_tables(&mut self) {
        let n = self.names.len();
        self.globals.resize(n, None);
        self.functions.resize(n, None);
        while self.builtins.len() < n {
            let symbol = Symbol(self.builtins.len() as u32);
            let name = self.names.name(symbol);
            self.builtins.push(builtins::lookup(name));
            self.constants.push(constant(name));
        }
    }

    fn emit_show(&mut self, name: &str, value: &Value) {
        let text = crate::format::show(name, value, self.host.precision);
        (self.host.sink)(Event::Text(text));
    }

    fn check_interrupt(&self, span: Span) -> Fallible<()> {
        if self.interrupt.load(Ordering::Relaxed) {
            self.interrupt.store(false, Ordering::Relaxed);
            return Err(Diagnostic::error(ErrorKind::Limit, span, "interrupted").label(span, "stopped here").boxed());
        }
        Ok(())
    }
}

/// The predefined constants; a variable of the same name hides them.
fn constant(name: &str) -> Option<f64> {
    match name {
        "pi" => Some(std::f64::consts::PI),
        "e" => Some(std::f64::consts::E),
        "inf" | "Inf" => Some(f64::INFINITY),
        "nan" | "NaN" => Some(f64::NAN),
        _ => None,
    }
}
