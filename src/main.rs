use clap::Parser;

fn main() {
    let cli = saaslab::cli::Cli::parse();
    std::process::exit(saaslab::cli::run(cli));
}
