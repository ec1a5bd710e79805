//! The `motcua` binary: parse the command line, hand over to the library.

fn main() -> std::process::ExitCode {
    match motcua::cli::run() {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("motcua: {error:#}");
            std::process::ExitCode::FAILURE
        }
    }
}
