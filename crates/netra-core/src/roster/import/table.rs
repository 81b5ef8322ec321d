//! What every reader produces: rows of cells with the line number the
//! organiser sees in their spreadsheet, so errors can say "baris 17".

/// One cell as read from the file.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Cell {
    /// The text shown in the cell (numbers rendered without exponent).
    pub text: String,
    /// Set when the spreadsheet stored a number, not text: an 18-digit NIP
    /// stored this way has already lost its last digits.
    pub number: Option<f64>,
}

impl Cell {
    pub fn text(s: impl Into<String>) -> Cell {
        Cell {
            text: s.into(),
            number: None,
        }
    }
}

/// A row and its line number in the source (1-based, as Excel shows it).
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub line: u32,
    pub cells: Vec<Cell>,
}

impl Row {
    pub fn is_blank(&self) -> bool {
        self.cells.iter().all(|c| c.text.trim().is_empty())
    }
}
