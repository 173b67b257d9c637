//! Functions the host registers: a Rust closure with a name, an arity and a doc line, whose
//! arguments and result convert automatically. Its errors become diagnostics at the call.

use std::fmt::Display;
use std::sync::Arc;

use crate::convert::{FromValue, IntoValue};
use crate::value::Value;

/// The uniform shape every host function is stored in.
pub type Callable = Arc<dyn Fn(&[Value]) -> Result<Value, String> + Send + Sync>;

/// A registered host function.
#[derive(Clone)]
pub struct HostFunction {
    /// The name scripts call it by.
    pub name: String,
    /// How many arguments it takes (`None`: any number).
    pub arity: Option<usize>,
    /// One line saying what it does.
    pub doc: String,
    /// The function.
    pub call: Callable,
}

impl std::fmt::Debug for HostFunction {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "HostFunction({}/{:?})", self.name, self.arity)
    }
}

/// What a host function may return: any `IntoValue`, or a `Result` of one whose error
/// (anything `Display`) becomes a la error at the call.
pub trait HostResult {
    /// The value, or the error message.
    fn into_result(self) -> Result<Value, String>;
}

impl<T: IntoValue> HostResult for T {
    fn into_result(self) -> Result<Value, String> {
        Ok(self.into_value())
    }
}

impl<T: IntoValue, E: Display> HostResult for Result<T, E> {
    fn into_result(self) -> Result<Value, String> {
        self.map(IntoValue::into_value).map_err(|e| e.to_string())
    }
}

/// A Rust closure usable as a host function; implemented for closures of zero to four
/// arguments whose types implement `FromValue`. `Args` only tells the impls apart.
pub trait IntoHostFunction<Args> {
    /// Number of arguments.
    fn arity(&self) -> usize;
    /// The closure in uniform form.
    fn into_callable(self) -> Callable;
}

macro_rules! impl_host_fn {
    ($count:expr $(, $arg:ident)*) => {
        impl<F, R, $($arg),*> IntoHostFunction<($($arg,)*)> for F
        where
            F: Fn($($arg),*) -> R + Send + Sync + 'static,
            R: HostResult,
            $($arg: FromValue,)*
        {
            fn arity(&self) -> usize {
                $count
            }

            #[allow(non_snake_case, unused_variables, unused_mut, unused_assignments)]
            fn into_callable(self) -> Callable {
                Arc::new(move |args: &[Value]| {
                    let mut position = 0;
                    $(
                        let $arg = match args.get(position) {
                            Some(value) => $arg::from_value(value)
                                .map_err(|e| format!("argument {}: {e}", position + 1))?,
                            None => return Err(format!("missing argument {}", position + 1)),
                        };
                        position += 1;
                    )*
                    (self)($($arg),*).into_result()
                })
            }
        }
    };
}

impl_host_fn!(0);
impl_host_fn!(1, A);
impl_host_fn!(2, A, B);
impl_host_fn!(3, A, B, C);
impl_host_fn!(4, A, B, C, D);
