//! Running compiled loop code: registers in a plain vector, matrix elements read and
//! written through views checked once per access, and the evaluator's own operation count
//! (`tick`) at every round and call, so limits, deadlines and interrupts land where they
//! land in the evaluator.

use faer::Mat;

use super::code::{Extent, MatId, Num, Op, Place, Reg, SiteId, Test};
use crate::builtins::{compensated_add, compensated_total};
use crate::diagnostic::Diagnostic;
use crate::eval::index::whole_index;
use crate::eval::literal::{Range, RangeIter};
use crate::eval::Interpreter;
use crate::ops::arith::{scalar_arithmetic, scalar_comparison};

/// Why a number or test could not be had.
pub enum Halt {
    /// The evaluator reports an error here (its site says where).
    Fault,
    /// A limit stopped the run (an operation count, the deadline, an interrupt).
    Error(Box<Diagnostic>),
}

/// Why compiled code stopped early.
pub enum Stop {
    Fault(SiteId),
    Error(Box<Diagnostic>),
}

impl Halt {
    fn at(self, site: SiteId) -> Stop {
        match self {
            Halt::Fault => Stop::Fault(site),
            Halt::Error(e) => Stop::Error(e),
        }
    }
}

/// How a block ended.
pub enum Went {
    Next,
    Break,
    Continue,
}

/// A matrix as compiled code sees it: where its elements are, and its shape.
#[derive(Clone, Copy)]
#[repr(C)]
pub struct View {
    ptr: *mut f64,
    rows: usize,
    cols: usize,
    col_stride: isize,
    row_stride: isize,
}

impl View {
    /// Whether the elements of a column are next to each other (as in every matrix faer
    /// owns): machine code counts on it.
    pub fn unit_rows(&self) -> bool {
        self.row_stride == 1
    }

    /// Where the elements are, the rows, the columns and the step between columns.
    pub fn parts(&self) -> (*mut f64, usize, usize, isize) {
        (self.ptr, self.rows, self.cols, self.col_stride)
    }

    /// A view of a matrix the loop only reads.
    pub fn reading(m: &Mat<f64>) -> View {
        View {
            ptr: m.as_ptr() as *mut f64,
            rows: m.nrows(),
            cols: m.ncols(),
            col_stride: m.col_stride(),
            row_stride: m.row_stride(),
        }
    }

    /// A view of a matrix the loop writes (and nothing else holds).
    pub fn writing(m: &mut Mat<f64>) -> View {
        View {
            ptr: m.as_ptr_mut(),
            rows: m.nrows(),
            cols: m.ncols(),
            col_stride: m.col_stride(),
            row_stride: m.row_stride(),
        }
    }

    /// The offset of element (i, j) given 1-based, if both are whole numbers in range.
    #[inline]
    fn pair(&self, i: f64, j: f64) -> Option<isize> {
        let i = whole_index(i, self.rows)?;
        let j = whole_index(j, self.cols)?;
        Some(i as isize * self.row_stride + j as isize * self.col_stride)
    }

    /// The offset of element k counted down the columns, if it is a whole number in range.
    #[inline]
    fn linear(&self, k: f64) -> Option<isize> {
        let p = whole_index(k, self.rows * self.cols)?;
        Some(self.pair_at(p % self.rows, p / self.rows))
    }

    #[inline]
    fn pair_at(&self, i: usize, j: usize) -> isize {
        i as isize * self.row_stride + j as isize * self.col_stride
    }

    #[inline]
    fn read(&self, at: isize) -> f64 {
        // SAFETY: `at` came from `pair` or `linear`, which checked both positions against
        // the shape; the matrix outlives the run (`loops::run_compiled` holds it) and is
        // not resized while the run lasts.
        unsafe { *self.ptr.offset(at) }
    }

    #[inline]
    fn write(&self, at: isize, x: f64) {
        // SAFETY: as for `read`; views that are written come from `View::writing`, of a
        // matrix that no other view or value shares (the loop made it unique).
        unsafe { *self.ptr.offset(at) = x }
    }

    fn extent(&self, extent: Extent) -> usize {
        match extent {
            Extent::Len => self.rows * self.cols,
            Extent::Rows => self.rows,
            Extent::Cols => self.cols,
        }
    }
}

/// The state of a running compiled loop.
pub struct Machine {
    pub regs: Vec<f64>,
    /// Which registers hold a number (all but those not set when the loop started, until
    /// they are).
    defined: Vec<bool>,
    /// Which registers the loop assigned, to be written back.
    pub assigned: Vec<bool>,
    views: Vec<View>,
    /// The operation count when the statement or condition running now started: a rerun
    /// in the evaluator starts from it.
    pub operations_before: u64,
}

impl Machine {
    pub fn new(starts: impl Iterator<Item = Option<f64>>, views: Vec<View>) -> Machine {
        let (regs, defined): (Vec<f64>, Vec<bool>) =
            starts.map(|x| (x.unwrap_or(0.0), x.is_some())).unzip();
        Machine {
            assigned: vec![false; regs.len()],
            regs,
            defined,
            views,
            operations_before: 0,
        }
    }

    #[inline]
    pub fn set(&mut self, reg: Reg, x: f64) {
        let r = reg as usize;
        self.regs[r] = x;
        self.defined[r] = true;
        self.assigned[r] = true;
    }

    /// Runs a block of operations.
    /// Starts an assignment at `site`: remembers the operation count a rerun starts from,
    /// then evaluates the assigned value.
    fn begin(&mut self, value: &Num, site: SiteId, la: &mut Interpreter) -> Result<f64, Stop> {
        self.operations_before = la.operations;
        self.num(value, la).map_err(|h| h.at(site))
    }

    pub fn block(&mut self, ops: &[Op], la: &mut Interpreter) -> Result<Went, Stop> {
        for op in ops {
            match op {
                Op::Set { reg, value, site } => {
                    let x = self.begin(value, *site, la)?;
                    self.set(*reg, x);
                }
                Op::Sets { steps, site } => {
                    self.operations_before = la.operations;
                    for (reg, value) in steps {
                        let x = self.num(value, la).map_err(|h| h.at(*site))?;
                        self.set(*reg, x);
                    }
                }
                Op::Update {
                    reg,
                    op,
                    value,
                    site,
                } => {
                    let x = self.begin(value, *site, la)?;
                    let r = *reg as usize;
                    if !self.defined[r] {
                        return Err(Stop::Fault(*site));
                    }
                    let new = scalar_arithmetic(*op, self.regs[r], x).ok_or(Stop::Fault(*site))?;
                    self.set(*reg, new);
                }
                Op::Store {
                    m,
                    place,
                    op,
                    value,
                    site,
                } => {
                    let x = self.begin(value, *site, la)?;
                    let view = self.views[*m as usize];
                    let at = match place {
                        Place::Linear(k) => {
                            let k = self.num(k, la).map_err(|h| h.at(*site))?;
                            view.linear(k)
                        }
                        Place::Pair(i, j) => {
                            let i = self.num(i, la).map_err(|h| h.at(*site))?;
                            let j = self.num(j, la).map_err(|h| h.at(*site))?;
                            view.pair(i, j)
                        }
                    }
                    .ok_or(Stop::Fault(*site))?;
                    let x = match op {
                        None => x,
                        Some(op) => {
                            scalar_arithmetic(*op, view.read(at), x).ok_or(Stop::Fault(*site))?
                        }
                    };
                    view.write(at, x);
                }
                Op::If { arms, otherwise } => {
                    let mut body = otherwise;
                    for (test, site, arm) in arms {
                        self.operations_before = la.operations;
                        if self.test(test, la).map_err(|h| h.at(*site))? {
                            body = arm;
                            break;
                        }
                    }
                    match self.block(body, la)? {
                        Went::Next => {}
                        went => return Ok(went),
                    }
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
                    self.operations_before = la.operations;
                    let range = self
                        .range(start, step.as_ref(), end, la)
                        .map_err(|h| h.at(*site))?;
                    for x in RangeIter::new(range) {
                        self.set(*var, x);
                        la.tick(*tick).map_err(Stop::Error)?;
                        if let Went::Break = self.block(body, la)? {
                            break;
                        }
                    }
                }
                Op::While {
                    test,
                    site,
                    tick,
                    body,
                } => loop {
                    self.operations_before = la.operations;
                    if !self.test(test, la).map_err(|h| h.at(*site))? {
                        break;
                    }
                    la.tick(*tick).map_err(Stop::Error)?;
                    if let Went::Break = self.block(body, la)? {
                        break;
                    }
                },
                Op::Break => return Ok(Went::Break),
                Op::Continue => return Ok(Went::Continue),
            }
        }
        Ok(Went::Next)
    }

    fn range(
        &mut self,
        start: &Num,
        step: Option<&Num>,
        end: &Num,
        la: &mut Interpreter,
    ) -> Result<Range, Halt> {
        let a = self.num(start, la)?;
        let s = match step {
            Some(step) => self.num(step, la)?,
            None => 1.0,
        };
        let b = self.num(end, la)?;
        Range::of(a, s, b).ok_or(Halt::Fault)
    }

    fn test(&mut self, test: &Test, la: &mut Interpreter) -> Result<bool, Halt> {
        Ok(match test {
            Test::Const(b) => *b,
            Test::Cmp(op, pair) => {
                let a = self.num(&pair.0, la)?;
                let b = self.num(&pair.1, la)?;
                scalar_comparison(*op, a, b).ok_or(Halt::Fault)?
            }
            Test::And(pair) => self.test(&pair.0, la)? && self.test(&pair.1, la)?,
            Test::Or(pair) => self.test(&pair.0, la)? || self.test(&pair.1, la)?,
            Test::Not(t) => !self.test(t, la)?,
            Test::Truth(n) => {
                let x = self.num(n, la)?;
                if x.is_nan() {
                    return Err(Halt::Fault);
                }
                x != 0.0
            }
            Test::IsZero(n) => self.num(n, la)? == 0.0,
        })
    }

    fn num(&mut self, num: &Num, la: &mut Interpreter) -> Result<f64, Halt> {
        Ok(match num {
            Num::Const(x) => *x,
            Num::Reg(r) => self.regs[*r as usize],
            Num::MaybeReg(r) => {
                let r = *r as usize;
                if !self.defined[r] {
                    return Err(Halt::Fault);
                }
                self.regs[r]
            }
            Num::Neg(a) => -self.num(a, la)?,
            Num::Add(p) => self.num(&p.0, la)? + self.num(&p.1, la)?,
            Num::Sub(p) => self.num(&p.0, la)? - self.num(&p.1, la)?,
            Num::Mul(p) => self.num(&p.0, la)? * self.num(&p.1, la)?,
            Num::Div(p) => self.num(&p.0, la)? / self.num(&p.1, la)?,
            Num::Arith(op, p) => {
                let a = self.num(&p.0, la)?;
                let b = self.num(&p.1, la)?;
                scalar_arithmetic(*op, a, b).ok_or(Halt::Fault)?
            }
            Num::Elem1(m, k) => {
                let k = self.num(k, la)?;
                let view = self.view(*m);
                view.read(view.linear(k).ok_or(Halt::Fault)?)
            }
            Num::Elem2(m, p) => {
                let i = self.num(&p.0, la)?;
                let j = self.num(&p.1, la)?;
                let view = self.view(*m);
                view.read(view.pair(i, j).ok_or(Halt::Fault)?)
            }
            Num::Elem2Regs(m, i, j) => {
                let view = self.view(*m);
                let (i, j) = (self.regs[*i as usize], self.regs[*j as usize]);
                view.read(view.pair(i, j).ok_or(Halt::Fault)?)
            }
            Num::Extent(m, extent) => self.view(*m).extent(*extent) as f64,
            Num::Map(f, a, span) => {
                la.tick(*span).map_err(Halt::Error)?;
                f(self.num(a, la)?)
            }
            Num::Counted(n, span) => {
                la.tick(*span).map_err(Halt::Error)?;
                self.num(n, la)?
            }
            Num::Dot(pairs, span) => {
                la.tick(*span).map_err(Halt::Error)?;
                let (mut sum, mut compensation) = (0.0, 0.0);
                for (u, v) in pairs.iter() {
                    let x = self.num(u, la)? * self.num(v, la)?;
                    (sum, compensation) = compensated_add(sum, compensation, x);
                }
                compensated_total(sum, compensation)
            }
        })
    }

    #[inline]
    fn view(&self, m: MatId) -> View {
        self.views[m as usize]
    }
}
