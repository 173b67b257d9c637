//! Calls: user functions (which shadow builtins of the same name) run in a fresh frame;
//! builtins get their evaluated arguments with spans through the table's checks.

use std::sync::Arc;

use super::env::Frame;
use super::Interpreter;
use crate::builtins::{self, Arg, Call, KwArg};
use crate::diagnostic::{Diagnostic, ErrorKind, Fallible};
use crate::host_function::HostFunction;
use crate::intern::Symbol;
use crate::signature::{GivenKeyword, Signature};
use crate::source::Span;
use crate::syntax::ast::{Expr, Keyword};
use crate::value::Value;

impl Interpreter {
    /// Calls `name`. `outputs` is how many results the caller destructures. `Ok(None)` is a
    /// call that gives no value.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn call(
        &mut self,
        name: Symbol,
        name_span: Span,
        span: Span,
        args: &[Expr],
        keywords: &[Keyword],
        outputs: usize,
        frame: &mut Frame,
    ) -> Fallible<Option<Value>> {
        self.tick(span)?;
        if let Some(Value::Function(f)) = self.read(name, frame) {
            let f = Arc::clone(f);
            if !keywords.is_empty() {
                let text = self.names.name(name);
                Signature {
                    name: text,
                    usage: format!("{text}(...)"),
                    min_args: 0,
                    max_args: usize::MAX,
                    keywords: &[],
                    defined: None,
                }
                .check(args.len(), &self.given_keywords(keywords), span)?;
            }
            let mut values = Vec::with_capacity(args.len());
            for arg in args {
                let value = self.eval(arg, frame)?;
                values.push(Arg {
                    value,
                    span: arg.span,
                });
            }
            return self.call_value(&f, values, (name, name_span, span), outputs, frame.depth);
        }
        if let Some(Some(function)) = self.functions.get(name.index()) {
            let function = Arc::clone(function);
            return self.call_user(&function, name_span, span, args, keywords, frame);
        }
        if let Some(Some(function)) = self.host_functions.get(name.index()) {
            let function = Arc::clone(function);
            return self
                .call_host(&function, span, args, keywords, frame)
                .map(Some);
        }
        if let Some(Some(builtin)) = self.builtins.get(name.index()) {
            let builtin = *builtin;
            if builtin.name == "dot" && keywords.is_empty() {
                if let Some(x) = self.slice_dot(args, frame) {
                    return Ok(Some(Value::Scalar(x)));
                }
            }
            // Arguments stay alive, and counted, until the builtin has made its result.
            let mark = self.host.temporaries;
            let mut evaluated = Vec::with_capacity(args.len());
            let logical = builtins::keeps_logical(builtin);
            for arg in args {
                // Builtins see a logical matrix as its 0/1 matrix (`sum(A > 0)` counts).
                let value = self.eval(arg, frame)?;
                let value = if logical { value } else { value.numeric() };
                self.host.hold(&value);
                evaluated.push(Arg {
                    value,
                    span: arg.span,
                });
            }
            let mut named = Vec::with_capacity(keywords.len());
            for kw in keywords {
                let value = self.eval(&kw.value, frame)?;
                self.host.hold(&value);
                named.push(KwArg {
                    name: self.names.name(kw.name).to_string(),
                    name_span: kw.name_span,
                    value,
                    span: kw.value.span,
                });
            }
            self.builtin_depth = frame.depth;
            let mut call = Call {
                name: builtin.name,
                span,
                args: evaluated,
                keywords: named,
                outputs,
                ctx: self,
            };
            let result = builtins::invoke(builtin, &mut call);
            self.host.temporaries = mark;
            return result;
        }
        Err(self.unknown_function(name, name_span, frame))
    }

    fn call_user(
        &mut self,
        function: &Arc<super::Function>,
        name_span: Span,
        span: Span,
        args: &[Expr],
        keywords: &[Keyword],
        frame: &mut Frame,
    ) -> Fallible<Option<Value>> {
        let def = &function.def;
        if !keywords.is_empty() {
            self.signature_of(def, def.name.name).check(
                args.len(),
                &self.given_keywords(keywords),
                span,
            )?;
        }
        let call = (def.name.name, name_span, span);
        let mut callee = self.enter(function, args.len(), call, frame.depth)?;
        for (param, arg) in def.params.iter().zip(args) {
            let value = self.eval(arg, frame)?;
            self.write(param.name, value, &mut callee);
        }
        self.run_frame(function, callee, (call.0, span))
    }

    fn call_host(
        &mut self,
        function: &HostFunction,
        span: Span,
        args: &[Expr],
        keywords: &[Keyword],
        frame: &mut Frame,
    ) -> Fallible<Value> {
        let name = &function.name;
        if !keywords.is_empty() || function.arity.is_some_and(|n| n != args.len()) {
            let (min_args, max_args, usage) = match function.arity {
                Some(n) => {
                    let params: Vec<String> = (1..=n).map(|k| format!("x{k}")).collect();
                    (n, n, format!("{name}({})", params.join(", ")))
                }
                None => (0, usize::MAX, format!("{name}(...)")),
            };
            Signature {
                name,
                usage,
                min_args,
                max_args,
                keywords: &[],
                defined: None,
            }
            .check(args.len(), &self.given_keywords(keywords), span)?;
        }
        let mark = self.host.temporaries;
        let mut values = Vec::with_capacity(args.len());
        for arg in args {
            let value = self.eval(arg, frame)?.numeric();
            self.host.hold(&value);
            values.push(value);
        }
        let result = (function.call)(&values).map_err(|message| {
            Diagnostic::error(ErrorKind::Host, span, format!("`{name}` failed: {message}"))
                .label(span, "in this call")
                .boxed()
        })?;
        let checked = match &result {
            Value::Matrix(m) => self.host.check_alloc(m.nrows(), m.ncols(), span),
            _ => Ok(()),
        };
        self.host.temporaries = mark;
        checked.map(|()| result)
    }

    /// The keywords of a call, as the signature check reads them.
    fn given_keywords<'a>(&'a self, keywords: &[Keyword]) -> Vec<GivenKeyword<'a>> {
        keywords
            .iter()
            .map(|kw| GivenKeyword {
                name: self.names.name(kw.name),
                span: kw.name_span,
            })
            .collect()
    }

    fn unknown_function(&self, name: Symbol, span: Span, frame: &Frame) -> Box<Diagnostic> {
        let text = self.names.name(name);
        if let Some(value) = self.read(name, frame) {
            return Diagnostic::error(
                ErrorKind::Type,
                span,
                format!("`{text}` is a {}, not a function", value.describe()),
            )
            .label(span, "a variable")
            .help(format!("to index it, use square brackets: {text}[...]"))
            .boxed();
        }
        if super::constant(text).is_some() {
            return Diagnostic::error(
                ErrorKind::Type,
                span,
                format!("`{text}` is a constant, not a function"),
            )
            .label(span, "a number")
            .help(format!("to multiply, write `{text} * (...)`"))
            .boxed();
        }
        let mut d = Diagnostic::error(ErrorKind::Name, span, format!("unknown function `{text}`"))
            .label(span, "no function has this name");
        if let Some(help) = self.suggest_name(text, frame, true) {
            d = d.help(help);
        }
        d.boxed()
    }
}
