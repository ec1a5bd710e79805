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
        let mut hits = index.hits(query, true, |_| true);
        hits.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.doc.cmp(&b.doc)));
        assert_eq!(hits, index.search(query, true, |_| true), "{query}");
    }
}

proptest! {
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
