//! RFC 2397 `data:` URLs for Ignition file contents, chosen the way Butane chooses them.
//!
//! MCO decodes any data URL (percent-encoded or base64) and honours `compression: gzip` on
//! running nodes only from OpenShift 4.10. The encoder tries the percent form and the base64
//! form and keeps the shorter (the percent form on a tie); when gzip is allowed it keeps the
//! gzip form only if that is shorter still, counting the four letters of `gzip`.

use std::io::{Read, Write};

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, percent_decode_str, utf8_percent_encode};

/// The characters RFC 2396 leaves unescaped: alphanumerics and `- _ . ! ~ * ' ( )`.
const RFC2396_ESCAPE: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'!')
    .remove(b'~')
    .remove(b'*')
    .remove(b'\'')
    .remove(b'(')
    .remove(b')');

/// An Ignition `contents` pair.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Encoded {
    /// The `data:` URL.
    pub source: String,
    /// `""` or `"gzip"`; always written so a merged file never inherits another's compression.
    pub compression: String,
}

/// A data URL that cannot be decoded.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[non_exhaustive]
pub enum DecodeError {
    /// It does not start with `data:` or has no `,`.
    #[error("not a data URL (expected data:[<mediatype>][;base64],<data>)")]
    NotDataUrl,
    /// The base64 payload is malformed.
    #[error("invalid base64 payload: {0}")]
    Base64(String),
    /// The gzip payload is malformed.
    #[error("invalid gzip payload: {0}")]
    Gzip(String),
    /// A compression other than `""` or `gzip`.
    #[error("unsupported compression `{0}`; MCO knows only \"\" and gzip")]
    Compression(String),
}

/// Encodes `bytes` as the shortest data URL; gzip only when `allow_gzip`.
pub fn encode(bytes: &[u8], allow_gzip: bool) -> Encoded {
    let percent = format!("data:,{}", escape(bytes));
    let base64 = format!("data:;base64,{}", STANDARD.encode(bytes));
    let best = if base64.len() < percent.len() { base64 } else { percent };
    if allow_gzip && let Some(gz) = gzip(bytes) {
        let gz = format!("data:;base64,{}", STANDARD.encode(gz));
        if gz.len() + "gzip".len() < best.len() {
            return Encoded { source: gz, compression: "gzip".to_owned() };
        }
    }
    Encoded { source: best, compression: String::new() }
}

fn escape(bytes: &[u8]) -> String {
    // Bytes that are not UTF-8 are percent-escaped one by one, like every other byte outside
    // the unreserved set.
    match std::str::from_utf8(bytes) {
        Ok(text) => utf8_percent_encode(text, RFC2396_ESCAPE).to_string(),
        Err(_) => percent_encoding::percent_encode(bytes, RFC2396_ESCAPE).to_string(),
    }
}

fn gzip(bytes: &[u8]) -> Option<Vec<u8>> {
    let mut encoder = flate2::GzBuilder::new().mtime(0).write(Vec::new(), flate2::Compression::best());
    encoder.write_all(bytes).ok()?;
    encoder.finish().ok()
}

/// Decodes a data URL to its payload bytes (before any compression is undone).
pub fn decode(source: &str) -> Result<Vec<u8>, DecodeError> {
    let rest = source.strip_prefix("data:").ok_or(DecodeError::NotDataUrl)?;
    let (media, data) = rest.split_once(',').ok_or(DecodeError::NotDataUrl)?;
    if media.split(';').any(|p| p.eq_ignore_ascii_case("base64")) {
        let data = percent_decode_str(data).collect::<Vec<u8>>();
        STANDARD.decode(data).map_err(|e| DecodeError::Base64(e.to_string()))
    } else {
        Ok(percent_decode_str(data).collect())
    }
}

/// Decodes Ignition file contents the way MCO does: URL, then compression.
pub fn decode_contents(source: &str, compression: Option<&str>) -> Result<Vec<u8>, DecodeError> {
    let payload = decode(source)?;
    match compression.unwrap_or("") {
        "" => Ok(payload),
        "gzip" => {
            let mut out = Vec::new();
            flate2::read::GzDecoder::new(payload.as_slice())
                .read_to_end(&mut out)
                .map_err(|e| DecodeError::Gzip(e.to_string()))?;
            Ok(out)
        }
        other => Err(DecodeError::Compression(other.to_owned())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_the_reference_example() {
        // ignition-3.2.md §5: percent form (71 chars) beats base64 (80) and gzip (88).
        let text = b"[crio.runtime.runtimes.example]\nruntime_type = \"vm\"\n";
        let enc = encode(text, true);
        assert_eq!(enc.source, "data:,%5Bcrio.runtime.runtimes.example%5D%0Aruntime_type%20%3D%20%22vm%22%0A");
        assert_eq!(enc.compression, "");
    }

    #[test]
    fn round_trips() {
        let long = "kata ".repeat(400);
        let cases: [&[u8]; 6] =
            [b"", b"a", b"\x00\xff\xfe binary", "ünïcödé\n".as_bytes(), b"%%,;base64,", long.as_bytes()];
        for bytes in cases {
            for gzip in [false, true] {
                let enc = encode(bytes, gzip);
                let back = decode_contents(&enc.source, Some(&enc.compression));
                assert_eq!(back.as_deref(), Ok(bytes), "{enc:?}");
            }
        }
        assert_eq!(encode(long.as_bytes(), true).compression, "gzip");
        assert_eq!(encode(long.as_bytes(), false).compression, "");
    }

    #[test]
    fn decodes_other_encoders_output() {
        assert_eq!(decode("data:text/plain;charset=utf-8;base64,aGk="), Ok(b"hi".to_vec()));
        assert_eq!(decode("data:,hello%20world%0A"), Ok(b"hello world\n".to_vec()));
        assert_eq!(decode("http://x"), Err(DecodeError::NotDataUrl));
        assert!(decode_contents("data:,x", Some("bzip2")).is_err());
    }
}
