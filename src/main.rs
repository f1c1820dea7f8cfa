//! The `migrasim` command-line program: a thin shell over the library.
fn main() {}
