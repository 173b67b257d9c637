//! The checker's calls: builtins through the shape rules their table rows state (with the
//! argument-count check the run makes), sizes read with `size` as named dimensions, and
//! user functions followed into at each call with the arguments' shapes, a few calls deep.

use super::abs::{Abs, Dim, Dims, Val};
use super::{Checker, MAX_CALL_DEPTH};
use crate::builtins::{self, Builtin, ShapeArg, ShapeCall, ShapeRule};
use crate::signature::GivenKeyword;
use crate::source::Span;
use crate::syntax::ast::{Expr, ExprKind, FnDef, Keyword, StmtKind};

impl Checker<'_> {
    pub(super) fn call(
        &mut self,
        name: crate::intern::Symbol,
        span: Span,
        args: &[Expr],
        keywords: &[Keyword],
    ) -> Abs {
        let variable = self.vars.get(&name).filter(|v| **v != Abs::Func);
        if variable.is_none() {
            if let Some(def) = self.defs.get(&name).copied() {
                if def.name.span.start < span.start || def.name.span.source != span.source {
                    return self.call_user(def, name, span, args, keywords);
                }
            }
        }
        let user = self.functions.contains(&name) || variable.is_some();
        let builtin = builtins::lookup(self.names.name(name)).filter(|_| !user);
        let Some(builtin) = builtin else {
            for a in args {
                self.expr(a);
            }
            for k in keywords {
                self.expr(&k.value);
            }
            return Abs::Unknown;
        };
        self.call_builtin(builtin, span, args, keywords)
    }

    fn call_builtin(
        &mut self,
        builtin: &'static Builtin,
        span: Span,
        args: &[Expr],
        keywords: &[Keyword],
    ) -> Abs {
        let values: Vec<Abs> = args.iter().map(|a| self.expr(a)).collect();
        let kw_values: Vec<Abs> = keywords.iter().map(|k| self.expr(&k.value)).collect();
        // The run's own argument-count and keyword check.
        let fits =
            args.len() >= builtin.min_args && args.len() <= builtin.max_args && keywords.is_empty();
        if !fits {
            let given = self.given(keywords);
            if let Err(d) = builtin.call_signature().check(args.len(), &given, span) {
                self.report(d);
                return Abs::Unknown;
            }
        }
        match builtin.name {
            "size" | "rows" | "cols" | "numel" | "length" => {
                if let Some(v) = self.size_of(builtin.name, args, &values) {
                    return v;
                }
            }
            "source" => {
                // A sourced file may assign anything.
                for v in self.vars.values_mut() {
                    *v = Abs::Unknown;
                }
                return Abs::Unknown;
            }
            "load" => return self.loaded(args),
            _ => {}
        }
        let shape_arg = |(v, span): (&Abs, Span)| ShapeArg {
            shape: v.shape(),
            real: matches!(v, Abs::Real(..)),
            value: v.value(),
            function: *v == Abs::Func,
            span,
        };
        let shape_args: Vec<ShapeArg> = values
            .iter()
            .zip(args.iter().map(|a| a.span))
            .map(shape_arg)
            .collect();
        let kw_names: Vec<&str> = keywords.iter().map(|k| self.names.name(k.name)).collect();
        let kw_args: Vec<(&str, ShapeArg)> = kw_names
            .iter()
            .zip(kw_values.iter().zip(keywords.iter().map(|k| k.value.span)))
            .map(|(n, a)| (*n, shape_arg(a)))
            .collect();
        let call = ShapeCall {
            name: builtin.name,
            span,
            args: &shape_args,
            keywords: &kw_args,
        };
        let like = |i: usize| matches!(values.get(i), Some(Abs::Real(..)));
        if let ShapeRule::LikeArg(i) = builtin.shape {
            if !like(i) {
                return Abs::Unknown;
            }
        }
        match builtin.shape.result(&call) {
            Err(d) => {
                self.report(d);
                Abs::Unknown
            }
            Ok(Some(shape)) => Abs::of_shape(shape),
            Ok(None) => symbolic(builtin.shape, &values, &kw_names, &kw_values),
        }
    }

    /// A call's keywords, as the signature check reads them.
    fn given(&self, keywords: &[Keyword]) -> Vec<GivenKeyword<'_>> {
        keywords
            .iter()
            .map(|k| GivenKeyword {
                name: self.names.name(k.name),
                span: k.name_span,
            })
            .collect()
    }

    /// `size(A)`, `size(A, d)`, `rows(A)`, `numel(A)`...: the known number, or the named
    /// dimension as a size (`n = size(X, 1)` names it `n`). A dimension not known at all
    /// gets a name here when A is a variable, so later reads of it agree.
    fn size_of(&mut self, which: &str, args: &[Expr], values: &[Abs]) -> Option<Abs> {
        let dims = self.named_dims(args.first()?, *values.first()?)?;
        let size = |d: Dim| match d {
            Dim::Known(n) => Abs::num(n as f64),
            Dim::Sym(id) => Abs::Real(Dims::SCALAR, Val::Size(id)),
            Dim::Any => Abs::real(Dims::SCALAR),
        };
        let product = |d: Dims| match (d.rows, d.cols) {
            (Dim::Known(r), Dim::Known(c)) => Abs::num((r * c) as f64),
            (Dim::Known(1), n) | (n, Dim::Known(1)) => size(n),
            _ => Abs::real(Dims::SCALAR),
        };
        Some(match (which, values.get(1)) {
            ("size", None) => Abs::real(Dims::new(Dim::Known(1), Dim::Known(2))),
            ("size", Some(d)) => match d.value() {
                Some(1.0) => size(dims.rows),
                Some(2.0) => size(dims.cols),
                _ => return None,
            },
            ("rows", _) => size(dims.rows),
            ("cols", _) => size(dims.cols),
            ("numel", _) => product(dims),
            _ => return None,
        })
    }

    /// The dimensions of `v` (the value of `e`), each unknown one given a name when `e` is
    /// a variable whose value is a real matrix of unknown shape.
    fn named_dims(&mut self, e: &Expr, v: Abs) -> Option<Dims> {
        let mut dims = v.dims()?;
        if let (ExprKind::Name(name), Abs::Real(..)) = (&e.kind, v) {
            let text = self.names.name(*name).to_string();
            if dims.rows == Dim::Any {
                dims.rows = Dim::Sym(self.symbols.fresh(format!("rows({text})")));
            }
            if dims.cols == Dim::Any {
                dims.cols = Dim::Sym(self.symbols.fresh(format!("cols({text})")));
            }
            self.vars.insert(*name, Abs::real(dims));
        }
        Some(dims)
    }

    /// What `a, b, ... = value` gives each target: the sizes of `m, n = size(A)`, else
    /// unknown.
    pub(super) fn destructure(&mut self, value: &Expr, count: usize) -> Vec<Abs> {
        if let ExprKind::Call {
            name,
            args,
            keywords,
            ..
        } = &value.kind
        {
            let is_size = self.names.name(*name) == "size"
                && !self.functions.contains(name)
                && !self.vars.contains_key(name)
                && args.len() == 1
                && keywords.is_empty()
                && count == 2;
            if is_size {
                let v = self.expr(&args[0]);
                if let Some(dims) = self.named_dims(&args[0], v) {
                    let size = |d: Dim| match d {
                        Dim::Known(n) => Abs::num(n as f64),
                        Dim::Sym(id) => Abs::Real(Dims::SCALAR, Val::Size(id)),
                        Dim::Any => Abs::real(Dims::SCALAR),
                    };
                    return vec![size(dims.rows), size(dims.cols)];
                }
                return vec![Abs::Unknown; count];
            }
        }
        self.expr(value);
        vec![Abs::Unknown; count]
    }

    /// `load(file)`: a matrix whose dimensions are named (`rows(X)` once assigned to X), or
    /// read from the file's header when the checker may read files, the file exists now and
    /// its header says.
    fn loaded(&mut self, args: &[Expr]) -> Abs {
        let shape = match (args, self.files) {
            (
                [Expr {
                    kind: ExprKind::Str(path),
                    span,
                    ..
                }],
                Some(files),
            ) => files
                .resolve(path, crate::files::Purpose::Read, *span)
                .ok()
                .and_then(|p| crate::data::peek_shape(&p)),
            _ => None,
        };
        if args.len() != 1 {
            // Arrays by name: several values.
            return Abs::Unknown;
        }
        let (rows, cols) = shape.unwrap_or((None, None));
        let mut dim = |d: Option<usize>| match d {
            Some(n) => Dim::Known(n),
            None => Dim::Sym(self.symbols.fresh_unnamed()),
        };
        let rows = dim(rows);
        Abs::real(Dims::new(rows, dim(cols)))
    }

    /// A user function at one call: the run's argument-count check, then its body with the
    /// arguments' values, its errors labelled at this call. Deeper than a few calls, or
    /// recursing, the result is unknown.
    fn call_user(
        &mut self,
        def: &FnDef,
        name: crate::intern::Symbol,
        span: Span,
        args: &[Expr],
        keywords: &[Keyword],
    ) -> Abs {
        let signature = crate::eval::user_signature(def, name, self.names);
        if !keywords.is_empty() {
            let given = self.given(keywords);
            if let Err(d) = signature.check(args.len(), &given, span) {
                self.report(d);
            }
            return Abs::Unknown;
        }
        if args.len() != def.params.len() {
            if let Err(d) = signature.check(args.len(), &[], span) {
                self.report(d);
            }
            return Abs::Unknown;
        }
        let values: Vec<Abs> = args.iter().map(|a| self.expr(a)).collect();
        let recursing = self.calls.iter().any(|(n, _)| *n == name);
        if self.calls.len() >= MAX_CALL_DEPTH || recursing || self.spent() {
            return Abs::Unknown;
        }
        let vars = std::mem::take(&mut self.vars);
        let returns = self.returns.take();
        let recording = std::mem::replace(&mut self.recording, false);
        for (p, v) in def.params.iter().zip(&values) {
            self.vars.insert(p.name, *v);
        }
        self.calls.push((name, span));
        self.block(&def.body.statements);
        self.calls.pop();
        let falls_through = !matches!(
            def.body.statements.last().map(|s| &s.kind),
            Some(StmtKind::Return(_))
        );
        let last = match def.body.statements.last().map(|s| &s.kind) {
            Some(StmtKind::Expr(_)) => self.last,
            _ => Abs::Unknown,
        };
        let result = match self.returns {
            None => last,
            Some(r) if !falls_through => r,
            Some(r) => super::abs::join_values(r, last),
        };
        self.vars = vars;
        self.returns = returns;
        self.recording = recording;
        self.last = Abs::Unknown;
        result
    }
}

/// A rule's result where some shapes are named rather than known.
fn symbolic(rule: ShapeRule, values: &[Abs], keywords: &[&str], kw_values: &[Abs]) -> Abs {
    let dims = |i: usize| match values.get(i) {
        Some(Abs::Real(d, _)) => Some(*d),
        _ => None,
    };
    let size = |v: Option<&Abs>| match v.copied() {
        Some(Abs::Real(d, Val::Num(x))) if d.is_scalar() => builtins::count(x).map(Dim::Known),
        Some(Abs::Real(d, Val::Size(id))) if d.is_scalar() => Some(Dim::Sym(id)),
        _ => None,
    };
    let found = match rule {
        ShapeRule::LikeArg(i) => dims(i),
        ShapeRule::Transposed(i) => dims(i).map(Dims::transposed),
        ShapeRule::Sized { square } => match values.len() {
            1 => size(values.first()).map(|n| Dims::new(n, if square { n } else { Dim::Known(1) })),
            2 => size(values.first())
                .zip(size(values.get(1)))
                .map(|(m, n)| Dims::new(m, n)),
            _ => None,
        },
        ShapeRule::Reduce { positional } => {
            let dim = match keywords.iter().position(|k| *k == "dim") {
                Some(k) if values.len() == 1 => Some(kw_values[k].value()),
                Some(_) => return Abs::Unknown,
                None if values.len() == 2 && positional => Some(values[1].value()),
                None if values.len() == 2 => {
                    return match (dims(0), dims(1)) {
                        (Some(a), Some(b)) => Abs::real(super::expr::broadcast_dims(a, b)),
                        _ => Abs::Unknown,
                    }
                }
                None if values.len() == 1 => None,
                None => return Abs::Unknown,
            };
            match (dim, dims(0)) {
                (None, _) => Some(Dims::SCALAR),
                (Some(Some(1.0)), Some(a)) => Some(Dims::new(Dim::Known(1), a.cols)),
                (Some(Some(2.0)), Some(a)) => Some(Dims::new(a.rows, Dim::Known(1))),
                _ => None,
            }
        }
        ShapeRule::Scalar => Some(Dims::SCALAR),
        _ => None,
    };
    found.map_or(Abs::Unknown, Abs::real)
}
