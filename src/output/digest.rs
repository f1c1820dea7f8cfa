//! Hex digests: the one lower-case hex spelling of hashes in outputs,
//! manifests and the loader's source hashes. No dependencies, so anything
//! (the loader included) may use it without importing the writers.

/// Lower-case hex of bytes.
pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
