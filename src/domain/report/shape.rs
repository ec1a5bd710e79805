//! What a results report's rows are and which units it counts in.

/// What a results report's rows are.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize, utoipa::ToSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum GroupBy {
    /// One row per unit of receipt.
    Unit,
    /// One row per receiving office.
    Office,
    /// One row per field.
    Field,
    /// One row per procedure.
    Procedure,
}

/// Which units a results report counts in.
#[derive(
    Debug,
    Clone,
    Copy,
    Default,
    PartialEq,
    Eq,
    serde::Serialize,
    serde::Deserialize,
    utoipa::ToSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum View {
    /// The units of the time: an application stays with the unit that received it.
    #[default]
    AsItWas,
    /// Today's units: an ended unit's applications count with its successor in force.
    RolledUp,
}
