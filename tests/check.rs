//! The shape checker against the runs themselves. Every program of the repository
//! (examples/, tests/scripts/, tests/errors/) is checked and run: an error the checker
//! reports at the top level must be the error the run stops at, rendered identically, and a
//! program that runs without error must get no report at all (no false errors). The
//! run-time shape errors under tests/errors/ that the checker finds before running are
//! counted, and the count may not fall. `la check` and the check before `la FILE` are
//! tested through the binary.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use la::{ErrorKind, FileAccess, Interpreter};

fn la_files(dir: &str) -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join(dir);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "la"))
        .collect();
    files.sort();
    files
}

/// What checking and running one program gave.
struct Outcome {
    /// Every finding, rendered; and whether it is at the top level.
    found: Vec<(String, bool)>,
    /// The run's error, rendered, and its kind.
    error: Option<(String, ErrorKind)>,
}

fn check_and_run(path: &Path) -> Outcome {
    let text = std::fs::read_to_string(path).unwrap();
    let name = path.file_name().unwrap().to_string_lossy().to_string();
    let mut la = Interpreter::new();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    la.set_file_access(FileAccess::inside(root).unwrap());
    if text.starts_with("# limit:") {
        // A limit changes no shape; the run would just be slow without it.
        la.set_limits(la::Limits::strict());
    }
    let found = match la.compile(&name, &text) {
        Ok(program) => la
            .check(&program)
            .iter()
            .map(|f| (la.render_diagnostic(&f.diagnostic, false), f.always))
            .collect(),
        Err(_) => Vec::new(),
    };
    let error = la
        .run(&name, &text)
        .err()
        .map(|e| (la.render(&e, false), e.kind()));
    Outcome { found, error }
}

#[test]
fn no_program_that_runs_gets_a_report_and_every_report_is_the_run_s_own_error() {
    let mut programs = la_files("examples");
    programs.extend(la_files("tests/scripts"));
    programs.extend(la_files("tests/errors"));
    let mut wrong = Vec::new();
    for path in &programs {
        let outcome = check_and_run(path);
        let first_always = outcome.found.iter().find(|(_, always)| *always);
        match (&outcome.error, first_always) {
            (None, _) if !outcome.found.is_empty() => wrong.push(format!(
                "{}: runs without error, but the checker reported\n{}",
                path.display(),
                outcome.found[0].0
            )),
            (Some((run, _)), Some((checked, _))) if run != checked => wrong.push(format!(
                "{}: the run stops at\n{run}\nbut the checker reported\n{checked}",
                path.display()
            )),
            _ => {}
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn the_shape_and_index_errors_under_tests_errors_found_before_running_do_not_fall() {
    let mut counts = Vec::new();
    for kind in [ErrorKind::Shape, ErrorKind::Index] {
        let mut errors = 0;
        let mut found = Vec::new();
        for path in la_files("tests/errors") {
            let outcome = check_and_run(&path);
            if outcome.error.as_ref().is_some_and(|(_, k)| *k == kind) {
                errors += 1;
                if outcome.found.iter().any(|(_, always)| *always) {
                    found.push(path.file_name().unwrap().to_string_lossy().to_string());
                }
            }
        }
        println!(
            "{kind:?} errors found before running: {} of {errors}: {}",
            found.len(),
            found.join(" ")
        );
        counts.push(found.len());
    }
    // The counts when the checker landed; raise them as it learns more.
    assert!(counts[0] >= 46 && counts[1] >= 7, "only {counts:?} found");
}

fn la() -> Command {
    Command::cargo_bin("la").unwrap()
}

fn script(dir: &tempfile::TempDir, name: &str, text: &str) -> PathBuf {
    let path = dir.path().join(name);
    std::fs::write(&path, text).unwrap();
    path
}

#[test]
fn la_check_reports_certain_errors_and_exits_by_them() {
    let dir = tempfile::tempdir().unwrap();
    let bad = script(
        &dir,
        "bad.la",
        "X = randn(64, 10);\nW = randn(64, 10);\nY = X * W;\n",
    );
    let good = script(&dir, "good.la", "X = randn(64, 10);\nprint(size(X' * X))\n");
    let out = la().arg("check").arg(&bad).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("the shapes are 64×10 and 64×10"), "{err}");
    assert!(err.contains("bad.la:3:7"), "{err}");
    la().arg("check").arg(&good).assert().code(0).stderr("");
    // For other tools: one JSON object per diagnostic, on standard output.
    let out = la()
        .args(["check", "--format", "json"])
        .arg(&bad)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<serde_json::Value> = stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    // The error, then the lint that `Y` is never read.
    assert_eq!(lines.len(), 2, "{stdout}");
    assert_eq!(lines[1]["code"], "L001");
    assert_eq!(lines[1]["severity"], "warning");
    let line = &lines[0];
    assert_eq!(line["line"], 3);
    assert_eq!(line["column"], 7);
    assert_eq!(line["severity"], "error");
    assert_eq!(line["code"], "Shape");
    assert_eq!(line["labels"][0]["message"], "64×10");
    assert_eq!(line["help"], "for the element-wise product, use `.*`");
    la().args(["check", "--format", "yaml"])
        .arg(&good)
        .assert()
        .code(2);
    la().arg("check").assert().code(2);
    la().args(["check", "/no/such/file.la"]).assert().code(2);
}

#[test]
fn a_script_that_would_certainly_stop_does_not_start_unless_told() {
    let dir = tempfile::tempdir().unwrap();
    let path = script(
        &dir,
        "train.la",
        "print(\"training\")\nA = [[1, 2, 3], [4, 5, 6]];\nB = A * A\n",
    );
    let out = la().arg(&path).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty(), "nothing runs before the refusal");
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("not started"), "{err}");
    assert!(err.contains("2×3 and 2×3"), "{err}");
    let out = la().arg("--no-check").arg(&path).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(String::from_utf8(out.stdout).unwrap(), "training\n");
    // An error only inside a branch that may not run does not stop the start.
    let branch = script(
        &dir,
        "branch.la",
        "print(\"ran\")\nif false { [1, 2] * [3, 4] }\n",
    );
    la().arg(&branch).assert().code(0).stdout("ran\n");
}

/// What `la` infers for the last line of `text`, without running it.
fn inferred(text: &str) -> String {
    let mut la = Interpreter::new();
    match la.infer(text) {
        Ok(Some(t)) => t.to_string(),
        Ok(None) => "unknown".to_string(),
        Err(e) => format!("error: {}", e.diagnostics()[0].message),
    }
}

/// The messages of the certain errors in `text`.
fn errors(text: &str) -> Vec<String> {
    let mut la = Interpreter::new();
    let program = la.compile("t.la", text).unwrap();
    la.check(&program)
        .iter()
        .map(|f| f.diagnostic.message.clone())
        .collect()
}

#[test]
fn sizes_read_with_size_are_named_and_followed() {
    // A size read from a matrix whose shape is not known is a named dimension.
    let text = "X = load(\"no/such/file.csv\");\nn = size(X, 1);\nZ = zeros(n, 3);\nX' * Z";
    assert_eq!(inferred(text), "cols(X)×3 matrix");
    let text = "X = load(\"no/such/file.csv\");\nm, n = size(X);\nH = randn(n, 5);\nX * H";
    assert_eq!(inferred(text), "m×5 matrix");
    assert_eq!(
        inferred("A = randn(4, 3);\nn = size(A, 2);\nones(n)"),
        "3×1 matrix"
    );
    // Reductions along a dimension, transposes and solves keep what is known.
    assert_eq!(inferred("A = rand(5, 3);\nsum(A, dim=1)"), "1×3 matrix");
    assert_eq!(inferred("A = rand(5, 3);\nmean(A, 2)"), "5×1 matrix");
    assert_eq!(
        inferred("A = rand(3, 3); b = ones(3, 2);\nsolve(A, b)"),
        "3×2 matrix"
    );
    assert_eq!(inferred("reshape(1:6, 2, 3)'"), "3×2 matrix");
    assert_eq!(inferred("[[1, 2], [3, 4]] > 2"), "2×2 logical matrix");
    assert_eq!(inferred("A = eye(3);\nA[2, :]"), "1×3 matrix");
    assert_eq!(inferred("fn f(X) = X' * X\nf(randn(10, 4))"), "4×4 matrix");
}

#[test]
fn errors_inside_functions_loops_and_builtins_are_found_at_their_calls() {
    // A user function followed at its call, with the run's label at the call.
    let found = errors("fn square(A) = A * A\nsquare(ones(2, 3))\n");
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0].contains("2×3 and 2×3"));
    // The wrong number of arguments, as the run says it.
    let found = errors("fn f(a, b) = a + b\nf(1)\n");
    assert!(found[0].contains("`f`"), "{found:?}");
    // A loop body is checked with what holds in every round: W keeps its shape.
    let found = errors("W = zeros(3, 2);\nfor k in 1:10 {\n    W[1, 1] = k;\n    y = W * W;\n}\n");
    assert_eq!(found.len(), 1, "{found:?}");
    // ...but a variable a round changes is not trusted.
    let fine = "v = 1;\nfor k in 1:3 {\n    v = [v, k];\n}\nprint(v' * v)\n";
    assert!(errors(fine).is_empty());
    let fine =
        "A = zeros(2, 2);\nfor k in 1:3 {\n    x = A * ones(2, 1);\n    A = ones(3, 3);\n}\n";
    assert!(errors(fine).is_empty(), "{:?}", errors(fine));
    // Builtins state their own rules: hcat, dot, solve, reshape, inv.
    assert!(errors("hcat([1, 2], [1, 2, 3])")[0].contains("same number of rows"));
    assert!(errors("inv(ones(2, 3))")[0].contains("square"));
    assert!(errors("x = zeros(2, 3)^2")[0].contains("square"));
    // Named sizes never make an error: n may be anything.
    assert!(errors("X = load(\"x.csv\");\nn = size(X, 1);\nzeros(n, 2) * ones(3, 1)").is_empty());
}

#[test]
fn a_plus_between_a_matrix_and_a_row_of_named_height_is_a_lint() {
    let mut la = Interpreter::new();
    let text = "X = load(\"no/such/file.csv\");\nn = size(X, 1);\nA = randn(n, 3);\nmu = mean(A, dim=1);\nB = A - mu;\nprint(B)\n";
    let found = la.diagnose("t.la", text);
    let lint = found.iter().find(|d| d.code == Some("L009")).expect("L009");
    assert!(
        lint.message.contains("n×3 matrix and a 1×3 row"),
        "{}",
        lint.message
    );
    assert_eq!(
        lint.help.as_deref(),
        Some("to broadcast the row across the matrix, use `.-`")
    );
    let quiet = text.replace("B = A - mu;", "B = A - mu;  # la: allow(L009)");
    assert!(la
        .diagnose("t.la", &quiet)
        .iter()
        .all(|d| d.code != Some("L009")));
}

#[test]
fn load_takes_the_shape_its_file_s_header_gives_when_the_file_is_there() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("x.csv"), "a,b,c\n1,2,3\n4,5,6\n").unwrap();
    let mut la = Interpreter::new();
    la.set_file_access(FileAccess::inside(dir.path()).unwrap());
    let path = dir.path().join("x.csv");
    let text = format!("X = load(\"{}\");\nX * ones(2, 1)", path.display());
    let program = la.compile("t.la", &text).unwrap();
    // Three columns known from the file, the rows named: 3 against 2 is certain.
    let found = la.check(&program);
    assert_eq!(found.len(), 0, "rows unknown: the message would need them");
    let text = format!("X = load(\"{}\");\nX' * X", path.display());
    let program = la.compile("t.la", &text).unwrap();
    let (_, last) = la.types(&program).into_iter().last().unwrap();
    assert_eq!(last.to_string(), "3×3 matrix");
}

#[test]
fn loops_in_functions_in_loops_do_not_multiply_the_checker_s_work() {
    // Seven functions, each looping three deep around a call of the one before: followed
    // fully, every loop round re-follows every call below it (this took 16 s before the
    // checker had a work budget; now the calls past the budget are unknown).
    let mut text = String::from(
        "fn f1(x) {\n    s = 0\n    for i in 1:3 { for j in 1:3 { for k in 1:3 { s = [s, x] } } }\n    return s\n}\n",
    );
    for d in 2..8 {
        text += &format!(
            "fn f{d}(x) {{\n    s = 0\n    for i in 1:3 {{ for j in 1:3 {{ for k in 1:3 {{ s = s + f{}(x) }} }} }}\n    return s\n}}\n",
            d - 1
        );
    }
    text += "t = 0\nfor a in 1:3 { for b in 1:3 { t = t + f7(a) } }\nprint(t)\n";
    assert!(errors(&text).is_empty());
}
