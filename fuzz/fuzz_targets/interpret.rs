//! The whole interpreter on arbitrary text under `Limits::strict()`: every input ends in a
//! value or a diagnostic that renders, never a panic, an internal error, a hang or a blown
//! memory limit.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let mut la = la::Interpreter::new();
    la.set_limits(la::Limits::strict());
    if let Err(error) = la.run("<fuzz>", text) {
        let report = error.render(false);
        assert!(
            error.kind() != la::ErrorKind::Internal,
            "internal error for {text:?}:\n{report}"
        );
    }
});
