//! Interned names: every identifier becomes a `Symbol` (a small integer) when lexed, so the
//! evaluator finds variables, functions and builtins by indexing, never by hashing a string.

use std::collections::HashMap;
use std::sync::Arc;

/// An interned name.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Symbol(pub u32);

impl Symbol {
    /// The name an anonymous function (`x -> 2 * x`) is defined under; no text lexes to it.
    pub const ANONYMOUS: Symbol = Symbol(u32::MAX);

    /// The symbol's position, for tables indexed by symbol.
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

/// The name ↔ symbol table of one interpreter.
#[derive(Clone, Debug, Default)]
pub struct Interner {
    names: Vec<Arc<str>>,
    symbols: HashMap<Arc<str>, Symbol>,
    /// Which names are functions the owner provides (its builtins), when it said so: the
    /// syntax layer's help for `A.sum` then writes `sum(A)` without depending on the table.
    functions: Option<fn(&str) -> bool>,
}

impl Interner {
    /// The symbol for `name`, creating it on first sight.
    pub fn intern(&mut self, name: &str) -> Symbol {
        if let Some(&symbol) = self.symbols.get(name) {
            return symbol;
        }
        let symbol = Symbol(self.names.len() as u32);
        let name: Arc<str> = name.into();
        self.names.push(Arc::clone(&name));
        self.symbols.insert(name, symbol);
        symbol
    }

    /// The symbol for `name` if it was ever interned.
    pub fn get(&self, name: &str) -> Option<Symbol> {
        self.symbols.get(name).copied()
    }

    /// The name of `symbol`.
    pub fn name(&self, symbol: Symbol) -> &str {
        if symbol == Symbol::ANONYMOUS {
            return "anonymous function";
        }
        self.names.get(symbol.index()).map_or("?", |n| n)
    }

    /// Tells the interner which names are the owner's functions (its builtins).
    pub fn know_functions(&mut self, is_function: fn(&str) -> bool) {
        self.functions = Some(is_function);
    }

    /// True when `name` is one of the owner's functions (false when it never said).
    pub fn is_function_name(&self, name: &str) -> bool {
        self.functions.is_some_and(|is_function| is_function(name))
    }

    /// How many symbols exist; tables indexed by symbol grow to this length.
    pub fn len(&self) -> usize {
        self.names.len()
    }

    /// True before the first name is interned.
    pub fn is_empty(&self) -> bool {
        self.names.is_empty()
    }
}
