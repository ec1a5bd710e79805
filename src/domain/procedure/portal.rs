//! One row of the national portal's export, its columns, and its reading into a draft.

use serde::{Deserialize, Serialize};

use super::{
    Channel, OnlineLevel, ProcedureCode, ProcedureDraft, Tier, field_code_for, parse_fees,
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
