//! A search's working tallies, one set per thread, reused from search to search.

use std::cell::RefCell;

thread_local! {
    pub(super) static SCRATCH: RefCell<Scratch> = RefCell::new(Scratch::default());
}

/// A search's tallies, by name and by term. Between searches every entry is at rest (zero),
/// so none is cleared for the names a search never touches.
#[derive(Default)]
pub(super) struct Scratch {
    pub(super) score: Vec<f32>,
    pub(super) cover: Vec<f32>,
    /// Which query words each name holds (bit i: word i).
    pub(super) matched: Vec<u32>,
    /// Which query words reach each term (bit i: word i).
    pub(super) term_words: Vec<u32>,
    /// The names some word reached.
    pub(super) touched: Vec<u32>,
    /// The touched names the filter keeps.
    pub(super) kept: Vec<u32>,
    /// The terms some word reached.
    pub(super) reached: Vec<u32>,
}

impl Scratch {
    /// Room for this many names and terms.
    pub(super) fn ready(&mut self, docs: usize, terms: usize) {
        if self.score.len() < docs {
            self.score.resize(docs, 0.0);
            self.cover.resize(docs, 0.0);
            self.matched.resize(docs, 0);
        }
        if self.term_words.len() < terms {
            self.term_words.resize(terms, 0);
        }
    }

    /// Puts back at rest what a search touched.
    pub(super) fn clean(&mut self) {
        for &doc in &self.touched {
            let d = doc as usize;
            self.score[d] = 0.0;
            self.cover[d] = 0.0;
            self.matched[d] = 0;
        }
        for &term in &self.reached {
            self.term_words[term as usize] = 0;
        }
        self.touched.clear();
        self.kept.clear();
        self.reached.clear();
    }
}
