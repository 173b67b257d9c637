//! The plot builtins: `plot`, `scatter`, `hist`, `bar`, `heatmap`, `spy`, `arrows` (and
//! `quiver`). They check their arguments and keywords here, then hand numbers to
//! `crate::plot`, and send the picture to the host's output like `print`. They give no value.
//!
//! ```text
//! >> plot(0:0.1:6, sin(0:0.1:6), title="sine")
//! >> hist(randn(1000, 1), bins=15)
//! >> arrows([[1, 0], [0, 1]] * [[2, 1], [1, 1]])
//! ```

use std::sync::Arc;

use faer::Mat;

use super::{Builtin, Call, KwArg, ShapeCall, ShapeRule};
use crate::diagnostic::{Diagnostic, ErrorKind, Fallible};
use crate::files::{self, Purpose};
use crate::plot::{self, Chart, Format, Options, Series};
use crate::source::Span;
use crate::value::{Shape, Value};

/// The keywords every plot builtin takes.
const COMMON: &[&str] = &[
    "title", "xlabel", "ylabel", "legend", "width", "height", "xlim", "ylim", "file", "format",
];

/// The builtins of this topic.
pub const BUILTINS: &[Builtin] = &[
    Builtin {
        name: "plot",
        signature:
            "plot([x,] y[, title=, xlabel=, ylabel=, legend=, width=, height=, xlim=, ylim=, file=, format=])",
        min_args: 1,
        max_args: 2,
        keywords: COMMON,
        doc: "draws lines through the points (x, y); each column of a matrix y is a series, \
              and x and y matrices of one shape pair their columns; without x, against \
              1, 2, 3, ...; file=\"name.svg\" or \"name.png\" writes a file instead; in a \
              notebook the picture is an SVG image, or PNG with format=\"png\"",
        example: "plot(0:0.1:6, sin(0:0.1:6), title=\"sine\")",
        run: plot_lines,
        shape: ShapeRule::Custom(series_rule),
    },
    Builtin {
        name: "scatter",
        signature: "scatter([x,] y[, title=, legend=, width=, height=, xlim=, ylim=, ...])",
        min_args: 1,
        max_args: 2,
        keywords: COMMON,
        doc: "draws the points (x, y) without joining them; each column of a matrix y is a series \
              (x and y matrices of one shape pair their columns)",
        example: "scatter(randn(50, 1), randn(50, 1))",
        run: plot_points,
        shape: ShapeRule::Custom(series_rule),
    },
    Builtin {
        name: "hist",
        signature: "hist(v[, bins=10, title=, width=, ...])",
        min_args: 1,
        max_args: 1,
        keywords: &[
            "bins", "title", "xlabel", "ylabel", "legend", "width", "height", "xlim", "ylim",
            "file", "format",
        ],
        doc: "a histogram of the elements of v in `bins` equal bins (default 10) from the \
              smallest to the largest",
        example: "hist(randn(1000, 1), bins=15)",
        run: histogram,
        shape: ShapeRule::Nothing,
    },
    Builtin {
        name: "bar",
        signature: "bar(v[, legend=\"a,b,...\", title=, width=, ...])",
        min_args: 1,
        max_args: 1,
        keywords: COMMON,
        doc: "one horizontal bar per element of v; `legend=` names the bars",
        example: "bar([3, 1, 2], legend=\"red,green,blue\")",
        run: bars,
        shape: ShapeRule::Nothing,
    },
    Builtin {
        name: "heatmap",
        signature: "heatmap(A[, title=, width=, height=, ...])",
        min_args: 1,
        max_args: 1,
        keywords: COMMON,
        doc: "each element of A a shaded cell, rows top to bottom as A prints, with a colour \
              bar and the value range",
        example: "heatmap(reshape(1:12, 3, 4))",
        run: heat,
        shape: ShapeRule::Nothing,
    },
    Builtin {
        name: "spy",
        signature: "spy(A[, title=, width=, height=, ...])",
        min_args: 1,
        max_args: 1,
        keywords: COMMON,
        doc: "a dot where each non-zero element of A is, row 1 at the top",
        example: "spy([[1, 1, 0], [0, 1, 0], [1, 0, 1]])",
        run: sparsity,
        shape: ShapeRule::Nothing,
    },
    Builtin {
        name: "arrows",
        signature: "arrows(V[, title=, legend=, width=, height=, xlim=, ylim=, ...])",
        min_args: 1,
        max_args: 1,
        keywords: COMMON,
        doc: "each column of the 2×k matrix V as an arrow from the origin, on axes of equal scale",
        example: "arrows([[2, 1], [1, 1]] * eye(2))",
        run: vectors,
        shape: ShapeRule::Custom(vectors_rule),
    },
    Builtin {
        name: "quiver",
        signature: "quiver(V[, ...])",
        min_args: 1,
        max_args: 1,
        keywords: COMMON,
        doc: "the same as `arrows`",
        example: "quiver([[1, 0], [0, 1]])",
        run: vectors,
        shape: ShapeRule::Nothing,
    },
];

/// The elements of argument `i`, row by row, with its shape. Complex input is refused with
/// help to plot its real part, imaginary part or size.
fn elements(call: &Call, i: usize) -> Fallible<(Vec<f64>, Shape)> {
    let m = call.matrix(i)?;
    Ok((row_major(&m), Shape::new(m.nrows(), m.ncols())))
}

fn row_major(m: &Arc<Mat<f64>>) -> Vec<f64> {
    let mut out = Vec::with_capacity(m.nrows() * m.ncols());
    for i in 0..m.nrows() {
        for j in 0..m.ncols() {
            out.push(m[(i, j)]);
        }
    }
    out
}

/// Keyword `kw` as a string.
fn text(call: &Call, kw: &KwArg) -> Fallible<String> {
    match &kw.value {
        Value::Str(s) => Ok(s.to_string()),
        other => Err(Diagnostic::error(
            ErrorKind::Type,
            kw.span,
            format!("`{}` expects a string for `{}`", call.name, kw.name),
        )
        .label(kw.span, format!("this is a {}", other.describe()))
        .boxed()),
    }
}

/// Keyword `kw` as a size: in character cells (1 to 1000) for the terminal, in pixels (16
/// to 8000) for a file.
fn size(call: &Call, kw: &KwArg, pixels: bool) -> Fallible<usize> {
    let (range, unit, example) = if pixels {
        (16..=8000, "pixels", "width=800, height=500")
    } else {
        (1..=1000, "character cells", "width=60, height=15")
    };
    match kw.value.as_scalar().and_then(super::args::as_count) {
        Some(n) if range.contains(&n) => Ok(n),
        _ => Err(Diagnostic::error(
            ErrorKind::Domain,
            kw.span,
            format!(
                "`{}` takes a whole number from {} to {} for `{}`",
                call.name,
                range.start(),
                range.end(),
                kw.name
            ),
        )
        .label(
            kw.span,
            format!("this is {}", crate::format::value_inline(&kw.value)),
        )
        .help(format!("sizes are in {unit}, for example {example}"))
        .boxed()),
    }
}

/// Where a picture goes: the file `file=` names, or the host (a notebook) that shows
/// pictures itself.
enum Target {
    /// Written to this file (the name as given, and where it was given).
    File(String, Span),
    /// Sent to the host as an `Event::Picture`.
    Host,
}

/// A picture to draw instead of the text one: where it goes, in which format, how many
/// pixels.
struct Picture {
    target: Target,
    format: Format,
    size: (usize, usize),
}

/// The picture this call draws, if any: a `file=` name ending in .svg or .png, or, for a
/// host that shows pictures, one in the `format=` it asks for (SVG unless "png").
fn picture_target(call: &Call) -> Fallible<Option<Picture>> {
    let format = inline_format(call)?;
    let (target, format) = match (call.keyword("file"), format) {
        (Some(kw), Some((_, format_kw))) => {
            return Err(Diagnostic::error(
                ErrorKind::Domain,
                format_kw,
                format!(
                    "`{}` takes a file's format from its name, not from `format=`",
                    call.name
                ),
            )
            .label(format_kw, "for pictures a notebook shows")
            .label(kw.span, "this name gives the format")
            .help("leave out format=, or name the file .svg or .png")
            .boxed())
        }
        (Some(kw), None) => {
            let name = text(call, kw)?;
            let Some(format) = Format::of_name(&name) else {
                return Err(Diagnostic::error(
                    ErrorKind::Domain,
                    kw.span,
                    format!("`{}` writes pictures as .svg or .png files", call.name),
                )
                .label(kw.span, "not a .svg or .png name")
                .help("for example file=\"plot.svg\" or file=\"plot.png\"")
                .boxed());
            };
            (Target::File(name, kw.span), format)
        }
        (None, format) if call.host_ref().rich => {
            let format = format.map_or(Format::Svg, |(format, _)| format);
            (Target::Host, format)
        }
        (None, _) => return Ok(None),
    };
    let mut size = match target {
        Target::File(..) => plot::DEFAULT_SIZE,
        Target::Host => plot::INLINE_SIZE,
    };
    for kw in &call.keywords {
        match kw.name.as_str() {
            "width" => size.0 = self::size(call, kw, true)?,
            "height" => size.1 = self::size(call, kw, true)?,
            _ => {}
        }
    }
    Ok(Some(Picture {
        target,
        format,
        size,
    }))
}

/// The `format=` keyword, if given: "svg" or "png", and where it was given.
fn inline_format(call: &Call) -> Fallible<Option<(Format, Span)>> {
    let Some(kw) = call.keyword("format") else {
        return Ok(None);
    };
    match text(call, kw)?.to_ascii_lowercase().as_str() {
        "svg" => Ok(Some((Format::Svg, kw.span))),
        "png" => Ok(Some((Format::Png, kw.span))),
        _ => Err(Diagnostic::error(
            ErrorKind::Domain,
            kw.span,
            format!("`{}` draws pictures as \"svg\" or \"png\"", call.name),
        )
        .label(
            kw.span,
            format!("this is {}", crate::format::value_inline(&kw.value)),
        )
        .help("format=\"svg\" (the default) or format=\"png\"")
        .boxed()),
    }
}

/// Shows `chart`: as text in the output; or as a picture, written to the file `file=`
/// names (whole or not at all, where the host allows files) or sent to a host that shows
/// pictures, with the text drawing as its fallback.
fn show(call: &mut Call, chart: Chart, opts: &Options) -> Fallible<Option<Value>> {
    let Some(picture) = picture_target(call)? else {
        let text = plot::terminal(&chart, opts);
        call.host().print(text);
        return Ok(None);
    };
    let span = match &picture.target {
        Target::File(_, span) => *span,
        Target::Host => call.span,
    };
    let bytes = plot::picture(&chart, opts, picture.size, picture.format).map_err(|e| {
        Diagnostic::error(
            ErrorKind::File,
            span,
            format!("cannot draw the picture: {e}"),
        )
        .boxed()
    })?;
    match picture.target {
        Target::File(name, span) => {
            let path = call.host_ref().files.resolve(&name, Purpose::Write, span)?;
            files::write_atomic(&path, span, |w| w.write_all(&bytes))?;
        }
        Target::Host => {
            let plain = Options {
                color: false,
                ..opts.clone()
            };
            let text = plot::terminal(&chart, &plain);
            call.host().picture(picture.format.mime(), bytes, text);
        }
    }
    Ok(None)
}

/// Keyword `kw` as a range `[a, b]` with a < b, both finite.
fn limits(call: &Call, kw: &KwArg) -> Fallible<(f64, f64)> {
    if let Value::Matrix(m) = &kw.value {
        if m.nrows() * m.ncols() == 2 {
            let v = row_major(m);
            if v[0].is_finite() && v[1].is_finite() && v[0] < v[1] {
                return Ok((v[0], v[1]));
            }
        }
    }
    Err(Diagnostic::error(
        ErrorKind::Domain,
        kw.span,
        format!("`{}` takes `{}=[a, b]` with a < b", call.name, kw.name),
    )
    .label(
        kw.span,
        format!("this is {}", crate::format::value_inline(&kw.value)),
    )
    .boxed())
}

/// The options from the keywords, the size and colour from the host. `series` is how many
/// names `legend=` must give.
fn options(call: &Call, series: usize, what: &str) -> Fallible<Options> {
    let settings = call.host_ref().plot;
    let pixels = call.keyword("file").is_some() || call.host_ref().rich;
    let mut opts = Options {
        width: settings.width,
        height: settings.height,
        color: settings.color,
        ..Options::default()
    };
    for kw in &call.keywords {
        match kw.name.as_str() {
            "title" => opts.title = Some(text(call, kw)?),
            "xlabel" => opts.xlabel = Some(text(call, kw)?),
            "ylabel" => opts.ylabel = Some(text(call, kw)?),
            "width" if !pixels => opts.width = size(call, kw, false)?,
            "height" if !pixels => opts.height = size(call, kw, false)?,
            "xlim" => opts.xlim = Some(limits(call, kw)?),
            "ylim" => opts.ylim = Some(limits(call, kw)?),
            "legend" => {
                let names: Vec<String> = text(call, kw)?
                    .split(',')
                    .map(|s| s.trim().to_string())
                    .collect();
                if names.len() != series {
                    let count = |n: usize, one: &str, many: &str| {
                        format!("{n} {}", if n == 1 { one } else { many })
                    };
                    let plural = if what == "series" {
                        "series".to_string()
                    } else {
                        format!("{what}s")
                    };
                    return Err(Diagnostic::error(
                        ErrorKind::Domain,
                        kw.span,
                        format!(
                            "`{}` was given {} for {}",
                            call.name,
                            count(names.len(), "legend name", "legend names"),
                            count(series, what, &plural)
                        ),
                    )
                    .label(
                        kw.span,
                        format!(
                            "{}, separated by commas",
                            count(names.len(), "name", "names")
                        ),
                    )
                    .help(format!("give one name per {what}, separated by commas"))
                    .boxed());
                }
                opts.legend = names;
            }
            _ => {}
        }
    }
    Ok(opts)
}

/// The series of `plot`/`scatter`: `f(y)` against 1, 2, 3, ... or `f(x, y)`; each column of
/// a matrix y is a series.
fn series(call: &Call) -> Fallible<Vec<Series>> {
    let (ys, yshape) = elements(call, call.args.len() - 1)?;
    let columns = || -> Vec<Vec<f64>> {
        if yshape.is_vector() {
            vec![ys.clone()]
        } else {
            column_vectors(&ys, yshape)
        }
    };
    if call.args.len() == 1 {
        let n = if yshape.is_vector() {
            yshape.len()
        } else {
            yshape.rows
        };
        let x: Vec<f64> = (1..=n).map(|k| k as f64).collect();
        return Ok(columns()
            .into_iter()
            .map(|y| Series { x: x.clone(), y })
            .collect());
    }
    let (x, xshape) = elements(call, 0)?;
    let spans = (call.arg(0)?.span, call.arg(1)?.span);
    pairing(call.name, (xshape, yshape), spans, call.span)?;
    if !xshape.is_vector() && xshape == yshape {
        // A matrix x of y's shape: column j of x pairs with column j of y (as Octave).
        let xs = column_vectors(&x, xshape);
        let ys = column_vectors(&ys, yshape);
        return Ok(xs
            .into_iter()
            .zip(ys)
            .map(|(x, y)| Series { x, y })
            .collect());
    }
    Ok(columns()
        .into_iter()
        .map(|y| Series { x: x.clone(), y })
        .collect())
}

/// The shape rule of `plot` and `scatter`: no value, and the error for x and y of known
/// shapes that do not pair.
fn series_rule(call: &ShapeCall) -> Fallible<Option<Shape>> {
    if let (Some(&[sx, sy]), [x, y]) = (call.real_shapes().as_deref(), call.args) {
        pairing(call.name, (sx, sy), (x.span, y.span), call.span)?;
    }
    Ok(None)
}

/// The error when x (`xshape`, at `xs`) and y (`yshape`, at `ys`) of `name(x, y)` do not
/// pair: one y (or row of y) per element of a vector x, or x and y matrices of one shape.
fn pairing(
    name: &str,
    (xshape, yshape): (Shape, Shape),
    (xs, ys): (Span, Span),
    span: Span,
) -> Fallible<()> {
    if !xshape.is_vector() && xshape == yshape {
        return Ok(());
    }
    let n = xshape.len();
    let fits = if yshape.is_vector() {
        yshape.len() == n
    } else {
        yshape.rows == n
    };
    if xshape.is_vector() && fits {
        return Ok(());
    }
    let ylen = if yshape.is_vector() {
        format!("y has {} elements", yshape.len())
    } else {
        format!("y has {} rows ({yshape})", yshape.rows)
    };
    let xlen = if xshape.is_vector() {
        format!("x has {n} elements")
    } else {
        format!("x is a {xshape} matrix, not a vector")
    };
    Err(Diagnostic::error(
        ErrorKind::Shape,
        span,
        format!("`{name}` needs one y value (or row of y) for each x"),
    )
    .label(xs, xlen)
    .label(ys, ylen)
    .help("give one y (or one row of y) per x, or x and y matrices of one shape")
    .boxed())
}

/// The columns of a row-major m×n matrix, each as a vector.
fn column_vectors(elements: &[f64], shape: Shape) -> Vec<Vec<f64>> {
    (0..shape.cols)
        .map(|j| {
            (0..shape.rows)
                .map(|i| elements[i * shape.cols + j])
                .collect()
        })
        .collect()
}

fn plot_lines(call: &mut Call) -> Fallible<Option<Value>> {
    let s = series(call)?;
    let opts = options(call, s.len(), "series")?;
    show(call, Chart::Lines(&s), &opts)
}

fn plot_points(call: &mut Call) -> Fallible<Option<Value>> {
    let s = series(call)?;
    let opts = options(call, s.len(), "series")?;
    show(call, Chart::Points(&s), &opts)
}

/// The most bins `hist` draws (one row each).
const MAX_BINS: usize = 1000;

fn histogram(call: &mut Call) -> Fallible<Option<Value>> {
    let (values, _) = elements(call, 0)?;
    let mut bins = 10;
    if let Some(kw) = call.keyword("bins") {
        match kw.value.as_scalar().and_then(super::args::as_count) {
            Some(n) if (1..=MAX_BINS).contains(&n) => bins = n,
            _ => {
                return Err(Diagnostic::error(
                    ErrorKind::Domain,
                    kw.span,
                    format!("`hist` needs from 1 to {MAX_BINS} bins"),
                )
                .label(
                    kw.span,
                    format!("this is {}", crate::format::value_inline(&kw.value)),
                )
                .help("for example bins=20")
                .boxed())
            }
        }
    }
    let opts = options(call, 1, "series")?;
    show(
        call,
        Chart::Hist {
            values: &values,
            bins,
        },
        &opts,
    )
}

fn bars(call: &mut Call) -> Fallible<Option<Value>> {
    let (values, _) = elements(call, 0)?;
    let opts = options(call, values.len(), "bar")?;
    show(call, Chart::Bars { values: &values }, &opts)
}

fn heat(call: &mut Call) -> Fallible<Option<Value>> {
    let (values, shape) = elements(call, 0)?;
    let opts = options(call, 1, "series")?;
    let (rows, cols) = (shape.rows, shape.cols);
    show(
        call,
        Chart::Heatmap {
            values: &values,
            rows,
            cols,
        },
        &opts,
    )
}

fn sparsity(call: &mut Call) -> Fallible<Option<Value>> {
    let (values, shape) = elements(call, 0)?;
    let opts = options(call, 1, "series")?;
    let (rows, cols) = (shape.rows, shape.cols);
    show(
        call,
        Chart::Spy {
            values: &values,
            rows,
            cols,
        },
        &opts,
    )
}

/// `arrows`'s shape rule: no value, and the error for a known shape without two rows.
fn vectors_rule(call: &ShapeCall) -> Fallible<Option<Shape>> {
    match call.args.first() {
        Some(a) if a.real => match a.shape {
            Some(shape) => two_rows(call.name, shape, a.span).map(|()| None),
            None => Ok(None),
        },
        _ => Ok(None),
    }
}

/// The error for vectors not given as the columns of a 2×k matrix.
fn two_rows(name: &str, shape: Shape, span: Span) -> Fallible<()> {
    if shape.rows == 2 {
        return Ok(());
    }
    Err(Diagnostic::error(
        ErrorKind::Shape,
        span,
        format!("`{name}` needs a 2×k matrix, one vector per column"),
    )
    .label(span, format!("this is a {shape} matrix"))
    .help("write the vectors as columns: [[x1, x2], [y1, y2]], or transpose with '")
    .boxed())
}

fn vectors(call: &mut Call) -> Fallible<Option<Value>> {
    let (values, shape) = elements(call, 0)?;
    two_rows(call.name, shape, call.arg(0)?.span)?;
    let opts = options(call, shape.cols, "arrow")?;
    let (us, vs) = values.split_at(shape.cols);
    show(call, Chart::Arrows { us, vs }, &opts)
}
