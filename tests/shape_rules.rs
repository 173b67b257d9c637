//! Every shape rule stated in the builtin table holds when the builtin runs: a static pass
//! may trust `ShapeRule::result` because this test calls each builtin that states a rule
//! and compares the rule's answer (given the arguments' shapes, and the values of scalar
//! arguments) with the shape of what came back.

use la::builtins::{self, ShapeArg, ShapeCall, ShapeRule};
use la::{Interpreter, Shape};

/// Arguments tried in turn: a 2×3 matrix (so a transposed or reshaped result shows), a 3×3
/// symmetric positive definite one for builtins that need a square matrix, and a column
/// for those that need vectors.
const ARGUMENTS: [(&str, Shape); 3] = [
    ("[[0.5, 2, 3], [4, 5, 6]]", Shape { rows: 2, cols: 3 }),
    (
        "[[4, 1, 0], [1, 3, 1], [0, 1, 2]]",
        Shape { rows: 3, cols: 3 },
    ),
    ("[1, 2, 3]", Shape { rows: 3, cols: 1 }),
];

#[test]
fn every_stated_shape_rule_holds() {
    let mut checked = 0;
    for builtin in builtins::all() {
        if matches!(builtin.shape, ShapeRule::Unknown) {
            continue;
        }
        let outcome = ARGUMENTS.iter().find_map(|(text, shape)| {
            let args = vec![*text; builtin.min_args.max(1)].join(", ");
            let mut shapes = vec![Some(*shape); builtin.min_args.max(1)];
            let mut values = vec![None; builtin.min_args.max(1)];
            let call = match builtin.name {
                "assert" => "assert(true)".to_string(),
                // Sizes: the rule reads the values of its scalar arguments.
                _ if matches!(builtin.shape, ShapeRule::Sized { .. }) && builtin.max_args == 1 => {
                    shapes = vec![Some(Shape::SCALAR)];
                    values = vec![Some(3.0)];
                    format!("{}(3)", builtin.name)
                }
                _ if matches!(builtin.shape, ShapeRule::Sized { .. }) => {
                    shapes = vec![Some(Shape::SCALAR); 2];
                    values = vec![Some(2.0), Some(3.0)];
                    format!("{}(2, 3)", builtin.name)
                }
                // Sizes given as values.
                "fill" | "linspace" | "randi" | "randperm" => {
                    let (call, numbers): (&str, &[f64]) = match builtin.name {
                        "fill" => ("fill(7, 2, 3)", &[7.0, 2.0, 3.0]),
                        "linspace" => ("linspace(0, 1, 4)", &[0.0, 1.0, 4.0]),
                        "randi" => ("randi(6, 2, 3)", &[6.0, 2.0, 3.0]),
                        _ => ("randperm(4)", &[4.0]),
                    };
                    shapes = vec![Some(Shape::SCALAR); numbers.len()];
                    values = numbers.iter().map(|x| Some(*x)).collect();
                    call.to_string()
                }
                "repeat" => {
                    shapes = vec![Some(*shape), Some(Shape::SCALAR), Some(Shape::SCALAR)];
                    values = vec![None, Some(2.0), Some(3.0)];
                    format!("repeat({text}, 2, 3)")
                }
                "reshape" => {
                    shapes = vec![Some(*shape), Some(Shape::SCALAR), Some(Shape::SCALAR)];
                    values = vec![None, Some(shape.cols as f64), Some(shape.rows as f64)];
                    format!("reshape({text}, {}, {})", shape.cols, shape.rows)
                }
                "error" => return Some(None),
                // Builtins that take a function get one, and a matrix or the numbers they need.
                "map" => {
                    shapes[0] = None;
                    format!("map(x -> 2 * x, {text})")
                }
                "fzero" => "fzero(x -> x - 0.5, [0, 1])".to_string(),
                "minimize" => "minimize(x -> sum(x .* x), [1, 2])".to_string(),
                "integral" => "integral(x -> x, 0, 1)".to_string(),
                "source" => "source(\"examples/lib/vectors.la\")".to_string(),
                "save" => "save(\"target/shape-rule-test.csv\", 1)".to_string(),
                // Text builtins take strings; their results are strings, 1×1.
                "sprintf" => "sprintf(\"%d\", 1)".to_string(),
                "printf" => "printf(\"%d\", 1)".to_string(),
                "strcat" => "strcat(\"a\", 1)".to_string(),
                "nargs" => "nargs()".to_string(),
                "format" => "format(\"short\")".to_string(),
                "tic" => "tic()".to_string(),
                "toc" => "tic(); toc()".to_string(),
                "seed" => "seed(1)".to_string(),
                "arg" => "arg(1)".to_string(),
                "num" => "num(\"2\")".to_string(),
                name => format!("{name}({args})"),
            };
            let mut la = Interpreter::with_sink(Box::new(|_| {}));
            la.set_file_access(la::FileAccess::inside(env!("CARGO_MANIFEST_DIR")).unwrap());
            la.set_script_args(vec!["first".into()]);
            la.run("rule", &call)
                .ok()
                .map(|value| Some((call, value, shapes, values)))
        });
        let Some(outcome) = outcome else {
            panic!(
                "`{}` states {:?} but fails on every test argument",
                builtin.name, builtin.shape
            );
        };
        let Some((call, value, shapes, values)) = outcome else {
            continue; // `error` never returns
        };
        match builtin.shape {
            ShapeRule::Nothing => assert!(value.is_none(), "{call} gave a value"),
            rule => {
                let got = value.map(|v| v.shape());
                let args: Vec<ShapeArg> = shapes
                    .iter()
                    .zip(values.iter().chain(std::iter::repeat(&None)))
                    .map(|(shape, value)| ShapeArg {
                        shape: *shape,
                        real: shape.is_some(),
                        value: *value,
                        function: false,
                        span: la::Span::default(),
                    })
                    .collect();
                let at = ShapeCall {
                    name: builtin.name,
                    span: la::Span::default(),
                    args: &args,
                    keywords: &[],
                };
                let said = rule.result(&at).expect("no error for arguments that run");
                // A rule of its own may say nothing (it only reports errors).
                if said.is_some() || !matches!(rule, ShapeRule::Custom(_)) {
                    assert_eq!(said, got, "{call}: rule {rule:?}");
                }
            }
        }
        checked += 1;
    }
    assert!(checked >= 30, "only {checked} builtins state a shape rule");
}
