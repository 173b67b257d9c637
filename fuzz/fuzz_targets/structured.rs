//! Structure-aware fuzzing: `arbitrary` builds a program from statements and expressions that
//! are valid syntax by construction (names from a small set, every operator, every builtin,
//! indexing, loops with small bounds, user functions), prints it as source text and runs it
//! under `Limits::strict()`, so most inputs get past the parser and deep into the evaluator.
#![no_main]

use std::fmt::Write;
use std::sync::OnceLock;

use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;

/// Deepest expression nesting printed; deeper parts become a leaf.
const MAX_DEPTH: usize = 6;
/// Deepest block nesting printed.
const MAX_BLOCK_DEPTH: usize = 3;
/// Longest statement list printed per block (the top level gets twice as many).
const MAX_STATEMENTS: usize = 8;

const NAMES: &[&str] = &[
    "x", "y", "A", "B", "v", "i", "s", "e", "pi", "ans", "nan", "inf",
];
const FUNCTIONS: &[&str] = &["f", "g", "h", "sum", "max"];
/// The variables every generated program starts with (a scalar, real and complex matrices,
/// a row with NaN, a string), so operations reach the matrix code. Run once; each input
/// gets copies through `Interpreter::set`, which costs no parsing.
const PRELUDE: &str = "x = 2; y = [1, 2, 3]; A = [[1, 2], [3, 4]]; B = [[1i, 2], [3, 4 - 1i]]; \
v = [[1, -2, nan]]; i = 3; s = \"s\";";
const PRELUDE_NAMES: &[&str] = &["x", "y", "A", "B", "v", "i", "s"];

fn prelude() -> Vec<(&'static str, la::Value)> {
    let mut la = la::Interpreter::new();
    la.run("<prelude>", PRELUDE).expect("the prelude runs");
    PRELUDE_NAMES
        .iter()
        .map(|&n| (n, la.get(n).expect("the prelude sets it").clone()))
        .collect()
}

thread_local! {
    static PRELUDE_VALUES: Vec<(&'static str, la::Value)> = prelude();
}

#[derive(Arbitrary, Debug)]
struct Program {
    statements: Vec<Stmt>,
}

#[derive(Arbitrary, Debug)]
enum Stmt {
    Expr(Expr, bool),
    Assign(u8, AssignOp, Expr),
    IndexAssign(u8, Vec<Index>, AssignOp, Expr),
    Destructure(u8, u8, Expr),
    If(Expr, Vec<Stmt>, Option<Vec<Stmt>>),
    For(u8, Expr, Vec<Stmt>),
    ForRange(u8, u8, u8, Vec<Stmt>),
    While(Expr, u8, Vec<Stmt>),
    Fn(u8, u8, FnBody),
    Break,
    Continue,
    Return(Option<Expr>),
}

#[derive(Arbitrary, Debug)]
enum FnBody {
    Expr(Expr),
    Block(Vec<Stmt>),
}

#[derive(Arbitrary, Debug, Clone, Copy)]
enum AssignOp {
    Set,
    Add,
    Sub,
    Mul,
    Div,
}

#[derive(Arbitrary, Debug)]
enum Expr {
    Number(Number),
    Imaginary(Number),
    Name(u8),
    Bool(bool),
    Str(u8),
    End,
    Row(Vec<Expr>),
    Matrix(Vec<Vec<Expr>>),
    Column(Vec<Expr>),
    Range(Box<Expr>, Option<Box<Expr>>, Box<Expr>),
    Binary(BinOp, Box<Expr>, Box<Expr>),
    Unary(UnOp, Box<Expr>),
    Postfix(Box<Expr>, PostOp),
    Call(u8, Vec<Expr>, Option<(u8, Box<Expr>)>),
    UserCall(u8, Vec<Expr>),
    Index(Box<Expr>, Vec<Index>),
    Paren(Box<Expr>),
}

#[derive(Arbitrary, Debug)]
enum Index {
    Colon,
    Expr(Expr),
}

#[derive(Arbitrary, Debug, Clone, Copy)]
enum Number {
    Small(u8),
    Int(i32),
    Float(f64),
    Nan,
    Inf,
    NegInf,
    NegZero,
    Huge,
    Overflow,
    Tiny,
    Half,
}

#[derive(Arbitrary, Debug, Clone, Copy)]
enum BinOp {
    Add,
    Sub,
    Mul,
    Div,
    LeftDiv,
    Pow,
    DotAdd,
    DotSub,
    DotMul,
    DotDiv,
    DotPow,
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
    And,
    Or,
}

#[derive(Arbitrary, Debug, Clone, Copy)]
enum UnOp {
    Neg,
    Plus,
    Not,
}

#[derive(Arbitrary, Debug, Clone, Copy)]
enum PostOp {
    Adjoint,
    Transpose,
}

/// Builtin names and keywords, read from the table so new builtins are fuzzed too.
fn builtins() -> &'static [(&'static str, &'static [&'static str])] {
    static TABLE: OnceLock<Vec<(&'static str, &'static [&'static str])>> = OnceLock::new();
    TABLE.get_or_init(|| la::builtins::all().map(|b| (b.name, b.keywords)).collect())
}

fn pick<'a>(list: &[&'a str], k: u8) -> &'a str {
    list[k as usize % list.len()]
}

struct Printer {
    out: String,
}

impl Printer {
    fn number(&mut self, n: Number) {
        let out = &mut self.out;
        match n {
            Number::Small(k) => write!(out, "{}", k % 8),
            Number::Int(k) if k < 0 => write!(out, "(-{})", k.unsigned_abs()),
            Number::Int(k) => write!(out, "{k}"),
            Number::Float(x) if x.is_nan() => write!(out, "nan"),
            Number::Float(x) if x.is_infinite() => {
                write!(out, "({}inf)", if x < 0.0 { "-" } else { "" })
            }
            Number::Float(x) if x.is_sign_negative() => write!(out, "(-{:?})", -x),
            Number::Float(x) => write!(out, "{x:?}"),
            Number::Nan => write!(out, "NaN"),
            Number::Inf => write!(out, "Inf"),
            Number::NegInf => write!(out, "(-inf)"),
            Number::NegZero => write!(out, "(-0)"),
            Number::Huge => write!(out, "1e308"),
            Number::Overflow => write!(out, "1e400"),
            Number::Tiny => write!(out, "5e-324"),
            Number::Half => write!(out, "0.5"),
        }
        .unwrap();
    }

    /// A literal that is a plain number token (for `2i` and friends).
    fn unsigned(&mut self, n: Number) {
        let out = &mut self.out;
        match n {
            Number::Small(k) => write!(out, "{}", k % 8),
            Number::Int(k) => write!(out, "{}", k.unsigned_abs()),
            Number::Float(x) if x.is_finite() => write!(out, "{:?}", x.abs()),
            Number::Huge => write!(out, "1e308"),
            Number::Overflow => write!(out, "1e400"),
            Number::Tiny => write!(out, "5e-324"),
            Number::Half => write!(out, ".5"),
            _ => write!(out, "0"),
        }
        .unwrap();
    }

    fn list(&mut self, items: &[Expr], max: usize, depth: usize) {
        for (k, item) in items.iter().take(max).enumerate() {
            if k > 0 {
                self.out.push_str(", ");
            }
            self.expr(item, depth + 1);
        }
    }

    fn expr(&mut self, e: &Expr, depth: usize) {
        if depth > MAX_DEPTH {
            // A leaf keeps deep trees valid syntax without nesting further.
            return match e {
                Expr::Name(k) => self.out.push_str(pick(NAMES, *k)),
                Expr::Number(n) => self.number(*n),
                _ => self.out.push('1'),
            };
        }
        match e {
            Expr::Number(n) => self.number(*n),
            Expr::Imaginary(n) => {
                self.unsigned(*n);
                self.out.push('i');
            }
            Expr::Name(k) => self.out.push_str(pick(NAMES, *k)),
            Expr::Bool(b) => self.out.push_str(if *b { "true" } else { "false" }),
            Expr::Str(k) => self
                .out
                .push_str(["\"\"", "\"a\"", "\"a\\tb\\n\"", "\"#\""][*k as usize % 4]),
            Expr::End => self.out.push_str("end"),
            Expr::Row(items) => {
                self.out.push_str("[[");
                self.list(items, 4, depth);
                self.out.push_str("]]");
            }
            Expr::Matrix(rows) => {
                self.out.push('[');
                for (k, row) in rows.iter().take(4).enumerate() {
                    if k > 0 {
                        self.out.push_str(", ");
                    }
                    self.out.push('[');
                    self.list(row, 4, depth);
                    self.out.push(']');
                }
                self.out.push(']');
            }
            Expr::Column(items) => {
                self.out.push('[');
                self.list(items, 4, depth);
                self.out.push(']');
            }
            Expr::Range(a, step, b) => {
                self.out.push('(');
                self.expr(a, depth + 1);
                if let Some(step) = step {
                    self.out.push(':');
                    self.expr(step, depth + 1);
                }
                self.out.push(':');
                self.expr(b, depth + 1);
                self.out.push(')');
            }
            Expr::Binary(op, a, b) => {
                let op = match op {
                    BinOp::Add => "+",
                    BinOp::Sub => "-",
                    BinOp::Mul => "*",
                    BinOp::Div => "/",
                    BinOp::LeftDiv => "\\",
                    BinOp::Pow => "^",
                    BinOp::DotAdd => ".+",
                    BinOp::DotSub => ".-",
                    BinOp::DotMul => ".*",
                    BinOp::DotDiv => "./",
                    BinOp::DotPow => ".^",
                    BinOp::Eq => "==",
                    BinOp::Ne => "!=",
                    BinOp::Lt => "<",
                    BinOp::Le => "<=",
                    BinOp::Gt => ">",
                    BinOp::Ge => ">=",
                    BinOp::And => "&&",
                    BinOp::Or => "||",
                };
                self.out.push('(');
                self.expr(a, depth + 1);
                write!(self.out, " {op} ").unwrap();
                self.expr(b, depth + 1);
                self.out.push(')');
            }
            Expr::Unary(op, a) => {
                self.out.push_str(match op {
                    UnOp::Neg => "-",
                    UnOp::Plus => "+",
                    UnOp::Not => "!",
                });
                self.out.push('(');
                self.expr(a, depth + 1);
                self.out.push(')');
            }
            Expr::Postfix(a, op) => {
                self.out.push('(');
                self.expr(a, depth + 1);
                self.out.push(')');
                self.out.push_str(match op {
                    PostOp::Adjoint => "'",
                    PostOp::Transpose => ".'",
                });
            }
            Expr::Call(k, args, keyword) => {
                let (name, keywords) = builtins()[*k as usize % builtins().len()];
                write!(self.out, "{name}(").unwrap();
                self.list(args, 3, depth);
                if let Some((kw, value)) = keyword {
                    let kw = if keywords.is_empty() {
                        "dim"
                    } else {
                        pick(keywords, *kw)
                    };
                    if !args.is_empty() {
                        self.out.push_str(", ");
                    }
                    write!(self.out, "{kw}=").unwrap();
                    self.expr(value, depth + 1);
                }
                self.out.push(')');
            }
            Expr::UserCall(k, args) => {
                write!(self.out, "{}(", pick(FUNCTIONS, *k)).unwrap();
                self.list(args, 3, depth);
                self.out.push(')');
            }
            Expr::Index(a, indices) => {
                self.out.push('(');
                self.expr(a, depth + 1);
                self.out.push_str(")[");
                self.indices(indices, depth);
                self.out.push(']');
            }
            Expr::Paren(a) => {
                self.out.push('(');
                self.expr(a, depth + 1);
                self.out.push(')');
            }
        }
    }

    fn indices(&mut self, indices: &[Index], depth: usize) {
        if indices.is_empty() {
            self.out.push(':');
        }
        for (k, index) in indices.iter().take(2).enumerate() {
            if k > 0 {
                self.out.push_str(", ");
            }
            match index {
                Index::Colon => self.out.push(':'),
                Index::Expr(e) => self.expr(e, depth + 1),
            }
        }
    }

    fn block(&mut self, statements: &[Stmt], depth: usize, indent: usize) {
        self.out.push_str("{\n");
        self.statements(statements, MAX_STATEMENTS / 2, depth + 1, indent + 1);
        self.out.push_str(&"    ".repeat(indent));
        self.out.push('}');
    }

    fn statements(&mut self, statements: &[Stmt], max: usize, depth: usize, indent: usize) {
        for s in statements.iter().take(max) {
            self.out.push_str(&"    ".repeat(indent));
            self.stmt(s, depth, indent);
            self.out.push('\n');
        }
    }

    fn assign_op(&mut self, op: AssignOp) {
        self.out.push_str(match op {
            AssignOp::Set => " = ",
            AssignOp::Add => " += ",
            AssignOp::Sub => " -= ",
            AssignOp::Mul => " *= ",
            AssignOp::Div => " /= ",
        });
    }

    fn stmt(&mut self, s: &Stmt, depth: usize, indent: usize) {
        let nested = depth >= MAX_BLOCK_DEPTH;
        match s {
            Stmt::Expr(e, silent) => {
                self.expr(e, 0);
                if *silent {
                    self.out.push(';');
                }
            }
            Stmt::Assign(k, op, e) => {
                self.out.push_str(pick(NAMES, *k));
                self.assign_op(*op);
                self.expr(e, 0);
            }
            Stmt::IndexAssign(k, indices, op, e) => {
                write!(self.out, "{}[", pick(NAMES, *k)).unwrap();
                self.indices(indices, 0);
                self.out.push(']');
                self.assign_op(*op);
                self.expr(e, 0);
            }
            Stmt::Destructure(a, b, e) => {
                write!(self.out, "{}, {} = ", pick(NAMES, *a), pick(NAMES, *b)).unwrap();
                self.expr(e, 0);
            }
            Stmt::If(cond, then, otherwise) => {
                self.out.push_str("if ");
                self.expr(cond, 1);
                self.out.push(' ');
                self.block(if nested { &[] } else { then }, depth, indent);
                if let Some(otherwise) = otherwise {
                    self.out.push_str(" else ");
                    self.block(if nested { &[] } else { otherwise }, depth, indent);
                }
            }
            Stmt::For(k, e, body) => {
                write!(self.out, "for {} in ", pick(NAMES, *k)).unwrap();
                self.expr(e, 1);
                self.out.push(' ');
                self.block(if nested { &[] } else { body }, depth, indent);
            }
            Stmt::ForRange(k, a, b, body) => {
                write!(self.out, "for {} in ", pick(NAMES, *k)).unwrap();
                write!(self.out, "{}:{}", a % 8, b % 8).unwrap();
                self.out.push(' ');
                self.block(if nested { &[] } else { body }, depth, indent);
            }
            Stmt::While(cond, bound, body) => {
                // A counter per block depth keeps every loop short.
                let counter = format!("w{depth}");
                write!(
                    self.out,
                    "{counter} = 0; while {counter} < {} && (",
                    bound % 8
                )
                .unwrap();
                self.expr(cond, 1);
                write!(self.out, ") {{ {counter} += 1\n").unwrap();
                self.statements(
                    if nested { &[] } else { body },
                    MAX_STATEMENTS / 2,
                    depth + 1,
                    indent + 1,
                );
                self.out.push_str(&"    ".repeat(indent));
                self.out.push('}');
            }
            Stmt::Fn(k, arity, body) => {
                let params = ["x", "y", "A"][..(*arity % 4) as usize].join(", ");
                write!(self.out, "fn {}({params}) ", pick(FUNCTIONS, *k)).unwrap();
                match body {
                    FnBody::Expr(e) => {
                        self.out.push_str("= ");
                        self.expr(e, 0);
                    }
                    FnBody::Block(body) => {
                        self.block(if nested { &[] } else { body }, depth, indent)
                    }
                }
            }
            Stmt::Break => self.out.push_str("break"),
            Stmt::Continue => self.out.push_str("continue"),
            Stmt::Return(value) => {
                self.out.push_str("return");
                if let Some(value) = value {
                    self.out.push(' ');
                    self.expr(value, 0);
                }
            }
        }
    }
}

fuzz_target!(|program: Program| {
    let mut printer = Printer { out: String::new() };
    printer.statements(&program.statements, 2 * MAX_STATEMENTS, 0, 0);
    let text = printer.out;
    // `LA_FUZZ_SHOW=1 .../structured crash-...` prints the program before running it, which
    // is how a crash found here becomes a `.la` file.
    if std::env::var_os("LA_FUZZ_SHOW").is_some() {
        eprintln!("--- program ---\n{text}--- end ---");
    }
    let mut la = la::Interpreter::new();
    la.set_limits(la::Limits::strict());
    PRELUDE_VALUES.with(|values| {
        for (name, value) in values {
            la.set(name, value.clone());
        }
    });
    if let Err(error) = la.run("<structured>", &text) {
        let report = error.render(false);
        assert!(
            error.kind() != la::ErrorKind::Internal,
            "internal error for\n{text}\n{report}"
        );
    }
});
