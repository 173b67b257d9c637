//! Pictures: each `tests/plots/NAME.la` is run through the public API with colour off and
//! the default 60×15 area, and its output must equal `tests/plots/NAME.out` (run with
//! `LA_BLESS=1` to write them after reviewing a change). Picture files are checked for what
//! a reader would see: an SVG parses as XML and holds one path or marker group per series
//! and the title; a PNG decodes to the size asked for and is not blank.

use std::path::Path;
use std::sync::{Arc, Mutex};

use la::{Event, FileAccess, Interpreter};

mod support;
use support::check_snapshots;

/// An interpreter whose printed output is collected, allowed to write in `dir`.
fn capture(dir: Option<&Path>) -> (Interpreter, Arc<Mutex<String>>) {
    let out = Arc::new(Mutex::new(String::new()));
    let sink = Arc::clone(&out);
    let mut la = Interpreter::with_sink(Box::new(move |event| {
        if let Event::Text(t) = event {
            sink.lock().unwrap().push_str(&t);
        }
    }));
    if let Some(dir) = dir {
        la.set_file_access(FileAccess::inside(dir).unwrap());
    }
    (la, out)
}

#[test]
fn terminal_pictures_match_their_snapshots() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/plots");
    check_snapshots(&dir, 10, |name, text| {
        let (mut la, out) = capture(None);
        match la.run(name, text) {
            Ok(_) => Ok(out.lock().unwrap().clone()),
            Err(e) => Err(format!("{name} failed:\n{}", la.render(&e, false))),
        }
    });
}

/// Runs `program` allowed to write in a fresh directory; returns the directory.
fn draw(program: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let (mut la, out) = capture(Some(dir.path()));
    let prefix = format!("cd = \"{}\";", dir.path().display());
    if let Err(e) = la.run("<test>", &format!("{prefix}\n{program}")) {
        panic!("{}", la.render(&e, false));
    }
    assert_eq!(*out.lock().unwrap(), "", "a picture file prints nothing");
    dir
}

/// The elements named `tag` whose attribute `attr` is `value`.
fn count(doc: &roxmltree::Document, tag: &str, attr: &str, value: &str) -> usize {
    doc.descendants()
        .filter(|n| n.has_tag_name(tag))
        .filter(|n| {
            n.attribute(attr)
                .is_some_and(|a| a.eq_ignore_ascii_case(value))
        })
        .count()
}

/// The first two series colours.
const BLUE: &str = "#1F77B4";
const ORANGE: &str = "#FF7F0E";

#[test]
fn svg_files_hold_a_path_per_series_and_the_title() {
    let dir = draw(
        "x = (0:0.1:6)';
         plot(x, [sin(x), cos(x)]', title=\"two waves\", file=strcat(cd, \"/lines.svg\"))
         scatter(1:5, [2, 1, 4, 3, 5], title=\"five points\", file=strcat(cd, \"/points.svg\"))",
    );
    let svg = std::fs::read_to_string(dir.path().join("lines.svg")).unwrap();
    let doc = roxmltree::Document::parse(&svg).expect("the SVG is XML");
    assert_eq!(count(&doc, "polyline", "stroke", BLUE), 1);
    assert_eq!(count(&doc, "polyline", "stroke", ORANGE), 1);
    assert!(doc
        .descendants()
        .any(|n| n.has_tag_name("text") && n.text().map(str::trim) == Some("two waves")));
    let svg = std::fs::read_to_string(dir.path().join("points.svg")).unwrap();
    let doc = roxmltree::Document::parse(&svg).expect("the SVG is XML");
    assert_eq!(
        count(&doc, "circle", "fill", BLUE),
        5,
        "one marker per point"
    );
}

#[test]
fn png_files_have_the_size_asked_for_and_are_not_blank() {
    let dir = draw(
        "seed(1); hist(randn(200, 1), file=strcat(cd, \"/hist.png\"), width=640, height=400)
         heatmap(reshape(1:20, 4, 5), file=strcat(cd, \"/heat.png\"))",
    );
    for (name, size) in [("hist.png", (640, 400)), ("heat.png", (800, 500))] {
        let file = std::fs::File::open(dir.path().join(name)).unwrap();
        let mut reader = png::Decoder::new(std::io::BufReader::new(file))
            .read_info()
            .unwrap();
        let mut pixels = vec![0; reader.output_buffer_size()];
        let info = reader.next_frame(&mut pixels).unwrap();
        assert_eq!((info.width, info.height), size, "{name}");
        // The middle of the picture (the plot area) is mostly drawn on, not background.
        let (w, h) = (info.width as usize, info.height as usize);
        let drawn = (h / 4..3 * h / 4)
            .flat_map(|y| (w / 4..3 * w / 4).map(move |x| (x, y)))
            .filter(|&(x, y)| pixels[(y * w + x) * 3..][..3] != [255, 255, 255])
            .count();
        assert!(drawn > w * h / 40, "{name}: only {drawn} pixels drawn");
    }
}

#[test]
fn picture_files_follow_the_file_access_rule() {
    // Files off, as an embedded interpreter starts: refused, nothing written.
    let (mut off, _) = capture(None);
    let e = off
        .run("off", "plot([1, 2], file=\"off.svg\")")
        .unwrap_err();
    assert!(off.render(&e, false).contains("file access is off"));
    assert!(!Path::new("off.svg").exists());
    // Allowed inside a directory: a path out of it is refused and nothing is written there.
    let dir = tempfile::tempdir().unwrap();
    let inside = dir.path().join("inside");
    std::fs::create_dir(&inside).unwrap();
    let (mut la, _) = capture(Some(&inside));
    for target in [
        "../escape.png",
        &dir.path().join("escape.svg").display().to_string(),
    ] {
        let program = format!("bar([1, 2], file=\"{target}\")");
        let e = la.run("escape", &program).expect_err(&program);
        let text = la.render(&e, false);
        assert!(text.contains("outside the allowed directory"), "{text}");
    }
    assert_eq!(
        std::fs::read_dir(dir.path()).unwrap().count(),
        1,
        "only inside/"
    );
    // Inside it, the picture is written.
    la.run("in", "bar([1, 2], file=\"ok.svg\")").unwrap();
    assert!(inside.join("ok.svg").exists());
}

/// The x and y of the SVG `text` element that reads `label`.
fn text_at(doc: &roxmltree::Document, label: &str) -> (f64, f64) {
    let node = doc
        .descendants()
        .find(|n| n.has_tag_name("text") && n.text().map(str::trim) == Some(label))
        .unwrap_or_else(|| panic!("no text {label:?}"));
    let number = |a: &str| node.attribute(a).unwrap().parse::<f64>().unwrap();
    (number("x"), number("y"))
}

#[test]
fn file_legends_go_where_the_data_is_not() {
    let dir = draw(
        "x = linspace(0, 6, 50);
         plot(x, exp(-x), legend=\"falling\", file=strcat(cd, \"/falling.svg\"), width=400, height=300)
         plot(x, x, legend=\"rising\", file=strcat(cd, \"/rising.svg\"), width=400, height=300)",
    );
    let read = |name: &str| std::fs::read_to_string(dir.path().join(name)).unwrap();
    let (falling, rising) = (read("falling.svg"), read("rising.svg"));
    // A curve falling from the upper left leaves the upper right free, a rising one the
    // upper left.
    let (x, y) = text_at(&roxmltree::Document::parse(&falling).unwrap(), "falling");
    assert!(x > 200.0 && y < 150.0, "falling: legend at ({x}, {y})");
    let (x, y) = text_at(&roxmltree::Document::parse(&rising).unwrap(), "rising");
    assert!(x < 200.0 && y < 150.0, "rising: legend at ({x}, {y})");
}

#[test]
fn heat_map_files_number_rows_from_the_top_at_round_rows() {
    let dir = draw("heatmap(reshape(1:48 * 64, 48, 64), file=strcat(cd, \"/rows.svg\"))");
    let svg = std::fs::read_to_string(dir.path().join("rows.svg")).unwrap();
    let doc = roxmltree::Document::parse(&svg).unwrap();
    // The row labels, left of the plot, top to bottom: 5, 10, ..., 45.
    let mut rows: Vec<(f64, &str)> = doc
        .descendants()
        .filter(|n| n.has_tag_name("text"))
        .filter(|n| n.attribute("x").and_then(|x| x.parse::<f64>().ok()) < Some(80.0))
        .filter_map(|n| Some((n.attribute("y")?.parse().ok()?, n.text()?.trim())))
        .collect();
    rows.sort_by(|a, b| a.0.total_cmp(&b.0));
    let rows: Vec<&str> = rows.into_iter().map(|(_, t)| t).collect();
    assert_eq!(rows, ["5", "10", "15", "20", "25", "30", "35", "40", "45"]);
}
