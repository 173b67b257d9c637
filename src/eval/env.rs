//! Where variables live. Top-level variables sit in a table indexed by symbol; a function
//! call gets a frame of slots whose layout (`crate::function::Function`, which symbol is
//! which slot) is fixed when the function is defined, so no lookup hashes a string.

use std::sync::Arc;

use super::Interpreter;
use crate::function::Function;
use crate::globals::elements;
use crate::intern::Symbol;
use crate::value::Value;

/// The variables of one running function, or the top level.
pub struct Frame {
    /// The running function; `None` at top level.
    pub function: Option<Arc<Function>>,
    slots: Vec<Option<Value>>,
    /// How many user-function calls deep this frame is.
    pub depth: usize,
}

impl Frame {
    /// The top-level frame.
    pub fn top() -> Frame {
        Frame {
            function: None,
            slots: Vec::new(),
            depth: 0,
        }
    }

    /// A fresh frame for a call of `function` at call depth `depth`.
    pub fn call(function: Arc<Function>, depth: usize) -> Frame {
        let slots = vec![None; function.slots];
        Frame {
            function: Some(function),
            slots,
            depth,
        }
    }

    /// True inside a function.
    pub fn in_function(&self) -> bool {
        self.function.is_some()
    }

    /// The slot of `symbol` if it is a local of this frame's function.
    pub(super) fn local_slot(&self, symbol: Symbol) -> Option<u32> {
        self.function.as_ref().and_then(|f| f.slot(symbol))
    }

    /// Elements held by this frame's matrices.
    pub fn held_elements(&self) -> usize {
        self.slots.iter().flatten().map(elements).sum()
    }
}

impl Interpreter {
    /// The variable `symbol` as seen from `frame`: a local if set, else a top-level variable.
    pub(super) fn read<'a>(&'a self, symbol: Symbol, frame: &'a Frame) -> Option<&'a Value> {
        self.read_resolved(symbol, frame.local_slot(symbol), frame)
    }

    /// `read` with the local slot already looked up (as translated code has it).
    #[inline]
    pub(super) fn read_resolved<'a>(
        &'a self,
        symbol: Symbol,
        slot: Option<u32>,
        frame: &'a Frame,
    ) -> Option<&'a Value> {
        if let Some(Some(value)) = slot.and_then(|slot| frame.slots.get(slot as usize)) {
            return Some(value);
        }
        self.read_global(symbol)
    }

    /// The top-level variable `symbol`.
    #[inline]
    pub(super) fn read_global(&self, symbol: Symbol) -> Option<&Value> {
        self.host.globals.get(symbol)
    }

    /// Binds `symbol` in `frame` (a local inside a function, a top-level variable outside).
    pub(super) fn write(&mut self, symbol: Symbol, value: Value, frame: &mut Frame) {
        match frame.local_slot(symbol) {
            Some(slot) => {
                let added = elements(&value);
                if let Some(place) = frame.slots.get_mut(slot as usize) {
                    let removed = place.replace(value).as_ref().map_or(0, elements);
                    let locals = &mut self.host.locals;
                    *locals = locals.saturating_sub(removed).saturating_add(added);
                }
            }
            None => {
                self.host.globals.set(symbol, value);
            }
        }
    }

    /// `write` of a number: when the variable already holds a number (every loop counter
    /// and accumulator) it is overwritten in place, with nothing to count or drop.
    #[inline]
    pub(super) fn write_scalar(&mut self, symbol: Symbol, x: f64, frame: &mut Frame) {
        match self.place_mut(symbol, frame) {
            Some(Value::Scalar(old)) => *old = x,
            _ => self.write(symbol, Value::Scalar(x), frame),
        }
    }

    /// The variable `symbol` where `write` would put it (a local inside a function, a
    /// top-level variable outside), for an update in place that keeps its size; `None`
    /// when it is not set there.
    pub(super) fn place_mut<'a>(
        &'a mut self,
        symbol: Symbol,
        frame: &'a mut Frame,
    ) -> Option<&'a mut Value> {
        match frame.local_slot(symbol) {
            Some(slot) => frame.slots.get_mut(slot as usize).and_then(Option::as_mut),
            None => self.host.globals.get_mut(symbol),
        }
    }

    /// Takes the variable `symbol` out of `frame` for an in-place update, leaving it unset.
    /// Inside a function a local that is not set yet starts as a copy of the top-level value.
    pub(super) fn take(&mut self, symbol: Symbol, frame: &mut Frame) -> Option<Value> {
        match frame.local_slot(symbol) {
            Some(slot) => match frame.slots.get_mut(slot as usize).and_then(Option::take) {
                Some(value) => {
                    self.host.locals = self.host.locals.saturating_sub(elements(&value));
                    Some(value)
                }
                // A local not set yet starts as a copy of the top-level value.
                None => self.host.globals.get(symbol).cloned(),
            },
            None => self.host.globals.take(symbol),
        }
    }
}
