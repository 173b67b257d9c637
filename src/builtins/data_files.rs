//! `load` and `save`: matrices from and to data files (src/data), through the file-access
//! rule and the atomic writer of src/files.rs. A cell that is not a number is reported at
//! the cell in the data file, in the same report as the `load` call.
//!
//! ```text
//! >> X = load("iris.csv")       # header line skipped
//! >> save("scores.csv", S)      # shortest round-trip numbers, written atomically
//! ```

use faer::Mat;

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
    let bytes = files::read(&path, max_bytes, at)?;
    let numbers = match delimiter {
        None => npy::read(&bytes, max_elements).map_err(|reason| {
            Diagnostic::error(
                ErrorKind::File,
                at,
                format!("cannot load `{name}`: {reason}"),
            )
            .label(at, "this file")
            .boxed()
        })?,
        Some(delimiter) => {
            let content = String::from_utf8(bytes).map_err(|e| {
                let good = &e.as_bytes()[..e.utf8_error().valid_up_to()];
                let line = good.iter().filter(|&&b| b == b'\n').count() + 1;
                Diagnostic::error(
                    ErrorKind::File,
                    at,
                    format!("cannot load `{name}`: line {line} is not UTF-8 text"),
                )
                .label(at, "this file")
                .help("save the file as UTF-8; a .npy file is read by its extension")
                .boxed()
            })?;
            text::read(&content, delimiter, header).map_err(|e| {
                // Show the data file up to the end of the bad line, so the report points
                // into it at the right line and column.
                let end = content[e.at.end..]
                    .find('\n')
                    .map_or(content.len(), |k| e.at.end + k);
                let source = call.ctx.add_source(&name, &content[..end]);
                let span = Span::new(source, e.at.start, e.at.end);
                Diagnostic::error(ErrorKind::File, span, e.message)
                    .label(span, e.label)
                    .label(at, "in the file loaded here")
                    .boxed()
            })?
        }
    };
    value_of(call, numbers).map(Some)
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
    let shape = value.shape();
    let real = value.to_mat().unwrap_or_else(|| Mat::zeros(0, 0));
    let complex = value.to_cmat().unwrap_or_else(|| Mat::zeros(0, 0));
    files::write_atomic(&path, at, |w| match delimiter {
        None => write_npy(w, &value),
        Some(d) => {
            let separator = match d {
                text::Delimiter::Char(c) => c.to_string(),
                text::Delimiter::Whitespace => " ".to_string(),
            };
            let dims = (shape.rows, shape.cols);
            if value.is_complex() {
                text::write(
                    w,
                    dims,
                    |i, j| text::complex_number(complex[(i, j)]),
                    &separator,
                    header.as_deref(),
                )
            } else {
                text::write(
                    w,
                    dims,
                    |i, j| text::number(real[(i, j)]),
                    &separator,
                    header.as_deref(),
                )
            }
        }
    })?;
    Ok(None)
}

/// Writes a value as `.npy` (a number with shape `()`, a logical matrix as bools).
fn write_npy(w: &mut dyn std::io::Write, value: &Value) -> std::io::Result<()> {
    let scalar = !matches!(
        value,
        Value::Matrix(_) | Value::Logical(_) | Value::ComplexMatrix(_)
    );
    let real = value.to_mat().unwrap_or_else(|| Mat::zeros(0, 0));
    let complex = value.to_cmat().unwrap_or_else(|| Mat::zeros(0, 0));
    let array = if value.is_complex() {
        npy::Array::Complex(&complex)
    } else if matches!(value, Value::Logical(_) | Value::Bool(_)) {
        npy::Array::Logical(&real)
    } else {
        npy::Array::Real(&real)
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
