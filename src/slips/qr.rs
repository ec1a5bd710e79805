//! The QR code of the receipt, as an inline SVG element.

use qrcode::render::svg;
use qrcode::{EcLevel, QrCode};

/// An `<svg>` element (no XML declaration) whose QR code encodes `text`, one SVG unit per
/// module with the standard 4-module quiet zone; CSS sets the printed size. `None` when the
/// text is too long for a QR code.
pub fn svg(text: &str) -> Option<String> {
    let code = QrCode::with_error_correction_level(text.as_bytes(), EcLevel::M).ok()?;
    let image = code
        .render::<svg::Color<'_>>()
        .module_dimensions(1, 1)
        .quiet_zone(true)
        .build();
    // The renderer prefixes an XML declaration, which has no place inside HTML.
    let start = image.find("<svg")?;
    Some(image[start..].to_owned())
}
