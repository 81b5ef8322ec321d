//! An event's rows as JSON and back: each table one JSON array of objects
//! keyed by column name, exactly as stored, so the receiving side holds
//! the bytes that were signed (and so does a program that is not Netra).
//!
//! Values: SQLite NULL, INTEGER, REAL and TEXT become JSON null, numbers
//! and strings; a BLOB becomes `{"base64": "…"}`.

use base64::Engine as _;
use rusqlite::types::{Value as Sql, ValueRef};
use rusqlite::Connection;
use serde_json::{Map, Value};

use crate::error::{Error, Result};

/// The tables of one event, in the order they are loaded (parents first),
/// with the rows that belong to event `?1`.
pub const TABLES: &[(&str, &str)] = &[
    (
        "installation_keys",
        "SELECT * FROM installation_keys WHERE key_id IN (
             SELECT key_id FROM declarations WHERE event_id = ?1
             UNION SELECT void_key_id FROM declarations WHERE event_id = ?1
             UNION SELECT key_id FROM chain_heads WHERE event_id = ?1
             UNION SELECT key_id FROM printed_records WHERE event_id = ?1) ORDER BY key_id",
    ),
    ("events", "SELECT * FROM events WHERE id = ?1"),
    (
        "speakers",
        "SELECT * FROM speakers WHERE event_id = ?1 ORDER BY id",
    ),
    (
        "people",
        "SELECT * FROM people WHERE event_id = ?1 ORDER BY id",
    ),
    (
        "pledge_texts",
        "SELECT * FROM pledge_texts WHERE event_id = ?1
             OR id IN (SELECT pledge_text_id FROM declarations WHERE event_id = ?1) ORDER BY id",
    ),
    (
        "hub_devices",
        "SELECT * FROM hub_devices WHERE event_id = ?1 ORDER BY id",
    ),
    (
        "declarations",
        "SELECT * FROM declarations WHERE event_id = ?1 ORDER BY seq, id",
    ),
    (
        "signatures",
        "SELECT s.* FROM signatures s JOIN declarations d ON d.id = s.declaration_id
         WHERE d.event_id = ?1 ORDER BY s.id",
    ),
    (
        "chain_heads",
        "SELECT * FROM chain_heads WHERE event_id = ?1",
    ),
    (
        "printed_records",
        "SELECT * FROM printed_records WHERE event_id = ?1 ORDER BY id",
    ),
    (
        "audit_log",
        "SELECT * FROM audit_log WHERE event_id = ?1 ORDER BY id",
    ),
];

/// The entry name of a table inside the archive.
pub fn entry_name(table: &str) -> String {
    format!("tables/{table}.json")
}

/// The rows of `sql` (with the event id bound) as a JSON array text, one
/// row per line so the file reads and diffs well.
pub fn dump(conn: &Connection, sql: &str, event_id: i64) -> Result<(String, usize)> {
    let mut stmt = conn.prepare(sql)?;
    let names: Vec<String> = stmt.column_names().iter().map(|n| n.to_string()).collect();
    let mut rows = stmt.query([event_id])?;
    let mut lines = Vec::new();
    while let Some(row) = rows.next()? {
        let mut object = Map::new();
        for (i, name) in names.iter().enumerate() {
            let value = match row.get_ref(i)? {
                ValueRef::Null => Value::Null,
                ValueRef::Integer(n) => Value::from(n),
                ValueRef::Real(x) => Value::from(x),
                ValueRef::Text(t) => Value::from(String::from_utf8_lossy(t).into_owned()),
                ValueRef::Blob(b) => serde_json::json!({
                    "base64": base64::engine::general_purpose::STANDARD.encode(b)
                }),
            };
            object.insert(name.clone(), value);
        }
        lines.push(serde_json::to_string(&Value::Object(object)).unwrap_or_default());
    }
    let count = lines.len();
    let text = if lines.is_empty() {
        "[]\n".to_string()
    } else {
        format!("[\n{}\n]\n", lines.join(",\n"))
    };
    Ok((text, count))
}

/// Rows of one table as read from an archive.
pub type Rows = Vec<Map<String, Value>>;

/// Parses a table entry: a JSON array of objects.
pub fn parse(table: &str, bytes: &[u8]) -> std::result::Result<Rows, String> {
    let value: Value = serde_json::from_slice(bytes)
        .map_err(|e| format!("tabel {table} bukan JSON yang sah ({e})"))?;
    let Value::Array(items) = value else {
        return Err(format!("tabel {table} bukan daftar baris"));
    };
    items
        .into_iter()
        .enumerate()
        .map(|(i, item)| match item {
            Value::Object(o) => Ok(o),
            _ => Err(format!("tabel {table}, baris {}: bukan objek", i + 1)),
        })
        .collect()
}

/// Inserts `rows` into `table` of `conn`. Column names are taken only if
/// `table` has them (an archive names no SQL of its own); a column this
/// build does not know means a newer Netra made the archive.
pub fn load(conn: &Connection, table: &str, rows: &Rows) -> std::result::Result<(), String> {
    let known: Vec<String> = conn
        .prepare(&format!("SELECT name FROM pragma_table_info('{table}')"))
        .and_then(|mut s| {
            s.query_map([], |r| r.get::<_, String>(0))?
                .collect::<rusqlite::Result<Vec<_>>>()
        })
        .map_err(|e| format!("tabel {table}: {e}"))?;
    for (i, row) in rows.iter().enumerate() {
        let at = |why: String| format!("tabel {table}, baris {}: {why}", i + 1);
        let mut columns = Vec::with_capacity(row.len());
        let mut values = Vec::with_capacity(row.len());
        for (name, value) in row {
            if !known.iter().any(|k| k == name) {
                return Err(at(format!(
                    "kolom «{}» tidak dikenal versi Netra ini (arsip dari versi yang lebih baru?)",
                    name.chars().take(40).collect::<String>()
                )));
            }
            columns.push(format!("\"{name}\""));
            values.push(to_sql(value).ok_or_else(|| at(format!("nilai kolom {name} tidak sah")))?);
        }
        let sql = format!(
            "INSERT INTO {table} ({}) VALUES ({})",
            columns.join(", "),
            vec!["?"; columns.len()].join(", ")
        );
        conn.execute(&sql, rusqlite::params_from_iter(values))
            .map_err(|e| at(format!("tidak dapat dimuat ({e})")))?;
    }
    Ok(())
}

fn to_sql(value: &Value) -> Option<Sql> {
    Some(match value {
        Value::Null => Sql::Null,
        Value::Bool(b) => Sql::Integer(i64::from(*b)),
        Value::Number(n) => match n.as_i64() {
            Some(i) => Sql::Integer(i),
            None => Sql::Real(n.as_f64()?),
        },
        Value::String(s) => Sql::Text(s.clone()),
        Value::Object(o) if o.len() == 1 => {
            let b64 = o.get("base64")?.as_str()?;
            Sql::Blob(base64::engine::general_purpose::STANDARD.decode(b64).ok()?)
        }
        _ => return None,
    })
}

/// The integer in column `name` of `row`, if it is one.
pub fn int(row: &Map<String, Value>, name: &str) -> Option<i64> {
    row.get(name).and_then(Value::as_i64)
}

/// The text in column `name` of `row`, if it is text.
pub fn text<'a>(row: &'a Map<String, Value>, name: &str) -> Option<&'a str> {
    row.get(name).and_then(Value::as_str)
}

/// Surfaces a loading problem as the archive error the import reports.
pub fn refused(problems: &[String]) -> Error {
    Error::BadArchive(format!(
        "Arsip ditolak, tidak ada yang diimpor:\n- {}",
        problems.join("\n- ")
    ))
}
