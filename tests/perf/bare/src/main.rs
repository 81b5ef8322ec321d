//! The bare window: prints how long after start its page was painted.

static STARTED: std::sync::OnceLock<std::time::Instant> = std::sync::OnceLock::new();

#[tauri::command]
fn ready() {
    eprintln!(
        "netra-ready {} ms",
        STARTED.get().map_or(0, |t| t.elapsed().as_millis())
    );
}

fn main() {
    STARTED.get_or_init(std::time::Instant::now);
    if let Err(err) = tauri::Builder::default()
        .invoke_handler(tauri::generate_handler![ready])
        .run(tauri::generate_context!())
    {
        eprintln!("bare window failed: {err}");
        std::process::exit(1);
    }
}
