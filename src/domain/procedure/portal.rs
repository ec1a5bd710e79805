//! One row of the national portal's export, its columns, and its reading into a draft.

use serde::{Deserialize, Serialize};

use super::{
    Channel, ChannelTerms, OnlineLevel, ProcedureCode, ProcedureDraft, ProcessingTime, Tier,
    TimeStatus, TimeUnit, assume_unit, field_code_for, parse_document_table, parse_fees,
    parse_list, parse_processing_time,
};

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
    /// The portal's detail: each channel's time and fees (`procedures_detail.jsonl`).
    #[serde(skip_serializing, deserialize_with = "null_as_default")]
    pub cach_thuc_thuc_hien: Vec<PortalChannel>,
    /// The portal's detail: the required-documents table, flattened to text.
    #[serde(skip_serializing, deserialize_with = "null_as_default")]
    pub thanh_phan_ho_so_raw: String,
}

/// One channel entry of the portal's detail.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct PortalChannel {
    /// `Trực tiếp`, `Dịch vụ bưu chính` or `Trực tuyến`.
    #[serde(deserialize_with = "null_as_default")]
    pub hinh_thuc: String,
    /// The time's amount, when given.
    pub thoi_han: Option<f64>,
    /// The time's unit; empty for a bare number.
    #[serde(deserialize_with = "null_as_default")]
    pub don_vi: String,
    /// The fee wording.
    #[serde(deserialize_with = "null_as_default")]
    pub phi_le_phi: String,
    /// A note (cases, exemptions).
    #[serde(deserialize_with = "null_as_default")]
    pub mo_ta: String,
}

fn null_as_default<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: serde::Deserializer<'de>,
    T: Default + Deserialize<'de>,
{
    Ok(Option::<T>::deserialize(deserializer)?.unwrap_or_default())
}

fn amount_text(amount: f64) -> String {
    if amount.fract() == 0.0 && amount.abs() < 1e15 {
        format!("{}", amount as i64)
    } else {
        amount.to_string()
    }
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
                    "`{}` is not a national procedure code (N.NNNNNN: a digit 1–9, a dot, six digits)",
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
        let channel_terms = self.channel_terms()?;
        // The detail alone (no export columns) gives the channels, time and fees itself, as
        // the export derives them: channels in order, the first channel's time, distinct fees.
        let derived = self.kenh_nop.trim().is_empty() && !channel_terms.is_empty();
        let mut channels = parse_list(&self.kenh_nop, Channel::from_portal)
            .map_err(|v| problem("kenh_nop", format!("unknown channel `{v}`")))?;
        if derived {
            for t in &channel_terms {
                if !channels.contains(&t.channel) {
                    channels.push(t.channel);
                }
            }
        }
        let (thoi_han, don_vi) = match self
            .cach_thuc_thuc_hien
            .iter()
            .find(|c| c.thoi_han.is_some())
        {
            Some(first)
                if self.thoi_han.trim().is_empty() && self.don_vi_thoi_han.trim().is_empty() =>
            {
                (
                    first.thoi_han.map(amount_text).unwrap_or_default(),
                    first.don_vi.trim().to_owned(),
                )
            }
            _ => (
                self.thoi_han.trim().to_owned(),
                self.don_vi_thoi_han.trim().to_owned(),
            ),
        };
        let processing_time = parse_processing_time(&thoi_han, &don_vi)
            .map_err(|reason| problem("thoi_han", reason))?;
        let online = match self.truc_tuyen.trim() {
            "1" => true,
            "0" => false,
            "" => derived && channels.contains(&Channel::Online),
            other => return Err(problem("truc_tuyen", format!("`{other}` is not 0 or 1"))),
        };
        let fee_text = if self.phi_le_phi.trim().is_empty() {
            let mut seen: Vec<&str> = Vec::new();
            for c in &self.cach_thuc_thuc_hien {
                let fee = c.phi_le_phi.trim();
                if !fee.is_empty() && !seen.contains(&fee) {
                    seen.push(fee);
                }
            }
            seen.join(";")
        } else {
            self.phi_le_phi.trim().to_owned()
        };
        let time_text = [thoi_han.as_str(), don_vi.as_str()]
            .iter()
            .filter(|s| !s.is_empty())
            .copied()
            .collect::<Vec<_>>()
            .join(" ");
        let (processing_time, assumed) = assume_unit(processing_time);
        let time_status = if processing_time.as_ref().is_none_or(|t| t.amount <= 0.0)
            && !channel_terms
                .iter()
                .any(|t| t.processing_time.as_ref().is_some_and(|p| p.amount > 0.0))
        {
            TimeStatus::Unknown
        } else if assumed || channel_terms.iter().any(|t| t.time_assumed) {
            TimeStatus::UnitAssumed
        } else {
            TimeStatus::Stated
        };
        let table = parse_document_table(&self.thanh_phan_ho_so_raw);
        Ok(ProcedureDraft {
            code,
            name: name.to_owned(),
            field_code: field_code_for(field_name),
            field_name: field_name.to_owned(),
            tiers,
            channels,
            documents: table.documents,
            processing_time,
            time_text,
            fees: parse_fees(&fee_text),
            fee_text,
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
            channel_terms,
            time_status,
            documents_raw: self.thanh_phan_ho_so_raw.trim().to_owned(),
            document_problems: table.problems,
        })
    }

    /// The detail's channel entries, read.
    fn channel_terms(&self) -> Result<Vec<ChannelTerms>, RowProblem> {
        self.cach_thuc_thuc_hien
            .iter()
            .map(|c| {
                let channel = Channel::from_portal(&c.hinh_thuc).ok_or_else(|| {
                    problem(
                        "cach_thuc_thuc_hien",
                        format!("unknown channel `{}`", c.hinh_thuc.trim()),
                    )
                })?;
                let time = match c.thoi_han {
                    None => None,
                    Some(amount) if amount.is_finite() && amount >= 0.0 => {
                        let unit = c.don_vi.trim();
                        let unit = if unit.is_empty() {
                            None
                        } else {
                            Some(TimeUnit::from_portal(unit).ok_or_else(|| {
                                problem(
                                    "cach_thuc_thuc_hien",
                                    format!("unknown time unit `{unit}`"),
                                )
                            })?)
                        };
                        Some(ProcessingTime { amount, unit })
                    }
                    Some(amount) => {
                        return Err(problem(
                            "cach_thuc_thuc_hien",
                            format!("the time amount `{amount}` is out of range"),
                        ));
                    }
                };
                let (processing_time, time_assumed) = assume_unit(time);
                Ok(ChannelTerms {
                    channel,
                    processing_time,
                    time_assumed,
                    fees: parse_fees(&c.phi_le_phi),
                    fee_text: c.phi_le_phi.trim().to_owned(),
                    note: c.mo_ta.trim().to_owned(),
                })
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
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
            (|r| r.ma_thu_tuc = "5.00254".into(), "ma_thu_tuc"),
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
