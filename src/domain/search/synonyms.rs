//! How people say things, as the catalog says them: a list shipped with the service
//! (`synonyms.txt` beside this file, embedded) that a deployment may replace by its own file
//! (setting `search.synonyms_file`).
//!
//! One rule a line; `#` starts a comment. Text is folded (accents and case do not matter).
//!
//! - `a | b = c`: one thing written several ways (abbreviations): names and queries alike
//!   read `a` and `b` as `c`.
//! - `a | b => c`: what citizens say (`a`, `b`) for the catalog's wording (`c`): a query saying
//!   `a` looks for `c`, and for `a` itself with a small weight.
//! - `a | b =>`: words that carry little meaning in a query (`làm`, `xin`, `thủ tục`): they
//!   still count, with a small weight.
//!
//! A query is read in two passes: the `=` rules first (so `làm cccd` is `làm căn cước`), then
//! the `=>` rules, whose left sides are read through the `=` rules too. In each pass rules
//! apply once, longest first, left to right; a rule's result is not rewritten again.

use std::collections::HashMap;

use super::key;
use crate::domain::text::fold;

/// The weight of the words a citizen typed when a `=>` rule replaced them.
pub const SAID_WEIGHT: f32 = 0.3;
/// The weight of a filler word.
pub const FILLER_WEIGHT: f32 = 0.15;

/// The list shipped with the service.
pub const SHIPPED: &str = include_str!("synonyms.txt");

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// `=`: names and queries.
    Same,
    /// `=>` with wording: queries only.
    Says,
    /// `=>` alone: a filler.
    Filler,
}

#[derive(Debug, Clone)]
struct Rule {
    from: Vec<String>,
    to: Vec<String>,
    kind: Kind,
}

/// A rule that cannot be read, with its line (from 1).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("line {line}: {message}")]
pub struct SynonymError {
    /// The line, from 1.
    pub line: usize,
    /// What is wrong.
    pub message: String,
}

/// A word of a prepared query.
#[derive(Debug, Clone, PartialEq)]
pub struct QueryWord {
    /// The word, folded and normalised ([`key`]).
    pub text: String,
    /// How much it counts (1 for what the query means; less for fillers and replaced words).
    pub weight: f32,
    /// The last word typed: it may be the start of a longer word.
    pub prefix: bool,
}

/// A list of rules, by their first word, longest first.
#[derive(Debug, Clone, Default)]
pub struct Synonyms {
    by_first: HashMap<String, Vec<Rule>>,
    count: usize,
}

fn phrase(text: &str) -> Vec<String> {
    fold(text)
        .split(' ')
        .filter(|w| !w.is_empty())
        .map(|w| key(w).into_owned())
        .collect()
}

impl Synonyms {
    /// The shipped list.
    pub fn shipped() -> Self {
        // The shipped file is tested to parse (`the_shipped_list_parses`).
        Self::parse(SHIPPED).unwrap_or_default()
    }

    /// Reads a list; the first bad line is the error.
    pub fn parse(text: &str) -> Result<Self, SynonymError> {
        let mut list = Self::default();
        for (n, raw) in text.lines().enumerate() {
            let line = raw.split('#').next().unwrap_or_default().trim();
            if line.is_empty() {
                continue;
            }
            let err = |message: &str| SynonymError {
                line: n + 1,
                message: message.to_owned(),
            };
            let (left, right, says) = if let Some((l, r)) = line.split_once("=>") {
                (l, r, true)
            } else if let Some((l, r)) = line.split_once('=') {
                (l, r, false)
            } else {
                return Err(err("a rule needs `=` or `=>`"));
            };
            let to = phrase(right);
            let kind = match (says, to.is_empty()) {
                (true, true) => Kind::Filler,
                (true, false) => Kind::Says,
                (false, false) => Kind::Same,
                (false, true) => return Err(err("`=` needs the wording on its right")),
            };
            if right.contains('|') {
                return Err(err("the right of a rule is one wording, without `|`"));
            }
            let mut any = false;
            for alternative in left.split('|') {
                let from = phrase(alternative);
                if from.is_empty() {
                    return Err(err("an empty phrase on the left"));
                }
                if from == to {
                    continue;
                }
                any = true;
                list.count += 1;
                let rules = list.by_first.entry(from[0].clone()).or_default();
                rules.push(Rule {
                    from,
                    to: to.clone(),
                    kind,
                });
                rules.sort_by_key(|r| std::cmp::Reverse(r.from.len()));
            }
            if !any && kind != Kind::Same {
                return Err(err("nothing on the left"));
            }
        }
        // The `=>` rules meet queries already read through the `=` rules: read their left
        // sides the same way.
        let same = list.clone();
        for rules in list.by_first.values_mut() {
            for rule in rules.iter_mut().filter(|r| r.kind != Kind::Same) {
                rule.from = same.name_words(std::mem::take(&mut rule.from));
            }
        }
        let mut by_first: HashMap<String, Vec<Rule>> = HashMap::new();
        for rule in list.by_first.drain().flat_map(|(_, rules)| rules) {
            by_first.entry(rule.from[0].clone()).or_default().push(rule);
        }
        for rules in by_first.values_mut() {
            rules.sort_by_key(|r| std::cmp::Reverse(r.from.len()));
        }
        list.by_first = by_first;
        Ok(list)
    }

    /// How many phrases the list rewrites.
    pub fn len(&self) -> usize {
        self.count
    }

    /// Whether the list is empty.
    pub fn is_empty(&self) -> bool {
        self.count == 0
    }

    /// The longest rule of the wanted kinds that starts at `words[at]`.
    fn rule_at(&self, words: &[String], at: usize, same: bool) -> Option<&Rule> {
        self.by_first.get(&words[at])?.iter().find(|r| {
            (r.kind == Kind::Same) == same
                && words.len() - at >= r.from.len()
                && r.from.iter().zip(&words[at..]).all(|(a, b)| a == b)
        })
    }

    /// A catalog name's words ([`key`]ed) with the `=` rules applied.
    pub fn name_words(&self, words: Vec<String>) -> Vec<String> {
        if self.by_first.is_empty() {
            return words;
        }
        let mut out = Vec::with_capacity(words.len());
        let mut at = 0;
        while at < words.len() {
            match self.rule_at(&words, at, true) {
                Some(rule) => {
                    out.extend(rule.to.iter().cloned());
                    at += rule.from.len();
                }
                None => {
                    out.push(words[at].clone());
                    at += 1;
                }
            }
        }
        out
    }

    /// A folded query as weighted words: every rule applied, duplicates merged (the larger
    /// weight kept), the last word typed marked as a possible prefix.
    pub fn query_words(&self, folded: &str) -> Vec<QueryWord> {
        let typed: Vec<String> = folded
            .split(' ')
            .filter(|w| !w.is_empty())
            .map(|w| key(w).into_owned())
            .collect();
        // The last word typed may be the start of a longer one, unless a rule reads it.
        let last = typed.last().cloned();
        let before = typed.len();
        let words = self.name_words(typed);
        let open_end = words.len() == before && words.last() == last.as_ref();
        let mut out: Vec<QueryWord> = Vec::with_capacity(words.len() + 4);
        let mut push =
            |text: &str, weight: f32, prefix: bool| match out.iter_mut().find(|w| w.text == text) {
                Some(w) => {
                    w.weight = w.weight.max(weight);
                    w.prefix |= prefix;
                }
                None => out.push(QueryWord {
                    text: text.to_owned(),
                    weight,
                    prefix,
                }),
            };
        let mut at = 0;
        while at < words.len() {
            match self.rule_at(&words, at, false) {
                Some(rule) => {
                    match rule.kind {
                        Kind::Same => {}
                        Kind::Says => {
                            rule.to.iter().for_each(|w| push(w, 1.0, false));
                            rule.from.iter().for_each(|w| push(w, SAID_WEIGHT, false));
                        }
                        Kind::Filler => {
                            rule.from.iter().for_each(|w| push(w, FILLER_WEIGHT, false))
                        }
                    }
                    at += rule.from.len();
                }
                None => {
                    push(&words[at], 1.0, open_end && at + 1 == words.len());
                    at += 1;
                }
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(words: &[QueryWord]) -> Vec<(&str, f32)> {
        words.iter().map(|w| (w.text.as_str(), w.weight)).collect()
    }

    #[test]
    fn the_shipped_list_parses() {
        let list = Synonyms::parse(SHIPPED).unwrap();
        assert!(list.len() > 50, "{}", list.len());
    }

    #[test]
    fn what_people_say_becomes_the_catalogs_wording() {
        let list = Synonyms::parse("sổ đỏ | sổ hồng => giấy chứng nhận quyền sử dụng đất").unwrap();
        let words = list.query_words("cap lai so do");
        assert_eq!(
            texts(&words),
            vec![
                ("cap", 1.0),
                ("lai", 1.0),
                ("giay", 1.0),
                ("chung", 1.0),
                ("nhan", 1.0),
                ("quyen", 1.0),
                ("su", 1.0),
                ("dung", 1.0),
                ("dat", 1.0),
                ("so", SAID_WEIGHT),
                ("do", SAID_WEIGHT),
            ]
        );
        // No rule applies to a name.
        assert_eq!(
            list.name_words(vec!["so".into(), "do".into()]),
            vec!["so", "do"]
        );
    }

    #[test]
    fn abbreviations_read_alike_in_names_and_queries() {
        let list = Synonyms::parse("TNHH = trách nhiệm hữu hạn").unwrap();
        let name: Vec<String> = ["cong", "ty", "tnhh"].map(String::from).to_vec();
        assert_eq!(
            list.name_words(name),
            vec!["cong", "ty", "trach", "nhiem", "huu", "han"]
        );
        let words = list.query_words("cong ty tnhh");
        assert!(words.iter().all(|w| w.weight == 1.0));
        assert_eq!(words.len(), 6);
    }

    #[test]
    fn the_longest_rule_wins_and_fillers_weigh_little() {
        let list = Synonyms::parse(
            "làm | xin =>\nlàm căn cước => cấp thẻ căn cước\n# a comment\n\nhộ khẩu => thường trú",
        )
        .unwrap();
        assert_eq!(
            texts(&list.query_words("lam can cuoc")),
            vec![
                ("cap", 1.0),
                ("the", 1.0),
                ("can", 1.0),
                ("cuoc", 1.0),
                ("lam", SAID_WEIGHT)
            ]
        );
        assert_eq!(
            texts(&list.query_words("xin nhap ho khau")),
            vec![
                ("xin", FILLER_WEIGHT),
                ("nhap", 1.0),
                ("thuong", 1.0),
                ("tru", 1.0),
                ("ho", SAID_WEIGHT),
                ("khau", SAID_WEIGHT)
            ]
        );
    }

    #[test]
    fn only_the_last_word_typed_may_be_a_prefix() {
        let list = Synonyms::default();
        let words = list.query_words("dang ky khai si");
        let prefixes: Vec<bool> = words.iter().map(|w| w.prefix).collect();
        assert_eq!(prefixes, vec![false, false, false, true]);
        // A word a rule replaced is complete.
        let list = Synonyms::parse("so do => giay chung nhan").unwrap();
        assert!(list.query_words("so do").iter().all(|w| !w.prefix));
    }

    #[test]
    fn bad_lines_are_reported_with_their_number() {
        let err = Synonyms::parse("a => b\nno rule here").unwrap_err();
        assert_eq!(err.line, 2);
        assert!(Synonyms::parse("a | b = ").is_err());
        assert!(Synonyms::parse(" => b").is_err());
        assert!(Synonyms::parse("a => b | c").is_err());
    }
}
