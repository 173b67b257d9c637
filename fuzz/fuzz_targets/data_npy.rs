//! The `.npy` and `.npz` readers on arbitrary bytes: numbers or an error, never a panic,
//! and never work or allocation past the element limit they are given. Reading from a
//! source (as `load` reads a file) gives what reading the bytes gives.
#![no_main]

use la::data::npy;
use la::data::text::Numbers;
use libfuzzer_sys::fuzz_target;

/// A comparable summary: the shape and bits of the numbers, or that it failed.
fn summary(result: Result<Numbers, String>) -> Option<String> {
    match result.ok()? {
        Numbers::Real(m) => {
            let m = &m;
            let bits: Vec<u64> = (0..m.ncols())
                .flat_map(|j| (0..m.nrows()).map(move |i| m[(i, j)].to_bits()))
                .collect();
            Some(format!("{:?} {bits:?}", m.shape()))
        }
        Numbers::Complex(m) => Some(format!("complex {:?}", m.shape())),
    }
}

fuzz_target!(|data: &[u8]| {
    let whole = summary(npy::read(data, 1 << 20));
    assert_eq!(whole, summary(npy::read_from(&data, 1 << 20)));
    if let Ok(members) = la::data::npz::read(data, 1 << 24) {
        for (_, bytes) in members {
            let _ = npy::read(&bytes, 1 << 20);
        }
    }
});
