//! Procedures (thủ tục hành chính): codes, tiers, channels, processing times, fees, levels.
//! Parsing of the national portal's wording lives here too: it is domain knowledge.

use std::fmt;

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// A national procedure code: `^[123]\.\d{6}$` (`1.001193`: birth registration).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct ProcedureCode(String);

impl ProcedureCode {
    /// Parses a code, trimming spaces; anything else is refused.
    pub fn parse(raw: &str) -> Option<Self> {
        let code = raw.trim();
        let bytes = code.as_bytes();
        let ok = bytes.len() == 8
            && matches!(bytes[0], b'1' | b'2' | b'3')
            && bytes[1] == b'.'
            && bytes[2..].iter().all(u8::is_ascii_digit);
        ok.then(|| Self(code.to_owned()))
    }

    /// The code as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for ProcedureCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

token_enum! {
    /// A level of government that implements a procedure.
    Tier {
        /// Ministry (cấp bộ / trung ương).
        Ministry = "ministry",
        /// Province (cấp tỉnh).
        Province = "province",
        /// District (cấp huyện; abolished 2025-07-01).
        District = "district",
        /// Commune (cấp xã).
        Commune = "commune",
        /// Another body (cơ quan khác).
        Other = "other",
    }
}

token_enum! {
    /// How an application may be filed.
    Channel {
        /// At a desk (trực tiếp).
        InPerson = "in_person",
        /// By post (dịch vụ bưu chính).
        Postal = "postal",
        /// Online (trực tuyến).
        Online = "online",
    }
}

token_enum! {
    /// The unit of a processing time.
    TimeUnit {
        /// Working days (ngày làm việc): 8 working hours each.
        WorkingDays = "working_days",
        /// Calendar days (ngày).
        CalendarDays = "calendar_days",
        /// Working hours (giờ làm việc).
        WorkingHours = "working_hours",
        /// Calendar months (tháng).
        Months = "months",
    }
}

token_enum! {
    /// The current online-service classification (Decree 42/2022).
    OnlineLevel {
        /// Toàn trình: entirely online.
        Full = "full",
        /// Một phần: partly online.
        Partial = "partial",
        /// Not online.
        None = "none",
    }
}

impl Tier {
    /// The portal's wording, as its export writes it.
    pub fn portal_name(self) -> &'static str {
        match self {
            Self::Ministry => "Cấp bộ",
            Self::Province => "Cấp tỉnh",
            Self::District => "Cấp huyện",
            Self::Commune => "Cấp xã",
            Self::Other => "Cơ quan khác",
        }
    }

    /// Reads the portal's wording (`Cấp bộ`, `Cấp tỉnh`, `Cấp huyện`, `Cấp xã`, `Cơ quan khác`)
    /// or a token.
    pub fn from_portal(text: &str) -> Option<Self> {
        match crate::domain::text::fold(text).as_str() {
            "cap bo" | "cap trung uong" | "ministry" => Some(Self::Ministry),
            "cap tinh" | "province" => Some(Self::Province),
            "cap huyen" | "district" => Some(Self::District),
            "cap xa" | "commune" => Some(Self::Commune),
            "co quan khac" | "other" => Some(Self::Other),
            _ => None,
        }
    }
}

impl Channel {
    /// The portal's wording, as its export writes it.
    pub fn portal_name(self) -> &'static str {
        match self {
            Self::InPerson => "Trực tiếp",
            Self::Postal => "Dịch vụ bưu chính",
            Self::Online => "Trực tuyến",
        }
    }

    /// Reads the portal's wording (`Trực tiếp`, `Dịch vụ bưu chính`, `Trực tuyến`) or a token.
    pub fn from_portal(text: &str) -> Option<Self> {
        match crate::domain::text::fold(text).as_str() {
            "truc tiep" | "in person" => Some(Self::InPerson),
            "dich vu buu chinh" | "buu chinh" | "postal" => Some(Self::Postal),
            "truc tuyen" | "online" => Some(Self::Online),
            _ => None,
        }
    }
}

impl TimeUnit {
    /// The portal's wording, as its export writes it.
    pub fn portal_name(self) -> &'static str {
        match self {
            Self::WorkingDays => "Ngày làm việc",
            Self::CalendarDays => "Ngày",
            Self::WorkingHours => "Giờ",
            Self::Months => "Tháng",
        }
    }

    /// Reads the portal's wording (`Ngày làm việc`, `Ngày`, `Giờ`, `Giờ làm việc`, `Tháng`)
    /// or a token.
    pub fn from_portal(text: &str) -> Option<Self> {
        match crate::domain::text::fold(text).as_str() {
            "ngay lam viec" | "working days" => Some(Self::WorkingDays),
            "ngay" | "ngay lien tuc" | "calendar days" => Some(Self::CalendarDays),
            "gio" | "gio lam viec" | "working hours" => Some(Self::WorkingHours),
            "thang" | "months" => Some(Self::Months),
            _ => None,
        }
    }
}

/// Splits a `;` or `,` separated portal list into unique values of `T`, in order; the first
/// unknown item is returned as the error.
pub fn parse_list<T: PartialEq + Copy>(
    text: &str,
    parse: impl Fn(&str) -> Option<T>,
) -> Result<Vec<T>, String> {
    let mut out = Vec::new();
    for item in text
        .split([';', ','])
        .map(str::trim)
        .filter(|s| !s.is_empty())
    {
        let value = parse(item).ok_or_else(|| item.to_owned())?;
        if !out.contains(&value) {
            out.push(value);
        }
    }
    Ok(out)
}

/// A processing time: an amount in a unit, or none at all.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct ProcessingTime {
    /// How many units (may be fractional: `0.5` working days).
    #[schema(example = 3.0)]
    pub amount: f64,
    /// The unit; `null` when the source gives a bare number.
    pub unit: Option<TimeUnit>,
}

/// Reads the portal's `thoi_han` and `don_vi_thoi_han`; `Ok(None)` when neither is given.
pub fn parse_processing_time(amount: &str, unit: &str) -> Result<Option<ProcessingTime>, String> {
    let amount = amount.trim();
    let unit = unit.trim();
    if amount.is_empty() {
        return if unit.is_empty() {
            Ok(None)
        } else {
            Err(format!("a time unit `{unit}` without an amount"))
        };
    }
    let value: f64 = amount
        .replace(',', ".")
        .parse()
        .map_err(|_| format!("the time amount `{amount}` is not a number"))?;
    if !(value.is_finite() && value >= 0.0) {
        return Err(format!("the time amount `{amount}` is out of range"));
    }
    let unit = if unit.is_empty() {
        None
    } else {
        Some(TimeUnit::from_portal(unit).ok_or_else(|| format!("unknown time unit `{unit}`"))?)
    };
    Ok(Some(ProcessingTime {
        amount: value,
        unit,
    }))
}

/// One fee or charge.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Fee {
    /// Amount in whole VND; `null` when free or not stated as a number.
    #[schema(example = 50000)]
    pub amount_vnd: Option<i64>,
    /// True for "Miễn phí".
    pub free: bool,
    /// The source wording.
    #[schema(example = "50,000 Việt Nam Đồng")]
    pub note: String,
}

/// Reads the portal's `;`-joined fee strings. "Không có thông tin" (no information) yields
/// no fee; an amount that cannot be read keeps its text as the note.
pub fn parse_fees(text: &str) -> Vec<Fee> {
    let mut fees: Vec<Fee> = Vec::new();
    for item in text.split(';').map(str::trim).filter(|s| !s.is_empty()) {
        let folded = crate::domain::text::fold(item);
        if folded == "khong co thong tin" {
            continue;
        }
        let fee = if folded == "mien phi" || folded == "khong thu phi" {
            Fee {
                amount_vnd: Some(0),
                free: true,
                note: item.to_owned(),
            }
        } else {
            Fee {
                amount_vnd: parse_vnd(item),
                free: false,
                note: item.to_owned(),
            }
        };
        if !fees.contains(&fee) {
            fees.push(fee);
        }
    }
    fees
}

/// `"1,000,000 Việt Nam Đồng"`, `"50.000 đồng"`, `"50 VNĐ"` → the amount; text with more
/// than one number, or none, is not an amount.
fn parse_vnd(text: &str) -> Option<i64> {
    let mut parts = text.trim().splitn(2, char::is_whitespace);
    let number = parts.next()?;
    let currency = crate::domain::text::fold(parts.next().unwrap_or_default());
    let known = matches!(
        currency.as_str(),
        "viet nam dong" | "dong" | "vnd" | "vnd lan" | "dong lan"
    );
    let grouped = !number.is_empty()
        && number.starts_with(|c: char| c.is_ascii_digit())
        && number
            .chars()
            .all(|c| c.is_ascii_digit() || c == ',' || c == '.');
    if !(known && grouped) {
        return None;
    }
    number
        .chars()
        .filter(char::is_ascii_digit)
        .collect::<String>()
        .parse()
        .ok()
}

/// A required document of a dossier.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Document {
    /// What it is.
    #[schema(example = "Tờ khai đăng ký khai sinh")]
    pub name: String,
    /// Originals required.
    #[schema(example = 1)]
    pub originals: u32,
    /// Copies required.
    #[schema(example = 0)]
    pub copies: u32,
    /// Form template (name or URL), if any.
    pub form: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_follow_the_national_pattern() {
        assert_eq!(
            ProcedureCode::parse(" 1.001193 ").map(|c| c.to_string()),
            Some("1.001193".into())
        );
        assert!(ProcedureCode::parse("2.000001").is_some());
        assert!(ProcedureCode::parse("3.123456").is_some());
        for bad in [
            "5.002544",
            "1.00119",
            "1.0011934",
            "1-001193",
            "a.001193",
            "",
            "1.00119x",
        ] {
            assert!(ProcedureCode::parse(bad).is_none(), "{bad}");
        }
    }

    #[test]
    fn portal_wording_maps_to_tiers_and_channels() {
        assert_eq!(
            parse_list("Cấp bộ, Cấp tỉnh, Cơ quan khác", Tier::from_portal),
            Ok(vec![Tier::Ministry, Tier::Province, Tier::Other])
        );
        assert_eq!(
            parse_list(
                "Trực tiếp;Dịch vụ bưu chính;Trực tuyến;Trực tiếp",
                Channel::from_portal
            ),
            Ok(vec![Channel::InPerson, Channel::Postal, Channel::Online])
        );
        assert_eq!(
            parse_list("Trực tiếp;Fax", Channel::from_portal),
            Err("Fax".into())
        );
        assert_eq!(parse_list("", Channel::from_portal), Ok(vec![]));
    }

    #[test]
    fn portal_names_read_back() {
        for &tier in Tier::ALL {
            assert_eq!(Tier::from_portal(tier.portal_name()), Some(tier));
        }
        for &channel in Channel::ALL {
            assert_eq!(Channel::from_portal(channel.portal_name()), Some(channel));
        }
        for &unit in TimeUnit::ALL {
            assert_eq!(TimeUnit::from_portal(unit.portal_name()), Some(unit));
        }
    }

    #[test]
    fn processing_times() {
        let t = |a, u| parse_processing_time(a, u);
        assert_eq!(
            t("3", "Ngày làm việc"),
            Ok(Some(ProcessingTime {
                amount: 3.0,
                unit: Some(TimeUnit::WorkingDays)
            }))
        );
        assert_eq!(
            t("30", "Ngày"),
            Ok(Some(ProcessingTime {
                amount: 30.0,
                unit: Some(TimeUnit::CalendarDays)
            }))
        );
        assert_eq!(
            t("4", "Giờ"),
            Ok(Some(ProcessingTime {
                amount: 4.0,
                unit: Some(TimeUnit::WorkingHours)
            }))
        );
        assert_eq!(
            t("0,5", "Ngày làm việc").map(|p| p.map(|p| p.amount)),
            Ok(Some(0.5))
        );
        assert_eq!(
            t("7", ""),
            Ok(Some(ProcessingTime {
                amount: 7.0,
                unit: None
            }))
        );
        assert_eq!(t("", ""), Ok(None));
        assert!(t("ba", "Ngày").is_err());
        assert!(t("3", "Tuần trăng").is_err());
        assert!(t("", "Ngày").is_err());
    }

    #[test]
    fn fees_keep_their_source_text() {
        assert_eq!(
            parse_fees("Miễn phí"),
            vec![Fee {
                amount_vnd: Some(0),
                free: true,
                note: "Miễn phí".into()
            }]
        );
        assert_eq!(parse_fees("Không có thông tin"), vec![]);
        assert_eq!(
            parse_fees("1,000,000 Việt Nam Đồng;Không có thông tin"),
            vec![Fee {
                amount_vnd: Some(1_000_000),
                free: false,
                note: "1,000,000 Việt Nam Đồng".into()
            }]
        );
        assert_eq!(parse_fees("50 VNĐ")[0].amount_vnd, Some(50));
        let odd = parse_fees("Theo quy định tại Thông tư 85/2019/TT-BTC");
        assert_eq!(odd[0].amount_vnd, None);
        assert_eq!(odd[0].note, "Theo quy định tại Thông tư 85/2019/TT-BTC");
    }
}

/// Everything one version of a procedure says: what an import row or an admin's edit yields.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ProcedureDraft {
    /// National code.
    pub code: ProcedureCode,
    /// Name.
    pub name: String,
    /// Field code (a slug of the field's name when the source has none).
    pub field_code: String,
    /// Field name.
    pub field_name: String,
    /// Implementing tiers.
    pub tiers: Vec<Tier>,
    /// Accepted channels.
    pub channels: Vec<Channel>,
    /// Required documents.
    pub documents: Vec<Document>,
    /// Processing time, if any.
    pub processing_time: Option<ProcessingTime>,
    /// The source wording of the time.
    pub time_text: String,
    /// Fees.
    pub fees: Vec<Fee>,
    /// The source wording of the fees.
    pub fee_text: String,
    /// What the applicant gets.
    pub result: String,
    /// Legal basis.
    pub legal_basis: String,
    /// Conditions.
    pub conditions: String,
    /// Legacy online level (Decree 43/2011), 1–4.
    pub legacy_level: Option<u8>,
    /// Current online level (Decree 42/2022).
    pub online_level: Option<OnlineLevel>,
    /// Listed publicly and posted at the desks.
    pub published: bool,
    /// The announcing decision (quyết định công bố).
    pub decision_no: String,
    /// The body that issued the decision.
    pub issuing_body: String,
    /// The authority competent to decide.
    pub competent_authority: String,
    /// The agency that carries it out.
    pub implementing_agency: String,
    /// Who may apply.
    pub subjects: String,
    /// The portal's procedure type.
    pub kind: String,
    /// The portal's result code.
    pub result_code: String,
    /// Where the portal shows it (attribution).
    pub source_url: String,
}

impl ProcedureDraft {
    /// A digest of the content, so an unchanged re-import is recognised.
    pub fn content_hash(&self) -> String {
        use sha2::{Digest, Sha256};
        let json = serde_json::to_string(self).unwrap_or_default();
        hex::encode(Sha256::digest(json.as_bytes()))
    }
}

/// A field code from its name: the folded name with hyphens (`Đất đai` → `dat-dai`).
pub fn field_code_for(name: &str) -> String {
    crate::domain::text::fold(name).replace(' ', "-")
}

/// One row of the national portal's export, by its column names.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct PortalRow {
    /// Procedure code.
    pub ma_thu_tuc: String,
    /// Name.
    pub ten_thu_tuc: String,
    /// Crawl folder (ignored).
    pub nguon: String,
    /// Issuing body.
    pub co_quan_ban_hanh: String,
    /// Tiers, comma-separated.
    pub cap_thuc_hien: String,
    /// Procedure type.
    pub loai_thu_tuc: String,
    /// Field name.
    pub linh_vuc: String,
    /// Who may apply.
    pub doi_tuong_thuc_hien: String,
    /// Competent authority.
    pub co_quan_co_tham_quyen: String,
    /// Implementing agency.
    pub co_quan_thuc_hien: String,
    /// Announcing decision.
    pub so_quyet_dinh: String,
    /// Channels, `;`-separated.
    pub kenh_nop: String,
    /// `1` when online submission is offered.
    pub truc_tuyen: String,
    /// Time amount.
    pub thoi_han: String,
    /// Time unit.
    pub don_vi_thoi_han: String,
    /// Fees, `;`-separated.
    pub phi_le_phi: String,
    /// Result.
    pub ket_qua: String,
    /// Result code.
    pub ma_ket_qua: String,
    /// Portal page.
    pub detail_url: String,
}

/// The column names of the portal export, in order.
pub const PORTAL_COLUMNS: [&str; 19] = [
    "ma_thu_tuc",
    "ten_thu_tuc",
    "nguon",
    "co_quan_ban_hanh",
    "cap_thuc_hien",
    "loai_thu_tuc",
    "linh_vuc",
    "doi_tuong_thuc_hien",
    "co_quan_co_tham_quyen",
    "co_quan_thuc_hien",
    "so_quyet_dinh",
    "kenh_nop",
    "truc_tuyen",
    "thoi_han",
    "don_vi_thoi_han",
    "phi_le_phi",
    "ket_qua",
    "ma_ket_qua",
    "detail_url",
];

/// Why a portal row was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowProblem {
    /// The column at fault.
    pub column: &'static str,
    /// What is wrong, in English.
    pub reason: String,
}

fn problem(column: &'static str, reason: impl Into<String>) -> RowProblem {
    RowProblem {
        column,
        reason: reason.into(),
    }
}

impl PortalRow {
    /// Reads a portal row into a draft, refusing bad codes and unknown values.
    /// The portal has no online-level classification: the legacy level is left unset, and the
    /// current level is `partial` when online submission is offered, `none` otherwise.
    pub fn to_draft(&self) -> Result<ProcedureDraft, RowProblem> {
        let code = ProcedureCode::parse(&self.ma_thu_tuc).ok_or_else(|| {
            problem(
                "ma_thu_tuc",
                format!(
                    "`{}` is not a national procedure code (N.NNNNNN, N = 1, 2 or 3)",
                    self.ma_thu_tuc.trim()
                ),
            )
        })?;
        let name = self.ten_thu_tuc.trim();
        if name.is_empty() {
            return Err(problem("ten_thu_tuc", "the name is empty"));
        }
        let field_name = self.linh_vuc.trim();
        if field_name.is_empty() {
            return Err(problem("linh_vuc", "the field is empty"));
        }
        let tiers = parse_list(&self.cap_thuc_hien, Tier::from_portal)
            .map_err(|v| problem("cap_thuc_hien", format!("unknown tier `{v}`")))?;
        let channels = parse_list(&self.kenh_nop, Channel::from_portal)
            .map_err(|v| problem("kenh_nop", format!("unknown channel `{v}`")))?;
        let processing_time = parse_processing_time(&self.thoi_han, &self.don_vi_thoi_han)
            .map_err(|reason| problem("thoi_han", reason))?;
        let online = match self.truc_tuyen.trim() {
            "1" => true,
            "0" | "" => false,
            other => return Err(problem("truc_tuyen", format!("`{other}` is not 0 or 1"))),
        };
        let time_text = [self.thoi_han.trim(), self.don_vi_thoi_han.trim()]
            .iter()
            .filter(|s| !s.is_empty())
            .copied()
            .collect::<Vec<_>>()
            .join(" ");
        Ok(ProcedureDraft {
            code,
            name: name.to_owned(),
            field_code: field_code_for(field_name),
            field_name: field_name.to_owned(),
            tiers,
            channels,
            documents: Vec::new(),
            processing_time,
            time_text,
            fees: parse_fees(&self.phi_le_phi),
            fee_text: self.phi_le_phi.trim().to_owned(),
            result: self.ket_qua.trim().to_owned(),
            legal_basis: String::new(),
            conditions: String::new(),
            legacy_level: None,
            online_level: Some(if online {
                OnlineLevel::Partial
            } else {
                OnlineLevel::None
            }),
            published: true,
            decision_no: self.so_quyet_dinh.trim().to_owned(),
            issuing_body: self.co_quan_ban_hanh.trim().to_owned(),
            competent_authority: self.co_quan_co_tham_quyen.trim().to_owned(),
            implementing_agency: self.co_quan_thuc_hien.trim().to_owned(),
            subjects: self.doi_tuong_thuc_hien.trim().to_owned(),
            kind: self.loai_thu_tuc.trim().to_owned(),
            result_code: self.ma_ket_qua.trim().to_owned(),
            source_url: self.detail_url.trim().to_owned(),
        })
    }
}

#[cfg(test)]
mod draft_tests {
    use super::*;

    fn birth_registration() -> PortalRow {
        PortalRow {
            ma_thu_tuc: "1.001193".into(),
            ten_thu_tuc: "Thủ tục đăng ký khai sinh".into(),
            cap_thuc_hien: "Cấp xã".into(),
            linh_vuc: "Hộ tịch".into(),
            kenh_nop: "Trực tiếp;Dịch vụ bưu chính;Trực tuyến".into(),
            truc_tuyen: "1".into(),
            thoi_han: "1".into(),
            don_vi_thoi_han: "Ngày làm việc".into(),
            phi_le_phi: "Miễn phí".into(),
            ..PortalRow::default()
        }
    }

    #[test]
    fn a_portal_row_becomes_a_draft() {
        let draft = birth_registration().to_draft();
        let draft = draft.as_ref().map_err(|e| e.reason.clone());
        assert_eq!(draft.map(|d| d.code.to_string()), Ok("1.001193".into()));
        let draft = birth_registration()
            .to_draft()
            .unwrap_or_else(|_| unreachable!());
        assert_eq!(draft.field_code, "ho-tich");
        assert_eq!(draft.tiers, vec![Tier::Commune]);
        assert_eq!(
            draft.channels,
            vec![Channel::InPerson, Channel::Postal, Channel::Online]
        );
        assert_eq!(draft.online_level, Some(OnlineLevel::Partial));
        assert_eq!(draft.time_text, "1 Ngày làm việc");
        assert!(draft.fees[0].free);
        assert_eq!(
            draft.content_hash(),
            birth_registration()
                .to_draft()
                .map(|d| d.content_hash())
                .unwrap_or_default()
        );
    }

    #[test]
    fn bad_rows_name_the_column() {
        type Spoil = fn(&mut PortalRow);
        let cases: Vec<(Spoil, &str)> = vec![
            (|r| r.ma_thu_tuc = "5.002544".into(), "ma_thu_tuc"),
            (|r| r.ten_thu_tuc = " ".into(), "ten_thu_tuc"),
            (|r| r.linh_vuc = String::new(), "linh_vuc"),
            (|r| r.kenh_nop = "Fax".into(), "kenh_nop"),
            (|r| r.cap_thuc_hien = "Cấp thôn".into(), "cap_thuc_hien"),
            (|r| r.don_vi_thoi_han = "Tuần".into(), "thoi_han"),
            (|r| r.truc_tuyen = "yes".into(), "truc_tuyen"),
        ];
        for (spoil, column) in cases {
            let mut row = birth_registration();
            spoil(&mut row);
            assert_eq!(
                row.to_draft().map(|_| ()).map_err(|p| p.column),
                Err(column)
            );
        }
    }
}
