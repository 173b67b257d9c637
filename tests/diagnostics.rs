//! One failing program per distinct diagnostic: each `tests/errors/NAME.la` is run through
//! the public API and its rendered error (colour off) must equal `tests/errors/NAME.out`,
//! so a change to any message is a reviewed diff. Run with `LA_BLESS=1` to write the
//! `.out` files after reviewing a change. A program whose first line is
//! `# limit: max_total_elements = N` runs under that limit (to reach the limit on all
//! matrices without allocating gigabytes). Programs may read files inside tests/errors
//! (their own inputs sit in tests/errors/files/, where no program is looked for).

use std::path::Path;

use la::{FileAccess, Interpreter};

mod support;
use support::check_snapshots;

#[test]
fn every_error_program_renders_its_snapshot() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/errors");
    let allowed = std::fs::canonicalize(&dir).unwrap().display().to_string();
    check_snapshots(&dir, 1, |name, text| {
        let mut la = Interpreter::new();
        la.set_limits(limits_for(text));
        // `source` and the data-file builtins read the files under tests/errors/files/.
        la.set_file_access(FileAccess::inside(&dir).unwrap());
        let rendered = match la.run(name, text) {
            Ok(_) => format!("{name}: ran without error\n"),
            Err(e) => la.render(&e, false),
        };
        // The allowed directory is named in some messages: not where this clone sits.
        Ok(rendered.replace(&allowed, "tests/errors"))
    });
}

/// The default limits, or the one a `# limit:` first line sets.
fn limits_for(text: &str) -> la::Limits {
    let mut limits = la::Limits::default();
    if let Some(rest) = text.lines().next().and_then(|l| l.strip_prefix("# limit:")) {
        let (name, value) = rest.split_once('=').expect("# limit: NAME = N");
        let value: usize = value.trim().parse().expect("a whole number");
        match name.trim() {
            "max_total_elements" => limits.max_total_elements = value,
            "max_elements" => limits.max_elements = value,
            other => panic!("unknown limit {other}"),
        }
    }
    limits
}
