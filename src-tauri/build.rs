// The capabilities live in src-tauri/capabilities/, not beside tauri.conf.json:
// plain `tauri_build::build()` looks in <root>/capabilities and would
// silently embed none, so the path is given here.
// Naming the commands makes Tauri generate an `allow-<command>` permission
// for each, so a window may call only what its capability grants.

include!("commands/list.rs");

/// The command names of `commands/list.rs`, as Tauri wants them.
macro_rules! names {
    ($($module:ident :: $command:ident),* $(,)?) => {
        &[$(stringify!($command)),*]
    };
}

fn main() {
    println!("cargo:rerun-if-changed=src-tauri/capabilities");
    let attributes = tauri_build::Attributes::new()
        .capabilities_path_pattern("./src-tauri/capabilities/**/*")
        .app_manifest(tauri_build::AppManifest::new().commands(with_commands!(names)));
    if let Err(err) = tauri_build::try_build(attributes) {
        panic!("tauri-build gagal: {err:#}");
    }
}
