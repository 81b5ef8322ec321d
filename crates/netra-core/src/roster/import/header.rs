//! Finding the header row and knowing which column is which, by name, in
//! Indonesian or English, in any order and case. Title rows above the
//! header ("DAFTAR UNDANGAN ...") are skipped.

use super::table::{Cell, Row};
use crate::error::{Error, Result};

/// The columns Netra reads from a roster.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Column {
    Name,
    Nip,
    Position,
    Rank,
    Unit,
    Phone,
    Category,
}

impl Column {
    fn label(self) -> &'static str {
        match self {
            Column::Name => "nama",
            Column::Nip => "NIP",
            Column::Position => "jabatan",
            Column::Rank => "pangkat/golongan",
            Column::Unit => "unit kerja",
            Column::Phone => "no. HP",
            Column::Category => "kategori",
        }
    }
}

/// What a header cell means.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Meaning {
    Read(Column),
    /// Row numbers: expected, not reported.
    RowNumber,
    /// NIK is personal data Netra never asks for: dropped and said so.
    Nik,
}

const HEADER_SCAN_ROWS: usize = 20;

fn meaning(header: &str) -> Option<Meaning> {
    let k = crate::roster::form::label_key(&header.replace('\u{feff}', ""));
    use Column::*;
    Some(match k.as_str() {
        "nama"
        | "nama lengkap"
        | "nama pegawai"
        | "nama peserta"
        | "nama asn"
        | "name"
        | "full name"
        | "nama dan gelar"
        | "nama lengkap dan gelar" => Meaning::Read(Name),
        "nip"
        | "nip ni pppk"
        | "nip nipppk"
        | "nip nip pppk"
        | "ni pppk"
        | "nipppk"
        | "nip baru"
        | "nomor induk pegawai"
        | "nip pppk"
        | "employee id" => Meaning::Read(Nip),
        "jabatan" | "position" | "job title" | "nama jabatan" => Meaning::Read(Position),
        "pangkat" | "pangkat gol" | "pangkat golongan" | "golongan" | "gol"
        | "pangkat gol ruang" | "gol ruang" | "rank" | "grade" => Meaning::Read(Rank),
        "unit kerja" | "opd" | "instansi" | "unit" | "satuan kerja" | "skpd"
        | "perangkat daerah" | "unit organisasi" | "organization" | "department"
        | "asal instansi" | "asal opd" => Meaning::Read(Unit),
        "no hp" | "nomor hp" | "hp" | "no telp" | "no telepon" | "telepon" | "phone" | "no wa"
        | "whatsapp" | "nomor telepon" | "no hp wa" | "mobile" => Meaning::Read(Phone),
        "kategori" | "status" | "status pegawai" | "jenis pegawai" | "category"
        | "status kepegawaian" | "jenis asn" => Meaning::Read(Category),
        "no" | "no urut" | "nomor" | "nomor urut" | "number" => Meaning::RowNumber,
        "nik" | "no ktp" | "nomor ktp" => Meaning::Nik,
        _ => return None,
    })
}

/// Which cell of a row holds which column.
#[derive(Debug, Clone)]
pub struct Mapping {
    columns: Vec<(Column, usize)>,
    meanings: Vec<Option<Meaning>>,
}

impl Mapping {
    /// The cell for `column` in `row`, if the file has that column.
    pub fn cell<'r>(&self, row: &'r Row, column: Column) -> Option<&'r Cell> {
        let idx = self.columns.iter().find(|(c, _)| *c == column)?.1;
        row.cells.get(idx)
    }

    pub fn recognised(&self, header: &Row) -> Vec<String> {
        self.columns
            .iter()
            .map(|(c, i)| format!("{} → {}", header.cells[*i].text.trim(), c.label()))
            .collect()
    }

    pub fn unknown(&self, header: &Row) -> Vec<String> {
        header
            .cells
            .iter()
            .zip(&self.meanings)
            .filter(|(cell, m)| m.is_none() && !cell.text.trim().is_empty())
            .map(|(cell, _)| cell.text.trim().to_string())
            .collect()
    }

    /// Header-level remarks for the organiser.
    pub fn notes(&self, header: &Row) -> Vec<String> {
        let mut notes = Vec::new();
        let unknown = self.unknown(header);
        if !unknown.is_empty() {
            notes.push(format!(
                "kolom yang tidak dikenal tidak diimpor: {}",
                unknown.join(", ")
            ));
        }
        if self.meanings.contains(&Some(Meaning::Nik)) {
            notes.push("kolom NIK diabaikan: Netra tidak menyimpan NIK (data pribadi)".into());
        }
        notes
    }
}

/// Finds the header row: the first of the first 20 rows with a name column.
pub fn detect(rows: &[Row]) -> Result<(usize, Mapping)> {
    for (idx, row) in rows.iter().take(HEADER_SCAN_ROWS).enumerate() {
        let meanings: Vec<Option<Meaning>> = row.cells.iter().map(|c| meaning(&c.text)).collect();
        if !meanings.contains(&Some(Meaning::Read(Column::Name))) {
            continue;
        }
        let mut columns: Vec<(Column, usize)> = Vec::new();
        for (i, m) in meanings.iter().enumerate() {
            if let Some(Meaning::Read(c)) = m {
                // The first of two same-named columns wins.
                if !columns.iter().any(|(seen, _)| seen == c) {
                    columns.push((*c, i));
                }
            }
        }
        return Ok((idx, Mapping { columns, meanings }));
    }
    Err(Error::ImportFile(
        "Kolom Nama tidak ditemukan di 20 baris pertama; baris judul tabel harus memuat kolom \"Nama\" (dan sebaiknya \"NIP\")".into(),
    ))
}
