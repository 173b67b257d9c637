//! Warnings: reported through the sink as `Event::Warning`, never stopping the program.

use std::sync::{Arc, Mutex};

use la::{Event, Interpreter};

/// The warnings' messages from running `text`, which must succeed.
fn warnings(text: &str) -> Vec<String> {
    let seen = Arc::new(Mutex::new(Vec::new()));
    let sink = Arc::clone(&seen);
    let mut la = Interpreter::with_sink(Box::new(move |event| {
        if let Event::Warning(w) = event {
            sink.lock().unwrap().push(w.message);
        }
    }));
    la.run("t.la", text).unwrap();
    let messages = seen.lock().unwrap().clone();
    messages
}

#[test]
fn slash_between_vectors_of_one_shape_notes_element_wise_division() {
    let columns = warnings("x = [1, 2] / [3, 4]");
    assert_eq!(columns.len(), 1, "{columns:?}");
    assert!(columns[0].contains("2×1 vectors"), "{columns:?}");
    // 1×2 / 1×2 keeps its meaning, the least-squares x·[3 4] = [1 2]: 11/25.
    let rows = warnings("x = [[1, 2]] / [[3, 4]]\nassert(abs(x - 0.44) < 1e-12)");
    assert_eq!(rows.len(), 1, "{rows:?}");
    // Matrices, or vectors of different shapes, are divided without a note.
    assert!(warnings("x = [[1, 2], [3, 4]] / [[1, 0], [0, 2]]").is_empty());
    assert!(warnings("x = [1, 2] ./ [3, 4]").is_empty());
    assert!(warnings("x = [[1, 2]] / 2").is_empty());
}
