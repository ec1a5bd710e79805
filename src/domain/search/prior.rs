//! What citizens file first: a procedure's prior, which multiplies its score when no office
//! is named.

/// How much a procedure is preferred when no office is named: by the tiers that implement
/// it (`tiers`, comma-separated tokens: commune first, then province, then others; a
/// ministry alone not at all), whether citizens file it (its subjects name them), the
/// offices that receive it, and its applications received lately. Between 0 and 1.1.
pub fn prior(tiers: &str, for_citizens: bool, offices: u64, received: u64) -> f32 {
    let has = |t: &str| tiers.split(',').any(|x| x == t);
    let tier = if has("commune") {
        0.3
    } else if has("province") {
        0.15
    } else if has("district") || has("other") {
        0.1
    } else {
        0.0
    };
    #[allow(clippy::cast_precision_loss)]
    let offered = ((offices as f32).ln_1p() * 0.08).min(0.3);
    #[allow(clippy::cast_precision_loss)]
    let filed = ((received as f32).ln_1p() * 0.04).min(0.3);
    let citizens = if for_citizens { CITIZENS_PRIOR } else { 0.0 };
    tier + citizens + offered + filed
}

/// The prior of a procedure citizens file (see [`prior`]).
pub const CITIZENS_PRIOR: f32 = 0.2;

/// Whether a procedure's subjects (the portal's `đối tượng thực hiện`) name citizens, not
/// only organisations, businesses or officials.
pub fn for_citizens(subjects: &str) -> bool {
    let folded = crate::domain::text::fold(subjects);
    [
        "cong dan",
        "ca nhan",
        "ho gia dinh",
        "nguoi viet nam",
        "nguoi nuoc ngoai",
    ]
    .iter()
    .any(|who| folded.contains(who))
}
