//! An inverted index over folded names: each distinct word of the catalog points to the
//! entries that contain it. A query word matches every indexed word it is part of, so the
//! index answers exactly what `name LIKE '%word%'` would (query words hold no spaces).

use std::collections::HashMap;

/// The longest substring indexed, in characters: Vietnamese syllables are far shorter, and
/// the bound keeps a freak long word from costing memory cubic in its length.
pub const MAX_INDEXED_CHARS: usize = 12;

/// Every substring (up to [`MAX_INDEXED_CHARS`]) of every word → the entries holding it
/// (ascending). Looking a query word up is one hash probe, whatever the catalog's size; a
/// longer query word is looked up by its start and checked against the names.
#[derive(Debug, Default, Clone)]
pub struct WordIndex {
    postings: HashMap<String, Vec<u32>>,
    names: Vec<String>,
}

impl WordIndex {
    /// Indexes folded names, in order.
    pub fn build<'a>(names: impl IntoIterator<Item = &'a str>) -> Self {
        let mut postings: HashMap<String, Vec<u32>> = HashMap::new();
        let mut kept = Vec::new();
        for (entry, name) in (0u32..).zip(names) {
            kept.push(name.to_owned());
            for word in name.split(' ').filter(|w| !w.is_empty()) {
                let bounds: Vec<usize> = word
                    .char_indices()
                    .map(|(i, _)| i)
                    .chain(std::iter::once(word.len()))
                    .collect();
                for (a, &start) in bounds.iter().enumerate() {
                    let last = (a + MAX_INDEXED_CHARS).min(bounds.len() - 1);
                    for &end in &bounds[a + 1..=last] {
                        let list = postings.entry(word[start..end].to_owned()).or_default();
                        if list.last() != Some(&entry) {
                            list.push(entry);
                        }
                    }
                }
            }
        }
        Self {
            postings,
            names: kept,
        }
    }

    /// Entries whose name contains every query word, ascending. No words: none.
    pub fn matching(&self, query_words: &[String]) -> Vec<u32> {
        let mut lists: Vec<&[u32]> = Vec::with_capacity(query_words.len());
        let mut long_words = Vec::new();
        for word in query_words {
            let key = match word.char_indices().nth(MAX_INDEXED_CHARS) {
                Some((cut, _)) => {
                    long_words.push(word.as_str());
                    &word[..cut]
                }
                None => word.as_str(),
            };
            match self.postings.get(key) {
                Some(list) => lists.push(list),
                None => return Vec::new(),
            }
        }
        lists.sort_by_key(|l| l.len());
        let Some((first, rest)) = lists.split_first() else {
            return Vec::new();
        };
        let mut result = first.to_vec();
        for list in rest {
            result = intersect(&result, list);
            if result.is_empty() {
                break;
            }
        }
        if !long_words.is_empty() {
            result.retain(|&i| {
                self.names
                    .get(i as usize)
                    .is_some_and(|n| long_words.iter().all(|w| n.contains(w)))
            });
        }
        result
    }
}

fn intersect(a: &[u32], b: &[u32]) -> Vec<u32> {
    let (mut i, mut j, mut out) = (0, 0, Vec::new());
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                out.push(a[i]);
                i += 1;
                j += 1;
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::text::{fold, words};
    use proptest::prelude::*;

    #[test]
    fn finds_entries_with_every_word() {
        let names = [
            "dang ky khai sinh",
            "dang ky ket hon",
            "chung thuc ban sao",
            "khai tu",
        ];
        let index = WordIndex::build(names);
        assert_eq!(index.matching(&words("dang ky")), vec![0, 1]);
        assert_eq!(index.matching(&words("khai")), vec![0, 3]);
        assert_eq!(index.matching(&words("dan")), vec![0, 1]);
        assert_eq!(index.matching(&words("sinh ket")), Vec::<u32>::new());
        assert!(index.matching(&[]).is_empty());
    }

    proptest! {
        // The index agrees with a plain substring scan, word by word.
        #[test]
        fn agrees_with_a_scan(
            names in proptest::collection::vec("[a-dđ ]{0,40}", 0..20),
            query in "[a-dđ ]{1,20}",
        ) {
            let folded: Vec<String> = names.iter().map(|n| fold(n)).collect();
            let index = WordIndex::build(folded.iter().map(String::as_str));
            let q = words(&query);
            let expected: Vec<u32> = if q.is_empty() {
                Vec::new()
            } else {
                (0u32..).zip(&folded)
                    .filter(|(_, n)| q.iter().all(|w| n.contains(w.as_str())))
                    .map(|(i, _)| i)
                    .collect()
            };
            prop_assert_eq!(index.matching(&q), expected);
        }
    }
}
