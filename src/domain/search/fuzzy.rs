//! Typo tolerance: the optimal-string-alignment distance (Levenshtein plus the swap of two
//! neighbouring letters, the commonest slip on a phone keyboard) and deletion neighbourhoods,
//! which find every vocabulary word within the distance without comparing against them all.

/// How many edits a query word of this many letters may carry: none under 4 letters, one
/// from 4, two from 8.
pub fn allowed_edits(letters: usize) -> usize {
    match letters {
        0..=3 => 0,
        4..=7 => 1,
        _ => 2,
    }
}

/// The words made by deleting up to `edits` letters from `word` (the word itself included),
/// without duplicates.
pub fn deletions(word: &str, edits: usize) -> Vec<String> {
    let mut out = vec![word.to_owned()];
    let mut frontier = vec![word.chars().collect::<Vec<char>>()];
    for _ in 0..edits {
        let mut next = Vec::new();
        for chars in &frontier {
            if chars.len() <= 1 {
                continue;
            }
            for skip in 0..chars.len() {
                let shorter: Vec<char> = chars
                    .iter()
                    .enumerate()
                    .filter(|(i, _)| *i != skip)
                    .map(|(_, c)| *c)
                    .collect();
                let text: String = shorter.iter().collect();
                if !out.contains(&text) {
                    out.push(text);
                    next.push(shorter);
                }
            }
        }
        frontier = next;
    }
    out
}

/// The optimal-string-alignment distance between two words when it is at most `max`.
pub fn distance_within(a: &str, b: &str, max: usize) -> Option<usize> {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    if a.len().abs_diff(b.len()) > max {
        return None;
    }
    let width = b.len() + 1;
    // Rows i - 2, i - 1 and i of the table (i - 2 for the swap of two letters).
    let mut before: Vec<usize> = vec![0; width];
    let mut prev: Vec<usize> = (0..width).collect();
    let mut cur: Vec<usize> = vec![0; width];
    let mut prev_min = 0;
    for i in 1..=a.len() {
        cur[0] = i;
        let mut row_min = i;
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut d = (prev[j] + 1).min(cur[j - 1] + 1).min(prev[j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                d = d.min(before[j - 2] + 1);
            }
            cur[j] = d;
            row_min = row_min.min(d);
        }
        // Later rows come from this one or, by a swap, from the one before plus one edit.
        if row_min > max && prev_min >= max {
            return None;
        }
        prev_min = row_min;
        std::mem::swap(&mut before, &mut prev);
        std::mem::swap(&mut prev, &mut cur);
    }
    let d = prev[b.len()];
    (d <= max).then_some(d)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn reference(a: &str, b: &str) -> usize {
        let a: Vec<char> = a.chars().collect();
        let b: Vec<char> = b.chars().collect();
        let mut d = vec![vec![0usize; b.len() + 1]; a.len() + 1];
        for (i, row) in d.iter_mut().enumerate() {
            row[0] = i;
        }
        for (j, cell) in d[0].iter_mut().enumerate() {
            *cell = j;
        }
        for i in 1..=a.len() {
            for j in 1..=b.len() {
                let cost = usize::from(a[i - 1] != b[j - 1]);
                d[i][j] = (d[i - 1][j] + 1)
                    .min(d[i][j - 1] + 1)
                    .min(d[i - 1][j - 1] + cost);
                if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                    d[i][j] = d[i][j].min(d[i - 2][j - 2] + 1);
                }
            }
        }
        d[a.len()][b.len()]
    }

    #[test]
    fn counts_edits_and_swaps() {
        assert_eq!(distance_within("khai", "khai", 1), Some(0));
        assert_eq!(distance_within("khia", "khai", 1), Some(1));
        assert_eq!(distance_within("honn", "hon", 1), Some(1));
        assert_eq!(distance_within("nhanh", "nhan", 1), Some(1));
        assert_eq!(distance_within("sinh", "sanh", 1), Some(1));
        assert_eq!(distance_within("sinh", "khai", 1), None);
        assert_eq!(distance_within("thuongg", "thuong", 2), Some(1));
        assert_eq!(distance_within("", "ab", 2), Some(2));
    }

    #[test]
    fn edits_grow_with_the_word() {
        assert_eq!(allowed_edits(3), 0);
        assert_eq!(allowed_edits(4), 1);
        assert_eq!(allowed_edits(7), 1);
        assert_eq!(allowed_edits(8), 2);
    }

    #[test]
    fn deletions_hold_the_word_and_its_shorter_forms() {
        let d = deletions("abc", 1);
        assert_eq!(d, vec!["abc", "bc", "ac", "ab"]);
        assert_eq!(deletions("aab", 1), vec!["aab", "ab", "aa"]);
        assert_eq!(deletions("ab", 2), vec!["ab", "b", "a"]);
    }

    proptest! {
        #[test]
        fn agrees_with_the_full_table(a in "[a-e]{0,9}", b in "[a-e]{0,9}", max in 0usize..3) {
            let full = reference(&a, &b);
            prop_assert_eq!(distance_within(&a, &b, max), (full <= max).then_some(full));
        }

        // Two words within k edits share a deletion of at most k letters from each: the
        // neighbourhood lookup misses none.
        #[test]
        fn neighbourhoods_meet_within_the_distance(a in "[a-d]{3,8}", b in "[a-d]{3,8}") {
            let k = 2;
            if reference(&a, &b) <= k {
                let da = deletions(&a, k);
                prop_assert!(deletions(&b, k).iter().any(|x| da.contains(x)));
            }
        }
    }
}
