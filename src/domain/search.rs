//! An inverted index over folded names: each distinct word of the catalog points to the
//! entries that contain it. A query word matches every indexed word it is part of, so the
//! index answers exactly what `name LIKE '%word%'` would (query words hold no spaces).

use std::collections::HashMap;

/// Words → entries (entry numbers are positions in the caller's list).
#[derive(Debug, Default, Clone)]
pub struct WordIndex {
    words: Vec<(String, Vec<u32>)>,
}

impl WordIndex {
    /// Indexes folded names, in order.
    pub fn build<'a>(names: impl IntoIterator<Item = &'a str>) -> Self {
        let mut postings: HashMap<&'a str, Vec<u32>> = HashMap::new();
        for (entry, name) in (0u32..).zip(names) {
            for word in name.split(' ').filter(|w| !w.is_empty()) {
                let list = postings.entry(word).or_default();
                if list.last() != Some(&entry) {
                    list.push(entry);
                }
            }
        }
        let mut words: Vec<(String, Vec<u32>)> = postings
            .into_iter()
            .map(|(w, l)| (w.to_owned(), l))
            .collect();
        words.sort_by(|a, b| a.0.cmp(&b.0));
        Self { words }
    }

    /// Entries whose name contains every query word, ascending. No words: none.
    pub fn matching(&self, query_words: &[String]) -> Vec<u32> {
        let mut result: Option<Vec<u32>> = None;
        for word in query_words {
            let mut hits: Vec<u32> = Vec::new();
            for (indexed, list) in &self.words {
                if indexed.contains(word.as_str()) {
                    hits.extend_from_slice(list);
                }
            }
            hits.sort_unstable();
            hits.dedup();
            result = Some(match result {
                None => hits,
                Some(previous) => intersect(&previous, &hits),
            });
            if result.as_ref().is_some_and(Vec::is_empty) {
                break;
            }
        }
        result.unwrap_or_default()
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
            names in proptest::collection::vec("[a-dđ ]{0,12}", 0..20),
            query in "[a-dđ ]{1,6}",
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
