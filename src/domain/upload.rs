//! Uploaded files: what they are for, what type their content is, and the rules they must
//! keep. The type is read from the first bytes of the content (its magic number), never from
//! the name; a name whose extension claims another type is refused.

use sha2::{Digest, Sha256};

token_enum! {
    /// Why a file was attached to an application.
    Purpose {
        /// With the online submission, by the applicant.
        Submission = "submission",
        /// With a supplement, answering a supplement request.
        Supplement = "supplement",
        /// A scan of a paper document, made at the desk at intake.
        DeskScan = "desk_scan",
        /// The result, for electronic return.
        Result = "result",
    }
}

token_enum! {
    /// The file types accepted: what phones and scanners produce.
    FileType {
        /// PDF.
        Pdf = "pdf",
        /// JPEG.
        Jpeg = "jpeg",
        /// PNG.
        Png = "png",
        /// HEIC / HEIF (iPhone and many Android cameras).
        Heic = "heic",
    }
}

impl FileType {
    /// The media type sent with the file.
    pub fn mime(self) -> &'static str {
        match self {
            Self::Pdf => "application/pdf",
            Self::Jpeg => "image/jpeg",
            Self::Png => "image/png",
            Self::Heic => "image/heic",
        }
    }

    /// What people call it.
    pub fn label(self) -> &'static str {
        match self {
            Self::Pdf => "PDF",
            Self::Jpeg => "JPEG",
            Self::Png => "PNG",
            Self::Heic => "HEIC",
        }
    }

    /// The type a media type names, if it is one of these (`image/jpg` and `image/heif` too).
    pub fn from_mime(mime: &str) -> Option<Self> {
        let essence = mime.split(';').next().unwrap_or_default().trim();
        match essence.to_ascii_lowercase().as_str() {
            "application/pdf" => Some(Self::Pdf),
            "image/jpeg" | "image/jpg" | "image/pjpeg" => Some(Self::Jpeg),
            "image/png" => Some(Self::Png),
            "image/heic" | "image/heif" | "image/heic-sequence" | "image/heif-sequence" => {
                Some(Self::Heic)
            }
            _ => None,
        }
    }
}

/// What a file's name says it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Declared {
    /// No extension: the name claims nothing.
    Nothing,
    /// An extension of an accepted type.
    Known(FileType),
    /// Another extension (`.docx`, `.exe`), lower-cased.
    Other(String),
}

/// What the extension of `filename` claims.
pub fn declared_by_name(filename: &str) -> Declared {
    let base = filename.rsplit(['/', '\\']).next().unwrap_or_default();
    let Some((stem, ext)) = base.rsplit_once('.') else {
        return Declared::Nothing;
    };
    if stem.is_empty() || ext.is_empty() {
        return Declared::Nothing;
    }
    let ext = ext.to_ascii_lowercase();
    match ext.as_str() {
        "pdf" => Declared::Known(FileType::Pdf),
        "jpg" | "jpeg" | "jpe" | "jfif" => Declared::Known(FileType::Jpeg),
        "png" => Declared::Known(FileType::Png),
        "heic" | "heif" | "hif" => Declared::Known(FileType::Heic),
        _ => Declared::Other(ext),
    }
}

/// The type of a file read from its first bytes, or `None` when it is none of the accepted.
pub fn sniff(content: &[u8]) -> Option<FileType> {
    if content.starts_with(b"%PDF-") {
        return Some(FileType::Pdf);
    }
    if content.starts_with(&[0xFF, 0xD8, 0xFF]) {
        return Some(FileType::Jpeg);
    }
    if content.starts_with(&[0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A]) {
        return Some(FileType::Png);
    }
    // ISO base media file: a `ftyp` box first, whose major or compatible brands name HEIF.
    if content.len() >= 16 && &content[4..8] == b"ftyp" {
        let size = u32::from_be_bytes([content[0], content[1], content[2], content[3]]) as usize;
        let end = size.clamp(16, content.len().min(256));
        let heif = |brand: &[u8]| {
            matches!(
                brand,
                b"heic" | b"heix" | b"hevc" | b"hevx" | b"heim" | b"heis" | b"mif1" | b"msf1"
            )
        };
        if heif(&content[8..12]) {
            return Some(FileType::Heic);
        }
        // Compatible brands follow the major brand and its minor version.
        if content[16..end].chunks_exact(4).any(heif) {
            return Some(FileType::Heic);
        }
    }
    None
}

/// The limits of uploads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Largest file, in bytes.
    pub max_file_bytes: u64,
    /// Largest total of one application's files in one request, in bytes.
    pub max_total_bytes: u64,
    /// Most files in one request.
    pub max_files: usize,
}

/// Why a file is refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FileRefusal {
    /// No bytes.
    Empty,
    /// Larger than the per-file limit.
    TooLarge {
        /// The limit, in bytes.
        limit: u64,
    },
    /// The content is none of the accepted types.
    NotAllowed {
        /// What the name claims.
        declared: Declared,
    },
    /// The name claims a type the content is not.
    Mismatch {
        /// What the name claims.
        declared: Declared,
        /// What the content is.
        detected: FileType,
    },
}

/// A file that passed the checks: its type, digest and size.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Checked {
    /// The type read from the content.
    pub file_type: FileType,
    /// SHA-256 of the content, lower-case hex.
    pub sha256: String,
    /// Bytes.
    pub size: u64,
}

/// SHA-256 of some bytes, lower-case hex.
pub fn sha256_hex(content: &[u8]) -> String {
    hex::encode(Sha256::digest(content))
}

/// Checks one file against the limits and its name: the content must be an accepted type,
/// and a name with an extension must name that type. A declared media type
/// (`Content-Type` of the part) that names an accepted type must agree too.
pub fn check_file(
    filename: &str,
    declared_mime: Option<&str>,
    content: &[u8],
    limits: &Limits,
) -> Result<Checked, FileRefusal> {
    if content.is_empty() {
        return Err(FileRefusal::Empty);
    }
    let size = content.len() as u64;
    if size > limits.max_file_bytes {
        return Err(FileRefusal::TooLarge {
            limit: limits.max_file_bytes,
        });
    }
    let declared = declared_by_name(filename);
    let Some(detected) = sniff(content) else {
        return Err(FileRefusal::NotAllowed { declared });
    };
    let by_mime = declared_mime.and_then(FileType::from_mime);
    match (&declared, by_mime) {
        (Declared::Known(claimed), _) if *claimed != detected => {
            return Err(FileRefusal::Mismatch { declared, detected });
        }
        (Declared::Other(_), _) => return Err(FileRefusal::Mismatch { declared, detected }),
        (Declared::Nothing, Some(claimed)) if claimed != detected => {
            return Err(FileRefusal::Mismatch {
                declared: Declared::Known(claimed),
                detected,
            });
        }
        _ => {}
    }
    Ok(Checked {
        file_type: detected,
        sha256: sha256_hex(content),
        size,
    })
}

impl Declared {
    /// How the refusal names what was claimed.
    pub fn describe(&self) -> String {
        match self {
            Self::Nothing => "?".to_owned(),
            Self::Known(t) => t.label().to_owned(),
            Self::Other(ext) => format!(".{ext}"),
        }
    }
}

/// A file name made safe to store and to send back in `Content-Disposition`: the last path
/// part, control characters and quotes dropped, at most 200 characters.
pub fn clean_filename(filename: &str) -> String {
    let base = filename.rsplit(['/', '\\']).next().unwrap_or_default();
    let cleaned: String = base
        .chars()
        .filter(|c| !c.is_control() && !matches!(c, '"' | '\\'))
        .take(200)
        .collect();
    let trimmed = cleaned.trim();
    if trimmed.is_empty() {
        "file".to_owned()
    } else {
        trimmed.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const LIMITS: Limits = Limits {
        max_file_bytes: 1000,
        max_total_bytes: 2000,
        max_files: 5,
    };

    fn heic() -> Vec<u8> {
        let mut v = vec![0, 0, 0, 24];
        v.extend_from_slice(b"ftypmif1");
        v.extend_from_slice(&[0, 0, 0, 0]);
        v.extend_from_slice(b"mif1heic");
        v.extend_from_slice(&[0; 8]);
        v
    }

    #[test]
    fn types_are_read_from_the_content() {
        assert_eq!(sniff(b"%PDF-1.4\n..."), Some(FileType::Pdf));
        assert_eq!(
            sniff(&[0xFF, 0xD8, 0xFF, 0xE0, 0, 16]),
            Some(FileType::Jpeg)
        );
        assert_eq!(
            sniff(&[0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A, 0]),
            Some(FileType::Png)
        );
        assert_eq!(sniff(&heic()), Some(FileType::Heic));
        let mut brand_later = vec![0, 0, 0, 24];
        brand_later.extend_from_slice(b"ftypXXXX\0\0\0\0isomheix");
        brand_later.extend_from_slice(&[0; 4]);
        assert_eq!(sniff(&brand_later), Some(FileType::Heic));
        // An MP4 is an ISO file too, but not HEIF.
        let mut mp4 = vec![0, 0, 0, 20];
        mp4.extend_from_slice(b"ftypisom\0\0\0\0mp41");
        assert_eq!(sniff(&mp4), None);
        assert_eq!(sniff(b"PK\x03\x04 a zip"), None);
        assert_eq!(sniff(b""), None);
        assert_eq!(sniff(b"%PD"), None);
    }

    #[test]
    fn names_claim_by_extension() {
        assert_eq!(declared_by_name("scan.PDF"), Declared::Known(FileType::Pdf));
        assert_eq!(
            declared_by_name("IMG_0001.HEIC"),
            Declared::Known(FileType::Heic)
        );
        assert_eq!(declared_by_name("a.jpeg"), Declared::Known(FileType::Jpeg));
        assert_eq!(declared_by_name("photo"), Declared::Nothing);
        assert_eq!(declared_by_name(".hidden"), Declared::Nothing);
        assert_eq!(
            declared_by_name("C:\\x\\y.docx"),
            Declared::Other("docx".into())
        );
    }

    #[test]
    fn a_name_that_lies_is_refused_with_both_types() {
        let pdf = b"%PDF-1.7 body";
        assert_eq!(
            check_file("photo.jpg", Some("image/jpeg"), pdf, &LIMITS),
            Err(FileRefusal::Mismatch {
                declared: Declared::Known(FileType::Jpeg),
                detected: FileType::Pdf
            })
        );
        assert!(matches!(
            check_file("form.exe", None, pdf, &LIMITS),
            Err(FileRefusal::Mismatch { .. })
        ));
        // No extension, but the part's media type lies.
        assert!(matches!(
            check_file("blob", Some("image/png"), pdf, &LIMITS),
            Err(FileRefusal::Mismatch { .. })
        ));
        // A generic media type claims nothing.
        let ok = check_file("form.pdf", Some("application/octet-stream"), pdf, &LIMITS);
        assert_eq!(ok.map(|c| c.file_type), Ok(FileType::Pdf));
    }

    #[test]
    fn limits_and_unknown_content_are_refused() {
        assert_eq!(
            check_file("a.pdf", None, &[], &LIMITS),
            Err(FileRefusal::Empty)
        );
        let big = [b'%', b'P', b'D', b'F', b'-']
            .into_iter()
            .chain(std::iter::repeat_n(b'x', 1000))
            .collect::<Vec<_>>();
        assert_eq!(
            check_file("a.pdf", None, &big, &LIMITS),
            Err(FileRefusal::TooLarge { limit: 1000 })
        );
        assert!(matches!(
            check_file("a.txt", None, b"hello", &LIMITS),
            Err(FileRefusal::NotAllowed { .. })
        ));
    }

    #[test]
    fn a_checked_file_has_its_digest() {
        let checked = check_file(
            "a.png",
            None,
            &[0x89, b'P', b'N', b'G', 13, 10, 26, 10],
            &LIMITS,
        );
        let checked = checked.unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(checked.size, 8);
        assert_eq!(checked.sha256.len(), 64);
        assert_eq!(
            checked.sha256,
            sha256_hex(&[0x89, b'P', b'N', b'G', 13, 10, 26, 10])
        );
    }

    #[test]
    fn file_names_are_cleaned() {
        assert_eq!(clean_filename("../../etc/pass\"wd"), "passwd");
        assert_eq!(clean_filename("C:\\Users\\a\\giấy tờ.pdf"), "giấy tờ.pdf");
        assert_eq!(clean_filename("\n"), "file");
    }
}
