//! The `.npy` reader on arbitrary bytes: numbers or an error, never a panic, and never an
//! allocation past the element limit it is given.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = la::data::npy::read(data, 1 << 20);
});
