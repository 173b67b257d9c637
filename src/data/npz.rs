//! NumPy's `.npz`: a zip archive whose members are `.npy` files named after the arrays
//! (`W.npy`, `b.npy`). Reading follows the zip's central directory, including the zip64
//! extra fields `numpy.savez` writes, and takes members stored or deflated (inflated by
//! `miniz_oxide`, the one place that crate is used), checking each CRC-32. Writing stores
//! the members uncompressed, as `numpy.savez` does.

use std::io::{self, Write};

/// Little-endian integers at `at`, or an error naming what was cut short.
fn u16_at(b: &[u8], at: usize) -> Result<u16, String> {
    at.checked_add(2)
        .and_then(|end| b.get(at..end))
        .map(|s| u16::from_le_bytes([s[0], s[1]]))
        .ok_or_else(|| "the .npz archive is cut short".to_string())
}

fn u32_at(b: &[u8], at: usize) -> Result<u32, String> {
    at.checked_add(4)
        .and_then(|end| b.get(at..end))
        .map(|s| u32::from_le_bytes([s[0], s[1], s[2], s[3]]))
        .ok_or_else(|| "the .npz archive is cut short".to_string())
}

fn u64_at(b: &[u8], at: usize) -> Result<u64, String> {
    at.checked_add(8)
        .and_then(|end| b.get(at..end))
        .map(|s| {
            let mut a = [0u8; 8];
            a.copy_from_slice(s);
            u64::from_le_bytes(a)
        })
        .ok_or_else(|| "the .npz archive is cut short".to_string())
}

/// An offset read from the archive, if it lies inside it.
fn within(bytes: &[u8], offset: u64) -> Result<usize, String> {
    usize::try_from(offset)
        .ok()
        .filter(|&at| at <= bytes.len())
        .ok_or_else(|| "the .npz zip directory points outside the archive".to_string())
}

/// The members of an archive: each name (without `.npy`) and its `.npy` bytes.
/// `max_bytes` bounds each member's unpacked size.
pub fn read(bytes: &[u8], max_bytes: usize) -> Result<Vec<(String, Vec<u8>)>, String> {
    // The end-of-central-directory record is in the last 65,557 bytes.
    let tail = bytes.len().saturating_sub(65_557);
    let eocd = (tail..bytes.len().saturating_sub(21))
        .rev()
        .find(|&k| bytes[k..].starts_with(&[0x50, 0x4b, 0x05, 0x06]))
        .ok_or("not a .npz file: no zip directory at its end")?;
    let mut entries = u64::from(u16_at(bytes, eocd + 10)?);
    let mut offset = u64::from(u32_at(bytes, eocd + 16)?);
    if entries == 0xFFFF || offset == 0xFFFF_FFFF {
        // zip64: the locator just before points at the zip64 record.
        let locator = eocd
            .checked_sub(20)
            .ok_or("the .npz zip64 locator is missing")?;
        if u32_at(bytes, locator)? != 0x0706_4b50 {
            return Err("the .npz zip64 locator is missing".into());
        }
        let record = within(bytes, u64_at(bytes, locator + 8)?)?;
        if u32_at(bytes, record)? != 0x0606_4b50 {
            return Err("the .npz zip64 directory record is broken".into());
        }
        entries = u64_at(bytes, record + 32)?;
        offset = u64_at(bytes, record + 48)?;
    }
    let mut members = Vec::new();
    // Offsets are checked against the archive before any arithmetic on them.
    let mut at = within(bytes, offset)?;
    for _ in 0..entries {
        if u32_at(bytes, at)? != 0x0201_4b50 {
            return Err("the .npz zip directory is broken".into());
        }
        let method = u16_at(bytes, at + 10)?;
        let crc = u32_at(bytes, at + 16)?;
        let mut packed = u64::from(u32_at(bytes, at + 20)?);
        let mut size = u64::from(u32_at(bytes, at + 24)?);
        let name_len = u16_at(bytes, at + 28)? as usize;
        let extra_len = u16_at(bytes, at + 30)? as usize;
        let comment_len = u16_at(bytes, at + 32)? as usize;
        let mut local = u64::from(u32_at(bytes, at + 42)?);
        let name = bytes
            .get(at + 46..at + 46 + name_len)
            .ok_or("the .npz archive is cut short")?;
        let name = String::from_utf8_lossy(name).to_string();
        // zip64 sizes and offset, present for the fields that are 0xFFFFFFFF, in order.
        let extra = bytes
            .get(at + 46 + name_len..at + 46 + name_len + extra_len)
            .ok_or("the .npz archive is cut short")?;
        let mut e = 0;
        while e + 4 <= extra.len() {
            let id = u16_at(extra, e)?;
            let len = u16_at(extra, e + 2)? as usize;
            if id == 1 {
                let mut f = e + 4;
                for field in [&mut size, &mut packed, &mut local] {
                    if *field == 0xFFFF_FFFF {
                        *field = u64_at(extra, f)?;
                        f += 8;
                    }
                }
            }
            e += 4 + len;
        }
        at += 46 + name_len + extra_len + comment_len;
        let local = within(bytes, local)?;
        if u32_at(bytes, local)? != 0x0403_4b50 {
            return Err(format!("the .npz member {name} is broken"));
        }
        let data_at =
            local + 30 + u16_at(bytes, local + 26)? as usize + u16_at(bytes, local + 28)? as usize;
        let data = bytes
            .get(data_at..data_at.saturating_add(packed as usize))
            .ok_or_else(|| format!("the .npz member {name} is cut short"))?;
        if size as usize > max_bytes {
            return Err(format!(
                "the .npz member {name} is {size} bytes unpacked, more than the limit of {max_bytes}"
            ));
        }
        let unpacked = match method {
            0 => data.to_vec(),
            8 => miniz_oxide::inflate::decompress_to_vec_with_limit(data, max_bytes)
                .map_err(|_| format!("the .npz member {name} does not inflate"))?,
            m => return Err(format!("the .npz member {name} uses zip compression method {m}, which la does not read (stored and deflated are read)")),
        };
        if crc32(&unpacked) != crc {
            return Err(format!(
                "the .npz member {name} is damaged: its CRC-32 does not match"
            ));
        }
        let name = name.strip_suffix(".npy").unwrap_or(&name).to_string();
        members.push((name, unpacked));
    }
    Ok(members)
}

/// The CRC-32 of zip (reflected polynomial 0xEDB88320).
fn crc32(data: &[u8]) -> u32 {
    static TABLE: std::sync::OnceLock<[u32; 256]> = std::sync::OnceLock::new();
    let table = TABLE.get_or_init(|| {
        let mut t = [0u32; 256];
        for (n, entry) in t.iter_mut().enumerate() {
            let mut c = n as u32;
            for _ in 0..8 {
                c = if c & 1 != 0 {
                    0xEDB8_8320 ^ (c >> 1)
                } else {
                    c >> 1
                };
            }
            *entry = c;
        }
        t
    });
    !data.iter().fold(!0u32, |c, &b| {
        table[((c ^ u32::from(b)) & 0xFF) as usize] ^ (c >> 8)
    })
}

/// Writes an archive of stored members `name.npy` (each must be under 4 GB).
pub fn write(out: &mut dyn Write, members: &[(String, Vec<u8>)]) -> io::Result<()> {
    let mut w = io::BufWriter::with_capacity(1 << 16, out);
    let mut directory = Vec::new();
    let mut offset: u64 = 0;
    for (name, data) in members {
        let name = format!("{name}.npy");
        let size = u32::try_from(data.len()).map_err(|_| {
            io::Error::other("an array of 4 GB or more does not fit a plain .npz member")
        })?;
        let local = u32::try_from(offset)
            .map_err(|_| io::Error::other("a .npz of 4 GB or more is not written"))?;
        let crc = crc32(data);
        let common = |v: &mut Vec<u8>| {
            v.extend(20u16.to_le_bytes()); // version needed
            v.extend(0u16.to_le_bytes()); // flags
            v.extend(0u16.to_le_bytes()); // stored
            v.extend(0u16.to_le_bytes()); // time
            v.extend(0x21u16.to_le_bytes()); // date: 1980-01-01
            v.extend(crc.to_le_bytes());
            v.extend(size.to_le_bytes());
            v.extend(size.to_le_bytes());
            v.extend((name.len() as u16).to_le_bytes());
            v.extend(0u16.to_le_bytes()); // extra
        };
        let mut header = 0x0403_4b50u32.to_le_bytes().to_vec();
        common(&mut header);
        header.extend(name.as_bytes());
        w.write_all(&header)?;
        w.write_all(data)?;
        directory.extend(0x0201_4b50u32.to_le_bytes());
        directory.extend(20u16.to_le_bytes()); // made by
        common(&mut directory);
        directory.extend(0u16.to_le_bytes()); // comment
        directory.extend(0u16.to_le_bytes()); // disk
        directory.extend(0u16.to_le_bytes()); // internal attributes
        directory.extend(0u32.to_le_bytes()); // external attributes
        directory.extend(local.to_le_bytes());
        directory.extend(name.as_bytes());
        offset += (header.len() + data.len()) as u64;
    }
    let directory_at = u32::try_from(offset)
        .map_err(|_| io::Error::other("a .npz of 4 GB or more is not written"))?;
    w.write_all(&directory)?;
    let mut end = 0x0605_4b50u32.to_le_bytes().to_vec();
    end.extend(0u16.to_le_bytes());
    end.extend(0u16.to_le_bytes());
    end.extend((members.len() as u16).to_le_bytes());
    end.extend((members.len() as u16).to_le_bytes());
    end.extend((directory.len() as u32).to_le_bytes());
    end.extend(directory_at.to_le_bytes());
    end.extend(0u16.to_le_bytes());
    w.write_all(&end)?;
    w.flush()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_past_the_end_are_refused_without_overflow() {
        // Found by the data_npy fuzz target: a zip64 record offset near 2⁶⁴.
        let bytes = b"\x93PK\x06\x07}o\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\x00\x03\x93PK\x05\x06\xffc\xff\xd1r:\xff\xffue\xff\xff\xff\x00\xff: \xeb";
        assert!(read(bytes, 1 << 20).is_err());
    }

    #[test]
    fn archives_read_back_and_crc_is_zips() {
        assert_eq!(crc32(b"123456789"), 0xCBF4_3926);
        let members = vec![("W".to_string(), vec![1, 2, 3]), ("b".to_string(), vec![])];
        let mut bytes = Vec::new();
        write(&mut bytes, &members).unwrap();
        assert_eq!(read(&bytes, 100).unwrap(), members);
        let mut damaged = bytes.clone();
        damaged[30 + 5] ^= 1;
        assert!(read(&damaged, 100).unwrap_err().contains("CRC-32"));
        assert!(read(b"not a zip at all, just text", 100).is_err());
    }
}
