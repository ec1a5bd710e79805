//! The progress shown by long commands: a bar on a terminal, plain lines otherwise.

use std::io::IsTerminal;

/// A progress bar on a terminal, plain lines otherwise.
pub(super) struct Progress {
    bar: Option<indicatif::ProgressBar>,
    total: std::cell::Cell<u64>,
    last_line: std::cell::Cell<u64>,
    started: std::time::Instant,
    last_at: std::cell::Cell<std::time::Instant>,
}

impl Progress {
    pub(super) fn new(total: u64) -> Self {
        let bar = std::io::stderr().is_terminal().then(|| {
            let bar = indicatif::ProgressBar::new(total);
            if let Ok(style) = indicatif::ProgressStyle::with_template(
                "{bar:40} {pos}/{len} rows ({per_sec}, {eta} left)",
            ) {
                bar.set_style(style);
            }
            bar
        });
        Self {
            bar,
            total: std::cell::Cell::new(total),
            last_line: std::cell::Cell::new(0),
            started: std::time::Instant::now(),
            last_at: std::cell::Cell::new(std::time::Instant::now()),
        }
    }

    pub(super) fn set_total(&self, total: u64) {
        self.total.set(total);
        if let Some(bar) = &self.bar {
            bar.set_length(total);
        }
    }

    pub(super) fn set(&self, done: u64) {
        match &self.bar {
            Some(bar) => bar.set_position(done),
            // Without a terminal: a line every few seconds, with the rate and what is left.
            None if done > self.last_line.get()
                && (self.last_at.get().elapsed().as_secs() >= 5 || done == self.total.get()) =>
            {
                self.last_line.set(done);
                self.last_at.set(std::time::Instant::now());
                let seconds = self.started.elapsed().as_secs_f64().max(0.001);
                let rate = done as f64 / seconds;
                let left = self.total.get().saturating_sub(done) as f64 / rate.max(0.001);
                eprintln!(
                    "{done}/{} rows ({rate:.0}/s, about {left:.0} s left)",
                    self.total.get()
                );
            }
            None => {}
        }
    }

    pub(super) fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}
