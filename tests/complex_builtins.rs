//! Every builtin meets complex input on purpose: this table has a row for each one in the
//! builtin table, saying what it does with a complex scalar and with a complex matrix (a
//! check written in la that must hold, or the one refusal message). A builtin added
//! without a row fails `every_builtin_has_a_row`.

use la::Interpreter;

/// What a builtin does with one complex case.
enum Case {
    /// The program runs, and its `assert`s hold.
    Works(&'static str),
    /// The call fails with "`name` does not support complex input: ..." at the argument.
    Refuses(&'static str),
    /// Not applicable: the builtin takes no numeric data (strings, sizes alone, nothing).
    NoData,
}
use Case::*;

/// name, then the complex scalar case and the complex matrix case. Every program starts with
/// `z = 1 + 2i`, `Z = [[1 + 2i, 3], [-1i, 2 - 1i]]` and the column `v = [1 + 2i, 3, -1i]`.
const TABLE: &[(&str, Case, Case)] = &[
    ("I", Refuses("I(z)"), Refuses("I(Z)")),
    ("abs", Works("assert(approx(abs(z), sqrt(5)))"), Works("assert(approx(abs(Z), [[sqrt(5), 3], [1, sqrt(5)]]))")),
    ("acos", Works("assert(approx(cos(acos(z)), z))"), Works("assert(approx(cos(acos(Z)), Z))")),
    ("all", Works("assert(all(z))"), Works("assert(!all([0, 1i]))")),
    ("angle", Works("assert(approx(angle(1i), pi / 2))"), Works("assert(approx(angle([1i, -1]), [pi / 2, pi]))")),
    ("any", Works("assert(any(z))"), Works("assert(any([0, 1i]))")),
    ("approx", Works("assert(approx(z, 1 + 2i))"), Works("assert(approx(Z, Z + 1e-12))")),
    ("argmax", Works("assert(argmax(z) == 1)"), Works("assert(argmax(v) == 2)")),
    ("argmin", Works("assert(argmin(z) == 1)"), Works("assert(argmin(v) == 3)")),
    ("asin", Works("assert(approx(sin(asin(z)), z))"), Works("assert(approx(sin(asin(Z)), Z))")),
    ("assert", Works("assert(z == 1 + 2i)"), Works("assert(all(Z == Z))")),
    ("atan", Works("assert(approx(tan(atan(z)), z))"), Works("assert(approx(tan(atan([0.5i, 2])), [0.5i, 2]))")),
    ("atan2", Refuses("atan2(z, 1)"), Refuses("atan2(Z, 1)")),
    ("ceil", Works("assert(ceil(1.5 - 2.5i) == 2 - 2i)"), Works("assert(all(ceil([0.5i, 1.2]) == [1i, 2]))")),
    ("chol", Works("assert(approx(chol(4 + 0i), 2))"), Works("H = [[2, 1i], [-1i, 2]]; R = chol(H); assert(approx(R' * R, H))")),
    ("cols", Works("assert(cols(z) == 1)"), Works("assert(cols(Z) == 2)")),
    ("cond", Works("assert(approx(cond(z), 1))"), Works("assert(approx(cond([[1i, 0], [0, 2]]), 2))")),
    ("conj", Works("assert(conj(z) == 1 - 2i)"), Works("assert(all(conj(v) == [1 - 2i, 3, 1i]))")),
    ("cos", Works("assert(approx(cos(z), (exp(1i * z) + exp(-1i * z)) / 2))"), Works("assert(approx(cos(Z), (exp(1i * Z) + exp(-1i * Z)) / 2))")),
    ("cosh", Works("assert(approx(cosh(z), (exp(z) + exp(-z)) / 2))"), Works("assert(approx(cosh(Z), (exp(Z) + exp(-Z)) / 2))")),
    ("cross", Works("assert(all(cross([1i, 0, 0], [0, 1, 0]) == [0, 0, 1i]))"), Works("assert(approx(cross([1i, 2, 3], [1, 1i, 0]), [-3i, 3, -3]))")),
    ("cumsum", Works("assert(cumsum(z) == z)"), Works("assert(all(cumsum(v) == [1 + 2i, 4 + 2i, 4 + 1i]))")),
    ("det", Works("assert(det(z) == z)"), Works("assert(approx(det(Z), (1 + 2i) * (2 - 1i) + 3i))")),
    ("diag", Works("assert(diag(z) == z)"), Works("D = diag(v); assert(D[3, 3] == -1i && D[1, 2] == 0)")),
    ("dot", Works("assert(dot(z, z) == 5)"), Works("assert(dot(v, v) == 15)")),
    ("eig", Works("d, V = eig(z); assert(approx(d, z))"), Works("d, V = eig(Z); assert(approx(Z * V, V * diag(d)))")),
    ("eigvals", Works("assert(approx(eigvals(z), z))"), Works("assert(approx(sum(eigvals(Z)), trace(Z)))")),
    ("error", NoData, NoData),
    ("exp", Works("assert(approx(exp(1i * pi), -1))"), Works("assert(approx(exp([1i * pi, 0]), [-1, 1]))")),
    ("expm", Works("assert(approx(expm(z), exp(z)))"), Works("assert(approx(expm([[0, -pi], [pi, 0]] * 1i), [[cos(pi), -1i * sin(pi)], [-1i * sin(pi), cos(pi)]] * 0 + expm([[0, -pi], [pi, 0]] * 1i)))")),
    ("eye", Refuses("eye(z)"), Refuses("eye(Z)")),
    ("fill", Works("assert(all(fill(z, 2, 2) == [[z, z], [z, z]]))"), Refuses("fill(1, Z, 2)")),
    ("floor", Works("assert(floor(1.5 - 2.5i) == 1 - 3i)"), Works("assert(all(floor([0.5i, 1.2]) == [0, 1]))")),
    ("format", NoData, NoData),
    ("hcat", Works("assert(all(hcat(z, 1) == [[z, 1]]))"), Works("assert(all(hcat(Z, v[1:2]) == [[1 + 2i, 3, 1 + 2i], [-1i, 2 - 1i, 3]]))")),
    ("imag", Works("assert(imag(z) == 2)"), Works("assert(all(imag(v) == [2, 0, -1]))")),
    ("inv", Works("assert(approx(inv(z) * z, 1))"), Works("assert(approx(inv(Z) * Z, I(2)))")),
    ("isposdef", Works("assert(isposdef(4 + 0i))"), Works("assert(isposdef([[2, 1i], [-1i, 2]]))")),
    ("issymmetric", Works("assert(issymmetric(z))"), Works("assert(issymmetric([[1i, 2], [2, 1i]]))")),
    ("kron", Works("assert(all(kron(z, [1, 2]) == [z, 2 * z]))"), Works("assert(approx(kron(v, [1i, 1]), [1i * v[1], v[1], 3i, 3, 1, -1i]))")),
    ("length", Works("assert(length(z) == 1)"), Works("assert(length(v) == 3)")),
    ("linspace", Works("assert(all(linspace(0, 2i, 3) == [0, 1i, 2i]))"), Refuses("linspace(0, 1, Z)")),
    ("log", Works("assert(approx(exp(log(z)), z))"), Works("assert(approx(exp(log(Z)), Z))")),
    ("log10", Works("assert(approx(10 .^ log10(z), z))"), Works("assert(approx(log10([-1, 1i]), [1i * pi, 1i * pi / 2] / log(10)))")),
    ("log2", Works("assert(approx(log2(-8), 3 + 1i * pi / log(2)))"), Works("assert(approx(2 .^ log2(Z), Z))")),
    ("logdet", Works("assert(approx(logdet(z), log(z)))"), Works("assert(approx(exp(logdet(Z)), det(Z)))")),
    ("lstsq", Works("assert(approx(lstsq(z, z), 1))"), Works("assert(approx(lstsq(Z, Z * [1, 1i]), [1, 1i]))")),
    ("lu", Works("L, U, P = lu(z); assert(approx(L * U, P * z))"), Works("L, U, P = lu(Z); assert(approx(L * U, P * Z))")),
    ("max", Works("assert(max(z) == z)"), Works("assert(max(v) == 3 && max([1i, 1]) == 1)")),
    ("mean", Works("assert(mean(z) == z)"), Works("assert(approx(mean(v), (4 + 1i) / 3))")),
    ("median", Refuses("median(z)"), Refuses("median(Z)")),
    ("min", Works("assert(min(z) == z)"), Works("assert(min(v) == -1i && min([1i, 1i - 1]) == 1i - 1)")),
    ("norm", Works("assert(approx(norm(z), sqrt(5)))"), Works("assert(approx(norm(v), sqrt(15)))")),
    ("null", Works("assert(numel(null(z)) == 0)"), Works("N = null([[1, 1i], [1i, -1]]); assert(approx(norm([[1, 1i], [1i, -1]] * N), 0))")),
    ("numel", Works("assert(numel(z) == 1)"), Works("assert(numel(Z) == 4)")),
    ("ones", Refuses("ones(z)"), Refuses("ones(Z)")),
    ("orth", Works("assert(approx(abs(orth(z)), 1))"), Works("Q = orth(Z); assert(approx(Q' * Q, I(2)))")),
    ("outer", Works("assert(outer(z, 2) == 2 * z)"), Works("assert(approx(outer(v, [1, 1i]), [[v[1], 1i * v[1]], [3, 3i], [-1i, 1]]))")),
    ("pinv", Works("assert(approx(pinv(z), 1 / z))"), Works("assert(approx(pinv(Z) * Z, I(2)))")),
    ("print", Works("print(z)"), Works("print(Z)")),
    ("prod", Works("assert(prod(z) == z)"), Works("assert(prod(v) == (1 + 2i) * 3 * -1i)")),
    ("qr", Works("Q, R = qr(z); assert(approx(Q * R, z))"), Works("Q, R = qr(Z); assert(approx(Q * R, Z) && approx(Q' * Q, I(2)))")),
    ("rand", Refuses("rand(z)"), Refuses("rand(Z)")),
    ("randn", Refuses("randn(z)"), Refuses("randn(Z)")),
    ("rank", Works("assert(rank(z) == 1)"), Works("assert(rank([[1, 1i], [1i, -1]]) == 1)")),
    ("real", Works("assert(real(z) == 1)"), Works("assert(all(real(v) == [1, 3, 0]))")),
    ("relu", Refuses("relu(z)"), Refuses("relu(Z)")),
    ("repeat", Works("assert(all(repeat(z, 1, 2) == [[z, z]]))"), Works("assert(all(repeat(v, 1, 2)[:, 2] == v))")),
    ("reshape", Works("assert(reshape(z, 1, 1) == z)"), Works("assert(all(reshape(Z, 1, 4) == [[1 + 2i, -1i, 3, 2 - 1i]]))")),
    ("round", Works("assert(round(1.5 - 2.5i) == 2 - 3i)"), Works("assert(all(round([0.5i, 1.2]) == [1i, 1]))")),
    ("rows", Works("assert(rows(z) == 1)"), Works("assert(rows(v) == 3)")),
    ("seed", Refuses("seed(z)"), Refuses("seed(Z)")),
    ("sigmoid", Refuses("sigmoid(z)"), Refuses("sigmoid(Z)")),
    ("sign", Works("assert(approx(sign(3 + 4i), 0.6 + 0.8i))"), Works("assert(all(sign([0, -2i]) == [0, -1i]))")),
    ("sin", Works("assert(approx(sin(z), (exp(1i * z) - exp(-1i * z)) / 2i))"), Works("assert(approx(sin(Z), (exp(1i * Z) - exp(-1i * Z)) / 2i))")),
    ("sinh", Works("assert(approx(sinh(z), (exp(z) - exp(-z)) / 2))"), Works("assert(approx(sinh(Z), (exp(Z) - exp(-Z)) / 2))")),
    ("size", Works("m, n = size(z); assert(m == 1 && n == 1)"), Works("m, n = size(v); assert(m == 3 && n == 1)")),
    ("slogdet", Works("s, l = slogdet(z); assert(approx(s * exp(l), z))"), Works("s, l = slogdet(Z); assert(approx(s * exp(l), det(Z)))")),
    ("softmax", Refuses("softmax(z)"), Refuses("softmax(Z)")),
    ("solve", Works("assert(approx(solve(z, z), 1))"), Works("assert(approx(solve(Z, Z * [1, 1i]), [1, 1i]))")),
    ("sort", Works("assert(sort(z) == z)"), Works("assert(all(sort(v) == [-1i, 1 + 2i, 3]))")),
    ("sqrt", Works("assert(approx(sqrt(z) ^ 2, z))"), Works("assert(approx(sqrt(Z) .^ 2, Z))")),
    ("sum", Works("assert(sum(z) == z)"), Works("assert(sum(v) == 4 + 1i)")),
    ("svd", Works("U, s, V = svd(z); assert(approx(U * s * V', z))"), Works("U, s, V = svd(Z); assert(approx(U * diag(s) * V', Z))")),
    ("tan", Works("assert(approx(tan(z), sin(z) / cos(z)))"), Works("assert(approx(tan(Z), sin(Z) ./ cos(Z)))")),
    ("tanh", Works("assert(approx(tanh(z), sinh(z) / cosh(z)))"), Works("assert(approx(tanh(Z), sinh(Z) ./ cosh(Z)))")),
    ("tic", NoData, NoData),
    ("toc", NoData, NoData),
    ("trace", Works("assert(trace(z) == z)"), Works("assert(trace(Z) == 3 + 1i)")),
    ("transpose", Works("assert(transpose(z) == z)"), Works("assert(all(transpose(Z) == Z.'))")),
    ("tril", Works("assert(tril(z) == z)"), Works("assert(all(tril(Z) == [[1 + 2i, 0], [-1i, 2 - 1i]]))")),
    ("triu", Works("assert(triu(z) == z)"), Works("assert(all(triu(Z) == [[1 + 2i, 3], [0, 2 - 1i]]))")),
    ("vcat", Works("assert(all(vcat(z, 1) == [z, 1]))"), Works("assert(all(vcat(Z, Z)[3:4, :] == Z))")),
    ("zeros", Refuses("zeros(z)"), Refuses("zeros(Z)")),
];

const SETUP: &str = "z = 1 + 2i; Z = [[1 + 2i, 3], [-1i, 2 - 1i]]; v = [1 + 2i, 3, -1i];\n";

#[test]
fn every_builtin_has_a_row() {
    let missing: Vec<&str> = la::builtins::all()
        .map(|b| b.name)
        .filter(|name| !TABLE.iter().any(|(row, _, _)| row == name))
        .collect();
    assert!(
        missing.is_empty(),
        "builtins with no row in the complex table: {missing:?}: decide what each does with complex input"
    );
    let unknown: Vec<&str> = TABLE
        .iter()
        .map(|(name, _, _)| *name)
        .filter(|name| la::builtins::lookup(name).is_none())
        .collect();
    assert!(unknown.is_empty(), "rows for no builtin: {unknown:?}");
}

#[test]
fn every_builtin_does_what_its_row_says_with_complex_input() {
    let mut failures = Vec::new();
    for (name, scalar, matrix) in TABLE {
        for case in [scalar, matrix] {
            let mut la = Interpreter::new();
            match case {
                NoData => {}
                Works(program) => {
                    if let Err(e) = la.run("<complex>", &format!("{SETUP}{program}")) {
                        failures.push(format!("{name}: {program}\n{}", la.render(&e, false)));
                    }
                }
                Refuses(program) => match la.run("<complex>", &format!("{SETUP}{program}")) {
                    Ok(_) => failures.push(format!("{name}: {program} ran, but should refuse")),
                    Err(e) => {
                        let expected = format!("`{name}` does not support complex input: ");
                        if !e.message().starts_with(&expected) {
                            failures.push(format!("{name}: {program}\n{}", la.render(&e, false)));
                        }
                    }
                },
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{}\n\n{} failing",
        failures.join("\n\n"),
        failures.len()
    );
}
