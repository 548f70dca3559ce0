//! Ctrl-C (SIGINT) and SIGTERM: remove what this run was writing, then exit 130.
//!
//! The signals are blocked in every thread (the mask is set before any other thread starts,
//! and threads inherit it) and taken by one thread that waits for them with `sigwait`, so the
//! clean-up runs as ordinary code, not inside a signal handler.

use crate::dataset::folder;

pub fn install() {
    #[cfg(unix)]
    unsafe {
        let mut set: libc::sigset_t = std::mem::zeroed();
        libc::sigemptyset(&mut set);
        libc::sigaddset(&mut set, libc::SIGINT);
        libc::sigaddset(&mut set, libc::SIGTERM);
        if libc::pthread_sigmask(libc::SIG_BLOCK, &set, std::ptr::null_mut()) != 0 {
            return; // signals keep their default action: the run stops, as before
        }
        let waiting = set;
        std::thread::spawn(move || {
            let mut signal = 0;
            if libc::sigwait(&waiting, &mut signal) == 0 {
                folder::discard_in_progress();
                eprintln!("\ninterrupted: nothing half-written is left behind");
                std::process::exit(130);
            }
        });
    }
}
