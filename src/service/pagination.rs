//! Page cursors, alike for every collection on every face: the hex of the last sort key,
//! opaque to clients and exact for the server.

use crate::error::Error;

/// Cursors are the hex of the last sort key: opaque to clients, exact for the server.
pub fn encode_cursor(key: &str) -> String {
    hex::encode(key.as_bytes())
}

/// Reads a cursor back, refusing anything this server did not make.
pub fn decode_cursor(cursor: &str) -> Result<String, Error> {
    hex::decode(cursor)
        .ok()
        .and_then(|bytes| String::from_utf8(bytes).ok())
        .ok_or_else(bad_cursor)
}

/// The error for a cursor this server did not issue.
pub fn bad_cursor() -> Error {
    Error::field(
        "cursor",
        "cursor",
        "không phải con trỏ trang do máy chủ cấp",
        "is not a cursor this server issued",
    )
}
