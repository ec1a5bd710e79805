//! Search over the catalog's names as citizens type: every word optional but rewarded
//! (BM25), typos forgiven on the folded form, the last word read as the start of a word,
//! short words matched only as whole words, the synonym list's rewording, and a preference
//! for the procedures people actually file.
//!
//! A name's words are indexed whole: a query word finds the names that hold it, a word it is
//! the start of (the last word only, as one types), or a word within one edit (4 letters and
//! more) or two (8 and more). How each counts:
//!
//! - BM25 over the names (`k1` 1.2, `b` [`LENGTH_WEIGHT`]), a word counted once however often
//!   a name repeats it: rarer words weigh more, shorter names win among equals. Words in
//!   parentheses (`(thực hiện tại cấp tỉnh)`, lists of cases) count [`ASIDE_FACTOR`] for
//!   matching and [`ASIDE_LENGTH`] for the name's length; a leading `Thủ tục` is not part of the name.
//! - a completed prefix counts [`PREFIX_FACTOR`] of the word, a word one edit away
//!   [`ONE_EDIT_FACTOR`], two edits [`TWO_EDITS_FACTOR`]; when the query word is itself in
//!   the catalog, a near word counts half that again, and never more than the word itself.
//! - query words next to each other in a name add [`ADJACENT_BONUS`] a pair; a name made of
//!   the query's words and nothing else adds [`WHOLE_NAME_BONUS`].
//! - a procedure's prior ([`prior`]) multiplies its score when no office is named.
//! - names that cover less than [`COVERAGE_CUT`] of what the best name covers are left out.
//!
//! docs/SEARCH.md walks through it with examples.

pub mod fuzzy;
mod prior;
mod scratch;
pub mod synonyms;

use std::borrow::Cow;
use std::cell::RefCell;

use scratch::{SCRATCH, Scratch};
use std::collections::HashMap;
use std::sync::{Arc, RwLock};

pub use prior::{CITIZENS_PRIOR, for_citizens, prior};
pub use synonyms::{QueryWord, SynonymError, Synonyms};

/// BM25's `k1`.
pub const K1: f32 = 1.2;
/// BM25's `b`: how much a long name is held against it. Official names run long, so less
/// than the usual 0.75.
pub const LENGTH_WEIGHT: f32 = 0.3;
/// A word in parentheses, against one outside.
pub const ASIDE_FACTOR: f32 = 0.5;
/// How much a word in parentheses lengthens a name, against one outside.
pub const ASIDE_LENGTH: f32 = 0.0;
/// Among equal scores, a name this much longer (in share of the score per word, up to 100
/// words) comes after.
pub const TIE_BREAK: f32 = 0.0002;
/// A word the last query word is the start of, against the word itself.
pub const PREFIX_FACTOR: f32 = 0.75;
/// A word one edit away.
pub const ONE_EDIT_FACTOR: f32 = 0.7;
/// A word two edits away.
pub const TWO_EDITS_FACTOR: f32 = 0.5;
/// Each pair of query words found side by side in a name.
pub const ADJACENT_BONUS: f32 = 0.15;
/// A name that is the query's words and nothing else.
pub const WHOLE_NAME_BONUS: f32 = 0.25;
/// Names covering less than this share of the best name's coverage are not answers.
pub const COVERAGE_CUT: f32 = 0.5;
/// Query words beyond this many are ignored.
pub const MAX_QUERY_WORDS: usize = 24;
/// Completions of a last word kept (the most frequent).
pub const MAX_COMPLETIONS: usize = 64;

/// One spelling for words Vietnamese writes two ways: a syllable whose only vowel is a final
/// `y` after consonants (`ky`/`ki`, `ly`/`li`, `my`/`mi`, `quy`/`qui`) is read with `i`.
/// Takes a folded word.
pub fn key(word: &str) -> Cow<'_, str> {
    let bytes = word.as_bytes();
    let is_consonant = |b: u8| b"bcdghklmnpqrstvx".contains(&b);
    if bytes.len() >= 2 && bytes[bytes.len() - 1] == b'y' {
        let head = &bytes[..bytes.len() - 1];
        let consonants = head.iter().all(|&b| is_consonant(b))
            || (head.len() >= 2
                && head.ends_with(b"qu")
                && head[..head.len() - 1].iter().all(|&b| is_consonant(b)));
        if consonants {
            let mut s = word[..word.len() - 1].to_owned();
            s.push('i');
            return Cow::Owned(s);
        }
    }
    Cow::Borrowed(word)
}

/// A found name and how well it matches (higher is better).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Hit {
    /// The name's position in the indexed list.
    pub doc: u32,
    /// Its score.
    pub score: f32,
}

/// The names, their words, and what finds them.
#[derive(Debug, Default)]
pub struct SearchIndex {
    terms: Vec<String>,
    ids: HashMap<String, u32>,
    /// Term ids in the order of their text, for completions.
    sorted: Vec<u32>,
    /// For each term, the names holding it, by name, each with its BM25 part before the
    /// term's weight: `how much · (k1 + 1) / (1 + k1 · (1 − b + b · len / average))`, how
    /// much being 1, or [`ASIDE_FACTOR`] when only in parentheses.
    postings: Vec<Vec<(u32, f32)>>,
    idf: Vec<f32>,
    /// All names' terms in order, name after name; name `d`'s are
    /// `doc_words[doc_starts[d]..doc_starts[d + 1]]`.
    doc_words: Vec<u32>,
    doc_starts: Vec<u32>,
    priors: Vec<f32>,
    /// Every deletion of up to one letter (two for words of 6 and more) → the terms.
    neighbours: HashMap<String, Vec<u32>>,
    synonyms: Arc<Synonyms>,
    /// What each query word already searched for found, kept for the index's lifetime.
    memo: RwLock<Memo>,
}

/// Query words already looked up, typed whole or as the start of a word.
#[derive(Debug, Default)]
struct Memo {
    whole: HashMap<String, Arc<WordHits>>,
    prefix: HashMap<String, Arc<WordHits>>,
    /// Names held over all entries, against [`MAX_MEMO_NAMES`].
    names: usize,
}

/// How many names the memo of query words holds before it starts over (about 12 bytes each).
pub const MAX_MEMO_NAMES: usize = 1 << 20;

/// The names a query word finds: the terms it reaches, and each name's best term (its BM25
/// part and its weight), by name.
#[derive(Debug)]
struct WordHits {
    terms: Vec<u32>,
    names: Vec<(u32, f32, f32)>,
}

/// A catalog name's words in runs, each run marked when it lies in parentheses: folded,
/// [`key`]ed, read through the `=` synonyms, a leading `thủ tục` dropped.
fn name_words(name: &str, synonyms: &Synonyms) -> Vec<(Vec<String>, bool)> {
    let mut runs = Vec::new();
    let mut depth = 0usize;
    let mut piece = String::new();
    let flush = |piece: &mut String, aside: bool, runs: &mut Vec<(Vec<String>, bool)>| {
        let words: Vec<String> = crate::domain::text::fold(piece)
            .split(' ')
            .filter(|w| !w.is_empty())
            .map(|w| key(w).into_owned())
            .collect();
        if !words.is_empty() {
            runs.push((synonyms.name_words(words), aside));
        }
        piece.clear();
    };
    for c in name.chars() {
        match c {
            '(' | '[' => {
                flush(&mut piece, depth > 0, &mut runs);
                depth += 1;
            }
            ')' | ']' => {
                flush(&mut piece, depth > 0, &mut runs);
                depth = depth.saturating_sub(1);
            }
            _ => piece.push(c),
        }
    }
    flush(&mut piece, depth > 0, &mut runs);
    if let Some((first, false)) = runs.first_mut()
        && first.len() > 2
        && first[0] == "thu"
        && first[1] == "tuc"
    {
        first.drain(..2);
    }
    runs
}

/// A query word and the terms it reaches, each with its weight (factor × idf).
struct Reach {
    terms: Vec<(u32, f32)>,
}

impl SearchIndex {
    /// Indexes catalog names (as written: folded here) with their priors, in order.
    pub fn build<'a>(
        names: impl IntoIterator<Item = (&'a str, f32)>,
        synonyms: Arc<Synonyms>,
    ) -> Self {
        let mut index = Self {
            synonyms,
            ..Self::default()
        };
        let mut lengths = Vec::new();
        index.doc_starts.push(0);
        for (doc, (name, prior)) in (0u32..).zip(names) {
            let mut seq = Vec::new();
            let mut length = 0f32;
            for (words, aside) in name_words(name, &index.synonyms) {
                let weight = if aside { ASIDE_FACTOR } else { 1.0 };
                #[allow(clippy::cast_precision_loss)]
                {
                    length += if aside { ASIDE_LENGTH } else { 1.0 } * words.len() as f32;
                }
                for word in words {
                    let next = u32::try_from(index.terms.len()).unwrap_or(u32::MAX);
                    let id = *index.ids.entry(word.clone()).or_insert_with(|| {
                        index.terms.push(word);
                        index.postings.push(Vec::new());
                        next
                    });
                    let list = &mut index.postings[id as usize];
                    match list.last_mut() {
                        Some((d, w)) if *d == doc => *w = w.max(weight),
                        _ => list.push((doc, weight)),
                    }
                    seq.push(id);
                }
            }
            lengths.push(length.max(1.0));
            index.doc_words.extend(seq);
            index
                .doc_starts
                .push(u32::try_from(index.doc_words.len()).unwrap_or(u32::MAX));
            index.priors.push(prior);
        }
        #[allow(clippy::cast_precision_loss)]
        let (docs, average) = {
            let n = lengths.len().max(1) as f32;
            (n, (lengths.iter().sum::<f32>() / n).max(1.0))
        };
        #[allow(clippy::cast_precision_loss)]
        {
            let norm: Vec<f32> = lengths
                .iter()
                .map(|&l| K1 * (1.0 - LENGTH_WEIGHT + LENGTH_WEIGHT * l / average))
                .collect();
            for list in &mut index.postings {
                for (doc, here) in list.iter_mut() {
                    *here = *here * (K1 + 1.0) / (1.0 + norm[*doc as usize]);
                }
            }
            index.idf = index
                .postings
                .iter()
                .map(|p| {
                    let n = p.len() as f32;
                    (1.0 + (docs - n + 0.5) / (n + 0.5)).ln()
                })
                .collect();
        }
        let mut sorted: Vec<u32> = (0..u32::try_from(index.terms.len()).unwrap_or(0)).collect();
        sorted.sort_by(|a, b| index.terms[*a as usize].cmp(&index.terms[*b as usize]));
        index.sorted = sorted;
        for (id, term) in (0u32..).zip(&index.terms) {
            let letters = term.chars().count();
            let edits = match letters {
                0..=2 => continue,
                3..=5 => 1,
                _ => 2,
            };
            for deletion in fuzzy::deletions(term, edits) {
                index.neighbours.entry(deletion).or_default().push(id);
            }
        }
        index
    }

    /// How many names are indexed.
    pub fn len(&self) -> usize {
        self.priors.len()
    }

    /// Whether no name is indexed.
    pub fn is_empty(&self) -> bool {
        self.priors.is_empty()
    }

    /// Name `d`'s terms in order.
    fn doc_terms(&self, d: usize) -> &[u32] {
        let start = self.doc_starts[d] as usize;
        let end = self.doc_starts[d + 1] as usize;
        &self.doc_words[start..end]
    }

    /// The terms a query word reaches, with their weights.
    fn reach(&self, word: &QueryWord) -> Reach {
        let text = word.text.as_str();
        let letters = text.chars().count();
        let exact = self.ids.get(text).copied();
        let cap = exact.map_or(f32::MAX, |id| self.idf[id as usize]);
        let mut terms: Vec<(u32, f32)> = Vec::new();
        if let Some(id) = exact {
            terms.push((id, self.idf[id as usize]));
        }
        // The start of a longer word, as one types the last word. A short word (one or two
        // letters) that is a word already, and a commoner one than any it starts, is taken as
        // typed: "khai tu" is not "khai tuc", but "khai si" may be "khai sinh".
        if word.prefix {
            let start = self
                .sorted
                .partition_point(|id| self.terms[*id as usize].as_str() < text);
            let mut completions: Vec<u32> = self.sorted[start..]
                .iter()
                .take_while(|id| self.terms[**id as usize].starts_with(text))
                .filter(|id| Some(**id) != exact)
                .copied()
                .collect();
            completions.sort_by_key(|id| std::cmp::Reverse(self.postings[*id as usize].len()));
            completions.truncate(MAX_COMPLETIONS);
            let commonest = completions
                .first()
                .map_or(0, |id| self.postings[*id as usize].len());
            if letters <= 2 && exact.is_some_and(|id| self.postings[id as usize].len() >= commonest)
            {
                completions.clear();
            }
            for id in completions {
                terms.push((id, PREFIX_FACTOR * self.idf[id as usize].min(cap)));
            }
        }
        let edits = fuzzy::allowed_edits(letters);
        if edits > 0 {
            let damp = if exact.is_some() { 0.5 } else { 1.0 };
            for deletion in fuzzy::deletions(text, edits) {
                for &id in self
                    .neighbours
                    .get(&deletion)
                    .map_or(&[][..], Vec::as_slice)
                {
                    if terms.iter().any(|(t, _)| *t == id) {
                        continue;
                    }
                    let factor = match fuzzy::distance_within(text, &self.terms[id as usize], edits)
                    {
                        Some(1) => ONE_EDIT_FACTOR,
                        Some(2) => TWO_EDITS_FACTOR,
                        _ => continue,
                    };
                    terms.push((id, damp * factor * self.idf[id as usize].min(cap)));
                }
            }
        }
        Reach { terms }
    }

    /// The names matching a folded query among those `keep` accepts, best first. Priors count
    /// when `priors` is true (no office named). No words: nothing.
    pub fn search(
        &self,
        folded_query: &str,
        priors: bool,
        keep: impl Fn(usize) -> bool,
    ) -> Vec<Hit> {
        let mut hits = self.hits(folded_query, priors, keep, None);
        hits.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.doc.cmp(&b.doc)));
        hits
    }

    /// The names [`Self::search`] finds, in no particular order, for a caller that orders
    /// (or picks the best few) itself, by [`rank`] and then a key of its own.
    ///
    /// With `best: Some(n)`, only the names that can be among the `n` best in that order get
    /// their exact score: a name whose score, with the most its bonuses could add, still
    /// ranks below the `n`-th best score without them cannot be among them, so its bonuses
    /// are not counted and it carries that lower score, which keeps it below them. The `n`
    /// best and their order are those of `best: None`; so are which names are found (and how
    /// many).
    pub fn hits(
        &self,
        folded_query: &str,
        priors: bool,
        keep: impl Fn(usize) -> bool,
        best: Option<usize>,
    ) -> Vec<Hit> {
        let mut words = self.synonyms.query_words(folded_query);
        words.truncate(MAX_QUERY_WORDS);
        let found: Vec<(f32, Arc<WordHits>)> = words
            .iter()
            .map(|w| (w.weight, self.word_hits(w)))
            .collect();
        // The per-name tallies are kept between searches on this thread and cleaned after
        // each one, so a search costs what it touches, not the catalog's size.
        let mut s = SCRATCH.try_with(RefCell::take).unwrap_or_default();
        s.ready(self.len(), self.terms.len());
        let hits = self.tally(&found, priors, &keep, best, &mut s);
        s.clean();
        // Unavailable only while the thread ends: the next search starts afresh.
        let _ = SCRATCH.try_with(|c| c.replace(s));
        hits
    }

    /// What a query word finds, from the memo when it was looked up before.
    fn word_hits(&self, word: &QueryWord) -> Arc<WordHits> {
        let side = |memo: &Memo| {
            if word.prefix {
                memo.prefix.get(&word.text).cloned()
            } else {
                memo.whole.get(&word.text).cloned()
            }
        };
        if let Some(known) = self.memo.read().ok().as_deref().and_then(side) {
            return known;
        }
        let found = Arc::new(self.find(word));
        if let Ok(mut memo) = self.memo.write() {
            if memo.names + found.names.len() > MAX_MEMO_NAMES {
                *memo = Memo::default();
            }
            memo.names += found.names.len();
            let map = if word.prefix {
                &mut memo.prefix
            } else {
                &mut memo.whole
            };
            map.insert(word.text.clone(), found.clone());
        }
        found
    }

    /// The names a query word's terms reach, each with its best term's part (the first
    /// reached among equals).
    fn find(&self, word: &QueryWord) -> WordHits {
        let reach = self.reach(word);
        let mut names: Vec<(u32, f32, f32)> = Vec::new();
        for &(term, weight) in &reach.terms {
            names.extend(
                self.postings[term as usize]
                    .iter()
                    .map(|&(doc, part)| (doc, part * weight, weight)),
            );
        }
        // Stable: among a name's equal parts, the first term reached stays first.
        names.sort_by_key(|n| n.0);
        names.dedup_by(|later, kept| {
            if later.0 != kept.0 {
                return false;
            }
            if later.1 > kept.1 {
                *kept = *later;
            }
            true
        });
        WordHits {
            terms: reach.terms.iter().map(|t| t.0).collect(),
            names,
        }
    }

    fn tally(
        &self,
        found: &[(f32, Arc<WordHits>)],
        priors: bool,
        keep: &impl Fn(usize) -> bool,
        best: Option<usize>,
        s: &mut Scratch,
    ) -> Vec<Hit> {
        for (wi, (weight, hits)) in (0u32..).zip(found) {
            let bit = 1u32 << wi;
            for &term in &hits.terms {
                s.term_words[term as usize] |= bit;
                s.reached.push(term);
            }
            for &(doc, part, term_weight) in &hits.names {
                let t = &mut s.names[doc as usize];
                if t.matched == 0 {
                    s.touched.push(doc);
                }
                t.score += weight * part;
                t.cover += weight * term_weight;
                t.matched |= bit;
            }
        }
        let mut top_cover = 0f32;
        for &doc in &s.touched {
            if keep(doc as usize) {
                top_cover = top_cover.max(s.names[doc as usize].cover);
                s.kept.push((doc, 0.0, 0.0));
            }
        }
        // Each name past the coverage cut with its score before bonuses (a lower bound) and
        // with the most they can add: a pair needs both its words in the name.
        let names = &s.names;
        s.kept.retain_mut(|(doc, floor, ceiling)| {
            let d = *doc as usize;
            let t = names[d];
            if t.cover < COVERAGE_CUT * top_cover {
                return false;
            }
            let prior = if priors { self.priors[d] } else { 0.0 };
            let tie = self.tie(d);
            #[allow(clippy::cast_precision_loss)]
            let most = ADJACENT_BONUS * ((t.matched << 1) & t.matched).count_ones() as f32
                + WHOLE_NAME_BONUS;
            *floor = t.score * (1.0 + prior) * tie;
            *ceiling = t.score * (1.0 + most) * (1.0 + prior) * tie;
            true
        });
        // The rank a name must reach to be among the `best` (none: every name counts).
        let bar = match best {
            Some(0) => u32::MAX,
            Some(n) if n < s.kept.len() => {
                s.floors.extend(s.kept.iter().map(|k| k.1));
                let (_, nth, _) = s
                    .floors
                    .select_nth_unstable_by(n - 1, |a, b| b.total_cmp(a));
                rank(*nth)
            }
            _ => 0,
        };
        let mut hits = Vec::with_capacity(s.kept.len());
        for &(doc, floor, ceiling) in &s.kept {
            let d = doc as usize;
            if rank(ceiling) < bar {
                hits.push(Hit { doc, score: floor });
                continue;
            }
            let mut pairs = 0u32;
            let mut all_matched = true;
            let mut previous = 0u32;
            for &t in self.doc_terms(d) {
                let here = s.term_words[t as usize];
                all_matched &= here != 0;
                pairs |= (previous << 1) & here;
                previous = here;
            }
            #[allow(clippy::cast_precision_loss)]
            let mut bonus = ADJACENT_BONUS * pairs.count_ones() as f32;
            if all_matched {
                bonus += WHOLE_NAME_BONUS;
            }
            let prior = if priors { self.priors[d] } else { 0.0 };
            hits.push(Hit {
                doc,
                score: s.names[d].score * (1.0 + bonus) * (1.0 + prior) * self.tie(d),
            });
        }
        hits
    }

    /// Name `d`'s tie-break factor: longer names after shorter ones among equal scores.
    fn tie(&self, d: usize) -> f32 {
        let words = (self.doc_starts[d + 1] - self.doc_starts[d]).min(100);
        #[allow(clippy::cast_precision_loss)]
        let tie = 1.0 - TIE_BREAK * words as f32;
        tie
    }
}

/// The largest [`rank`].
pub const MAX_RANK: u32 = 999_999;

/// A score as the integer callers order names by (thousandths, at most [`MAX_RANK`]); names
/// of one rank are ordered by the caller's own key (the listing: the procedure's code).
pub fn rank(score: f32) -> u32 {
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    let thousandths = (score.max(0.0) * 1000.0).round() as u32;
    thousandths.min(MAX_RANK)
}

#[cfg(test)]
mod tests;

#[cfg(test)]
mod real;
