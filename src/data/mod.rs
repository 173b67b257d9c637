//! Data files: the formats `load` and `save` know, chosen by a file's extension or by
//! `format=`: `.csv` (comma), `.tsv` (tab), `.txt`/`.dat` (spaces or tabs) in `text`, and
//! NumPy's `.npy` in `npy` and its `.npz` archives in `npz`. The text reader is a small
//! hand-written splitter over the standard library's float parser, `.npy` is a short
//! header and raw little- or big-endian elements, and `.npz` a zip archive whose deflated
//! members `miniz_oxide` inflates.

pub mod npy;
pub mod npz;
mod source;
pub mod text;

pub use source::Source;

/// A data-file format.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// Comma-separated text.
    Csv,
    /// Tab-separated text.
    Tsv,
    /// Numbers separated by spaces or tabs.
    Text,
    /// NumPy's binary `.npy`.
    Npy,
    /// NumPy's archive of named arrays, `.npz`.
    Npz,
}

impl Kind {
    /// The format a file name's extension means.
    pub fn of_name(name: &str) -> Option<Kind> {
        let extension = std::path::Path::new(name)
            .extension()?
            .to_str()?
            .to_ascii_lowercase();
        Kind::of_word(&extension)
    }

    /// The format a `format=` word names.
    pub fn of_word(word: &str) -> Option<Kind> {
        Some(match word.to_ascii_lowercase().as_str() {
            "csv" => Kind::Csv,
            "tsv" => Kind::Tsv,
            "txt" | "dat" | "text" => Kind::Text,
            "npy" => Kind::Npy,
            "npz" => Kind::Npz,
            _ => return None,
        })
    }

    /// How a text format separates its fields (`None` for `.npy`).
    pub fn delimiter(self) -> Option<text::Delimiter> {
        match self {
            Kind::Csv => Some(text::Delimiter::Char(',')),
            Kind::Tsv => Some(text::Delimiter::Char('\t')),
            Kind::Text => Some(text::Delimiter::Whitespace),
            Kind::Npy | Kind::Npz => None,
        }
    }
}

/// The formats, for messages.
pub const KNOWN: &str = ".csv, .tsv, .txt, .dat, .npy and .npz";
