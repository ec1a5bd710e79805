//! An inverted index over folded names: each distinct word of the catalog points to the
//! entries that contain it. A query word matches every indexed word it is part of, so the
//! index answers exactly what `name LIKE '%word%'` would (query words hold no spaces).

use std::collections::HashMap;

/// Every substring of every word → the entries holding it (ascending). Looking a query word
/// up is one hash probe, whatever the catalog's size.
#[derive(Debug, Default, Clone)]
pub struct WordIndex {
    postings: HashMap<String, Vec<u32>>,
}

impl WordIndex {
    /// Indexes folded names, in order.
    pub fn build<'a>(names: impl IntoIterator<Item = &'a str>) -> Self {
        let mut postings: HashMap<String, Vec<u32>> = HashMap::new();
        for (entry, name) in (0u32..).zip(names) {
            for word in name.split(' ').filter(|w| !w.is_empty()) {
                let bounds: Vec<usize> = word
                    .char_indices()
                    .map(|(i, _)| i)
                    .chain(std::iter::once(word.len()))
                    .collect();
                for (a, &start) in bounds.iter().enumerate() {
                    for &end in &bounds[a + 1..] {
                        let list = postings.entry(word[start..end].to_owned()).or_default();
                        if list.last() != Some(&entry) {
                            list.push(entry);
                        }
                    }
                }
            }
        }
        Self { postings }
    }

    /// Entries whose name contains every query word, ascending. No words: none.
    pub fn matching(&self, query_words: &[String]) -> Vec<u32> {
        let mut lists: Vec<&[u32]> = Vec::with_capacity(query_words.len());
        for word in query_words {
            match self.postings.get(word.as_str()) {
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
