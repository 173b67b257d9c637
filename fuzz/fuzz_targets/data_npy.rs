//! The `.npy` and `.npz` readers on arbitrary bytes: numbers or an error, never a panic,
//! and never work or allocation past the element limit they are given.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = la::data::npy::read(data, 1 << 20);
    if let Ok(members) = la::data::npz::read(data, 1 << 24) {
        for (_, bytes) in members {
            let _ = la::data::npy::read(&bytes, 1 << 20);
        }
    }
});
