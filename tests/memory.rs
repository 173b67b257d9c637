//! The limit on all live matrices counts exactly what is alive: variables (however they
//! were added or removed), locals of running functions, and the temporaries of the
//! expression being evaluated; and the system refusing memory is a diagnostic, never a
//! crash (checked under `ulimit -v` in a child process).

use la::{Interpreter, Limits};

/// An interpreter whose matrices may hold 1,500 elements in all.
fn small() -> Interpreter {
    let mut la = Interpreter::new();
    la.set_limits(Limits {
        max_elements: 1_500,
        max_total_elements: 1_500,
        ..Limits::default()
    });
    la
}

#[track_caller]
fn ok(la: &mut Interpreter, program: &str) {
    if let Err(e) = la.run("<test>", program) {
        panic!("{program}: {}", la.render(&e, false));
    }
}

#[track_caller]
fn refused(la: &mut Interpreter, program: &str) -> String {
    match la.run("<test>", program) {
        Ok(_) => panic!("{program}: ran, but the limit should have refused it"),
        Err(e) => {
            assert_eq!(e.kind(), la::ErrorKind::Limit, "{}", la.render(&e, false));
            e.message().to_string()
        }
    }
}

#[test]
fn clearing_a_variable_frees_its_count() {
    let mut la = small();
    ok(&mut la, "A = zeros(30, 30);");
    refused(&mut la, "B = zeros(30, 30);");
    assert!(la.clear("A"));
    ok(&mut la, "B = zeros(30, 30);");
    la.clear_all();
    ok(&mut la, "C = zeros(30, 30);");
}

#[test]
fn reassigning_and_destructuring_replace_the_count() {
    let mut la = small();
    ok(&mut la, "A = zeros(30, 30);");
    // The old value is alive while the new one is made.
    refused(&mut la, "A = zeros(30, 30);");
    ok(&mut la, "A = zeros(20, 20);");
    ok(&mut la, "A = 1;");
    ok(&mut la, "m, n = size(zeros(30, 30));");
    ok(&mut la, "A = zeros(30, 30);");
    ok(&mut la, "A, B = size(A);");
    ok(&mut la, "C = zeros(30, 30);");
}

#[test]
fn set_counts_a_host_matrix() {
    let mut la = small();
    la.set("H", faer::Mat::<f64>::zeros(30, 30));
    refused(&mut la, "B = zeros(30, 30);");
    la.set("H", 1.0);
    ok(&mut la, "B = zeros(30, 30);");
}

#[test]
fn a_failed_run_rolls_back_the_count_with_the_variables() {
    let mut la = small();
    ok(&mut la, "A = zeros(20, 20);");
    // Replaces A, then fails: A is back, and so is its count of 400.
    assert!(la
        .run("<test>", "A = zeros(30, 30); undefined_name")
        .is_err());
    assert_eq!(la.get("A").unwrap().shape(), la::Shape::new(20, 20));
    ok(&mut la, "B = zeros(33, 33);");
    refused(&mut la, "C = zeros(20, 20);");
}

#[test]
fn loading_a_script_counts_what_it_defines() {
    let mut la = small();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("big.la");
    std::fs::write(&path, "A = zeros(30, 30);\n").unwrap();
    let text = std::fs::read_to_string(&path).unwrap();
    ok(&mut la, &text);
    refused(&mut la, "B = zeros(30, 30);");
}

#[test]
fn a_functions_locals_count_while_it_runs_and_are_freed_after() {
    let mut la = small();
    ok(&mut la, "fn f(n) { L = zeros(n, n); return sum(sum(L)) }");
    // Inside f, L holds 900 while another 900 is asked for.
    refused(
        &mut la,
        "fn g() { L = zeros(30, 30); M = zeros(30, 30); return 1 }\ng()",
    );
    // After a call its locals are gone.
    ok(&mut la, "f(30); f(30); B = zeros(30, 30);");
}

#[test]
fn temporaries_of_one_expression_count_together() {
    let mut la = small();
    // Each product alone fits; both operands of `+` alive at once do not.
    let message = refused(&mut la, "x = ones(30, 30) + ones(30, 30);");
    assert!(message.contains("values being computed"), "{message}");
    refused(&mut la, "x = (ones(26, 30) + 1) + (ones(26, 30) .* 2);");
    // Arguments of a call, and elements of a literal, are alive together too.
    refused(&mut la, "x = hcat(ones(30, 30), ones(30, 30));");
    refused(&mut la, "x = [ones(30, 20), ones(30, 20)];");
    // The interpreter is unchanged and usable.
    assert!(la.get("x").is_none());
    ok(&mut la, "x = ones(30, 30) .* 2;");
}

/// The examples through the binary, under an address-space limit the machine can
/// honour: matrices of 3.5e4×3.5e4 are 9.8 GB each, so four of them alive together is over
/// half the machine's memory on any machine the tests run on, and over the `ulimit`.
#[cfg(unix)]
#[test]
fn the_system_refusing_memory_is_a_diagnostic() {
    let cases = [
        // Refused by the limit on all live matrices, before allocating.
        "x = (ones(3.5e4,3.5e4) + ones(3.5e4,3.5e4)) + (ones(3.5e4,3.5e4) + ones(3.5e4,3.5e4));",
        // 19.6 GB alive at once under a 25 GB ulimit: refused by the limit or the system.
        "x = ones(3.5e4,3.5e4) .* 2 + ones(3.5e4,3.5e4) + ones(3.5e4,3.5e4);",
        // Within the limit on this machine but not under the ulimit: the system refuses.
        "x = zeros(4e4, 4e4);",
    ];
    for program in cases {
        let output = std::process::Command::new("bash")
            .arg("-c")
            .arg("ulimit -v 8000000; exec \"$0\" --no-color -e \"$1\"")
            .arg(env!("CARGO_BIN_EXE_la"))
            .arg(program)
            .output()
            .expect("run la under ulimit");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(1), "{program}\n{stderr}");
        assert!(
            stderr.contains("does not fit")
                || stderr.contains("too large")
                || stderr.contains("out of memory"),
            "{program}\n{stderr}"
        );
        assert!(!stderr.contains("internal error"), "{program}\n{stderr}");
    }
}

#[test]
fn unary_operators_and_complex_matrices_count_too() {
    let mut la = small();
    ok(&mut la, "A = ones(30, 30);");
    // A' and -A are new matrices while A is alive.
    refused(&mut la, "B = A';");
    refused(&mut la, "B = -A;");
    la.clear_all();
    ok(&mut la, "Z = ones(20, 30) * 1i;");
    refused(&mut la, "B = zeros(31, 30);");
    assert!(la.clear("Z"));
    ok(&mut la, "B = zeros(31, 30);");
}

/// The whole diagnostic when the system refuses a matrix the limits allow.
#[cfg(unix)]
#[test]
fn the_out_of_memory_diagnostic_reads_as_expected() {
    let output = std::process::Command::new("bash")
        .arg("-c")
        .arg("ulimit -v 4000000; exec \"$0\" --no-color -e 'x = 1; y = zeros(3e4, 3e4);'")
        .arg(env!("CARGO_BIN_EXE_la"))
        .output()
        .expect("run la under ulimit");
    assert_eq!(output.status.code(), Some(1));
    let expected = "\
Error: out of memory: the system refused the 7.2 GB a 30000×30000 matrix needs
   ╭─[ <-e>:1:12 ]
   │
 1 │ x = 1; y = zeros(3e4, 3e4);
   │            ───────┬───────  
   │                   ╰───────── requested here
   │ 
   │ Help: work on smaller pieces, or clear variables you no longer need
───╯
";
    assert_eq!(String::from_utf8_lossy(&output.stderr), expected);
}
