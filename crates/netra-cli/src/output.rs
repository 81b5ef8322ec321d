//! How results and errors reach the terminal: human text or `--json`.

use std::io::Write;
use std::process::ExitCode;

use netra_core::{ErrorReport, FieldError};
use serde::Serialize;

/// Prints a value as pretty JSON on stdout.
pub fn json<T: Serialize>(value: &T) -> anyhow::Result<()> {
    let mut out = std::io::stdout().lock();
    serde_json::to_writer_pretty(&mut out, value)?;
    writeln!(out)?;
    Ok(())
}

/// Soft problems that did not stop the command.
pub fn warnings(warnings: &[FieldError]) {
    for w in warnings {
        eprintln!("Peringatan ({}): {}", w.field, w.message);
    }
}

/// The context messages down to the first core error. The core error's own
/// sources (I/O, SQLite) are already part of its Indonesian message.
fn chain_until_core(err: &anyhow::Error) -> String {
    let mut parts = Vec::new();
    for e in err.chain() {
        parts.push(e.to_string());
        if e.downcast_ref::<netra_core::Error>().is_some() {
            break;
        }
    }
    parts.join(": ")
}

/// Prints the error chain in Indonesian and picks the exit code: 2 when the
/// user can fix it by changing their input, 1 otherwise.
pub fn report_error(err: &anyhow::Error, json: bool) -> ExitCode {
    // `netra event list | head` closing the pipe early is not a failure.
    let broken_pipe = err.chain().any(|e| {
        e.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    });
    if broken_pipe {
        return ExitCode::SUCCESS;
    }
    let core = err
        .chain()
        .find_map(|e| e.downcast_ref::<netra_core::Error>());
    if let Some(netra_core::Error::Invalid(fields)) = core {
        eprintln!("Kesalahan: isian belum benar:");
        for f in fields {
            eprintln!("  - {}: {}", f.field, f.message);
        }
    } else {
        eprintln!("Kesalahan: {}", chain_until_core(err));
    }
    if json {
        let report = core.map(ErrorReport::from).unwrap_or_else(|| ErrorReport {
            code: netra_core::ErrorCode::Internal,
            message: format!("{err:#}"),
            fields: Vec::new(),
        });
        let _ = self::json(&report);
    }
    let user = core.is_some_and(|e| e.code().is_user_error());
    ExitCode::from(if user { 2 } else { 1 })
}
