//! Jupyter's wire format: a message is the sender's routing identities, the `<IDS|MSG>`
//! delimiter, an HMAC-SHA256 signature in hex, then four JSON frames (header, parent header,
//! metadata, content). Incoming messages are checked here: a missing delimiter, a wrong
//! signature or a frame that is not JSON is refused with the reason, before anything runs.

use hmac::{Hmac, Mac};
use serde_json::{json, Value as Json};
use sha2::Sha256;

/// One frame of a ZeroMQ message.
pub type Frame = Vec<u8>;

const DELIMITER: &[u8] = b"<IDS|MSG>";

/// The protocol version the kernel speaks.
pub const PROTOCOL_VERSION: &str = "5.3";

/// A decoded, verified message.
#[derive(Clone, Debug)]
pub struct Message {
    /// The ROUTER identities to send replies back through.
    pub identities: Vec<Frame>,
    /// `msg_id`, `msg_type`, `session`, `username`, `date`, `version`.
    pub header: Json,
    /// The message's content.
    pub content: Json,
}

impl Message {
    /// The message type (`execute_request`, ...); empty when the header lacks one.
    pub fn kind(&self) -> &str {
        self.header["msg_type"].as_str().unwrap_or("")
    }

    /// A string field of the content.
    pub fn text(&self, field: &str) -> &str {
        self.content[field].as_str().unwrap_or("")
    }
}

/// Signs and checks messages with the connection's key; an empty key means no signing, as
/// the protocol allows.
pub struct Signer {
    key: Vec<u8>,
    session: String,
    ids: Ids,
}

impl Signer {
    /// A signer for `key`, whose own messages carry a fresh session id.
    pub fn new(key: &str) -> Signer {
        let mut ids = Ids::new();
        let session = ids.next();
        Signer {
            key: key.as_bytes().to_vec(),
            session,
            ids,
        }
    }

    /// The hex HMAC-SHA256 of the four JSON frames.
    fn signature(&self, parts: &[&[u8]]) -> String {
        if self.key.is_empty() {
            return String::new();
        }
        let Ok(mut mac) = Hmac::<Sha256>::new_from_slice(&self.key) else {
            return String::new();
        };
        for part in parts {
            mac.update(part);
        }
        hex(&mac.finalize().into_bytes())
    }

    /// Decodes frames received on a ROUTER socket, checking the signature.
    pub fn decode(&self, frames: &[Frame]) -> Result<Message, String> {
        let split = frames
            .iter()
            .position(|f| f == DELIMITER)
            .ok_or("no <IDS|MSG> delimiter")?;
        let rest = &frames[split + 1..];
        if rest.len() < 5 {
            return Err(format!(
                "{} frames after the delimiter, not 5 or more",
                rest.len()
            ));
        }
        let parts: Vec<&[u8]> = rest[1..5].iter().map(Vec::as_slice).collect();
        // Checked in constant time against what the key gives; without a key, unsigned.
        if !self.key.is_empty() {
            let Ok(mut mac) = Hmac::<Sha256>::new_from_slice(&self.key) else {
                return Err("the key cannot sign".to_string());
            };
            for part in &parts {
                mac.update(part);
            }
            let given = unhex(&rest[0]).ok_or("the signature is not hex")?;
            mac.verify_slice(&given)
                .map_err(|_| "wrong signature".to_string())?;
        }
        let json = |i: usize, what: &str| -> Result<Json, String> {
            serde_json::from_slice(parts[i]).map_err(|e| format!("the {what} is not JSON: {e}"))
        };
        let header = json(0, "header")?;
        if !header["msg_type"].is_string() {
            return Err("the header has no msg_type".to_string());
        }
        Ok(Message {
            identities: frames[..split].to_vec(),
            header,
            // The parent header and metadata must be JSON too, though nothing reads them.
            content: json(1, "parent header")
                .and(json(2, "metadata"))
                .and(json(3, "content"))?,
        })
    }

    /// The frames of a new message of type `kind` answering `parent`, addressed to the
    /// parent's identities (for ROUTER replies) or to `topic` (for IOPub).
    pub fn encode(
        &mut self,
        kind: &str,
        parent: Option<&Message>,
        content: Json,
        to: Address,
    ) -> Vec<Frame> {
        let header = json!({
            "msg_id": self.ids.next(),
            "msg_type": kind,
            "session": self.session,
            "username": "la",
            "date": now_iso8601(),
            "version": PROTOCOL_VERSION,
        });
        let parent_header = parent.map_or(json!({}), |p| p.header.clone());
        let parts = [
            header.to_string().into_bytes(),
            parent_header.to_string().into_bytes(),
            b"{}".to_vec(),
            content.to_string().into_bytes(),
        ];
        let refs: Vec<&[u8]> = parts.iter().map(Vec::as_slice).collect();
        let signature = self.signature(&refs);
        let mut frames = match (to, parent) {
            (Address::Reply, Some(p)) => p.identities.clone(),
            (Address::Reply, None) => Vec::new(),
            (Address::Topic, _) => vec![kind.as_bytes().to_vec()],
        };
        frames.push(DELIMITER.to_vec());
        frames.push(signature.into_bytes());
        frames.extend(parts);
        frames
    }
}

/// Where an encoded message goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Address {
    /// Back to the sender of the parent, on a ROUTER socket.
    Reply,
    /// To every subscriber, on IOPub, with the message type as the topic.
    Topic,
}

/// Lower-case hex.
fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Bytes from hex, or `None` when it is not hex.
fn unhex(text: &[u8]) -> Option<Vec<u8>> {
    if !text.len().is_multiple_of(2) {
        return None;
    }
    text.chunks(2)
        .map(|pair| u8::from_str_radix(std::str::from_utf8(pair).ok()?, 16).ok())
        .collect()
}

/// Message ids: 128 random-looking bits from a SplitMix64 stream seeded by the clock and
/// the process id, written as a UUID.
struct Ids(u64);

impl Ids {
    fn new() -> Ids {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos() as u64);
        Ids(nanos ^ (u64::from(std::process::id()) << 32))
    }

    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn next(&mut self) -> String {
        let (a, b) = (self.next_u64(), self.next_u64());
        format!(
            "{:08x}-{:04x}-{:04x}-{:04x}-{:012x}",
            a >> 32,
            (a >> 16) & 0xffff,
            a & 0xffff,
            b >> 48,
            b & 0xffff_ffff_ffff
        )
    }
}

/// The current UTC time as ISO 8601 with microseconds (`2026-12-04T06:30:00.123456Z`).
fn now_iso8601() -> String {
    let since = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap_or_default();
    let secs = since.as_secs();
    let (days, rest) = ((secs / 86_400) as i64, secs % 86_400);
    // Days to a civil date (Howard Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}.{:06}Z",
        rest / 3600,
        rest / 60 % 60,
        rest % 60,
        since.subsec_micros()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(signer: &mut Signer, kind: &str) -> Vec<Frame> {
        let mut frames = vec![b"client-7".to_vec()];
        let reply = signer.encode(kind, None, json!({"code": "1 + 2"}), Address::Reply);
        frames.extend(reply);
        frames
    }

    #[test]
    fn a_signed_message_round_trips_with_its_identities() {
        let mut signer = Signer::new("secret");
        let frames = request(&mut signer, "execute_request");
        let message = signer.decode(&frames).unwrap();
        assert_eq!(message.identities, vec![b"client-7".to_vec()]);
        assert_eq!(message.kind(), "execute_request");
        assert_eq!(message.text("code"), "1 + 2");
        let reply = signer.encode("execute_reply", Some(&message), json!({}), Address::Reply);
        assert_eq!(reply[0], b"client-7");
        signer.decode(&reply).unwrap();
        let parent: Json = serde_json::from_slice(&reply[4]).unwrap();
        assert_eq!(parent["msg_id"], message.header["msg_id"]);
    }

    #[test]
    fn bad_messages_are_refused_with_the_reason() {
        let mut signer = Signer::new("secret");
        let good = request(&mut signer, "execute_request");
        let other_key = Signer::new("not the secret");
        assert_eq!(other_key.decode(&good).unwrap_err(), "wrong signature");

        let mut tampered = good.clone();
        tampered[6] = br#"{"code": "rm()"}"#.to_vec();
        assert_eq!(signer.decode(&tampered).unwrap_err(), "wrong signature");

        let mut not_hex = good.clone();
        not_hex[2] = b"zz".to_vec();
        assert_eq!(
            signer.decode(&not_hex).unwrap_err(),
            "the signature is not hex"
        );

        let no_delimiter: Vec<Frame> = good.iter().filter(|f| *f != DELIMITER).cloned().collect();
        assert_eq!(
            signer.decode(&no_delimiter).unwrap_err(),
            "no <IDS|MSG> delimiter"
        );
        assert!(signer
            .decode(&good[..5])
            .unwrap_err()
            .contains("frames after"));
        assert!(signer.decode(&[]).is_err());

        // Correctly signed, but the content is not JSON.
        let mut bad_json = good.clone();
        bad_json[6] = b"{not json".to_vec();
        let refs: Vec<&[u8]> = bad_json[3..7].iter().map(Vec::as_slice).collect();
        bad_json[2] = signer.signature(&refs).into_bytes();
        assert!(signer
            .decode(&bad_json)
            .unwrap_err()
            .starts_with("the content is not JSON"));
    }

    #[test]
    fn without_a_key_nothing_is_signed() {
        let mut signer = Signer::new("");
        let frames = request(&mut signer, "kernel_info_request");
        assert!(frames[2].is_empty());
        assert_eq!(
            signer.decode(&frames).unwrap().kind(),
            "kernel_info_request"
        );
    }

    #[test]
    fn ids_and_dates_have_their_forms() {
        let mut ids = Ids::new();
        let (a, b) = (ids.next(), ids.next());
        assert_ne!(a, b);
        assert_eq!(a.len(), 36);
        let date = now_iso8601();
        assert_eq!(date.len(), 27, "{date}");
        assert!(date.starts_with("20") && date.ends_with('Z'), "{date}");
    }
}
