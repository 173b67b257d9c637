//! Parser tests on the fully parenthesised print of the syntax tree: every operation is
//! wrapped in parentheses, so each case pins down precedence, associativity and the shape of
//! statements in one line.

use la::diagnostic::Diagnostic;
use la::intern::Interner;
use la::source::SourceId;
use la::syntax::{parse_program, print};

fn parse(src: &str) -> Result<String, Vec<Diagnostic>> {
    let mut names = Interner::default();
    parse_program(src, SourceId(0), &mut names).map(|program| print::program(&program, &names))
}

#[track_caller]
fn parses_as(src: &str, expected: &str) {
    match parse(src) {
        Ok(printed) => assert_eq!(printed, expected, "parsing {src:?}"),
        Err(errors) => {
            let messages: Vec<String> = errors.iter().map(|d| d.to_string()).collect();
            panic!("parsing {src:?} failed: {messages:?}")
        }
    }
}

/// Parsing fails with exactly `count` diagnostics; returns their messages.
#[track_caller]
fn fails_with(src: &str, count: usize) -> Vec<String> {
    match parse(src) {
        Ok(printed) => panic!("parsing {src:?} succeeded as {printed:?}"),
        Err(errors) => {
            let messages: Vec<String> = errors.iter().map(|d| d.message.clone()).collect();
            assert_eq!(errors.len(), count, "diagnostics for {src:?}: {messages:?}");
            messages
        }
    }
}

#[test]
fn atoms() {
    parses_as("42", "42");
    parses_as("3.25", "3.25");
    parses_as(".5", "0.5");
    parses_as("1e-3", "0.001");
    parses_as("2.5E+4", "25000");
    parses_as("x", "x");
    parses_as("true", "true");
    parses_as("false", "false");
    parses_as(r#""a\tb""#, r#""a\tb""#);
    parses_as(r#""say \"hi\"""#, r#""say \"hi\"""#);
    parses_as("(x)", "x");
    parses_as("((x))", "x");
}

#[test]
fn precedence_of_every_level() {
    // || < && < comparisons < range < + - < * / \ < unary < ^ < postfix
    parses_as("a || b && c", "(a || (b && c))");
    parses_as("a && b || c", "((a && b) || c)");
    parses_as("a && b == c", "(a && (b == c))");
    parses_as("a == b && c != d", "((a == b) && (c != d))");
    parses_as("a <= b || c >= d", "((a <= b) || (c >= d))");
    parses_as("a < b:c", "(a < (b:c))");
    parses_as("a:b > c", "((a:b) > c)");
    parses_as("a + b:c - d", "((a + b):(c - d))");
    parses_as("a:b:c + d", "(a:b:(c + d))");
    parses_as("a + b * c", "(a + (b * c))");
    parses_as("a * b + c", "((a * b) + c)");
    parses_as("a .+ b .* c", "(a .+ (b .* c))");
    parses_as("a - b ./ c", "(a - (b ./ c))");
    parses_as("a .- b \\ c", "(a .- (b \\ c))");
    parses_as("a / b - c", "((a / b) - c)");
    parses_as("a * -b", "(a * (-b))");
    parses_as("-a * b", "((-a) * b)");
    parses_as("!a && b", "((!a) && b)");
    parses_as("a ^ b * c", "((a ^ b) * c)");
    parses_as("a .^ b * c", "((a .^ b) * c)");
    parses_as("a ^ b'", "(a ^ (b'))");
    parses_as("a' ^ b", "((a') ^ b)");
    parses_as("a' * b", "((a') * b)");
    parses_as("(a + b) * c", "((a + b) * c)");
    // A dot before an operator belongs to the operator, not to the number.
    parses_as("2.^x", "(2 .^ x)");
    parses_as("a.*b", "(a .* b)");
    parses_as("a.'*b", "((a.') * b)");
    parses_as("f(x == 1)", "f((x == 1))");
    parses_as("a * (b + c)", "(a * (b + c))");
}

#[test]
fn associativity() {
    parses_as("a - b - c", "((a - b) - c)");
    parses_as("a + b - c", "((a + b) - c)");
    parses_as("a / b / c", "((a / b) / c)");
    parses_as("a * b / c", "((a * b) / c)");
    parses_as("a \\ b \\ c", "((a \\ b) \\ c)");
    parses_as("a .+ b .- c", "((a .+ b) .- c)");
    parses_as("a ^ b ^ c", "(a ^ (b ^ c))");
    parses_as("a .^ b .^ c", "(a .^ (b .^ c))");
    parses_as("a ^ b .^ c", "(a ^ (b .^ c))");
    parses_as("a && b && c", "((a && b) && c)");
    parses_as("a || b || c", "((a || b) || c)");
}

#[test]
fn unary_and_power() {
    parses_as("-2^2", "(-(2 ^ 2))");
    parses_as("-a ^ b", "(-(a ^ b))");
    parses_as("!a ^ b", "(!(a ^ b))");
    parses_as("2^-1", "(2 ^ (-1))");
    parses_as("a ^ -b ^ c", "(a ^ (-(b ^ c)))");
    parses_as("- -a", "(-(-a))");
    parses_as("+a", "(+a)");
    parses_as("!!a", "(!(!a))");
    parses_as("-a'", "(-(a'))");
    parses_as("a - -b", "(a - (-b))");
}

#[test]
fn postfix_chains() {
    parses_as("a'", "(a')");
    parses_as("a.'", "(a.')");
    parses_as("a''", "((a')')");
    parses_as("A'[1, :]", "(A')[1, :]");
    parses_as("f(x)[2]", "f(x)[2]");
    parses_as("size(A)[2]", "size(A)[2]");
    parses_as("A[1][2]", "A[1][2]");
    parses_as("A[1]'", "(A[1]')");
    parses_as("(A * B)[1, 1]", "(A * B)[1, 1]");
    parses_as("[1, 2][end]", "[1, 2][end]");
    parses_as("f()", "f()");
    parses_as("f(a, b + c)", "f(a, (b + c))");
    parses_as("f(g(x), h(y)')", "f(g(x), (h(y)'))");
}

#[test]
fn indices() {
    parses_as("A[i, j]", "A[i, j]");
    parses_as("A[k]", "A[k]");
    parses_as("A[:, j]", "A[:, j]");
    parses_as("A[i, :]", "A[i, :]");
    parses_as("A[:]", "A[:]");
    parses_as("A[2:3, 1:2]", "A[(2:3), (1:2)]");
    parses_as("A[1:2:end, :]", "A[(1:2:end), :]");
    parses_as("A[end, end - 1]", "A[end, (end - 1)]");
    parses_as("A[[1, 3], :]", "A[[1, 3], :]");
    parses_as("v[end]", "v[end]");
    parses_as("v[a + 1:end]", "v[((a + 1):end)]");
}

#[test]
fn ranges() {
    parses_as("1:5", "(1:5)");
    parses_as("0:0.25:1", "(0:0.25:1)");
    parses_as("5:-1:1", "(5:(-1):1)");
    parses_as("a + 1:b * 2", "((a + 1):(b * 2))");
    parses_as("(1:3)'", "((1:3)')");
}

#[test]
fn calls_with_keyword_arguments() {
    parses_as("sum(A, dim=1)", "sum(A, dim=1)");
    parses_as("sum(A, 1)", "sum(A, 1)");
    parses_as("softmax(A, dim=2)", "softmax(A, dim=2)");
    parses_as("approx(A, B, tol=1e-6)", "approx(A, B, tol=0.000001)");
    parses_as("f(a, x=b + c, y=d)", "f(a, x=(b + c), y=d)");
    parses_as("f(a, b,)", "f(a, b)");
}

#[test]
fn matrix_literals_rows_and_elements() {
    parses_as("[1, 2, 3]", "[1, 2, 3]");
    parses_as("[[1, 2, 3]]", "[[1, 2, 3]]");
    parses_as("[[1, 2], [3, 4]]", "[[1, 2], [3, 4]]");
    parses_as("[[A, B], [C, D]]", "[[A, B], [C, D]]");
    parses_as("[u, v]", "[u, v]");
    parses_as("[]", "[]");
    parses_as("[[]]", "[[]]");
    parses_as("[1 + 2, -x]", "[(1 + 2), (-x)]");
    parses_as("[[a * b, c']]", "[[(a * b), (c')]]");
    // An inner bracket followed by an operator is an element, not a row.
    parses_as("[[1, 2] + x]", "[([1, 2] + x)]");
    parses_as("[[1, 2]']", "[([1, 2]')]");
    parses_as("[[1, 2],]", "[[1, 2]]");
    parses_as("[\n  [1, 2],\n  [3, 4]\n]", "[[1, 2], [3, 4]]");
}

#[test]
fn parentheses_make_a_bracket_literal_an_element() {
    // In parentheses a bracket literal is an ordinary element, never a row.
    parses_as("[([[1, 2], [3, 4]])]", "[([[1, 2], [3, 4]])]");
    parses_as("[[1, ([[1, 2], [3, 4]])]]", "[[1, ([[1, 2], [3, 4]])]]");
    parses_as("[[([[1, 2]]), 3]]", "[[([[1, 2]]), 3]]");
    parses_as("[([1, 2]), 3]", "[([1, 2]), 3]");
    // A row's own bracket items keep their nesting: `[[1, 2]]` inside a row is itself.
    parses_as("[[[[1, 2]], 3]]", "[[[[1, 2]], 3]]");
    // Index lists, arguments and keyword values read brackets as ordinary expressions.
    parses_as("A[[1, 3], :]", "A[[1, 3], :]");
    parses_as("A[([1, 3]), :]", "A[[1, 3], :]");
    parses_as("f([[1, 2]], k=([3, 4]))", "f([[1, 2]], k=[3, 4])");
}

#[test]
fn habits_from_other_languages_are_reported_once() {
    let once = |src: &str| fails_with(src, 1);
    assert!(once("[1 2 3]")[0].contains("MATLAB"));
    assert!(once("[1, 2; 3, 4]")[0].contains("MATLAB"));
    assert!(once("[1 2; 3 4]")[0].contains("MATLAB"));
    assert!(once("x = 2 ** 3")[0].contains("`**`"));
    assert!(once("x = 1 // 2")[0].contains("`//`"));
    assert!(once("x++")[0].contains("`++`"));
    assert!(once("y = 3x")[0].contains("number"));
    assert!(once("[m, k] = max(v)")[0].contains("brackets"));
    assert!(once("for i = 1:3 { i }")[0].contains("`in`"));
    assert!(once("def f(x):")[0].contains("`def`"));
    assert!(once("x = A @ B")[0].contains("`@`"));
    assert!(once("x = A.T")[0].contains("`.T`"));
    assert!(once("If x > 0 { y = 1 }")[0].contains("`If`"));
    parses_as("If = 3", "If = 3");
    parses_as("If(2)", "If(2)");
    // Valid la that looks alike is left alone.
    parses_as("[1 -2]", "[(1 - 2)]");
    parses_as("x + +1", "(x + (+1))");
    parses_as("A[\nend\n]", "A[end]");
    parses_as("[m, k]", "[m, k]");
}

#[test]
fn an_unclosed_bracket_is_reported_where_it_opens() {
    let mut names = Interner::default();
    let src = "x = [[1, 2], [3, 4]\ny = 2";
    let errors = parse_program(src, SourceId(0), &mut names).unwrap_err();
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(errors[0].message, "unclosed `[`");
    assert_eq!(errors[0].span.start, 4);
    assert!(errors[0]
        .labels
        .iter()
        .any(|l| l.span.start as usize == src.find('y').unwrap()));
}

#[test]
fn a_line_of_stray_characters_reports_a_few_and_a_count() {
    let messages = fails_with(&format!("x = 1 {}", "$".repeat(50)), 3);
    assert!(messages.iter().all(|m| m.contains('$')));
    let mut names = Interner::default();
    let errors = parse_program(
        &format!("x = 1 {}", "$".repeat(50)),
        SourceId(0),
        &mut names,
    )
    .unwrap_err();
    assert_eq!(
        errors[2].note.as_deref(),
        Some("47 more errors on this line are not shown")
    );
}

#[test]
fn assignments() {
    parses_as("x = 1", "x = 1");
    parses_as("x = a + b", "x = (a + b)");
    parses_as("x += 1", "x += 1");
    parses_as("x -= a * b", "x -= (a * b)");
    parses_as("x *= 2", "x *= 2");
    parses_as("x /= 2", "x /= 2");
    parses_as("x = 1;", "x = 1;");
    parses_as("A[i, j] = x", "A[i, j] = x");
    parses_as("A[:, 2] = v", "A[:, 2] = v");
    parses_as("A[1, :] = [[1, 2, 3]]", "A[1, :] = [[1, 2, 3]]");
    parses_as("v[k] += 1", "v[k] += 1");
    parses_as("A[end, 1:2] *= 2", "A[end, (1:2)] *= 2");
    parses_as("Q, R = qr(A)", "Q, R = qr(A)");
    parses_as("a, b, c = f(x)", "a, b, c = f(x)");
    // `==` is a comparison, not an assignment.
    parses_as("x == 1", "(x == 1)");
}

#[test]
fn functions() {
    parses_as("fn f(x, y) = x*y + 1", "fn f(x, y) { ((x * y) + 1) }");
    parses_as("fn f() = 42", "fn f() { 42 }");
    // Statements in a block are joined with "; "; one that ends in `;` keeps it.
    parses_as(
        "fn f(x) { y = x + 1; return y * 2 }",
        "fn f(x) { y = (x + 1);; return (y * 2) }",
    );
    parses_as("fn f(x) {\n  y = x\n  y\n}", "fn f(x) { y = x; y }");
    parses_as("fn f(x) { return }", "fn f(x) { return }");
    parses_as("fn f(x) { x; }", "fn f(x) { x; }");
    parses_as("fn f(x) { }", "fn f(x) {  }");
}

#[test]
fn control_flow() {
    parses_as("if a { b }", "if a { b }");
    parses_as("if a { b } else { c }", "if a { b } else { c }");
    parses_as(
        "if a < 1 { b } else if a < 2 { c } else { d }",
        "if (a < 1) { b } else if (a < 2) { c } else { d }",
    );
    parses_as("if a { b }\nelse { c }", "if a { b } else { c }");
    parses_as(
        "if a {\n  b\n} else if c {\n  d\n}",
        "if a { b } else if c { d }",
    );
    parses_as("for i in 1:n { s += i }", "for i in (1:n) { s += i }");
    parses_as("for x in v { print(x) }", "for x in v { print(x) }");
    parses_as("while x > 0 { x -= 1 }", "while (x > 0) { x -= 1 }");
    parses_as("while true { break }", "while true { break }");
    parses_as(
        "for i in 1:3 { if i == 2 { continue } }",
        "for i in (1:3) { if (i == 2) { continue } }",
    );
    parses_as("if a { b };", "if a { b };");
}

#[test]
fn statements_and_separators() {
    parses_as("a = 1\nb = 2", "a = 1\nb = 2");
    parses_as("a = 1; b = 2", "a = 1;\nb = 2");
    parses_as("a\n\n\nb", "a\nb");
    parses_as("; ; a", "a");
    parses_as("a # comment\nb", "a\nb");
    parses_as("", "");
    parses_as("# only a comment", "");
    // A line ending in an operator continues on the next.
    parses_as("x = 1 +\n 2", "x = (1 + 2)");
    parses_as("x =\n 2", "x = 2");
    parses_as("f(a,\n  b)", "f(a, b)");
    parses_as("(a\n + b)", "(a + b)");
}

#[test]
fn syntax_errors_are_reported() {
    fails_with("x = 1 +", 1);
    fails_with("a = 1 +* 2\nb = 3 4\nc = ) 5", 3);
    fails_with("for i in 1:3 {\n  x = (\n}\ny = ]", 2);
    fails_with("x = * 2", 1);
    fails_with("[", 1);
    fails_with("]]]", 1);
    fails_with("x = (1 + 2", 1);
    fails_with("if x { y", 1);
    fails_with("fn f(x)", 1);
    let messages = fails_with("a < b < c", 1);
    assert_eq!(messages, ["unexpected `<`"]);
    let messages = fails_with("x = 1 $ 2", 1);
    assert_eq!(messages, ["unexpected character `$`"]);
    let messages = fails_with("x = \"abc", 1);
    assert_eq!(messages, ["unterminated string"]);
}

#[test]
fn every_bad_character_is_reported() {
    // The lexer goes on after a bad character.
    let messages = fails_with("a = $\nb = @\nc = ~", 3);
    assert_eq!(
        messages,
        [
            "unexpected character `$`",
            "unexpected character `@`",
            "unexpected character `~`"
        ]
    );
}

#[test]
fn deep_nesting_is_refused_not_overflowed() {
    let deep = format!("{}1{}", "(".repeat(10_000), ")".repeat(10_000));
    let messages = fails_with(&deep, 1);
    assert!(messages[0].contains("nested too deep"), "{messages:?}");
    let minus = format!("{}1", "-".repeat(10_000));
    fails_with(&minus, 1);
    let quotes = format!("1{}", "'".repeat(10_000));
    fails_with(&quotes, 1);
    // Just under the limit parses.
    let ok = format!("{}1{}", "(".repeat(150), ")".repeat(150));
    parses_as(&ok, "1");
}

#[test]
fn long_operator_chains_parse_and_drop_without_overflow() {
    // Up to the layout limit of 10 000 operators in a chain, in a test thread's stack.
    let mut names = Interner::default();
    for src in [
        vec!["1"; 9_999].join(" + "),
        vec!["1"; 9_999].join("^"),
        vec!["a"; 5_000].join(" * b - "),
    ] {
        let program = parse_program(&src, SourceId(0), &mut names);
        assert!(program.is_ok(), "{:?}", program.err());
    }
    // Elements are siblings: a 200×200 literal of negative numbers is not a long chain.
    let row = format!("[{}]", vec!["-1.5"; 200].join(", "));
    let literal = format!("A = [{}]", vec![row.as_str(); 200].join(",\n"));
    assert!(parse_program(&literal, SourceId(0), &mut names).is_ok());
    let too_long = vec!["1"; 10_002].join(" + ");
    let messages = fails_with(&too_long, 1);
    assert!(messages[0].contains("expression too long"), "{messages:?}");
    // The printed form of a short chain shows the nesting.
    parses_as(&["a"; 5].join(" - "), "((((a - a) - a) - a) - a)");
    parses_as(&["a"; 5].join(" ^ "), "(a ^ (a ^ (a ^ (a ^ a))))");
}

#[test]
fn many_errors_and_brackets_cost_linear_time() {
    // Each of these took quadratic time in an early version of the error reporting (a
    // 25,000-pair `(]` line took seconds); together they must stay well under a second.
    let inputs = [
        format!("x = {}", "(]".repeat(50_000)),
        format!("x = {}1", "1@".repeat(50_000)),
        format!("x = 1 {}", "$".repeat(100_000)),
        format!("x = [{}]", "1 ".repeat(50_000)),
    ];
    let started = std::time::Instant::now();
    for input in &inputs {
        assert!(parse(input).is_err());
    }
    let took = started.elapsed();
    assert!(took.as_secs() < 5, "took {took:?}");
}

#[test]
fn a_half_typed_file_keeps_the_statements_that_parse() {
    let mut names = Interner::default();
    let text = "a = 1\nfor i in 1:3 {\n  s = s +\n}\nb = ]\nc = a'";
    let parsed = la::syntax::parse_partial(text, SourceId(0), &mut names, 64);
    assert_eq!(parsed.errors.len(), 2, "{:?}", parsed.errors);
    let program = parsed.program.expect("a partial tree");
    let printed: Vec<String> = program
        .statements
        .iter()
        .map(|s| print::statement(s, &names))
        .collect();
    assert_eq!(
        printed,
        ["a = 1", "for i in (1:3) { <error> }", "<error>", "c = (a')"]
    );
    // The strict entry point still refuses the whole text.
    assert!(parse_program(text, SourceId(0), &mut names).is_err());
}
