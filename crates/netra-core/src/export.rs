//! Files Netra writes for spreadsheets (M14): CSV that Excel opens safely.
//! Every cell that Excel would run as a formula is neutralised.

use crate::import::PreviewSummary;

/// Prefixes a cell that starts with `=`, `+`, `-`, `@`, tab or CR with an
/// apostrophe, so Excel shows it as text instead of running it.
pub fn neutralise(cell: &str) -> std::borrow::Cow<'_, str> {
    match cell.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{cell}").into(),
        _ => cell.into(),
    }
}

/// The import problems as a `;`-separated CSV with a UTF-8 BOM (what Excel
/// in the Indonesian locale opens directly), for fixing the source file.
pub fn issues_csv(summary: &PreviewSummary) -> Vec<u8> {
    let mut out = b"\xEF\xBB\xBF".to_vec();
    let mut w = csv::WriterBuilder::new()
        .delimiter(b';')
        .from_writer(Vec::new());
    let mut write = |cells: [&str; 4]| {
        // Writing to a Vec cannot fail.
        let _ = w.write_record(cells.iter().map(|c| neutralise(c).into_owned()));
    };
    write(["Baris", "Kolom", "Tingkat", "Masalah"]);
    for i in &summary.issues {
        let line = if i.line == 0 {
            String::new()
        } else {
            i.line.to_string()
        };
        let level = match i.severity {
            crate::import::Severity::Error => "Kesalahan",
            crate::import::Severity::Warning => "Peringatan",
        };
        write([&line, &i.field, level, &i.message]);
    }
    out.extend(w.into_inner().unwrap_or_default());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_like_cells_are_neutralised_and_others_kept() {
        for bad in [
            "=HYPERLINK(\"x\")",
            "+62812",
            "-1",
            "@SUM(A1)",
            "\tx",
            "\rx",
        ] {
            assert!(neutralise(bad).starts_with('\''), "{bad:?}");
        }
        assert_eq!(neutralise("Ahmad"), "Ahmad");
        assert_eq!(neutralise(""), "");
    }
}
