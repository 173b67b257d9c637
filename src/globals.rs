//! The top-level variables and the number of matrix elements they hold, in one type: every
//! way a variable is added, replaced or removed goes through it, so no path (assignment,
//! `Interpreter::set`, `clear`, rollback after an error) can forget the count that the
//! limit on all live matrices reads.

use crate::intern::Symbol;
use crate::value::Value;

/// Top-level variables, indexed by symbol, with the elements their matrices hold.
#[derive(Clone, Debug, Default)]
pub struct Globals {
    slots: Vec<Option<Value>>,
    elements: usize,
}

impl Globals {
    /// The variable `symbol`, if it is set.
    #[inline]
    pub fn get(&self, symbol: Symbol) -> Option<&Value> {
        self.slots.get(symbol.index()).and_then(Option::as_ref)
    }

    /// The variable `symbol` for an update in place that keeps its size (an element
    /// written into a matrix, a number overwritten); anything that may change how many
    /// elements it holds goes through `set` or `take`.
    #[inline]
    pub fn get_mut(&mut self, symbol: Symbol) -> Option<&mut Value> {
        self.slots.get_mut(symbol.index()).and_then(Option::as_mut)
    }

    /// Binds `symbol` to `value`, returning what it held before.
    pub fn set(&mut self, symbol: Symbol, value: Value) -> Option<Value> {
        let added = elements(&value);
        let slot = self.slots.get_mut(symbol.index())?;
        let old = slot.replace(value);
        self.elements = self
            .elements
            .saturating_sub(old.as_ref().map_or(0, elements))
            .saturating_add(added);
        old
    }

    /// Removes the variable `symbol`, returning its value.
    pub fn take(&mut self, symbol: Symbol) -> Option<Value> {
        let old = self.slots.get_mut(symbol.index()).and_then(Option::take)?;
        self.elements = self.elements.saturating_sub(elements(&old));
        Some(old)
    }

    /// Removes every variable.
    pub fn clear(&mut self) {
        self.slots.iter_mut().for_each(|slot| *slot = None);
        self.elements = 0;
    }

    /// Makes room for `n` symbols.
    pub fn resize(&mut self, n: usize) {
        if self.slots.len() < n {
            self.slots.resize(n, None);
        }
    }

    /// Elements held by all the variables' matrices (a matrix shared by two variables
    /// counts twice, as it would after either is changed).
    pub fn elements(&self) -> usize {
        self.elements
    }

    /// Every variable that is set, with its symbol.
    pub fn iter(&self) -> impl Iterator<Item = (Symbol, &Value)> {
        self.slots
            .iter()
            .enumerate()
            .filter_map(|(i, v)| v.as_ref().map(|v| (Symbol(i as u32), v)))
    }
}

/// Elements a value holds in matrices, for the limit on all live matrices.
pub fn elements(value: &Value) -> usize {
    match value {
        Value::Matrix(m) | Value::Logical(m) => m.nrows() * m.ncols(),
        Value::ComplexMatrix(m) => m.nrows() * m.ncols(),
        _ => 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn matrix(n: usize) -> Value {
        Value::Matrix(std::sync::Arc::new(faer::Mat::zeros(n, n)))
    }

    #[test]
    fn the_count_follows_every_change() {
        let mut globals = Globals::default();
        globals.resize(3);
        globals.set(Symbol(0), matrix(3));
        globals.set(Symbol(1), matrix(2));
        assert_eq!(globals.elements(), 13);
        globals.set(Symbol(0), Value::Scalar(1.0));
        assert_eq!(globals.elements(), 4);
        assert!(globals.take(Symbol(1)).is_some());
        assert_eq!(globals.elements(), 0);
        globals.set(Symbol(2), matrix(4));
        let saved = globals.clone();
        globals.clear();
        assert_eq!(globals.elements(), 0);
        globals = saved;
        assert_eq!(globals.elements(), 16);
        // A symbol beyond the table is not bound and not counted.
        assert!(globals.set(Symbol(7), matrix(2)).is_none());
        assert_eq!(globals.elements(), 16);
    }
}
