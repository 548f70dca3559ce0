use clap::Parser;

fn main() {
    // A panic is saaslab's bug, never the user's: one short message and exit code 70
    // (EX_SOFTWARE) instead of a backtrace dump.
    std::panic::set_hook(Box::new(|info| {
        eprintln!("saaslab hit a bug: {info}\nThis is not your input's fault; please report it with the command you ran.");
        std::process::exit(70);
    }));
    let cli = saaslab::cli::Cli::parse();
    std::process::exit(saaslab::cli::run(cli));
}
