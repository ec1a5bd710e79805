//! A search's working tallies, one set per thread, reused from search to search.

use std::cell::RefCell;

thread_local! {
    pub(super) static SCRATCH: RefCell<Scratch> = RefCell::new(Scratch::default());
}

/// What a search adds up for one name.
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct Tally {
    /// Its BM25 score so far.
    pub(super) score: f32,
    /// How much of the query it covers (the query words' weights, each times its term's).
    pub(super) cover: f32,
    /// Which query words it holds (bit i: word i).
    pub(super) matched: u32,
}

/// A search's tallies, by name and by term. Between searches every entry is at rest (zero),
/// so none is cleared for the names a search never touches.
#[derive(Default)]
pub(super) struct Scratch {
    /// By name, side by side so that adding a word's part to a name touches one place.
    pub(super) names: Vec<Tally>,
    /// Which query words reach each term (bit i: word i).
    pub(super) term_words: Vec<u32>,
    /// The names some word reached.
    pub(super) touched: Vec<u32>,
    /// The touched names the filter keeps and the coverage cut lets through, with their
    /// score before bonuses and the most the bonuses can make of it.
    pub(super) kept: Vec<(u32, f32, f32)>,
    /// Lower bounds of the kept names' scores, to find the page's threshold.
    pub(super) floors: Vec<f32>,
    /// The terms some word reached.
    pub(super) reached: Vec<u32>,
}

impl Scratch {
    /// Room for this many names and terms.
    pub(super) fn ready(&mut self, docs: usize, terms: usize) {
        if self.names.len() < docs {
            self.names.resize(docs, Tally::default());
        }
        if self.term_words.len() < terms {
            self.term_words.resize(terms, 0);
        }
    }

    /// Puts back at rest what a search touched.
    pub(super) fn clean(&mut self) {
        for &doc in &self.touched {
            self.names[doc as usize] = Tally::default();
        }
        for &term in &self.reached {
            self.term_words[term as usize] = 0;
        }
        self.touched.clear();
        self.kept.clear();
        self.floors.clear();
        self.reached.clear();
    }
}
