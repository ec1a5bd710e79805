//! The word index's unit and property tests.

use super::*;
use crate::domain::text::fold;
use proptest::prelude::*;

const NAMES: [&str; 10] = [
    "Thủ tục đăng ký khai sinh",
    "Thủ tục đăng ký kết hôn",
    "Thủ tục đăng ký khai tử",
    "Thủ tục đăng ký khai sinh lưu động",
    "Chứng thực bản sao từ bản chính giấy tờ",
    "Khai thác thông tin tư pháp",
    "Cấp đổi Giấy chứng nhận quyền sử dụng đất",
    "Cấp thẻ căn cước cho người từ đủ 14 tuổi trở lên (thực hiện tại cấp trung ương)",
    "Cấp thẻ căn cước cho người từ đủ 14 tuổi trở lên",
    "Thủ tục cấp Giấy xác nhận tình trạng hôn nhân",
];
const TIERS: [&str; 10] = [
    "commune", "commune", "commune", "commune", "commune", "province", "province", "ministry",
    "commune", "commune",
];

fn index(synonyms: Synonyms) -> SearchIndex {
    SearchIndex::build(
        NAMES
            .iter()
            .zip(TIERS)
            .map(|(n, t)| (*n, prior(t, true, 0, 0))),
        Arc::new(synonyms),
    )
}

fn found(index: &SearchIndex, query: &str) -> Vec<u32> {
    index
        .search(&fold(query), true, |_| true)
        .into_iter()
        .map(|h| h.doc)
        .collect()
}

#[test]
fn y_and_i_are_one_spelling() {
    assert_eq!(key("ky"), "ki");
    assert_eq!(key("ly"), "li");
    assert_eq!(key("quy"), "qui");
    assert_eq!(key("thuy"), "thuy");
    assert_eq!(key("tay"), "tay");
    assert_eq!(key("y"), "y");
    let index = index(Synonyms::default());
    assert_eq!(found(&index, "dang ki khai sinh")[0], 0);
}

#[test]
fn every_word_is_optional_but_counts() {
    let index = index(Synonyms::default());
    // "lam" and "giay" are in no birth name: the birth registration still comes first.
    assert_eq!(found(&index, "lam giay khai sinh")[0], 0);
    assert_eq!(found(&index, "dang ky khai sinh cho con")[..2], [0, 3]);
    assert!(found(&index, "hon nhan dong gioi").contains(&9));
    assert!(found(&index, "").is_empty());
    assert!(found(&index, "xyzzy").is_empty());
}

#[test]
fn words_may_come_in_any_order() {
    let index = index(Synonyms::default());
    assert_eq!(found(&index, "khai sinh dang ky")[0], 0);
    assert_eq!(found(&index, "hon nhan tinh trang xac nhan")[0], 9);
}

#[test]
fn typos_are_forgiven_by_length() {
    let index = index(Synonyms::default());
    // One edit from 4 letters: a swap, a letter too many.
    assert_eq!(found(&index, "dang ky khia sinh")[0], 0);
    assert_eq!(found(&index, "dang ky ket honn")[0], 1);
    // Not under 4 letters: "kat" is not "ket".
    assert!(!found(&index, "kat").contains(&1));
    // Two edits from 8 letters.
    let long = SearchIndex::build([("chungthuc", 0.0)], Arc::new(Synonyms::default()));
    assert_eq!(found(&long, "chungthhuk"), vec![0]);
    assert!(found(&long, "chungthhukk").is_empty());
}

#[test]
fn the_last_word_may_be_the_start_of_one() {
    let index = index(Synonyms::default());
    assert_eq!(found(&index, "dang ky khai si")[0], 0);
    assert_eq!(found(&index, "chung th")[0], 4);
    // Only the last word: "chung" in the middle does not complete.
    assert_eq!(found(&index, "xac nh tinh trang")[0], 9);
}

#[test]
fn short_words_match_whole_words_only() {
    let index = index(Synonyms::default());
    // "tu" is the word (tử, tư), never the start of "tục" or "từ".
    let hits = found(&index, "khai tu");
    assert_eq!(hits[0], 2);
    for doc in hits {
        let words: Vec<String> = fold(NAMES[doc as usize])
            .split(' ')
            .map(str::to_owned)
            .collect();
        assert!(
            words.iter().any(|w| w == "tu" || w == "khai"),
            "{}",
            NAMES[doc as usize]
        );
    }
    // The name with both words comes first; the one with "tư" alone is left out.
    assert!(!found(&index, "khai tu").contains(&4));
}

#[test]
fn synonyms_reword_what_people_say() {
    let list = Synonyms::parse(
        "sổ đỏ => giấy chứng nhận quyền sử dụng đất\nđộc thân => tình trạng hôn nhân\nlàm căn cước => cấp thẻ căn cước",
    )
    .unwrap();
    let with = index(list);
    assert_eq!(found(&with, "so do")[0], 6);
    assert_eq!(found(&with, "doc than")[0], 9);
    assert_eq!(found(&with, "lam can cuoc")[0], 8);
}

#[test]
fn what_citizens_file_comes_before_what_ministries_do() {
    let index = index(Synonyms::default());
    // The same words at the ministry (with more of them) and at the commune.
    assert_eq!(found(&index, "cap the can cuoc")[..2], [8, 7]);
    // Without priors (an office named), the closer name wins on its words alone.
    let hits: Vec<u32> = index
        .search("cap the can cuoc", false, |_| true)
        .into_iter()
        .map(|h| h.doc)
        .collect();
    assert_eq!(hits[0], 8);
    assert!(prior("commune", false, 0, 0) > prior("province", false, 0, 0));
    assert!(prior("province", false, 0, 0) > prior("ministry", false, 0, 0));
    assert!(prior("ministry", false, 3, 200) > prior("ministry", false, 0, 0));
    assert!(prior("ministry", true, 0, 0) > prior("ministry", false, 0, 0));
    assert!(prior("commune,province", true, 10_000, 1_000_000) <= 1.1 + f32::EPSILON);
    assert!(for_citizens("Công dân Việt Nam, Doanh nghiệp"));
    assert!(for_citizens("Người nước ngoài"));
    assert!(!for_citizens("Cán bộ, công chức, viên chức"));
    assert!(!for_citizens(
        "Tổ chức (không bao gồm doanh nghiệp, HTX), Doanh nghiệp"
    ));
}

#[test]
fn better_matches_rank_higher() {
    let index = index(Synonyms::default());
    let hits = index.search("dang ky khai sinh", true, |_| true);
    assert_eq!(hits[0].doc, 0);
    assert_eq!(hits[1].doc, 3);
    assert!(hits[0].score > hits[1].score);
    // A filter narrows the answers before the cut.
    let only = index.search("dang ky khai sinh", true, |d| d == 1);
    assert_eq!(only.iter().map(|h| h.doc).collect::<Vec<_>>(), vec![1]);
}

#[test]
fn one_search_leaves_nothing_for_the_next() {
    let index = index(Synonyms::shipped());
    let first = index.search("dang ky khai sinh", true, |_| true);
    assert!(!first.is_empty());
    // Other searches on this thread, over this index and a smaller one, in between.
    let _ = index.search("cap the can cuoc cho nguoi tu du", true, |d| d % 2 == 0);
    let small = SearchIndex::build([("khai sinh", 0.0)], Arc::new(Synonyms::default()));
    assert_eq!(found(&small, "khai sinh"), vec![0]);
    assert_eq!(index.search("dang ky khai sinh", true, |_| true), first);
}

#[test]
fn hits_are_the_search_unordered() {
    let index = index(Synonyms::shipped());
    for query in [
        "dang ky khai",
        "chung thuc ban sao",
        "so do",
        "cap the can cuoc",
    ] {
        let mut hits = index.hits(query, true, |_| true, None);
        hits.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.doc.cmp(&b.doc)));
        assert_eq!(hits, index.search(query, true, |_| true), "{query}");
    }
}

/// The first `n` names in a caller's order (rank, then the caller's key: here the name's
/// position) of `hits` with `best`, each with its rank, and how many names were found.
pub(super) fn first_page(
    index: &SearchIndex,
    query: &str,
    keep: impl Fn(usize) -> bool,
    n: usize,
    best: Option<usize>,
) -> (Vec<(u32, u32)>, usize) {
    let mut keyed: Vec<(u32, u32)> = index
        .hits(query, true, keep, best)
        .iter()
        .map(|h| (h.doc, rank(h.score)))
        .collect();
    let total = keyed.len();
    keyed.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    keyed.truncate(n);
    (keyed, total)
}

#[test]
fn the_first_page_is_the_full_rankings() {
    // Short names and one long one sharing the query's words: the bonuses decide the order.
    let names = [
        "đăng ký khai sinh",
        "khai sinh đăng ký lại",
        "đăng ký lại khai sinh cho người đã có hồ sơ giấy tờ cá nhân",
        "đăng ký kết hôn",
        "khai sinh",
        "đăng ký khai tử",
        "cấp bản sao trích lục khai sinh",
        "đăng ký khai sinh kết hợp nhận cha mẹ con",
    ];
    let index = SearchIndex::build(
        names.iter().map(|n| (*n, 0.1)),
        Arc::new(Synonyms::default()),
    );
    for query in [
        "dang ky khai sinh",
        "khai sinh",
        "dang ky",
        "ket hon",
        "khai si",
        "dang",
    ] {
        for n in 0..=names.len() + 1 {
            assert_eq!(
                first_page(&index, query, |_| true, n, Some(n)),
                first_page(&index, query, |_| true, n, None),
                "{query}, {n}"
            );
        }
    }
    // Past the page, a name's bonuses may be left out: its score is then lower, never higher.
    let full = index.hits("dang ky khai sinh", true, |_| true, None);
    let pruned = index.hits("dang ky khai sinh", true, |_| true, Some(1));
    assert_eq!(full.len(), pruned.len());
    assert!(
        full.iter()
            .zip(&pruned)
            .all(|(f, p)| f.doc == p.doc && p.score <= f.score)
    );
    assert!(full.iter().zip(&pruned).any(|(f, p)| p.score < f.score));
}

#[test]
fn scores_rank_by_thousandths() {
    assert_eq!(rank(0.0), 0);
    assert_eq!(rank(-1.0), 0);
    assert_eq!(rank(1.2344), 1234);
    assert_eq!(rank(1.2346), 1235);
    assert_eq!(rank(f32::MAX), MAX_RANK);
}

proptest! {
    // Whatever the query, the filter and the page's size, the first page with the pruning is
    // the full ranking's first page.
    #[test]
    fn pruning_keeps_the_first_page(
        picks in proptest::collection::vec(0usize..64, 1..6),
        n in 0usize..12,
        odd in proptest::bool::ANY,
    ) {
        let index = index(Synonyms::shipped());
        let words: Vec<String> = NAMES.iter().flat_map(|n| fold(n).split(' ').map(str::to_owned).collect::<Vec<_>>()).collect();
        let query: Vec<&str> = picks.iter().map(|&i| words[i % words.len()].as_str()).collect();
        let query = query.join(" ");
        let keep = |d: usize| !odd || d % 2 == 1;
        prop_assert_eq!(
            first_page(&index, &query, keep, n, Some(n)),
            first_page(&index, &query, keep, n, None)
        );
    }

    // Any name is found first by its own words.
    #[test]
    fn a_name_finds_itself(doc in 0usize..10) {
        let index = index(Synonyms::default());
        let hits = index.search(&fold(NAMES[doc]), false, |_| true);
        prop_assert_eq!(hits[0].doc as usize, doc);
    }

    // Whatever is typed, search answers without panicking and within the catalog.
    #[test]
    fn any_query_is_answered(query in "\\PC{0,60}") {
        let index = index(Synonyms::shipped());
        let hits = index.search(&fold(&query), true, |_| true);
        prop_assert!(hits.iter().all(|h| (h.doc as usize) < NAMES.len() && h.score > 0.0));
        prop_assert!(hits.windows(2).all(|w| w[0].score >= w[1].score));
    }

    // Deleting one letter of a word of 4 or more letters still finds the name.
    #[test]
    fn one_letter_missing_still_finds(doc in 0usize..10, cut in 0usize..100) {
        let folded = fold(NAMES[doc]);
        let words: Vec<&str> = folded.split(' ').collect();
        let long: Vec<usize> = (0..words.len()).filter(|&i| words[i].len() >= 5).collect();
        prop_assume!(!long.is_empty());
        let at = long[cut % long.len()];
        let mut typo: Vec<String> = words.iter().map(|w| (*w).to_owned()).collect();
        let len = typo[at].len();
        typo[at].remove(cut % len);
        let index = index(Synonyms::default());
        let hits = index.search(&typo.join(" "), false, |_| true);
        prop_assert!(hits.iter().any(|h| h.doc as usize == doc), "{}", typo.join(" "));
    }
}
