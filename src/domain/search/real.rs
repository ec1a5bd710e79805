//! The word index over the real national catalog (`../shared/data`, 2,642 procedures): the
//! pruned first page equals the full ranking's for every query of the benchmarks and every
//! prefix of them as typed, and what a search costs.

use super::*;
use crate::domain::text::fold;

const CATALOG: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../shared/data/tthc-catalog/procedures.csv"
);

/// The catalog's names with a prior from their tiers and subjects (no offices, no
/// applications), as a fresh installation ranks them.
fn catalog() -> Vec<(String, f32)> {
    let mut reader = csv::Reader::from_path(CATALOG).unwrap();
    let headers = reader.headers().unwrap().clone();
    let column = |name: &str| headers.iter().position(|h| h == name).unwrap();
    let (name, tiers, subjects) = (
        column("ten_thu_tuc"),
        column("cap_thuc_hien"),
        column("doi_tuong_thuc_hien"),
    );
    reader
        .records()
        .map(|r| {
            let r = r.unwrap();
            let tiers: Vec<&str> = r[tiers]
                .split(',')
                .map(|t| match t.trim() {
                    "Cấp xã" => "commune",
                    "Cấp tỉnh" => "province",
                    "Cấp bộ" => "ministry",
                    _ => "other",
                })
                .collect();
            let p = prior(&tiers.join(","), for_citizens(&r[subjects]), 0, 0);
            (r[name].to_owned(), p)
        })
        .collect()
}

/// The queries of both benchmarks (`benches/search.lua`, `benches/search_relevance.tsv`),
/// folded, then every start of each as it is typed (two letters and more).
fn queries() -> (Vec<String>, Vec<String>) {
    let lua = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/benches/search.lua"))
        .unwrap();
    let mut whole: Vec<String> = lua
        .split('"')
        .filter(|s| s.contains("%20") || (s.len() > 2 && s.chars().all(char::is_alphabetic)))
        .filter(|s| !["gzip", "cold", "GET"].contains(s))
        .map(|s| s.replace("%20", " "))
        .collect();
    assert_eq!(whole.len(), 24, "{whole:?}");
    let tsv = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/benches/search_relevance.tsv"
    ))
    .unwrap();
    whole.extend(
        tsv.lines()
            .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
            .filter_map(|l| l.split('\t').next())
            .map(fold),
    );
    let mut typed = Vec::new();
    for q in &whole {
        let chars: Vec<char> = q.chars().collect();
        for end in 2..chars.len() {
            if chars[end - 1] != ' ' {
                typed.push(chars[..end].iter().collect::<String>());
            }
        }
    }
    (whole, typed)
}

/// This thread's time on a processor (`/proc/thread-self/schedstat`, nanoseconds), so that
/// other work on a shared machine does not count.
fn cpu_time() -> std::time::Duration {
    let stat = std::fs::read_to_string("/proc/thread-self/schedstat").unwrap();
    let ns = stat.split(' ').next().unwrap().parse().unwrap();
    std::time::Duration::from_nanos(ns)
}

fn real_index() -> SearchIndex {
    let names = catalog();
    SearchIndex::build(
        names.iter().map(|(n, p)| (n.as_str(), *p)),
        Arc::new(Synonyms::shipped()),
    )
}

/// The pruned first page is the full ranking's, for every query of both benchmarks and every
/// start of them as typed, pages of 1 to 50, with and without a filter.
#[test]
#[ignore = "needs ../shared/data"]
fn the_first_page_is_the_full_rankings_over_the_real_catalog() {
    let index = real_index();
    let (whole, typed) = queries();
    let (mut checked, mut pruned) = (0, 0);
    for q in whole.iter().chain(&typed) {
        for n in [1, 3, 10, 20, 50] {
            for filtered in [false, true] {
                let keep = |d: usize| !filtered || !d.is_multiple_of(3);
                let full = super::tests::first_page(&index, q, keep, n, None);
                let page = super::tests::first_page(&index, q, keep, n, Some(n));
                assert_eq!(page, full, "{q:?}, {n}, filtered {filtered}");
                checked += 1;
                let exact = index.hits(q, true, keep, None);
                let fast = index.hits(q, true, keep, Some(n));
                pruned += exact
                    .iter()
                    .zip(&fast)
                    .filter(|(e, f)| e.score != f.score)
                    .count();
            }
        }
    }
    println!("{checked} first pages identical; {pruned} names' bonuses skipped in all");
    assert!(checked > 10_000, "{checked}");
    assert!(pruned > 0);
}

/// What a search of the benchmark's 24 queries costs here, memo warm (as in
/// `benches/catalog_search.sh`'s first-time row), and how many names each touches.
#[test]
#[ignore = "needs ../shared/data"]
fn what_a_search_costs_over_the_real_catalog() {
    let index = real_index();
    let (whole, _) = queries();
    let bench = &whole[..24];
    for q in bench {
        let hits = index.hits(q, true, |_| true, Some(20));
        assert!(!hits.is_empty(), "{q}");
    }
    let rounds = 200;
    let time = |best: Option<usize>| {
        let started = cpu_time();
        let mut found = 0usize;
        for _ in 0..rounds {
            for q in bench {
                found += index.hits(q, true, |_| true, best).len();
            }
        }
        let per = (cpu_time() - started) / u32::try_from(rounds * bench.len()).unwrap();
        (per, found / (rounds * bench.len()))
    };
    let (full, found) = time(None);
    let (first, _) = time(Some(20));
    println!(
        "{} names; {full:?} per search ranking every name, {first:?} for the first 20; {found} hits per search",
        index.len()
    );
    println!("query, time per search, hits, words, names the words reach, terms");
    for q in bench {
        let started = cpu_time();
        let mut n = 0;
        for _ in 0..rounds {
            n = index.hits(q, true, |_| true, Some(20)).len();
        }
        let words = index.synonyms.query_words(q);
        let found: Vec<Arc<WordHits>> = words.iter().map(|w| index.word_hits(w)).collect();
        println!(
            "{q:32} {:>8?} {n:>5} hits {:>2} words {:>6} names {:>4} terms",
            (cpu_time() - started) / u32::try_from(rounds).unwrap(),
            words.len(),
            found.iter().map(|f| f.names.len()).sum::<usize>(),
            found.iter().map(|f| f.terms.len()).sum::<usize>(),
        );
    }
}

/// Where the names a search adds up come from: each query word's own term, the completions
/// of the last word, and near words (typos), split by whether the word typed is itself in
/// the catalog and whether the near word is commoner than it.
#[test]
#[ignore = "needs ../shared/data"]
fn where_the_names_come_from() {
    let index = real_index();
    let (whole, _) = queries();
    let mut by: std::collections::BTreeMap<&str, (usize, usize)> = Default::default();
    for q in &whole[..24] {
        for w in index.synonyms.query_words(q) {
            let exact = index
                .ids
                .get(&w.text)
                .map(|&id| index.postings[id as usize].len());
            for (term, _) in index.reach(&w).terms {
                let text = &index.terms[term as usize];
                let n = index.postings[term as usize].len();
                let kind = if *text == w.text {
                    "the word itself"
                } else if w.prefix && text.starts_with(&w.text) {
                    "a completion"
                } else {
                    match exact {
                        None => "near a word not in the catalog",
                        Some(e) if n > 2 * e => "near a catalog word, over twice as common",
                        Some(_) => "near a catalog word, at most twice as common",
                    }
                };
                let e = by.entry(kind).or_default();
                e.0 += 1;
                e.1 += n;
            }
        }
    }
    for (kind, (terms, names)) in &by {
        println!("{kind:45} {terms:>5} terms {names:>7} names");
    }
    assert!(by.contains_key("the word itself"));
}
