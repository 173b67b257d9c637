//! Every builtin meets a complex scalar `z = 1 + 2i` and a complex matrix
//! `Z = [[1+2i, 3], [0, 2i]]`: each row of the table says what must happen (a value, or
//! the one refusal "complex input is not supported by `f`"). The test walks the builtin
//! table, so a builtin without a row fails it: adding a builtin means deciding this.

use la::{Interpreter, Value};

/// What one call must give.
enum Outcome {
    /// The value of this la expression (compared to 1e-9, relative).
    Is(&'static str),
    /// The shared complex refusal.
    Refused,
    /// Runs and gives no value (`print`).
    Nothing,
    /// Refused for its kind, not for being complex (a matrix where a number is wanted).
    Kind,
    /// Takes no arguments at all.
    Arity,
}
use Outcome::{Arity, Is, Kind, Nothing, Refused};

/// One builtin: its complex-scalar call and its complex-matrix call, with their outcomes.
type Row = (
    &'static str,
    (&'static str, Outcome),
    (&'static str, Outcome),
);

const SETUP: &str = "z = 1 + 2i; Z = [[1+2i, 3], [0, 2i]];";

fn rows() -> Vec<Row> {
    vec![
        (
            "sort",
            ("sort(z)", Is("z")),
            ("sort(Z)", Is("[[0, 2i], [1+2i, 3]]")),
        ),
        (
            "unique",
            ("unique(z)", Is("z")),
            ("unique(Z)", Is("[0, 2i, 1+2i, 3]")),
        ),
        ("median", ("median(z)", Refused), ("median(Z)", Refused)),
        // A picture shows real numbers; the help says to plot real, imag or abs.
        ("plot", ("plot(z)", Refused), ("plot(Z)", Refused)),
        ("scatter", ("scatter(z, z)", Refused), ("scatter(Z, Z)", Refused)),
        ("hist", ("hist(z)", Refused), ("hist(Z)", Refused)),
        ("bar", ("bar(z)", Refused), ("bar(Z)", Refused)),
        ("heatmap", ("heatmap(z)", Refused), ("heatmap(Z)", Refused)),
        ("spy", ("spy(z)", Refused), ("spy(Z)", Refused)),
        ("arrows", ("arrows(z)", Refused), ("arrows(Z)", Refused)),
        ("quiver", ("quiver(z)", Refused), ("quiver(Z)", Refused)),
        ("sum", ("sum(z)", Is("z")), ("sum(Z)", Is("4 + 4i"))),
        (
            "prod",
            ("prod(z)", Is("z")),
            ("prod(Z, 2)", Is("[3 + 6i, 0]")),
        ),
        ("mean", ("mean(z)", Is("z")), ("mean(Z)", Is("1 + 1i"))),
        (
            "max",
            ("max(z)", Is("z")),
            ("max(Z, dim=1)", Is("[[1+2i, 3]]")),
        ),
        (
            "min",
            ("min(z)", Is("z")),
            ("min(Z, dim=2)", Is("[1+2i, 0]")),
        ),
        ("argmax", ("argmax(z)", Is("1")), ("argmax(Z)", Is("3"))),
        ("argmin", ("argmin(z)", Is("1")), ("argmin(Z)", Is("2"))),
        ("any", ("any(z)", Is("true")), ("any(Z)", Is("true"))),
        ("all", ("all(z)", Is("true")), ("all(Z)", Is("false"))),
        ("mod", ("mod(z, 2)", Refused), ("mod(Z, 2)", Refused)),
        ("rem", ("rem(z, 2)", Refused), ("rem(Z, 2)", Refused)),
        ("clamp", ("clamp(z, 0, 1)", Refused), ("clamp(Z, 0, 1)", Refused)),
        (
            "isnan",
            ("isnan(z)", Is("false")),
            ("isnan(Z)", Is("[[0, 0], [0, 0]]")),
        ),
        (
            "isinf",
            ("isinf(z)", Is("false")),
            ("isinf([[1 + Inf*1i, 2i]])", Is("[[1, 0]]")),
        ),
        (
            "isfinite",
            ("isfinite(z)", Is("true")),
            ("isfinite(Z)", Is("[[1, 1], [1, 1]]")),
        ),
        // numpy.var([1+2j, 0, 3, 2j], ddof=1) = 10/3: the mean squared distance from the mean.
        ("var", ("var(z)", Is("0")), ("var(Z)", Is("10/3"))),
        ("std", ("std(z)", Is("0")), ("std(Z)", Is("sqrt(10/3)"))),
        (
            "logsumexp",
            ("logsumexp(z)", Is("z")),
            // scipy.special.logsumexp([1j, 2, 3 - 1j])
            (
                "logsumexp([1i, 2, 3 - 1i])",
                Is("3.2072787427570324 - 0.7074401163422156i"),
            ),
        ),
        (
            "cov",
            ("cov(z)", Is("0")),
            (
                "X = [[1+2i, 3], [2, 1i], [0, 1 - 1i]]; Xc = X .- mean(X, dim=1); approx(cov(X), Xc' * Xc / 2)",
                Is("true"),
            ),
        ),
        (
            "corrcoef",
            ("corrcoef([z, 2, 3i])", Is("1")),
            // numpy.corrcoef(X, rowvar=False)[1, 0]: Octave's convention, the conjugate of
            // NumPy's [0, 1]
            (
                "corrcoef([[1+2i, 3], [2, 1i], [0, 1 - 1i]])[1, 2]",
                Is("-0.1792842914001591 - 0.23904572186687884i"),
            ),
        ),
        (
            "cumprod",
            ("cumprod(z)", Is("z")),
            ("cumprod(Z)", Is("[[1+2i, 3], [0, 6i]]")),
        ),
        (
            "diff",
            ("diff([z, 2*z])", Is("[z]")),
            ("diff(Z)", Is("[[-1-2i, -3+2i]]")),
        ),
        ("randi", ("randi(z)", Refused), ("randi(Z)", Refused)),
        ("randperm", ("randperm(z)", Refused), ("randperm(Z)", Refused)),
        (
            "cumsum",
            ("cumsum(z)", Is("z")),
            ("cumsum(Z)", Is("[[1+2i, 3], [1+2i, 3+2i]]")),
        ),
        (
            "dot",
            ("dot(z, z)", Is("5")),
            ("dot([1+2i, 0], [3, 2i])", Is("3 - 6i")),
        ),
        (
            "solve",
            ("solve(z, z)", Is("1")),
            ("Z * solve(Z, [1, 2i])", Is("[1, 2i]")),
        ),
        (
            "lstsq",
            ("lstsq(z, z)", Is("1")),
            (
                "lstsq([[1+2i, 3], [0, 2i], [1, -1i]], [1, 2i, 3])",
                Is("[7/13 + 6i/13, 8/13 - 2i/13]"),
            ),
        ),
        (
            "inv",
            ("inv(z)", Is("0.2 - 0.4i")),
            ("Z * inv(Z)", Is("I(2)")),
        ),
        (
            "pinv",
            ("pinv(z)", Is("0.2 - 0.4i")),
            (
                "C = [[1+2i, 3], [0, 2i], [1, -1i]]; P = pinv(C); norm(C * P * C - C) < 1e-12 && norm(P * C - I(2)) < 1e-12",
                Is("true"),
            ),
        ),
        ("det", ("det(z)", Is("z")), ("det(Z)", Is("-4 + 2i"))),
        (
            "logdet",
            ("logdet(z)", Is("log(z)")),
            ("logdet(Z)", Is("log(-4 + 2i)")),
        ),
        (
            "slogdet",
            ("slogdet(z)", Is("[[z / abs(z), log(abs(z))]]")),
            (
                "s, l = slogdet(Z); abs(s - (-4 + 2i) / abs(-4 + 2i)) < 1e-12 && abs(l - log(abs(-4 + 2i))) < 1e-12",
                Is("true"),
            ),
        ),
        (
            "rank",
            ("rank(z)", Is("1")),
            ("rank([[1, 1i], [1i, -1]])", Is("1")),
        ),
        ("trace", ("trace(z)", Is("z")), ("trace(Z)", Is("1 + 4i"))),
        ("cond", ("cond(z)", Is("1")), ("cond(Z)", Is("3.7588860994071087"))),
        (
            "norm",
            ("norm(z)", Is("sqrt(5)")),
            ("norm([3i, 4])", Is("5")),
        ),
        (
            "issymmetric",
            ("issymmetric(z)", Is("true")),
            ("issymmetric([[1, 2i], [2i, 1]]) && !issymmetric(Z)", Is("true")),
        ),
        (
            "isposdef",
            ("isposdef(z)", Is("false")),
            ("isposdef([[2, 1i], [-1i, 2]]) && !isposdef(Z)", Is("true")),
        ),
        (
            "lu",
            ("L, U, P = lu(z); abs(P * z - L * U) < 1e-12", Is("true")),
            (
                "L, U, P = lu(Z); norm(P * Z - L * U) < 1e-12 && norm(L - [[1, 0], [0, 1]]) < 1e-12",
                Is("true"),
            ),
        ),
        (
            "qr",
            ("Q, R = qr(z); abs(Q * R - z) < 1e-12", Is("true")),
            (
                "Q, R = qr(Z); norm(Q * R - Z) < 1e-12 && norm(Q' * Q - I(2)) < 1e-12 && R[2, 1] == 0",
                Is("true"),
            ),
        ),
        (
            "chol",
            ("chol(z)", Kind),
            (
                "chol([[2, 1i], [-1i, 2]])",
                Is("[[sqrt(2), 1i / sqrt(2)], [0, sqrt(1.5)]]"),
            ),
        ),
        (
            "svd",
            ("svd(z)", Is("sqrt(5)")),
            (
                "U, S, V = svd(Z); norm(U * S * V' - Z) < 1e-12 && norm(U' * U - I(2)) < 1e-12",
                Is("true"),
            ),
        ),
        (
            "eig",
            ("eig(z)", Is("z")),
            (
                "d, V = eig(Z); norm(Z * V - V * diag(d)) < 1e-12 && norm(d - [2i, 1+2i]) < 1e-12",
                Is("true"),
            ),
        ),
        (
            "eigvals",
            ("eigvals(z)", Is("z")),
            (
                "eigvals([[2i, 1], [1, -1i]])",
                Is("[-0.6180339887498949i, 1.618033988749895i]"),
            ),
        ),
        (
            "expm",
            ("expm(z)", Is("exp(z)")),
            (
                "expm(Z)",
                Is("[[exp(z), 3 * (exp(z) - exp(2i))], [0, exp(2i)]]"),
            ),
        ),
        (
            "map",
            ("map(x -> x * 1i, z)", Is("z * 1i")),
            ("map(x -> conj(x), Z)", Is("conj(Z)")),
        ),
        ("mapcols", ("mapcols(c -> c, z)", Refused), ("mapcols(c -> c, Z)", Refused)),
        ("maprows", ("maprows(r -> r, z)", Refused), ("maprows(r -> r, Z)", Refused)),
        (
            "reduce",
            ("reduce((a, x) -> a + x, z, 1i)", Is("1 + 3i")),
            ("reduce((a, x) -> a + x, Z, 0)", Is("sum(sum(Z))")),
        ),
        ("fzero", ("fzero(x -> x, z)", Refused), ("fzero(x -> x, Z)", Refused)),
        ("integral", ("integral(x -> x, z, 1)", Refused), ("integral(x -> x, 0, Z)", Refused)),
        ("minimize", ("minimize(x -> x^2, z)", Refused), ("minimize(x -> x^2, Z)", Refused)),
        (
            "null",
            ("size(null(z))", Is("[[1, 0]]")),
            ("null([[1, 1i], [1i, -1]])", Is("[1, 1i] / sqrt(2)")),
        ),
        (
            "orth",
            ("orth(z)", Is("1")),
            ("orth([[1, 1i], [1i, -1]])", Is("[1, 1i] / sqrt(2)")),
        ),
        (
            "kron",
            ("kron(z, [1, 2i])", Is("[z, 2i * z]")),
            (
                "kron(Z, [1, 1i])",
                Is("[[1+2i, 3], [1i * (1+2i), 3i], [0, 2i], [0, -2]]"),
            ),
        ),
        (
            "cross",
            ("cross([z, 0, 0], [0, 1, 0])", Is("[0, 0, z]")),
            ("cross([1i, 2, 3], [1, 1i, 0])", Is("[-3i, 3, -3]")),
        ),
        (
            "outer",
            ("outer(z, z)", Is("z * z")),
            ("outer([1, 1i], [1i, 2])", Is("[[1i, 2], [-1, 2i]]")),
        ),
        ("relu", ("relu(z)", Refused), ("relu(Z)", Refused)),
        ("sigmoid", ("sigmoid(z)", Refused), ("sigmoid(Z)", Refused)),
        ("softmax", ("softmax(z)", Refused), ("softmax(Z)", Refused)),
        ("atan2", ("atan2(z, 1)", Refused), ("atan2(1, Z)", Refused)),
        ("print", ("print(z)", Nothing), ("print(Z)", Nothing)),
        ("format", ("format(z)", Refused), ("format(Z)", Refused)),
        ("assert", ("assert(z)", Refused), ("assert(Z)", Refused)),
        (
            "approx",
            ("approx(z, 1 + 2i)", Is("true")),
            ("approx(Z, Z + 1e-12i)", Is("true")),
        ),
        ("error", ("error(z)", Refused), ("error(Z)", Refused)),
        ("source", ("source(z)", Refused), ("source(Z)", Refused)),
        (
            "sprintf",
            ("sprintf(\"%g%+gi\", z)", Is("\"1+2i\"")),
            ("sprintf(\"%g \", Z)", Is("\"1 2 0 0 3 0 0 2 \"")),
        ),
        ("printf", ("printf(\"%g\", z)", Nothing), ("printf(\"%g\", Z)", Nothing)),
        ("strcat", ("strcat(z)", Is("\"1 + 2i\"")), ("strcat(\"Z: \", Z)", Is("\"Z: [[1 + 2i, 3 + 0i], [0 + 0i, 0 + 2i]]\""))),
        ("string", ("string(z)", Is("\"1 + 2i\"")), ("string(Z)", Is("\"[[1 + 2i, 3 + 0i], [0 + 0i, 0 + 2i]]\""))),
        ("nargs", ("nargs(z)", Arity), ("nargs(Z)", Arity)),
        ("arg", ("arg(z)", Refused), ("arg(Z)", Refused)),
        ("num", ("num(z)", Refused), ("num(Z)", Refused)),
        ("logical", ("logical(z)", Is("true")), ("logical(Z)", Is("[[true, true], [false, true]]"))),
        ("xor", ("xor(z, 0)", Is("true")), ("xor(Z, 1)", Is("[[false, false], [true, false]]"))),
        ("find", ("find(z)", Is("1")), ("find(Z)", Is("[1, 3, 4]"))),
        ("nnz", ("nnz(z)", Is("1")), ("nnz(Z)", Is("3"))),
        ("load", ("load(z)", Refused), ("load(Z)", Refused)),
        ("save", ("save(\"target/complex-row.csv\", z); load(\"target/complex-row.csv\")", Is("z")), ("save(\"target/complex-row.npy\", Z); load(\"target/complex-row.npy\")", Is("Z"))),
        ("seed", ("seed(z)", Refused), ("seed(Z)", Refused)),
        // tic and toc take no arguments; a complex value cannot reach them.
        ("tic", ("tic(z)", Arity), ("tic(Z)", Arity)),
        ("toc", ("toc(z)", Arity), ("toc(Z)", Arity)),
        (
            "real",
            ("real(z)", Is("1")),
            ("real(Z)", Is("[[1, 3], [0, 0]]")),
        ),
        (
            "imag",
            ("imag(z)", Is("2")),
            ("imag(Z)", Is("[[2, 0], [0, 2]]")),
        ),
        (
            "conj",
            ("conj(z)", Is("1 - 2i")),
            ("conj(Z)", Is("[[1-2i, 3], [0, -2i]]")),
        ),
        (
            "abs",
            ("abs(z)", Is("sqrt(5)")),
            ("abs(Z)", Is("[[sqrt(5), 3], [0, 2]]")),
        ),
        (
            "angle",
            ("angle(z)", Is("1.1071487177940904")),
            ("angle(Z)", Is("[[1.1071487177940904, 0], [0, pi/2]]")),
        ),
        (
            "sqrt",
            ("sqrt(z)", Is("1.272019649514069 + 0.7861513777574233i")),
            ("sqrt(Z)", Is("[[sqrt(z), sqrt(3)], [0, 1+1i]]")),
        ),
        (
            "exp",
            ("exp(z)", Is("-1.1312043837568135 + 2.4717266720048188i")),
            ("exp(Z)", Is("[[exp(z), exp(3)], [1, exp(2i)]]")),
        ),
        (
            "log",
            ("log(z)", Is("0.8047189562170503 + 1.1071487177940904i")),
            ("log(Z)", Is("[[log(z), log(3)], [-Inf, log(2i)]]")),
        ),
        (
            "log2",
            ("log2(z)", Is("1.1609640474436813 + 1.5972779646881088i")),
            ("log2(-8)", Is("3 + 4.532360141827194i")),
        ),
        (
            "log10",
            ("log10(z)", Is("0.3494850021680094 + 0.480828578784234i")),
            ("log10(-1)", Is("1.3643763538418414i")),
        ),
        (
            "sin",
            ("sin(z)", Is("3.165778513216168 + 1.9596010414216063i")),
            ("sin(Z)", Is("[[sin(z), sin(3)], [0, sin(2i)]]")),
        ),
        (
            "cos",
            ("cos(z)", Is("2.0327230070196656 - 3.0518977991518i")),
            ("cos(Z)", Is("[[cos(z), cos(3)], [1, cos(2i)]]")),
        ),
        (
            "tan",
            ("tan(z)", Is("0.0338128260798967 + 1.0147936161466335i")),
            ("tan(Z)", Is("[[tan(z), tan(3)], [0, tan(2i)]]")),
        ),
        (
            "asin",
            ("asin(z)", Is("0.4270785863924761 + 1.5285709194809982i")),
            ("asin([z, 2i])", Is("[asin(z), asin(2i)]")),
        ),
        (
            "acos",
            ("acos(z)", Is("1.1437177404024204 - 1.5285709194809982i")),
            ("acos([z, 2i])", Is("[acos(z), acos(2i)]")),
        ),
        (
            "atan",
            ("atan(z)", Is("1.3389725222944935 + 0.40235947810852507i")),
            ("atan(Z)", Is("[[atan(z), atan(3)], [0, atan(2i)]]")),
        ),
        (
            "sinh",
            ("sinh(z)", Is("-0.4890562590412937 + 1.4031192506220405i")),
            ("sinh(Z)", Is("[[sinh(z), sinh(3)], [0, sinh(2i)]]")),
        ),
        (
            "cosh",
            ("cosh(z)", Is("-0.64214812471552 + 1.0686074213827783i")),
            ("cosh(Z)", Is("[[cosh(z), cosh(3)], [1, cosh(2i)]]")),
        ),
        (
            "tanh",
            ("tanh(z)", Is("1.16673625724092 - 0.24345820118572534i")),
            ("tanh(Z)", Is("[[tanh(z), tanh(3)], [0, tanh(2i)]]")),
        ),
        ("floor", ("floor(z)", Refused), ("floor(Z)", Refused)),
        ("ceil", ("ceil(z)", Refused), ("ceil(Z)", Refused)),
        (
            "round",
            ("round(1.5 + 2.4i)", Is("2 + 2i")),
            ("round(Z / 2)", Is("[[1 + 1i, 2], [0, 1i]]")),
        ),
        (
            "sign",
            ("sign(3 + 4i)", Is("0.6 + 0.8i")),
            ("sign(Z)", Is("[[z / sqrt(5), 1], [0, 1i]]")),
        ),
        (
            "size",
            ("size(z)", Is("[[1, 1]]")),
            ("size(Z)", Is("[[2, 2]]")),
        ),
        ("rows", ("rows(z)", Is("1")), ("rows(Z)", Is("2"))),
        ("cols", ("cols(z)", Is("1")), ("cols(Z)", Is("2"))),
        ("numel", ("numel(z)", Is("1")), ("numel(Z)", Is("4"))),
        ("length", ("length(z)", Is("1")), ("length(Z)", Is("2"))),
        (
            "transpose",
            ("transpose(z)", Is("z")),
            ("transpose(Z)", Is("[[1+2i, 0], [3, 2i]]")),
        ),
        ("I", ("I(z)", Refused), ("I(Z)", Refused)),
        ("eye", ("eye(z)", Refused), ("eye(Z)", Refused)),
        ("zeros", ("zeros(z)", Refused), ("zeros(Z)", Refused)),
        ("ones", ("ones(z)", Refused), ("ones(Z)", Refused)),
        (
            "fill",
            ("fill(z, 2, 1)", Is("[z, z]")),
            ("fill(Z, 1, 1)", Kind),
        ),
        ("rand", ("rand(z)", Refused), ("rand(Z)", Refused)),
        ("randn", ("randn(z)", Refused), ("randn(Z)", Refused)),
        ("diag", ("diag(z)", Is("z")), ("diag(Z)", Is("[1+2i, 2i]"))),
        (
            "linspace",
            ("linspace(0, z, 3)", Is("[0, z/2, z]")),
            ("linspace(Z, 1, 2)", Kind),
        ),
        (
            "hcat",
            ("hcat(z, 1)", Is("[[z, 1]]")),
            ("hcat(Z, Z)", Is("[[1+2i, 3, 1+2i, 3], [0, 2i, 0, 2i]]")),
        ),
        (
            "vcat",
            ("vcat(z, 1)", Is("[z, 1]")),
            ("vcat(Z, [[1, 1]])", Is("[[1+2i, 3], [0, 2i], [1, 1]]")),
        ),
        (
            "reshape",
            ("reshape(z, 1, 1)", Is("z")),
            ("reshape(Z, 1, 4)", Is("[[1+2i, 0, 3, 2i]]")),
        ),
        (
            "repeat",
            ("repeat(z, 1, 2)", Is("[[z, z]]")),
            ("repeat(Z, 1, 1)", Is("Z")),
        ),
        (
            "triu",
            ("triu(z)", Is("z")),
            ("triu(Z, 1)", Is("[[0, 3], [0, 0]]")),
        ),
        (
            "tril",
            ("tril(z)", Is("z")),
            ("tril(Z)", Is("[[1+2i, 0], [0, 2i]]")),
        ),
    ]
}

/// True when `a` and `b` are the same kind of value with equal shapes and elements equal to
/// 1e-9 relative (NaN and infinities must match exactly).
fn close(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Tuple(x), Value::Tuple(y)) => {
            x.len() == y.len() && x.iter().zip(y.iter()).all(|(p, q)| close(p, q))
        }
        (Value::Bool(x), Value::Bool(y)) => x == y,
        (Value::Bool(_), _) | (_, Value::Bool(_)) => false,
        _ => match (a.to_cmat(), b.to_cmat()) {
            (Some(x), Some(y)) if x.shape() == y.shape() => (0..x.nrows()).all(|i| {
                (0..x.ncols()).all(|j| {
                    let (p, q) = (x[(i, j)], y[(i, j)]);
                    p == q || (p - q).norm() <= 1e-9 * (1.0 + q.norm())
                })
            }),
            _ => false,
        },
    }
}

/// Runs one case; `Err` says what went wrong.
fn check(name: &str, text: &str, outcome: &Outcome) -> Result<(), String> {
    let mut la = Interpreter::with_sink(Box::new(|_| {}));
    // `save` and `load` write and read under target/.
    la.set_file_access(la::FileAccess::inside(env!("CARGO_MANIFEST_DIR")).unwrap());
    la.run("setup", SETUP).map_err(|e| e.render(false))?;
    let got = la.run("case", text);
    let refusal = format!("complex input is not supported by `{name}`");
    match (outcome, got) {
        (Is(expected), Ok(got)) => {
            let want = la.run("expected", expected).map_err(|e| e.render(false))?;
            let same = match (&got, &want) {
                (Some(Value::Str(g)), Some(Value::Str(w))) => g == w,
                (Some(g), Some(w)) => close(g, w),
                _ => false,
            };
            if same {
                Ok(())
            } else {
                Err(format!("gave {got:?}, expected {want:?}"))
            }
        }
        (Nothing, Ok(_)) => Ok(()),
        (Refused, Err(e)) if e.render(false).contains(&refusal) => Ok(()),
        (Kind, Err(e)) if !e.render(false).contains("complex") => Ok(()),
        (Arity, Err(e)) if e.render(false).contains("takes 0 arguments") => Ok(()),
        (_, Ok(v)) => Err(format!("gave {v:?}")),
        (_, Err(e)) => Err(format!("failed: {}", e.render(false))),
    }
}

#[test]
fn every_builtin_has_a_decided_complex_outcome() {
    let rows = rows();
    let mut failures = Vec::new();
    for (topic, table) in la::builtins::TOPICS {
        for builtin in table.iter() {
            let Some((_, scalar, matrix)) = rows.iter().find(|r| r.0 == builtin.name) else {
                failures.push(format!(
                    "{topic}: `{}` has no row: decide what it does with complex input",
                    builtin.name
                ));
                continue;
            };
            for (text, outcome) in [scalar, matrix] {
                if let Err(why) = check(builtin.name, text, outcome) {
                    failures.push(format!("`{text}` {why}"));
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
