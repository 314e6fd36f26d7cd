//! Photos attached to an inspection's act or a remark's elimination: which
//! files count as images and how large they may be.
//!
//! The type is decided by the file's first bytes (its magic number), never by
//! the name or the type a client claims, so a renamed document is refused.
//! This module does not store or resize anything.

/// The largest photo accepted, in bytes (5 MiB): a phone's JPEG fits, a
/// video or a RAW file does not.
pub const MAX_PHOTO_BYTES: usize = 5 * 1024 * 1024;

/// An image type browsers show.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ImageType {
    Jpeg,
    Png,
    Webp,
    Gif,
}

impl ImageType {
    pub const ALL: [ImageType; 4] = [
        ImageType::Jpeg,
        ImageType::Png,
        ImageType::Webp,
        ImageType::Gif,
    ];

    /// The MIME type, which is also the stored code.
    pub fn mime(self) -> &'static str {
        match self {
            ImageType::Jpeg => "image/jpeg",
            ImageType::Png => "image/png",
            ImageType::Webp => "image/webp",
            ImageType::Gif => "image/gif",
        }
    }

    pub fn from_mime(mime: &str) -> Option<Self> {
        Some(match mime {
            "image/jpeg" => ImageType::Jpeg,
            "image/png" => ImageType::Png,
            "image/webp" => ImageType::Webp,
            "image/gif" => ImageType::Gif,
            _ => return None,
        })
    }

    /// The type the bytes start like, if any.
    pub fn sniff(bytes: &[u8]) -> Option<Self> {
        if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
            Some(ImageType::Jpeg)
        } else if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
            Some(ImageType::Png)
        } else if bytes.len() >= 12 && bytes.starts_with(b"RIFF") && &bytes[8..12] == b"WEBP" {
            Some(ImageType::Webp)
        } else if bytes.starts_with(b"GIF87a") || bytes.starts_with(b"GIF89a") {
            Some(ImageType::Gif)
        } else {
            None
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum PhotoError {
    #[error("photo is empty")]
    Empty,
    #[error("photo has {size} bytes, more than {max}")]
    TooLarge { size: usize, max: usize },
    #[error("file is not a jpeg, png, webp or gif image")]
    NotAnImage,
}

/// Checks an uploaded file: not empty, at most [`MAX_PHOTO_BYTES`], and an image
/// by its magic bytes. Returns the type found.
pub fn check(bytes: &[u8]) -> Result<ImageType, PhotoError> {
    if bytes.is_empty() {
        return Err(PhotoError::Empty);
    }
    if bytes.len() > MAX_PHOTO_BYTES {
        return Err(PhotoError::TooLarge {
            size: bytes.len(),
            max: MAX_PHOTO_BYTES,
        });
    }
    ImageType::sniff(bytes).ok_or(PhotoError::NotAnImage)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[track_caller]
    fn check_bytes(bytes: &[u8], expected: Result<ImageType, PhotoError>) {
        assert_eq!(check(bytes), expected);
    }

    #[test]
    fn images_are_known_by_their_first_bytes() {
        check_bytes(b"\xFF\xD8\xFF\xE0\x00\x10JFIF", Ok(ImageType::Jpeg));
        check_bytes(b"\x89PNG\r\n\x1a\n\x00\x00", Ok(ImageType::Png));
        check_bytes(b"RIFF\x10\x00\x00\x00WEBPVP8 ", Ok(ImageType::Webp));
        check_bytes(b"GIF89a\x01\x00", Ok(ImageType::Gif));
        check_bytes(b"GIF87a\x01\x00", Ok(ImageType::Gif));
    }

    #[test]
    fn other_files_are_refused_whatever_they_are_called() {
        check_bytes(b"%PDF-1.7", Err(PhotoError::NotAnImage));
        check_bytes(b"<svg xmlns=", Err(PhotoError::NotAnImage));
        check_bytes(b"RIFF\x10\x00\x00\x00WAVE", Err(PhotoError::NotAnImage));
        check_bytes(b"\xFF\xD8", Err(PhotoError::NotAnImage));
        check_bytes(b"", Err(PhotoError::Empty));
    }

    #[test]
    fn a_photo_may_be_five_mebibytes_and_no_more() {
        let mut bytes = vec![0u8; MAX_PHOTO_BYTES];
        bytes[..3].copy_from_slice(&[0xFF, 0xD8, 0xFF]);
        check_bytes(&bytes, Ok(ImageType::Jpeg));
        bytes.push(0);
        check_bytes(
            &bytes,
            Err(PhotoError::TooLarge {
                size: MAX_PHOTO_BYTES + 1,
                max: MAX_PHOTO_BYTES,
            }),
        );
    }

    #[test]
    fn mime_types_round_trip() {
        for it in ImageType::ALL {
            assert_eq!(ImageType::from_mime(it.mime()), Some(it));
        }
    }
}
