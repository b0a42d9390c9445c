//! Ignition data URLs: any bytes, encoded with or without gzip, decode back to themselves the
//! way MCO decodes them; decoding arbitrary text never panics.
#![no_main]

use libfuzzer_sys::fuzz_target;
use oscgen_render::dataurl::{decode, decode_contents, encode};

fuzz_target!(|input: (bool, &[u8])| {
    let (gzip, bytes) = input;
    let encoded = encode(bytes, gzip);
    assert!(encoded.source.is_ascii(), "{}", encoded.source);
    assert!(gzip || encoded.compression.is_empty());
    let back = decode_contents(&encoded.source, Some(&encoded.compression));
    assert_eq!(back.as_deref(), Ok(bytes), "{encoded:?}");
    if let Ok(text) = std::str::from_utf8(bytes) {
        let _ = decode(text);
        let _ = decode_contents(text, Some("gzip"));
    }
});
