//! Compiling a loop body into `code`: which variables are registers (scalars) and which are
//! matrices (indexed), and the operations over them. Anything outside the compiled subset
//! (other statements, values that are not real numbers or real matrices, calls of anything
//! but the builtins with real results) declines, and the loop runs in the evaluator. Small
//! matrices, held element by element, are compiled in `small`.

mod ranges;
mod small;

use std::collections::{HashMap, HashSet};

use super::code::{Extent, MatId, Num, Op, Place, Reg, SiteId, Test};
use crate::eval::env::Frame;
use crate::eval::Interpreter;
use crate::intern::Symbol;
use crate::op::{BinaryOp, UnaryOp};
use crate::source::Span;
use crate::syntax::ast::{Block, Expr, ExprKind, Stmt, StmtKind, Target};
use crate::value::Value;
pub use small::SmallVar;

/// Nesting deeper than this declines (the evaluator guards its own stack).
const MAX_DEPTH: u32 = 48;

/// A part of the tree that can fail, which the evaluator reruns to report how.
pub enum Site<'a> {
    /// An assignment.
    Stmt(&'a Stmt),
    /// An `if` or `while` condition.
    Cond(&'a Expr),
    /// The bounds of a `for` range.
    Range {
        start: &'a Expr,
        step: Option<&'a Expr>,
        end: &'a Expr,
    },
}

/// What a register holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Holds {
    /// A scalar variable.
    Scalar(Symbol),
    /// Element k (counted down the columns) of a small matrix variable (`SmallVar`).
    Element(Symbol, usize),
    /// A value a statement computes on the way (always set before it is read).
    Temporary,
}

/// A register.
pub struct RegVar {
    pub holds: Holds,
    /// Whether it holds a number when the loop starts.
    pub start: Option<f64>,
}

/// A matrix variable the loop indexes.
pub struct MatVar {
    pub symbol: Symbol,
    /// Whether the loop writes its elements.
    pub written: bool,
}

/// A compiled `for` loop over a range: its variable's register and its body. Sites are
/// numbered in the order `sites` lists them.
pub struct Compiled {
    pub var: Reg,
    pub body: Vec<Op>,
    pub regs: Vec<RegVar>,
    pub mats: Vec<MatVar>,
    pub smalls: Vec<SmallVar>,
    /// The most matrix elements the evaluator could hold at once for the small matrices
    /// (the variables set in the loop and every value computed on the way), and the most
    /// elements of one: the loop runs compiled only when the memory limits leave that room,
    /// so no limit the evaluator checks can be reached.
    pub room: usize,
    pub largest: usize,
    /// Extents of indexed matrices the code was compiled for (asked as `Query::Extent`,
    /// so the code runs only while they hold; nothing in a compiled loop reshapes a
    /// matrix): an index that is a constant within one needs no check, and a matrix of
    /// one column or one row is read by one index without a test of its shape.
    pub known: Vec<(MatId, Extent, usize)>,
    /// Range ends known to be at most an extent of a matrix (asked as `Query::AtMost`): a
    /// loop variable of a range from 1 or more to one indexes that matrix unchecked.
    pub bounds: Vec<(Limit, MatId, Extent)>,
}

/// What a variable held when the loop was compiled, as far as compiling cares.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Unset,
    Scalar,
    Matrix,
    Function,
    Other,
}

/// One question compiling asked of the variables and functions, with its answer: the same
/// answers now mean compiling again would give the same code.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Query {
    /// What a name holds.
    Kind(Symbol, Kind),
    /// Whether a user or host function has the name.
    Function(Symbol, bool),
    /// The shape of the real matrix a name holds.
    Shape(Symbol, usize, usize),
    /// The rows or columns of the real matrix a name holds.
    Extent(Symbol, Extent, usize),
    /// Whether a range's end, an extent of one matrix or a number a name holds, is at
    /// most an extent of the matrix a name holds.
    AtMost(End, Symbol, Extent, bool),
}

/// Where a range ends, as a question names it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum End {
    /// An extent of the matrix a name holds (`size(X, 1)`).
    Extent(Symbol, Extent),
    /// The number a name holds.
    Value(Symbol),
}

/// Where a range ends, as compiled code names it: an extent of an indexed matrix, or a
/// register the loop never assigns.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Limit {
    Extent(MatId, Extent),
    Reg(Reg),
}

/// What compiling a loop gave, with the questions it asked on the way.
pub struct Verdict {
    pub compiled: Option<Compiled>,
    pub queries: Vec<Query>,
}

/// Compiles the body of `for var in ... { body }` as the variables stand now.
pub fn compile(la: &Interpreter, frame: &Frame, var: Target, body: &Block) -> Verdict {
    let mut c = Compiler {
        la,
        frame,
        names: Names::default(),
        regs: Vec::new(),
        reg_of: HashMap::new(),
        mats: Vec::new(),
        mat_of: HashMap::new(),
        smalls: Vec::new(),
        small_of: HashMap::new(),
        steps: Vec::new(),
        room: 0,
        largest: 0,
        known: Vec::new(),
        bounds: Vec::new(),
        ranges: Vec::new(),
        sites: 0,
        queries: Vec::new(),
    };
    let compiled = c.compile(var, body);
    Verdict {
        compiled,
        queries: c.queries,
    }
}

/// Whether every question `queries` asked has the same answer now.
pub fn still_valid(la: &Interpreter, frame: &Frame, queries: &[Query]) -> bool {
    queries.iter().all(|q| match *q {
        Query::Kind(symbol, kind) => kind_of(la, frame, symbol).0 == kind,
        Query::Function(symbol, is) => user_function(la, symbol) == is,
        Query::Shape(symbol, rows, cols) => shape_of(la, frame, symbol) == Some((rows, cols)),
        Query::Extent(symbol, extent, n) => {
            let shape = shape_of(la, frame, symbol);
            shape.map(|(rows, cols)| if extent == Extent::Rows { rows } else { cols }) == Some(n)
        }
        Query::AtMost(end, symbol, extent, is) => {
            ranges::at_most(la, frame, end, symbol, extent) == is
        }
    })
}

/// The shape of the real matrix `symbol` holds, if it holds one.
fn shape_of(la: &Interpreter, frame: &Frame, symbol: Symbol) -> Option<(usize, usize)> {
    match la.read(symbol, frame) {
        Some(Value::Matrix(m)) => Some((m.nrows(), m.ncols())),
        _ => None,
    }
}

fn kind_of(la: &Interpreter, frame: &Frame, symbol: Symbol) -> (Kind, Option<f64>) {
    match la.read(symbol, frame) {
        None => (Kind::Unset, None),
        Some(Value::Scalar(x)) => (Kind::Scalar, Some(*x)),
        Some(Value::Matrix(_)) => (Kind::Matrix, None),
        Some(Value::Function(_)) => (Kind::Function, None),
        Some(_) => (Kind::Other, None),
    }
}

fn user_function(la: &Interpreter, symbol: Symbol) -> bool {
    matches!(la.functions.get(symbol.index()), Some(Some(_)))
        || matches!(la.host_functions.get(symbol.index()), Some(Some(_)))
}

/// The sites of a loop body, numbered as compiling numbers them.
pub fn sites(block: &Block) -> Vec<Site<'_>> {
    fn walk<'a>(block: &'a Block, out: &mut Vec<Site<'a>>) {
        for stmt in &block.statements {
            match &stmt.kind {
                StmtKind::Assign { .. } | StmtKind::IndexAssign { .. } => {
                    out.push(Site::Stmt(stmt))
                }
                StmtKind::If {
                    branches,
                    otherwise,
                } => {
                    for (cond, body) in branches {
                        out.push(Site::Cond(cond));
                        walk(body, out);
                    }
                    if let Some(body) = otherwise {
                        walk(body, out);
                    }
                }
                StmtKind::For { iter, body, .. } => {
                    if let ExprKind::Range { start, step, end } = &iter.kind {
                        out.push(Site::Range {
                            start,
                            step: step.as_deref(),
                            end,
                        });
                    }
                    walk(body, out);
                }
                StmtKind::While { cond, body } => {
                    out.push(Site::Cond(cond));
                    walk(body, out);
                }
                _ => {}
            }
        }
    }
    let mut out = Vec::new();
    walk(block, &mut out);
    out
}

/// The names a loop assigns and indexes, found before compiling.
#[derive(Default)]
struct Names {
    assigned: HashSet<Symbol>,
    indexed: HashSet<Symbol>,
    stored: HashSet<Symbol>,
}

impl Names {
    fn scan_block(&mut self, block: &Block, depth: u32) -> Option<()> {
        (depth < MAX_DEPTH).then_some(())?;
        for stmt in &block.statements {
            match &stmt.kind {
                StmtKind::Assign { target, value, .. } => {
                    self.assigned.insert(target.name);
                    self.scan_expr(value, depth)?;
                }
                StmtKind::IndexAssign {
                    target,
                    indices,
                    value,
                    ..
                } => {
                    self.indexed.insert(target.name);
                    self.stored.insert(target.name);
                    for e in indices.iter().chain([value]) {
                        self.scan_expr(e, depth)?;
                    }
                }
                StmtKind::If {
                    branches,
                    otherwise,
                } => {
                    for (cond, body) in branches {
                        self.scan_expr(cond, depth)?;
                        self.scan_block(body, depth + 1)?;
                    }
                    if let Some(body) = otherwise {
                        self.scan_block(body, depth + 1)?;
                    }
                }
                StmtKind::For { var, iter, body } => {
                    self.assigned.insert(var.name);
                    self.scan_expr(iter, depth)?;
                    self.scan_block(body, depth + 1)?;
                }
                StmtKind::While { cond, body } => {
                    self.scan_expr(cond, depth)?;
                    self.scan_block(body, depth + 1)?;
                }
                StmtKind::Break | StmtKind::Continue => {}
                _ => return None,
            }
        }
        Some(())
    }

    fn scan_expr(&mut self, expr: &Expr, depth: u32) -> Option<()> {
        (depth < MAX_DEPTH).then_some(())?;
        match &expr.kind {
            ExprKind::Index { target, indices } => {
                if let ExprKind::Name(symbol) = target.kind {
                    self.indexed.insert(symbol);
                }
                for e in indices {
                    self.scan_expr(e, depth + 1)?;
                }
            }
            ExprKind::Unary { operand, .. } => self.scan_expr(operand, depth + 1)?,
            ExprKind::Binary { left, right, .. } => {
                self.scan_expr(left, depth + 1)?;
                self.scan_expr(right, depth + 1)?;
            }
            ExprKind::Range { start, step, end } => {
                for e in [Some(start), step.as_ref(), Some(end)]
                    .into_iter()
                    .flatten()
                {
                    self.scan_expr(e, depth + 1)?;
                }
            }
            ExprKind::Call { args, .. } => {
                for e in args {
                    self.scan_expr(e, depth + 1)?;
                }
            }
            _ => {}
        }
        Some(())
    }
}

struct Compiler<'i> {
    la: &'i Interpreter,
    frame: &'i Frame,
    names: Names,
    regs: Vec<RegVar>,
    reg_of: HashMap<Symbol, Reg>,
    mats: Vec<MatVar>,
    mat_of: HashMap<Symbol, MatId>,
    smalls: Vec<SmallVar>,
    small_of: HashMap<Symbol, usize>,
    /// The steps of the small-matrix assignment being compiled.
    steps: Vec<(Reg, Num)>,
    room: usize,
    largest: usize,
    known: Vec<(MatId, Extent, usize)>,
    bounds: Vec<(Limit, MatId, Extent)>,
    /// The variables of the `for` loops being compiled whose ranges count up by 1 from a
    /// whole number of at least 1, with where they end.
    ranges: Vec<(Reg, Limit)>,
    /// How many sites are numbered so far.
    sites: SiteId,
    queries: Vec<Query>,
}

impl Compiler<'_> {
    fn compile(&mut self, var: Target, body: &Block) -> Option<Compiled> {
        self.names.assigned.insert(var.name);
        self.names.scan_block(body, 0)?;
        if self
            .names
            .assigned
            .iter()
            .any(|s| self.names.indexed.contains(s))
        {
            return None;
        }
        let var = self.target(var.name)?;
        let ops = self.block(body, 0)?;
        debug_assert_eq!(self.sites as usize, sites(body).len());
        Some(Compiled {
            var,
            body: ops,
            regs: std::mem::take(&mut self.regs),
            mats: std::mem::take(&mut self.mats),
            smalls: std::mem::take(&mut self.smalls),
            room: self.room,
            largest: self.largest,
            known: std::mem::take(&mut self.known),
            bounds: std::mem::take(&mut self.bounds),
        })
    }

    /// The next site's number (in the order `sites` walks).
    fn site(&mut self) -> SiteId {
        self.sites += 1;
        self.sites - 1
    }

    /// What `symbol` holds, remembered as a question asked.
    fn kind(&mut self, symbol: Symbol) -> (Kind, Option<f64>) {
        let (kind, x) = kind_of(self.la, self.frame, symbol);
        self.queries.push(Query::Kind(symbol, kind));
        (kind, x)
    }

    /// Whether a user or host function is named `symbol`, remembered as a question asked.
    fn user_function(&mut self, symbol: Symbol) -> bool {
        let is = user_function(self.la, symbol);
        self.queries.push(Query::Function(symbol, is));
        is
    }

    fn block(&mut self, block: &Block, depth: u32) -> Option<Vec<Op>> {
        block
            .statements
            .iter()
            .map(|stmt| self.statement(stmt, depth))
            .collect()
    }

    fn statement(&mut self, stmt: &Stmt, depth: u32) -> Option<Op> {
        Some(match &stmt.kind {
            StmtKind::Assign {
                target, op, value, ..
            } if self.small_of.contains_key(&target.name) || self.is_small(value) => {
                let steps = self.small_assign(target.name, op.binary(), value)?;
                let site = self.site();
                Op::Sets { steps, site }
            }
            StmtKind::Assign {
                target, op, value, ..
            } => {
                let reg = self.target(target.name)?;
                let value = self.num(value, None, 0)?;
                let site = self.site();
                match op.binary() {
                    None => Op::Set { reg, value, site },
                    Some(op) => Op::Update {
                        reg,
                        op,
                        value,
                        site,
                    },
                }
            }
            StmtKind::IndexAssign {
                target,
                indices,
                op,
                value,
                ..
            } => {
                let m = self.matrix(target.name)?;
                let value = self.num(value, None, 0)?;
                let place = self.place(m, indices)?;
                let site = self.site();
                Op::Store {
                    m,
                    place,
                    op: op.binary(),
                    value,
                    site,
                }
            }
            StmtKind::If {
                branches,
                otherwise,
            } => {
                let mut arms = Vec::with_capacity(branches.len());
                for (cond, body) in branches {
                    let test = self.test(cond, 0)?;
                    let site = self.site();
                    arms.push((test, site, self.block(body, depth + 1)?));
                }
                let otherwise = match otherwise {
                    Some(body) => self.block(body, depth + 1)?,
                    None => Vec::new(),
                };
                Op::If { arms, otherwise }
            }
            StmtKind::For { var, iter, body } => {
                let ExprKind::Range { start, step, end } = &iter.kind else {
                    return None;
                };
                let start_num = self.num(start, None, 0)?;
                let step_num = match step {
                    Some(e) => Some(self.num(e, None, 0)?),
                    None => None,
                };
                let end_num = self.num(end, None, 0)?;
                let var = self.target(var.name)?;
                let site = self.site();
                let range = self.range_limit(&start_num, step_num.as_ref(), &end_num);
                self.ranges.extend(range.map(|limit| (var, limit)));
                let body = self.block(body, depth + 1);
                self.ranges
                    .truncate(self.ranges.len() - usize::from(range.is_some()));
                Op::For {
                    var,
                    start: start_num,
                    step: step_num,
                    end: end_num,
                    site,
                    tick: iter.span,
                    body: body?,
                }
            }
            StmtKind::While { cond, body } => {
                let test = self.test(cond, 0)?;
                let site = self.site();
                Op::While {
                    test,
                    site,
                    tick: cond.span,
                    body: self.block(body, depth + 1)?,
                }
            }
            StmtKind::Break => Op::Break,
            StmtKind::Continue => Op::Continue,
            _ => return None,
        })
    }

    fn place(&mut self, m: MatId, indices: &[Expr]) -> Option<Place> {
        Some(match indices {
            [k] => {
                self.orientation(m);
                Place::Linear(self.index(k, m, Extent::Len, 0)?)
            }
            [i, j] => Place::Pair(
                self.index(i, m, Extent::Rows, 0)?,
                self.index(j, m, Extent::Cols, 0)?,
            ),
            _ => return None,
        })
    }

    /// Notes a matrix indexed by one number that is now a column or a row as that (asked as
    /// `Query::Extent`), so its elements are found without dividing by its rows.
    fn orientation(&mut self, m: MatId) {
        let symbol = self.mats[m as usize].symbol;
        let Some((rows, cols)) = shape_of(self.la, self.frame, symbol) else {
            return;
        };
        let one = match (rows, cols) {
            (_, 1) => Extent::Cols,
            (1, _) => Extent::Rows,
            _ => return,
        };
        if !self.known.contains(&(m, one, 1)) {
            self.known.push((m, one, 1));
            self.queries.push(Query::Extent(symbol, one, 1));
        }
    }

    /// A condition, as `if`/`while` and the operands of `&&`/`||` take it.
    fn test(&mut self, expr: &Expr, depth: u32) -> Option<Test> {
        (depth < MAX_DEPTH).then_some(())?;
        Some(match &expr.kind {
            ExprKind::Bool(b) => Test::Const(*b),
            ExprKind::Binary {
                op, left, right, ..
            } if op.is_comparison() => Test::Cmp(
                *op,
                Box::new((self.num(left, None, depth)?, self.num(right, None, depth)?)),
            ),
            ExprKind::Binary {
                op: op @ (BinaryOp::And | BinaryOp::Or),
                left,
                right,
                ..
            } => {
                let pair = Box::new((self.test(left, depth + 1)?, self.test(right, depth + 1)?));
                match op {
                    BinaryOp::And => Test::And(pair),
                    _ => Test::Or(pair),
                }
            }
            ExprKind::Unary {
                op: UnaryOp::Not,
                operand,
                ..
            } => {
                if is_test(operand) {
                    Test::Not(Box::new(self.test(operand, depth + 1)?))
                } else {
                    Test::IsZero(self.num(operand, None, depth)?)
                }
            }
            _ => Test::Truth(self.num(expr, None, depth)?),
        })
    }

    /// A number; `end` means the extent given, inside an index.
    fn num(&mut self, expr: &Expr, end: Option<(MatId, Extent)>, depth: u32) -> Option<Num> {
        (depth < MAX_DEPTH).then_some(())?;
        let pair = |c: &mut Self, l: &Expr, r: &Expr| -> Option<Box<(Num, Num)>> {
            Some(Box::new((
                c.num(l, end, depth + 1)?,
                c.num(r, end, depth + 1)?,
            )))
        };
        Some(match &expr.kind {
            ExprKind::Number(x) => Num::Const(*x),
            ExprKind::Name(symbol) => self.scalar(*symbol)?,
            ExprKind::End => {
                let (m, extent) = end?;
                Num::Extent(m, extent)
            }
            ExprKind::Unary { op, operand, .. } => match op {
                UnaryOp::Neg => Num::Neg(Box::new(self.num(operand, end, depth + 1)?)),
                // On a number these give the number.
                UnaryOp::Plus | UnaryOp::Adjoint | UnaryOp::Transpose => {
                    self.num(operand, end, depth + 1)?
                }
                UnaryOp::Not => return None,
            },
            ExprKind::Binary {
                op, left, right, ..
            } => match op {
                BinaryOp::Add | BinaryOp::DotAdd => Num::Add(pair(self, left, right)?),
                BinaryOp::Sub | BinaryOp::DotSub => Num::Sub(pair(self, left, right)?),
                BinaryOp::Mul | BinaryOp::DotMul => Num::Mul(pair(self, left, right)?),
                BinaryOp::Div | BinaryOp::DotDiv => Num::Div(pair(self, left, right)?),
                BinaryOp::LeftDiv | BinaryOp::Pow | BinaryOp::DotPow => {
                    Num::Arith(*op, pair(self, left, right)?)
                }
                _ => return None,
            },
            ExprKind::Index { target, indices } => {
                let ExprKind::Name(symbol) = target.kind else {
                    return None;
                };
                let m = self.matrix(symbol)?;
                match self.place(m, indices)? {
                    Place::Linear(k) => Num::Elem1(m, Box::new(k)),
                    Place::Pair(Num::Reg(i), Num::Reg(j)) => Num::Elem2Regs(m, i, j),
                    Place::Pair(i, j) => Num::Elem2(m, Box::new((i, j))),
                }
            }
            ExprKind::Call {
                name,
                args,
                keywords,
                ..
            } if args.len() == 2 => {
                if !keywords.is_empty() {
                    return None;
                }
                if self.is_builtin(*name, "size") {
                    self.size(&args[0], &args[1], expr.span)?
                } else if self.is_builtin(*name, "dot") {
                    self.dot(&args[0], &args[1], expr.span, depth + 1)?
                } else {
                    return None;
                }
            }
            ExprKind::Call {
                name,
                args,
                keywords,
                ..
            } => {
                let [arg] = args.as_slice() else {
                    return None;
                };
                if !keywords.is_empty() {
                    return None;
                }
                let f = self.real_builtin(*name)?;
                Num::Map(f, Box::new(self.num(arg, end, depth + 1)?), expr.span)
            }
            _ => return None,
        })
    }

    /// The builtin a call of `name` runs, when it is one with real results: not when a
    /// variable holds a function of that name, or a user or host function has it.
    fn real_builtin(&mut self, name: Symbol) -> Option<fn(f64) -> f64> {
        if self.kind(name).0 == Kind::Function || self.user_function(name) {
            return None;
        }
        let builtin = (*self.la.builtins.get(name.index())?)?;
        crate::builtins::real_map(builtin.name)
    }

    /// `size(A, 1)` or `size(A, 2)` of a real matrix the loop does not assign.
    fn size(&mut self, matrix: &Expr, dim: &Expr, span: Span) -> Option<Num> {
        let (ExprKind::Name(symbol), ExprKind::Number(d)) = (&matrix.kind, &dim.kind) else {
            return None;
        };
        let extent = match d {
            1.0 => Extent::Rows,
            2.0 => Extent::Cols,
            _ => return None,
        };
        let m = self.matrix(*symbol)?;
        Some(Num::Counted(Box::new(Num::Extent(m, extent)), span))
    }

    /// Whether a call of `name` runs the builtin called `builtin`.
    fn is_builtin(&mut self, name: Symbol, builtin: &str) -> bool {
        if self.kind(name).0 == Kind::Function || self.user_function(name) {
            return false;
        }
        let found = self.la.builtins.get(name.index()).copied().flatten();
        found.is_some_and(|b| b.name == builtin)
    }

    /// A name read as a number.
    fn scalar(&mut self, symbol: Symbol) -> Option<Num> {
        if self.names.indexed.contains(&symbol) || self.small_of.contains_key(&symbol) {
            return None;
        }
        if let Some(&reg) = self.reg_of.get(&symbol) {
            return Some(match self.regs[reg as usize].start {
                Some(_) => Num::Reg(reg),
                None => Num::MaybeReg(reg),
            });
        }
        match self.kind(symbol) {
            (Kind::Scalar, x) => Some(Num::Reg(self.new_reg(symbol, x))),
            (Kind::Unset, _) if self.names.assigned.contains(&symbol) => {
                self.plain_unknown(symbol)?;
                Some(Num::MaybeReg(self.new_reg(symbol, None)))
            }
            // Not a variable and never assigned here: a constant, or the evaluator's error.
            (Kind::Unset, _) => self
                .la
                .constants
                .get(symbol.index())
                .copied()
                .flatten()
                .map(Num::Const),
            _ => None,
        }
    }

    /// The register a name is assigned to.
    fn target(&mut self, symbol: Symbol) -> Option<Reg> {
        if self.names.indexed.contains(&symbol) || self.small_of.contains_key(&symbol) {
            return None;
        }
        if let Some(&reg) = self.reg_of.get(&symbol) {
            return Some(reg);
        }
        match self.kind(symbol) {
            (Kind::Scalar, x) => Some(self.new_reg(symbol, x)),
            (Kind::Unset, _) => {
                self.plain_unknown(symbol)?;
                Some(self.new_reg(symbol, None))
            }
            _ => None,
        }
    }

    /// `Some` when reading `symbol` while it is not set is an error in the evaluator (not a
    /// constant, the sizeless `I` or a function named as a value).
    fn plain_unknown(&mut self, symbol: Symbol) -> Option<()> {
        let la = self.la;
        let constant = matches!(la.constants.get(symbol.index()), Some(Some(_)));
        let builtin = matches!(la.builtins.get(symbol.index()), Some(Some(_)));
        (!constant && !builtin && !self.user_function(symbol)).then_some(())
    }

    fn new_reg(&mut self, symbol: Symbol, start: Option<f64>) -> Reg {
        let reg = self.register(Holds::Scalar(symbol), start);
        self.reg_of.insert(symbol, reg);
        reg
    }

    fn register(&mut self, holds: Holds, start: Option<f64>) -> Reg {
        self.regs.push(RegVar { holds, start });
        (self.regs.len() - 1) as Reg
    }

    /// The matrix a name indexes: a real matrix now, never assigned whole in the loop.
    fn matrix(&mut self, symbol: Symbol) -> Option<MatId> {
        if let Some(&m) = self.mat_of.get(&symbol) {
            return Some(m);
        }
        if self.names.assigned.contains(&symbol) {
            return None;
        }
        if self.kind(symbol).0 != Kind::Matrix {
            return None;
        }
        self.mats.push(MatVar {
            symbol,
            written: self.names.stored.contains(&symbol),
        });
        let m = (self.mats.len() - 1) as MatId;
        self.mat_of.insert(symbol, m);
        Some(m)
    }
}

/// Whether an expression is a truth value (its `!` negates a test, not a number).
fn is_test(expr: &Expr) -> bool {
    match &expr.kind {
        ExprKind::Bool(_) => true,
        ExprKind::Binary { op, .. } => {
            op.is_comparison() || matches!(op, BinaryOp::And | BinaryOp::Or)
        }
        ExprKind::Unary {
            op: UnaryOp::Not, ..
        } => true,
        _ => false,
    }
}
