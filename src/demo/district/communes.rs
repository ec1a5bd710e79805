//! The units: the province, the district and its communes, and the merger of 2020-02-01.

use chrono::NaiveDateTime;

use crate::db::units;
use crate::domain::text::fold;
use crate::domain::unit::UnitLevel;

use super::{COMMUNES, since};

/// The communes before the merger: kind and name.
pub(super) const COMMUNE_NAMES: [(&str, &str); COMMUNES] = [
    ("Thị trấn", "An Lạc"),
    ("Xã", "An Bình"),
    ("Xã", "An Hòa"),
    ("Xã", "An Phú"),
    ("Xã", "Bình Minh"),
    ("Xã", "Đông Hưng"),
    ("Xã", "Đông Sơn"),
    ("Xã", "Hòa Lợi"),
    ("Xã", "Hưng Đạo"),
    ("Xã", "Hợp Thành"),
    ("Xã", "Minh Tân"),
    ("Xã", "Nam Sơn"),
    ("Xã", "Phú Lộc"),
    ("Xã", "Quang Trung"),
    ("Xã", "Tân Lập"),
    ("Xã", "Tân Tiến"),
    ("Xã", "Thanh Lương"),
    ("Xã", "Thanh Vân"),
    ("Xã", "Trung Hòa"),
    ("Xã", "Vĩnh Phúc"),
    ("Xã", "Yên Ninh"),
];

/// The merger of 2020-02-01: which two communes (0-based) become which new one.
pub(super) const MERGES: [([usize; 2], &str); 3] = [
    ([14, 15], "Tân Thành"),
    ([16, 17], "Thanh Sơn"),
    ([19, 20], "Vĩnh Yên"),
];

/// The title of the merger's resolution (invented).
pub(super) const MERGER_TITLE: &str =
    "Nghị quyết số 9801/NQ-UBTVQH14 về sắp xếp đơn vị hành chính cấp xã thuộc huyện An Lạc";

/// A unit row of the district valid since the records begin.
pub(super) fn unit_row(
    code: &str,
    name: &str,
    level: UnitLevel,
    kind: &str,
    parent: Option<&str>,
    now: NaiveDateTime,
) -> units::UnitRow {
    let full_name = format!("{kind} {name}");
    units::UnitRow {
        id: uuid::Uuid::new_v4().to_string(),
        code: code.to_owned(),
        name: name.to_owned(),
        name_folded: fold(&full_name),
        full_name,
        level: level.as_str().to_owned(),
        kind: kind.to_owned(),
        parent_code: parent.map(str::to_owned),
        valid_from: Some(since()),
        valid_to: None,
        version: 1,
        created_at: now,
        updated_at: now,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::demo::district::desk_opened;
    use chrono::NaiveDate;

    #[test]
    fn desks_merge_on_the_first_of_february() {
        let merged: Vec<usize> = MERGES.iter().flat_map(|(p, _)| *p).collect();
        assert_eq!(merged.len(), 6);
        assert_eq!(COMMUNES - merged.len() + MERGES.len(), 18);
        assert!(desk_opened(COMMUNES - 1) < NaiveDate::from_ymd_opt(2019, 12, 31).unwrap());
    }
}
