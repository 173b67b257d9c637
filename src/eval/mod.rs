//! The `Interpreter`: the one entry point every user of the language goes through (the CLI,
//! the REPL, tests, embedders). It owns the names, sources, variables, functions and host,
//! runs programs statement by statement, and never prints: output goes to the host's sink.

mod call;
mod env;
mod expr;
mod fast;
mod index;
mod lambda;
mod slices;

pub(crate) use index::{
    mask_fits, not_an_index, not_indexable, position, too_many_indices, value_fits, Access, Axis,
};
pub(crate) use lambda::{label_call, user_signature};
pub(crate) use literal::literal_rows;
mod literal;
mod loops;
mod scalar_code;
mod source;
mod stmt;
mod suggest;

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Instant;

use crate::builtins::{self, Builtin};
use crate::diagnostic::{Diagnostic, Error, ErrorKind, Fallible};
use crate::files::FileAccess;
use crate::host::{Event, Format, Host, Precision};
use crate::host_function::{HostFunction, IntoHostFunction};
use crate::intern::{Interner, Symbol};
use crate::limits::Limits;
use crate::source::{SourceMap, Span};
use crate::syntax;
use crate::value::Value;

pub use crate::function::Function;

/// A parsed program, ready to run many times with `Interpreter::execute`.
#[derive(Clone, Debug)]
pub struct Program {
    statements: Arc<crate::syntax::ast::SyntaxTree>,
    owner: u64,
}

/// Tells interpreters apart, so a program runs only where its names were interned.
static NEXT_ID: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
use env::Frame;
use scalar_code::CodeTable;

/// Stack left before recursion grows the stack with another segment.
const RED_ZONE: usize = 128 * 1024;
/// Size of each extra stack segment.
const STACK_SEGMENT: usize = 4 * 1024 * 1024;

/// Runs `f` with at least `RED_ZONE` bytes of stack, growing it by a segment when less is
/// left: every recursion of the evaluator (nested expressions, calls) goes through here.
fn grow_stack<R>(f: impl FnOnce() -> R) -> R {
    stacker::maybe_grow(RED_ZONE, STACK_SEGMENT, f)
}

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
    functions: Vec<Option<Arc<Function>>>,
    host_functions: Vec<Option<Arc<HostFunction>>>,
    builtins: Vec<Option<&'static Builtin>>,
    /// False for `Interpreter::bare()`: operators only.
    with_builtins: bool,
    /// Whether plain scalar arithmetic takes the translated fast path (`eval/fast.rs`); off
    /// only in tests that check both paths give the same results.
    fast_path: bool,
    /// Translated scalar code of the binary expressions read so far, by source and node.
    code: CodeTable,
    /// Compiled loops (`eval/loops`).
    loop_tier: loops::LoopTier,
    /// Slices copied aside by the slice path (`eval/slices.rs`), kept for reuse.
    slice_scratch: Vec<f64>,
    constants: Vec<Option<f64>>,
    host: Host,
    interrupt: Arc<AtomicBool>,
    /// `end` values of the indexing expressions being evaluated, innermost last.
    end_stack: Vec<usize>,
    /// Loop iterations and calls so far in this run.
    operations: u64,
    /// When this run must stop.
    deadline: Option<Instant>,
    /// Which interpreter this is (see `Program`).
    id: u64,
    /// The call depth of the builtin running now, for the functions it calls (`map(f, A)`).
    builtin_depth: usize,
    /// The files being sourced, outermost first, to refuse a cycle.
    sourcing: Vec<std::path::PathBuf>,
}

impl Default for Interpreter {
    fn default() -> Interpreter {
        Interpreter::new()
    }
}

impl Interpreter {
    /// An interpreter with every builtin whose output is discarded; see `with_sink`.
    ///
    /// ```
    /// let mut la = la::Interpreter::new();
    /// assert_eq!(la.run("<doc>", "det([[1, 2], [3, 4]])").unwrap(), Some(la::Value::Scalar(-2.0)));
    /// ```
    pub fn new() -> Interpreter {
        Interpreter::with_sink(Box::new(|_| {}))
    }

    /// An interpreter with the operators and no builtin functions at all (not even `print`);
    /// add what scripts may call with `register`.
    ///
    /// ```
    /// let mut la = la::Interpreter::bare();
    /// assert!(la.run("<doc>", "2 * [1, 2]").is_ok());
    /// assert!(la.run("<doc>", "zeros(2, 2)").is_err());
    /// ```
    pub fn bare() -> Interpreter {
        let mut la = Interpreter::new();
        la.with_builtins = false;
        la.names.know_functions(|_| false);
        la
    }

    /// An interpreter whose printed text and shown values are written to `out`, with each
    /// warning as one line.
    ///
    /// ```
    /// let out = std::sync::Arc::new(std::sync::Mutex::new(Vec::<u8>::new()));
    /// struct Shared(std::sync::Arc<std::sync::Mutex<Vec<u8>>>);
    /// impl std::io::Write for Shared {
    ///     fn write(&mut self, b: &[u8]) -> std::io::Result<usize> { self.0.lock().unwrap().write(b) }
    ///     fn flush(&mut self) -> std::io::Result<()> { Ok(()) }
    /// }
    /// let mut la = la::Interpreter::with_writer(Shared(out.clone()));
    /// la.run("<doc>", "print(1 + 1)").unwrap();
    /// assert_eq!(out.lock().unwrap().as_slice(), b"2\n");
    /// ```
    pub fn with_writer(mut out: impl std::io::Write + Send + 'static) -> Interpreter {
        Interpreter::with_sink(Box::new(move |event| {
            let _ = match event {
                Event::Text(text) | Event::Shown { text, .. } | Event::Picture { text, .. } => {
                    out.write_all(text.as_bytes())
                }
                Event::Warning(w) => writeln!(out, "{w}"),
            };
        }))
    }

    /// Replaces where output goes.
    ///
    /// ```
    /// let mut la = la::Interpreter::new();
    /// let (tx, rx) = std::sync::mpsc::channel();
    /// la.set_sink(Box::new(move |event| { let _ = tx.send(event); }));
    /// la.run("<doc>", "print(42)").unwrap();
    /// assert_eq!(rx.recv().unwrap(), la::Event::Text("42\n".into()));
    /// ```
    pub fn set_sink(&mut self, sink: crate::host::Sink) {
        self.host.sink = sink;
    }

    /// Makes a Rust closure callable from scripts as `name(...)`. Arguments convert with
    /// `FromValue` (`f64`, `bool`, `String`, `Vec<f64>`, `faer::Mat<f64>`, `Value`); the
    /// result with `IntoValue`, or from a `Result` whose error becomes a la error at the
    /// call. A user function of the same name hides it; it hides a builtin.
    ///
    /// ```
    /// let mut la = la::Interpreter::new();
    /// la.register("hypot", "length of the hypotenuse", |a: f64, b: f64| (a * a + b * b).sqrt());
    /// la.register("checked_sqrt", "square root of a non-negative number", |x: f64| {
    ///     if x < 0.0 { Err(format!("{x} is negative")) } else { Ok(x.sqrt()) }
    /// });
    /// assert_eq!(la.run("<doc>", "hypot(3, 4)").unwrap(), Some(la::Value::Scalar(5.0)));
    /// let error = la.run("<doc>", "checked_sqrt(-4)").unwrap_err();
    /// assert_eq!(error.message(), "`checked_sqrt` failed: -4 is negative");
    /// ```
    pub fn register<Args>(&mut self, name: &str, doc: &str, function: impl IntoHostFunction<Args>) {
        let arity = function.arity();
        self.add_host_function(HostFunction {
            name: name.to_string(),
            arity: Some(arity),
            doc: doc.to_string(),
            call: function.into_callable(),
        });
    }

    /// Registers a host function taking any number of arguments as a slice of values.
    ///
    /// ```
    /// let mut la = la::Interpreter::new();
    /// la.register_variadic("count", "how many arguments", |args| Ok(la::Value::Scalar(args.len() as f64)));
    /// assert_eq!(la.run("<doc>", "count(1, [2, 3], \"x\")").unwrap(), Some(la::Value::Scalar(3.0)));
    /// ```
    pub fn register_variadic(
        &mut self,
        name: &str,
        doc: &str,
        function: impl Fn(&[Value]) -> Result<Value, String> + Send + Sync + 'static,
    ) {
        self.add_host_function(HostFunction {
            name: name.to_string(),
            arity: None,
            doc: doc.to_string(),
            call: Arc::new(function),
        });
    }

    fn add_host_function(&mut self, function: HostFunction) {
        let symbol = self.names.intern(&function.name);
        self.sync_tables();
        if let Some(place) = self.host_functions.get_mut(symbol.index()) {
            *place = Some(Arc::new(function));
        }
    }

    /// The registered host functions: name, arity (`None` for any) and doc line.
    ///
    /// ```
    /// let mut la = la::Interpreter::new();
    /// la.register("twice", "2x", |x: f64| 2.0 * x);
    /// assert_eq!(la.host_functions(), vec![("twice", Some(1), "2x")]);
    /// ```
    pub fn host_functions(&self) -> Vec<(&str, Option<usize>, &str)> {
        self.host_functions
            .iter()
            .flatten()
            .map(|f| (f.name.as_str(), f.arity, f.doc.as_str()))
            .collect()
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
        let mut names = Interner::default();
        names.know_functions(|name| builtins::lookup(name).is_some());
        Interpreter {
            names,
            sources: SourceMap::default(),
            functions: Vec::new(),
            host_functions: Vec::new(),
            builtins: Vec::new(),
            with_builtins: true,
            fast_path: true,
            loop_tier: loops::LoopTier::default(),
            slice_scratch: Vec::new(),
            code: CodeTable::default(),
            constants: Vec::new(),
            host: Host::new(sink),
            interrupt: Arc::new(AtomicBool::new(false)),
            end_stack: Vec::new(),
            operations: 0,
            deadline: None,
            id: NEXT_ID.fetch_add(1, Ordering::Relaxed),
            builtin_depth: 0,
            sourcing: Vec::new(),
        }
    }

    /// Parses and runs `text`, naming it `name` in diagnostics. Top-level statements without
    /// `;` show their values through the sink. Returns the value of the last top-level
    /// expression statement, if the program ends with one. On error, every variable and
    /// function is as it was before the call.
    ///
    /// ```
    /// let mut la = la::Interpreter::new();
    /// assert_eq!(la.run("<doc>", "x = 2; x^10").unwrap(), Some(la::Value::Scalar(1024.0)));
    /// assert!(la.run("<doc>", "x = 3; undefined").is_err());
    /// assert_eq!(la.get("x"), Some(&la::Value::Scalar(2.0)), "the failed run changed nothing");
    /// ```
    pub fn run(&mut self, name: &str, text: &str) -> Result<Option<Value>, Error> {
        let program = self.compile(name, text)?;
        self.execute(&program)
    }

    /// Parses `text` once, to be run many times with `execute` (with different inputs set
    /// in between). The program belongs to this interpreter.
    ///
    /// ```
    /// let mut la = la::Interpreter::new();
    /// let program = la.compile("formula", "y = 2 * x + 1;").unwrap();
    /// for x in [1.0, 2.0, 3.0] {
    ///     la.set("x", x);
    ///     la.execute(&program).unwrap();
    ///     assert_eq!(la.get("y"), Some(&la::Value::Scalar(2.0 * x + 1.0)));
    /// }
    /// ```
    pub fn compile(&mut self, name: &str, text: &str) -> Result<Program, Error> {
        let source = self.sources.add(name, text);
        let limit = self.host.limits.max_string_len;
        if text.len() > limit {
            let span = Span::new(source, 0, 0);
            let d = Diagnostic::error(
                ErrorKind::Limit,
                span,
                format!(
                    "the program is {} bytes long, more than the limit of {limit}",
                    text.len()
                ),
            );
            return Err(Error::new(vec![d]).with_sources(&self.sources));
        }
        let nesting = self.host.limits.max_nesting;
        // As in `execute`: a panic here would be a bug in la, reported, not propagated.
        let parsed = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            syntax::parse_program_nested(text, source, &mut self.names, nesting)
        }))
        .unwrap_or_else(|_| {
            let span = Span::new(source, 0, 0);
            Err(vec![Diagnostic::error(
                ErrorKind::Internal,
                span,
                "internal error: la crashed while reading this program",
            )
            .help(
                "this is a bug in la; please report it with the program that caused it",
            )])
        })
        .map_err(|d| Error::new(d).with_sources(&self.sources))?;
        self.sync_tables();
        self.code.add_program(source, parsed.nodes);
        Ok(Program {
            statements: Arc::new(parsed),
            owner: self.id,
        })
    }

    /// The certain errors of a compiled program, found before running it (see `la::check`):
    /// each exactly as the run would report it, rendered with `render_diagnostic`.
    ///
    /// ```
    /// let mut la = la::Interpreter::new();
    /// let program = la.compile("model.la", "X = randn(64, 10); W = randn(64, 10); Y = X * W").unwrap();
    /// let found = la.check(&program);
    /// assert_eq!(found.len(), 1);
    /// assert!(found[0].always);
    /// assert!(found[0].diagnostic.message.contains("64×10 and 64×10"));
    /// assert_eq!(la.get("X"), None); // nothing ran
    /// ```
    pub fn check(&self, program: &Program) -> Vec<crate::check::Finding> {
        crate::check::check(&program.statements, &self.names, &self.host.files)
    }

    /// Everything found in `text` without running it, as `la check` and the language
    /// server report it: its syntax errors if it does not parse, else the checker's certain
    /// errors, then the lints. Render each with `render_diagnostic`.
    ///
    /// ```
    /// let mut la = la::Interpreter::new();
    /// assert_eq!(la.diagnose("a.la", "x = [1, 2")[0].kind, la::ErrorKind::Parse);
    /// let found = la.diagnose("b.la", "A = [[1, 2, 3]];\nB = A * A;\n");
    /// assert_eq!((found[0].kind, found[1].code), (la::ErrorKind::Shape, Some("L001")));
    /// ```
    pub fn diagnose(&mut self, name: &str, text: &str) -> Vec<Diagnostic> {
        match self.compile(name, text) {
            Ok(program) => {
                let certain = self.check(&program).into_iter().map(|f| f.diagnostic);
                certain.chain(self.lint(&program)).collect()
            }
            Err(error) => error.diagnostics().to_vec(),
        }
    }

    /// What the checker knows of each expression of a compiled program, without running
    /// it: (span, kind and shape) for every expression whose kind is known, the parts of
    /// an expression before it. Editors show it on hover.
    ///
    /// ```
    /// let mut la = la::Interpreter::new();
    /// let program = la.compile("<doc>", "X = randn(64, 10); W = zeros(10, 3);\nX * W").unwrap();
    /// let types = la.types(&program);
    /// let (_, product) = types.iter().filter(|(s, _)| s.start == 37).max_by_key(|(s, _)| s.end).unwrap();
    /// assert_eq!(product.to_string(), "64×3 matrix");
    /// ```
    pub fn types(&self, program: &Program) -> Vec<(Span, crate::check::Inferred)> {
        crate::check::types(&program.statements, &self.names, &self.host.files)
    }

    /// The lints of a compiled program (see `la::lint`'s codes): warnings for code that
    /// runs but is likely a mistake, less those an `# la: allow(CODE)` comment silences.
    ///
    /// ```
    /// let mut la = la::Interpreter::new();
    /// let program = la.compile("<doc>", "A = [[2, 1], [1, 3]]; b = [1, 2];\nx = inv(A) * b").unwrap();
    /// let lints = la.lint(&program);
    /// assert_eq!(lints[0].code, Some("L003"));
    /// let quiet = la.compile("<doc>", "A = [[2, 1], [1, 3]]; b = [1, 2];\nx = inv(A) * b  # la: allow(L003)").unwrap();
    /// assert!(la.lint(&quiet).is_empty());
    /// ```
    pub fn lint(&self, program: &Program) -> Vec<Diagnostic> {
        let text = program
            .statements
            .statements
            .first()
            .and_then(|s| self.sources.get(s.span.source))
            .map_or("", |s| s.text.as_str());
        let shapes = crate::check::warnings(&program.statements, &self.names);
        crate::lint::lint(&program.statements, &self.names, text, shapes)
    }

    /// What `text` would give, inferred from the session's variables without running it
    /// (the REPL's `:type` and its hint): `Ok(None)` when the checker cannot tell, an error
    /// when the text does not parse or would certainly fail.
    ///
    /// ```
    /// let mut la = la::Interpreter::new();
    /// la.run("<doc>", "A = zeros(3, 2); B = ones(3, 4);").unwrap();
    /// let t = la.infer("A' * B").unwrap().unwrap();
    /// assert_eq!(t.to_string(), "2×4 matrix");
    /// assert!(la.infer("A * B").is_err());
    /// assert_eq!(la.get("ans"), None); // nothing ran
    /// ```
    pub fn infer(&mut self, text: &str) -> Result<Option<crate::check::Inferred>, Error> {
        let program = self.compile("<type>", text)?;
        let known: Vec<(crate::intern::Symbol, &Value)> = self
            .variables()
            .into_iter()
            .filter_map(|(name, v)| Some((self.names.get(name)?, v)))
            .collect();
        let (found, inferred) = crate::check::infer(&program.statements, &self.names, &known);
        if found.is_empty() {
            Ok(inferred)
        } else {
            let diagnostics = found.into_iter().map(|f| f.diagnostic).collect();
            Err(Error::new(diagnostics).with_sources(&self.sources))
        }
    }

    /// Runs a compiled program; see `run`.
    ///
    /// ```
    /// let mut la = la::Interpreter::new();
    /// let program = la.compile("<doc>", "n += 1;").unwrap();
    /// la.set("n", 0.0);
    /// for _ in 0..3 {
    ///     la.execute(&program).unwrap();
    /// }
    /// assert_eq!(la.get("n"), Some(&la::Value::Scalar(3.0)));
    /// ```
    pub fn execute(&mut self, program: &Program) -> Result<Option<Value>, Error> {
        if program.owner != self.id {
            let d = Diagnostic::error(
                ErrorKind::Internal,
                Span::default(),
                "this program was compiled by another interpreter",
            )
            .help("compile it with the interpreter that runs it");
            return Err(Error::new(vec![d]));
        }
        let saved_globals = self.host.globals.clone();
        let saved_functions = self.functions.clone();
        self.operations = 0;
        self.deadline = self.host.limits.deadline.map(|d| Instant::now() + d);
        // A panic is a bug in la; it must still not take the host down with it.
        let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            let mut frame = Frame::top();
            let mut last = None;
            for statement in &program.statements.statements {
                last = self.exec_top(statement, &mut frame)?;
            }
            Ok(last)
        }));
        // Values being computed and locals of running functions are gone with the run,
        // however it ended.
        self.host.locals = 0;
        self.host.temporaries = 0;
        let first = program
            .statements
            .statements
            .first()
            .map_or(Span::default(), |s| s.span);
        let result = match outcome {
            Ok(result) => result,
            Err(panic) if is_allocation_failure(panic.as_ref()) => Err(Diagnostic::error(
                ErrorKind::Limit,
                first,
                "out of memory: the system refused memory this program needed",
            )
            .help("work on smaller pieces, or clear variables you no longer need")
            .boxed()),
            Err(_) => Err(Diagnostic::error(
                ErrorKind::Internal,
                first,
                "internal error: la crashed while running this program",
            )
            .help("this is a bug in la; please report it with the program that caused it")
            .boxed()),
        };
        result.map_err(|e| {
            self.host.globals = saved_globals;
            self.functions = saved_functions;
            self.end_stack.clear();
            Error::from(e).with_sources(&self.sources)
        })
    }

    /// Renders `error` with its source lines and markers, in colour or not (the same as
    /// `error.render(color)`).
    ///
    /// ```
    /// let mut la = la::Interpreter::new();
    /// let error = la.run("calc.la", "1 + [1, 2] * [3, 4]").unwrap_err();
    /// let report = la.render(&error, false);
    /// assert!(report.contains("calc.la:1:12"));
    /// assert!(report.contains("inner dimensions 1 and 2 differ"));
    /// ```
    pub fn render(&self, error: &Error, color: bool) -> String {
        crate::render::render_error(error, &self.sources, color)
    }

    /// Renders one diagnostic (an error or a warning from the sink).
    ///
    /// ```
    /// let mut la = la::Interpreter::new();
    /// let error = la.run("<doc>", "x = y").unwrap_err();
    /// assert!(la.render_diagnostic(error.first(), false).contains("unknown variable `y`"));
    /// ```
    pub fn render_diagnostic(&self, diagnostic: &Diagnostic, color: bool) -> String {
        crate::render::render(diagnostic, &self.sources, color)
    }

    /// The value of the top-level variable `name`, if it is set.
    ///
    /// ```
    /// let mut la = la::Interpreter::new();
    /// la.run("<doc>", "v = [1, 2, 3];").unwrap();
    /// assert_eq!(la.get("v").unwrap().shape(), la::Shape::new(3, 1));
    /// assert!(la.get("w").is_none());
    /// ```
    pub fn get(&self, name: &str) -> Option<&Value> {
        let symbol = self.names.get(name)?;
        self.host.globals.get(symbol)
    }

    /// Sets the top-level variable `name`.
    ///
    /// ```
    /// let mut la = la::Interpreter::new();
    /// la.set("W", faer::Mat::<f64>::identity(2, 2));
    /// la.set("b", vec![1.0, 2.0]);
    /// assert_eq!(la.run("<doc>", "W * b").unwrap(), Some(la::Value::from(vec![1.0, 2.0])));
    /// ```
    pub fn set(&mut self, name: &str, value: impl Into<Value>) {
        let symbol = self.names.intern(name);
        self.sync_tables();
        self.host.globals.set(symbol, value.into());
    }

    /// The names of all top-level variables, sorted.
    ///
    /// ```
    /// let mut la = la::Interpreter::new();
    /// la.run("<doc>", "b = 2; a = [1, 2];").unwrap();
    /// let names: Vec<&str> = la.variables().iter().map(|(name, _)| *name).collect();
    /// assert_eq!(names, ["a", "b"]);
    /// ```
    pub fn variables(&self) -> Vec<(&str, &Value)> {
        let mut vars: Vec<(&str, &Value)> = self
            .host
            .globals
            .iter()
            .map(|(symbol, v)| (self.names.name(symbol), v))
            .collect();
        vars.sort_by(|a, b| a.0.cmp(b.0));
        vars
    }

    /// The names of all user-defined functions, sorted.
    ///
    /// ```
    /// let mut la = la::Interpreter::new();
    /// la.run("<doc>", "fn sq(x) = x^2\nfn cube(x) = x^3").unwrap();
    /// assert_eq!(la.functions(), ["cube", "sq"]);
    /// ```
    pub fn functions(&self) -> Vec<&str> {
        let mut names: Vec<&str> = self
            .functions
            .iter()
            .enumerate()
            .filter_map(|(i, f)| f.as_ref().map(|_| self.names.name(Symbol(i as u32))))
            .collect();
        names.sort_unstable();
        names
    }

    /// The names of the registered host functions.
    pub(crate) fn host_function_names(&self) -> Vec<&str> {
        self.host_functions
            .iter()
            .flatten()
            .map(|f| f.name.as_str())
            .collect()
    }

    /// Forgets the variable or function `name`; returns whether there was one.
    ///
    /// ```
    /// let mut la = la::Interpreter::new();
    /// la.run("<doc>", "x = 1;").unwrap();
    /// assert!(la.clear("x"));
    /// assert!(la.get("x").is_none());
    /// assert!(!la.clear("x"));
    /// ```
    pub fn clear(&mut self, name: &str) -> bool {
        let Some(symbol) = self.names.get(name) else {
            return false;
        };
        let variable = self.host.globals.take(symbol);
        let function = self
            .functions
            .get_mut(symbol.index())
            .and_then(Option::take);
        variable.is_some() || function.is_some()
    }

    /// Forgets every variable and function.
    ///
    /// ```
    /// let mut la = la::Interpreter::new();
    /// la.run("<doc>", "x = 1; fn f(a) = a").unwrap();
    /// la.clear_all();
    /// assert!(la.variables().is_empty() && la.functions().is_empty());
    /// ```
    pub fn clear_all(&mut self) {
        self.host.globals.clear();
        self.functions.iter_mut().for_each(|f| *f = None);
    }

    /// Turns the translated scalar fast path off (or back on). The general evaluator is the
    /// reference; with the fast path off every program must print the same output and the
    /// same diagnostics, only slower. For tests of exactly that.
    #[doc(hidden)]
    pub fn set_fast_path(&mut self, on: bool) {
        self.fast_path = on;
    }

    /// After how many operations a compiled loop is made machine code (`None`: never; it is
    /// interpreted). Every program must behave the same whatever this is; for tests of
    /// exactly that.
    #[doc(hidden)]
    pub fn set_loop_machine_code_after(&mut self, operations: Option<u64>) {
        self.loop_tier = loops::LoopTier::default();
        self.loop_tier.hot = operations;
    }

    /// Sets the printing precision.
    ///
    /// ```
    /// let (tx, rx) = std::sync::mpsc::channel();
    /// let mut la = la::Interpreter::with_sink(Box::new(move |e| { let _ = tx.send(e); }));
    /// la.set_precision(la::Precision::Long);
    /// la.run("<doc>", "print(pi)").unwrap();
    /// assert_eq!(rx.recv().unwrap(), la::Event::Text("3.141592653589793\n".into()));
    /// ```
    pub fn set_precision(&mut self, precision: Precision) {
        self.host.format.precision = precision;
    }

    /// How values are shown and printed now; scripts change it with `format(...)`.
    ///
    /// ```
    /// let mut la = la::Interpreter::new();
    /// la.run("<doc>", "format(\"long\")").unwrap();
    /// assert_eq!(la.format(), la::Format { precision: la::Precision::Long, full: false });
    /// ```
    pub fn format(&self) -> Format {
        self.host.format
    }

    /// Replaces how values are shown and printed.
    ///
    /// ```
    /// let mut la = la::Interpreter::new();
    /// la.set_format(la::Format { full: true, ..la::Format::default() });
    /// assert!(la.format().full);
    /// ```
    pub fn set_format(&mut self, format: Format) {
        self.host.format = format;
    }

    /// The resource limits in force.
    ///
    /// ```
    /// let la = la::Interpreter::new();
    /// assert_eq!(la.limits(), la::Limits::default());
    /// ```
    pub fn limits(&self) -> Limits {
        self.host.limits
    }

    /// Replaces the resource limits.
    ///
    /// ```
    /// let mut la = la::Interpreter::new();
    /// la.set_limits(la::Limits { max_call_depth: 10, ..la::Limits::default() });
    /// let error = la.run("<doc>", "fn f(n) = f(n + 1); f(0)").unwrap_err();
    /// assert!(error.message().starts_with("recursion limit"));
    /// ```
    pub fn set_limits(&mut self, limits: Limits) {
        self.host.limits = limits;
    }

    /// Which files programs may read and write; `FileAccess::Off` unless the host allows.
    ///
    /// ```
    /// let la = la::Interpreter::new();
    /// assert_eq!(la.file_access(), &la::FileAccess::Off);
    /// ```
    pub fn file_access(&self) -> &FileAccess {
        &self.host.files
    }

    /// The arguments a script was given (`la script.la a b c`), which it reads with
    /// `nargs()` and `arg(k)`; none unless the host sets them.
    ///
    /// ```
    /// let mut la = la::Interpreter::new();
    /// la.set_script_args(vec!["3".into(), "cats".into()]);
    /// assert_eq!(la.run("<doc>", "num(arg(1)) * nargs()").unwrap(), Some(la::Value::Scalar(6.0)));
    /// ```
    pub fn set_script_args(&mut self, args: Vec<String>) {
        self.host.script_args = args;
    }

    /// Lets programs read and write files: `FileAccess::Anywhere` as the user (the CLI and
    /// the REPL), or `FileAccess::inside(dir)` for one directory. `set_limits` does not
    /// change it, so `Limits::strict()` keeps files off.
    ///
    /// ```
    /// let mut la = la::Interpreter::new();
    /// la.set_file_access(la::FileAccess::inside(std::env::temp_dir()).unwrap());
    /// assert!(matches!(la.file_access(), la::FileAccess::Inside(_)));
    /// ```
    pub fn set_file_access(&mut self, access: FileAccess) {
        self.host.files = access;
    }

    /// The size and colour of terminal plots (default 60×15 cells, no colour); the front end
    /// sets them from the terminal.
    ///
    /// ```
    /// let mut la = la::Interpreter::new();
    /// la.set_plot_settings(la::PlotSettings { width: 40, ..la::PlotSettings::default() });
    /// assert_eq!(la.plot_settings().width, 40);
    /// ```
    pub fn set_plot_settings(&mut self, settings: crate::plot::PlotSettings) {
        self.host.plot = settings;
    }

    /// The size and colour of terminal plots in force.
    pub fn plot_settings(&self) -> crate::plot::PlotSettings {
        self.host.plot
    }

    /// Rich output for hosts that show more than text (a notebook): shown values arrive as
    /// `Event::Shown` with the value itself, and plots as `Event::Picture` (SVG, or PNG with
    /// `format="png"`) instead of text drawings. Off by default.
    ///
    /// ```
    /// let (tx, rx) = std::sync::mpsc::channel();
    /// let mut la = la::Interpreter::with_sink(Box::new(move |e| tx.send(e).unwrap()));
    /// la.set_rich_output(true);
    /// la.run("<doc>", "x = 2\nplot([1, 4, 9])").unwrap();
    /// assert!(matches!(rx.recv().unwrap(), la::Event::Shown { name, .. } if name == "x"));
    /// assert!(matches!(rx.recv().unwrap(), la::Event::Picture { mime: "image/svg+xml", .. }));
    /// ```
    pub fn set_rich_output(&mut self, on: bool) {
        self.host.rich = on;
    }

    /// A flag another thread can set to stop the running program with an "interrupted"
    /// error at the next loop iteration or call.
    ///
    /// ```
    /// let mut la = la::Interpreter::new();
    /// let stop = la.interrupt_handle();
    /// let worker = std::thread::spawn(move || la.run("<doc>", "while true { }"));
    /// stop.store(true, std::sync::atomic::Ordering::Relaxed);
    /// assert_eq!(worker.join().unwrap().unwrap_err().message(), "interrupted");
    /// ```
    pub fn interrupt_handle(&self) -> Arc<AtomicBool> {
        Arc::clone(&self.interrupt)
    }

    /// Grows the symbol-indexed tables to cover every interned name.
    fn sync_tables(&mut self) {
        let n = self.names.len();
        self.host.globals.resize(n);
        self.functions.resize(n, None);
        self.host_functions.resize(n, None);
        while self.builtins.len() < n {
            let symbol = Symbol(self.builtins.len() as u32);
            let name = self.names.name(symbol);
            self.builtins
                .push(builtins::lookup(name).filter(|_| self.with_builtins));
            self.constants.push(constant(name));
        }
    }

    fn emit_show(&mut self, name: &str, value: &Value) {
        let text = crate::format::show(name, value, self.host.format);
        let event = if self.host.rich {
            Event::Shown {
                name: name.to_string(),
                value: value.clone(),
                text,
                format: self.host.format,
            }
        } else {
            Event::Text(text)
        };
        (self.host.sink)(event);
    }

    /// Counts one operation (a loop iteration or a call) and stops the run if it is over
    /// its operation budget or was interrupted; every 1024 operations it also looks at the
    /// deadline.
    #[inline]
    pub(super) fn tick(&mut self, span: Span) -> Fallible<()> {
        self.operations += 1;
        if self.operations > self.host.limits.max_operations
            || self.operations.is_multiple_of(1024)
            || self.interrupt.load(Ordering::Relaxed)
        {
            return self.tick_checks(span);
        }
        Ok(())
    }

    /// The rarer checks of `tick`: budget, deadline and interrupt.
    #[cold]
    fn tick_checks(&mut self, span: Span) -> Fallible<()> {
        if self.operations > self.host.limits.max_operations {
            return Err(Diagnostic::error(
                ErrorKind::Limit,
                span,
                format!(
                    "operation limit: more than {} loop iterations and calls",
                    self.host.limits.max_operations
                ),
            )
            .label(span, "the limit was reached here")
            .boxed());
        }
        if let Some(deadline) = self
            .deadline
            .filter(|_| self.operations.is_multiple_of(1024))
        {
            if Instant::now() > deadline {
                let allowed = self.host.limits.deadline.unwrap_or_default();
                return Err(Diagnostic::error(
                    ErrorKind::Limit,
                    span,
                    format!("time limit: the program ran longer than {allowed:?}"),
                )
                .label(span, "stopped here")
                .boxed());
            }
        }
        if self.interrupt.load(Ordering::Relaxed) {
            self.interrupt.store(false, Ordering::Relaxed);
            return Err(Diagnostic::error(ErrorKind::Limit, span, "interrupted")
                .label(span, "stopped here")
                .boxed());
        }
        Ok(())
    }
}

/// The predefined constants; a variable of the same name hides them.
pub(super) fn constant(name: &str) -> Option<f64> {
    match name {
        "pi" => Some(std::f64::consts::PI),
        "e" => Some(std::f64::consts::E),
        "inf" | "Inf" => Some(f64::INFINITY),
        "nan" | "NaN" => Some(f64::NAN),
        _ => None,
    }
}

/// True when a caught panic is faer (or a collection) failing to allocate: the system
/// refused memory that the limits allowed, which is the user's situation, not a bug.
fn is_allocation_failure(panic: &(dyn std::any::Any + Send)) -> bool {
    let text = panic
        .downcast_ref::<String>()
        .map(String::as_str)
        .or_else(|| panic.downcast_ref::<&str>().copied())
        .unwrap_or_default();
    ["AllocError", "CapacityOverflow", "capacity overflow"]
        .iter()
        .any(|sign| text.contains(sign))
}
