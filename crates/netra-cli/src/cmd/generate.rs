//! `netra generate`: shell completions and man pages, made from the same
//! clap definition the binary parses with, so they never fall behind it.
//! A package build runs `netra generate completions --shell bash` and
//! `netra generate man -o DIR`; no database is opened.

use std::path::PathBuf;

use anyhow::Context as _;
use clap::{Args, Subcommand};
use clap_complete::Shell;

#[derive(Debug, Args)]
pub struct GenerateArgs {
    #[command(subcommand)]
    what: What,
}

#[derive(Debug, Subcommand)]
enum What {
    /// Pelengkap perintah untuk shell (ke keluaran standar)
    Completions {
        #[arg(long, value_enum)]
        shell: Shell,
    },
    /// Halaman manual: netra.1 dan satu per perintah (netra-event.1, ...)
    Man {
        /// Folder tujuan (dibuat bila belum ada)
        #[arg(short, long, value_name = "DIR")]
        output: PathBuf,
    },
}

impl GenerateArgs {
    pub fn run(self, mut command: clap::Command) -> anyhow::Result<()> {
        match self.what {
            What::Completions { shell } => {
                clap_complete::generate(shell, &mut command, "netra", &mut std::io::stdout());
                Ok(())
            }
            What::Man { output } => {
                std::fs::create_dir_all(&output)
                    .with_context(|| format!("Folder {} tidak dapat dibuat", output.display()))?;
                command.build();
                write_pages(&command, "netra", &output)
            }
        }
    }
}

fn write_pages(command: &clap::Command, name: &str, dir: &std::path::Path) -> anyhow::Result<()> {
    let page = command.clone().name(name.to_string());
    let mut bytes = Vec::new();
    clap_mangen::Man::new(page).render(&mut bytes)?;
    let path = dir.join(format!("{name}.1"));
    std::fs::write(&path, bytes)
        .with_context(|| format!("Berkas {} tidak dapat ditulis", path.display()))?;
    for sub in command.get_subcommands().filter(|s| !s.is_hide_set()) {
        write_pages(sub, &format!("{name}-{}", sub.get_name()), dir)?;
    }
    Ok(())
}
