//! `load` and `save`: matrices from and to data files (src/data), through the file-access
//! rule and the atomic writer of src/files.rs. A cell that is not a number is reported at
//! the cell in the data file, in the same report as the `load` call.
//!
//! ```text
//! >> X = load("iris.csv")       # header line skipped
//! >> save("scores.csv", S)      # shortest round-trip numbers, written atomically
//! ```

use std::borrow::Cow;

use faer::{c64, Mat};

use super::{Builtin, Call, ShapeRule};
use crate::data::{npy, npz, text, Kind, KNOWN};
use crate::diagnostic::{Diagnostic, ErrorKind, Fallible};
use crate::files::{self, Purpose};
use crate::source::Span;
use crate::value::Value;

/// The builtins of this topic.
pub const BUILTINS: &[Builtin] = &[
    Builtin {
        name: "load",
        signature: "load(file) or a, b = load(file.npz, \"a\", \"b\")",
        min_args: 1,
        max_args: usize::MAX,
        keywords: &["format", "delim", "header"],
        doc: "the matrix in a data file: .csv, .tsv, .txt/.dat (spaces or tabs), NumPy's .npy, or the arrays of a .npz by name (a, b = load(f, \"a\", \"b\"); a .npz of one array needs no name), by extension or format=; text files skip a header line of names (header=true/false forces it), blank lines and lines starting with # or %, accept \"quoted\" fields, NaN/Inf in any common spelling, empty cells as NaN and complex cells (1+2i, (1+2j)); delim=\";\" sets the separator; one line gives a row, one number per line a column",
        example: "X = load(\"examples/data/houses.csv\")   # 40×3",
        shape: ShapeRule::Unknown,
        run: load,
    },
    Builtin {
        name: "save",
        signature: "save(file, A) or save(file.npz, a=A, b=B)",
        min_args: 1,
        max_args: 2,
        keywords: &["format", "delim", "header", crate::signature::ANY_KEYWORD],
        doc: "writes A to a data file (format by extension or format=): text with shortest round-trip numbers (load gives A back bit for bit, NaN and Inf included), a header line only with header=\"a,b,c\"; .npy as float64, complex128 or bool in Fortran order; a .npz holds the arrays given as keywords under their names (numpy.load(f)[\"a\"] reads them); written to a temporary file and renamed, so the old file stays whole if anything fails",
        example: "save(\"target/la-doc.csv\", [[1, 2], [3, 4]])",
        shape: ShapeRule::Nothing,
        run: save,
    },
];

/// The format of file `name`: `format=` or the extension.
fn kind(call: &Call, name: &str) -> Fallible<Kind> {
    if let Some(kw) = call.keyword("format") {
        let word = match &kw.value {
            Value::Str(s) => s.to_string(),
            other => crate::format::value_inline(other),
        };
        return Kind::of_word(&word).ok_or_else(|| {
            Diagnostic::error(
                ErrorKind::File,
                kw.span,
                format!("`{}` does not know the format {word:?}", call.name),
            )
            .label(kw.span, "not a format")
            .help(format!("the formats are {KNOWN} (format=\"csv\", ...)"))
            .boxed()
        });
    }
    Kind::of_name(name).ok_or_else(|| {
        let span = call.args.first().map_or(call.span, |a| a.span);
        Diagnostic::error(
            ErrorKind::File,
            span,
            format!("`{}` does not know the format of `{name}`", call.name),
        )
        .label(span, "the extension names no format la knows")
        .help(format!(
            "the formats are {KNOWN}; format=\"csv\" (or tsv, txt, npy) says which for another name"
        ))
        .boxed()
    })
}

/// `delim=` for a text format, when given.
fn delimiter(call: &Call, kind: Kind) -> Fallible<Option<text::Delimiter>> {
    let Some(kw) = call.keyword("delim") else {
        return Ok(kind.delimiter());
    };
    let mut chars = match &kw.value {
        Value::Str(s) => s.chars(),
        _ => "".chars(),
    };
    match (chars.next(), chars.next(), kind) {
        (Some(c), None, Kind::Csv | Kind::Tsv | Kind::Text) => Ok(Some(if c == ' ' {
            text::Delimiter::Whitespace
        } else {
            text::Delimiter::Char(c)
        })),
        _ => Err(Diagnostic::error(
            ErrorKind::File,
            kw.span,
            format!(
                "`{}` takes one character for `delim=`, for a text format",
                call.name
            ),
        )
        .label(kw.span, "not one character")
        .boxed()),
    }
}

/// `header=` as a yes/no (load) or the header line (save).
fn header_flag(call: &Call) -> Fallible<Option<bool>> {
    match call.keyword("header") {
        None => Ok(None),
        Some(kw) => match kw.value {
            Value::Bool(b) => Ok(Some(b)),
            _ => Err(Diagnostic::error(
                ErrorKind::Type,
                kw.span,
                "`load` takes header=true or header=false",
            )
            .label(kw.span, "not a bool")
            .boxed()),
        },
    }
}

fn load(call: &mut Call) -> Fallible<Option<Value>> {
    let name = call.string(0)?.to_string();
    let kind = kind(call, &name)?;
    if kind == Kind::Npz {
        return load_npz(call, &name);
    }
    if call.args.len() > 1 {
        let span = call.arg(1)?.span;
        return Err(Diagnostic::error(
            ErrorKind::Arity,
            span,
            "only a .npz archive holds arrays by name",
        )
        .label(span, "an array name")
        .help("load(file) gives the one matrix of a text or .npy file")
        .boxed());
    }
    let delimiter = delimiter(call, kind)?;
    let header = header_flag(call)?;
    let at = call.arg(0)?.span;
    let limits = &call.host_ref().limits;
    let max_elements = limits.max_elements;
    // A text number takes at least two bytes with its separator; allow generous room for
    // spaces and comments, and refuse what cannot fit before reading it.
    let max_bytes = (max_elements as u64).saturating_mul(64).max(1 << 20);
    let path = call.host_ref().files.resolve(&name, Purpose::Read, at)?;
    let numbers = match delimiter {
        None => {
            let (file, _) = files::open_within(&path, max_bytes, at)?;
            npy::read_from(&file, max_elements).map_err(|reason| {
                Diagnostic::error(
                    ErrorKind::File,
                    at,
                    format!("cannot load `{name}`: {reason}"),
                )
                .label(at, "this file")
                .boxed()
            })?
        }
        Some(delimiter) => {
            let (file, _) = files::open_within(&path, max_bytes, at)?;
            let options = text::Options::new(delimiter, header, max_elements);
            text::read(&file, &options).map_err(|e| text_error(call, e, (&name, &path, at)))?
        }
    };
    value_of(call, numbers).map(Some)
}

/// The diagnostic for a text file that cannot be read. A problem in the text is shown in
/// the data file itself, at its line and column, next to the `load` call.
fn text_error(
    call: &mut Call,
    e: text::ReadError,
    (name, path, at): (&str, &std::path::Path, Span),
) -> Box<Diagnostic> {
    let cannot = |why: String| {
        Diagnostic::error(ErrorKind::File, at, format!("cannot load `{name}`: {why}"))
            .label(at, "this file")
    };
    match e {
        text::ReadError::Io(e) => files::io_error(&e, Purpose::Read, path, at),
        text::ReadError::NotUtf8 { line } => cannot(format!("line {line} is not UTF-8 text"))
            .help("save the file as UTF-8; a .npy file is read by its extension")
            .boxed(),
        text::ReadError::TooLarge { rows, cols } => match call.check_alloc(rows, cols) {
            Err(refusal) => refusal,
            Ok(()) => cannot(format!("its {rows}×{cols} matrix is too large")).boxed(),
        },
        text::ReadError::Changed => {
            cannot("the file changed while it was being read".into()).boxed()
        }
        text::ReadError::Text(e) => {
            // Lines before the bad one are left empty: the report needs only their count.
            let before = "\n".repeat(e.line - 1);
            let source = call.ctx.add_source(name, &format!("{before}{}", e.text));
            let span = Span::new(source, before.len() + e.at.start, before.len() + e.at.end);
            Diagnostic::error(ErrorKind::File, span, e.message)
                .label(span, e.label)
                .label(at, "in the file loaded here")
                .boxed()
        }
    }
}

/// Numbers read from a file as a value, after the allocation check.
fn value_of(call: &Call, numbers: text::Numbers) -> Fallible<Value> {
    Ok(match numbers {
        text::Numbers::Real(m) => {
            call.check_alloc(m.nrows(), m.ncols())?;
            Value::from_mat(m)
        }
        text::Numbers::Complex(m) => {
            call.check_alloc(m.nrows(), m.ncols())?;
            Value::from_cmat(m)
        }
    })
}

fn save(call: &mut Call) -> Fallible<Option<Value>> {
    let name = call.string(0)?.to_string();
    let kind = kind(call, &name)?;
    if kind == Kind::Npz {
        return save_npz(call, &name);
    }
    let known = ["format", "delim", "header"];
    if let Some(kw) = call
        .keywords
        .iter()
        .find(|k| !known.contains(&k.name.as_str()))
    {
        return Err(Diagnostic::error(
            ErrorKind::Arity,
            kw.name_span,
            format!("unknown keyword argument `{}`", kw.name),
        )
        .label(kw.name_span, "not a keyword of `save`")
        .help("`save` accepts `format`, `delim` and `header`; arrays named by keywords go into a .npz")
        .boxed());
    }
    if call.args.len() < 2 {
        return Err(Diagnostic::error(
            ErrorKind::Arity,
            call.span,
            "`save` needs the matrix to write: save(file, A)",
        )
        .label(call.span, "no matrix given")
        .boxed());
    }
    let delimiter = delimiter(call, kind)?;
    let header = match call.keyword("header") {
        None => None,
        Some(kw) => match &kw.value {
            Value::Str(s) => Some(s.to_string()),
            _ => {
                return Err(Diagnostic::error(
                    ErrorKind::Type,
                    kw.span,
                    "`save` takes the header line as a string: header=\"a,b,c\"",
                )
                .label(kw.span, "not a string")
                .boxed())
            }
        },
    };
    let value = call.arg(1)?.value.clone();
    if !value.is_numeric() && !value.is_complex() {
        return Err(call.type_error(1, "a number or a matrix"));
    }
    let at = call.arg(0)?.span;
    let path = call.host_ref().files.resolve(&name, Purpose::Write, at)?;
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get().min(8));
    files::write_atomic(&path, at, |w| match delimiter {
        None => write_npy(w, &value),
        Some(d) => {
            let separator = match d {
                text::Delimiter::Char(c) => c.to_string(),
                text::Delimiter::Whitespace => " ".to_string(),
            };
            let matrix = match elements(&value) {
                Elements::Real(m) => text::write(
                    w,
                    text::Matrix::Real(m.as_ref().as_ref()),
                    &separator,
                    header.as_deref(),
                    threads,
                ),
                Elements::Complex(m) => text::write(
                    w,
                    text::Matrix::Complex(m.as_ref().as_ref()),
                    &separator,
                    header.as_deref(),
                    threads,
                ),
            };
            matrix
        }
    })?;
    Ok(None)
}

/// A value's elements: borrowed from a matrix, or made for a number.
enum Elements<'a> {
    Real(Cow<'a, Mat<f64>>),
    Complex(Cow<'a, Mat<c64>>),
}

fn elements(value: &Value) -> Elements<'_> {
    match value {
        Value::Matrix(m) | Value::Logical(m) => Elements::Real(Cow::Borrowed(m)),
        Value::ComplexMatrix(m) => Elements::Complex(Cow::Borrowed(m)),
        Value::Complex(z) => Elements::Complex(Cow::Owned(Mat::from_fn(1, 1, |_, _| *z))),
        other => Elements::Real(Cow::Owned(
            other.to_mat().unwrap_or_else(|| Mat::zeros(0, 0)),
        )),
    }
}

/// Writes a value as `.npy` (a number with shape `()`, a logical matrix as bools).
fn write_npy(w: &mut dyn std::io::Write, value: &Value) -> std::io::Result<()> {
    let scalar = !matches!(
        value,
        Value::Matrix(_) | Value::Logical(_) | Value::ComplexMatrix(_)
    );
    let logical = matches!(value, Value::Logical(_) | Value::Bool(_));
    let elements = elements(value);
    let array = match &elements {
        Elements::Complex(m) => npy::Array::Complex(m),
        Elements::Real(m) if logical => npy::Array::Logical(m),
        Elements::Real(m) => npy::Array::Real(m),
    };
    npy::write(w, array, scalar)
}

/// `save(f.npz, a=A, b=B)` (and `save(f.npz, A)`, named `arr_0` as numpy.savez names it).
fn save_npz(call: &mut Call, name: &str) -> Fallible<Option<Value>> {
    let at = call.arg(0)?.span;
    let mut arrays: Vec<(String, &Value, Span)> = Vec::new();
    if let Some(arg) = call.optional(1) {
        arrays.push(("arr_0".into(), &arg.value, arg.span));
    }
    for kw in call.keywords.iter().filter(|k| k.name != "format") {
        arrays.push((kw.name.clone(), &kw.value, kw.span));
    }
    if arrays.is_empty() {
        return Err(Diagnostic::error(
            ErrorKind::Arity,
            call.span,
            "`save` of a .npz needs arrays to write: save(file, a=A, b=B)",
        )
        .label(call.span, "no arrays given")
        .boxed());
    }
    let mut members = Vec::with_capacity(arrays.len());
    for (member, value, span) in arrays {
        if !value.is_numeric() && !value.is_complex() {
            return Err(Diagnostic::error(
                ErrorKind::Type,
                span,
                format!(
                    "`save` writes numbers and matrices, but `{member}` is a {}",
                    value.describe()
                ),
            )
            .label(span, format!("this is a {}", value.describe()))
            .boxed());
        }
        let mut bytes = Vec::new();
        write_npy(&mut bytes, value)
            .map_err(|e| files::io_error(&e, Purpose::Write, std::path::Path::new(name), at))?;
        members.push((member, bytes));
    }
    let path = call.host_ref().files.resolve(name, Purpose::Write, at)?;
    files::write_atomic(&path, at, |w| npz::write(w, &members))?;
    Ok(None)
}

/// `load(f.npz)` (an archive of one array) or `a, b = load(f.npz, "a", "b")`.
fn load_npz(call: &mut Call, name: &str) -> Fallible<Option<Value>> {
    let at = call.arg(0)?.span;
    let max_elements = call.host_ref().limits.max_elements;
    let max_bytes = max_elements.saturating_mul(16).saturating_add(1 << 16);
    let path = call.host_ref().files.resolve(name, Purpose::Read, at)?;
    let bytes = files::read(&path, max_bytes as u64, at)?;
    let fail = |reason: String| {
        Diagnostic::error(
            ErrorKind::File,
            at,
            format!("cannot load `{name}`: {reason}"),
        )
        .label(at, "this file")
        .boxed()
    };
    let members = npz::read(&bytes, max_bytes).map_err(fail)?;
    let names: Vec<String> = members.iter().map(|(n, _)| n.clone()).collect();
    let listed = names
        .iter()
        .map(|n| format!("\"{n}\""))
        .collect::<Vec<_>>()
        .join(", ");
    let mut wanted: Vec<(String, Span)> = Vec::new();
    for k in 1..call.args.len() {
        wanted.push((call.string(k)?.to_string(), call.arg(k)?.span));
    }
    if wanted.is_empty() {
        if members.len() != 1 {
            return Err(Diagnostic::error(
                ErrorKind::File,
                at,
                format!(
                    "`{name}` holds {} arrays: name the ones to load",
                    members.len()
                ),
            )
            .label(at, format!("holds {listed}"))
            .help(format!("for example: a, b = load(\"{name}\", {listed})"))
            .boxed());
        }
        wanted.push((names[0].clone(), at));
    }
    let mut values = Vec::with_capacity(wanted.len());
    for (array, span) in &wanted {
        let Some((_, bytes)) = members.iter().find(|(n, _)| n == array) else {
            return Err(Diagnostic::error(
                ErrorKind::File,
                *span,
                format!("`{name}` has no array named {array:?}"),
            )
            .label(*span, "not in the archive")
            .help(format!("it holds {listed}"))
            .boxed());
        };
        let numbers = npy::read(bytes, max_elements)
            .map_err(|reason| fail(format!("array {array:?}: {reason}")))?;
        values.push(value_of(call, numbers)?);
    }
    Ok(Some(if values.len() == 1 {
        values.remove(0)
    } else {
        Value::Tuple(values.into())
    }))
}
