//! The README is the front door: it must name every command the program
//! has; docs/outputs.md (the codebook it links to) documents every output
//! column; and no document points outside the repository.

use migrasim::output::tables::{
    COUNTRIES_COLUMNS, FLOWS_COLUMNS, REGIONS_COLUMNS, STOCKS_COLUMNS, TIMESERIES_COLUMNS,
};

fn read(path: &str) -> String {
    std::fs::read_to_string(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(path)).unwrap()
}

fn readme() -> String {
    read("README.md")
}

#[test]
fn every_output_column_is_documented() {
    let text = read("docs/outputs.md");
    for (file, cols) in [
        ("timeseries.csv", TIMESERIES_COLUMNS),
        ("flows.csv", FLOWS_COLUMNS),
        ("stocks.csv", STOCKS_COLUMNS),
        ("countries.csv", COUNTRIES_COLUMNS),
        ("regions.csv", REGIONS_COLUMNS),
    ] {
        for c in cols.iter().map(|c| c.name) {
            assert!(
                text.contains(&format!("`{c}`")),
                "docs/outputs.md does not document column `{c}` of {file}"
            );
        }
    }
}

#[test]
fn every_command_is_documented() {
    let text = readme();
    for cmd in [
        "migrasim run",
        "migrasim validate",
        "migrasim plot",
        "migrasim sweep",
        "sweep status",
        "sweep collect",
        "migrasim bench",
        "migrasim world",
        "migrasim lab",
    ] {
        assert!(text.contains(cmd), "README does not mention `{cmd}`");
    }
}

#[test]
fn the_readme_is_a_front_door_of_at_most_300_lines() {
    let n = readme().lines().count();
    assert!(n <= 300, "README.md has {n} lines: move detail into docs/");
}

/// A clone of the repository has nothing beside it: no document may send
/// a reader to the shared folder the project was written from.
#[test]
fn no_document_points_outside_the_repository() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut docs = vec![root.join("README.md"), root.join("data/README.md")];
    for e in std::fs::read_dir(root.join("docs")).unwrap() {
        let p = e.unwrap().path();
        if p.extension().is_some_and(|x| x == "md") {
            docs.push(p);
        }
    }
    for p in docs {
        let text = std::fs::read_to_string(&p).unwrap();
        for bad in ["MODEL.md", "../shared"] {
            for (i, line) in text.lines().enumerate() {
                assert!(
                    !line.contains(bad),
                    "{}:{}: points outside the repository ({bad}): {line}",
                    p.display(),
                    i + 1
                );
            }
        }
    }
}

/// Every relative link of the README and docs/ names a file that exists.
#[test]
fn relative_links_resolve() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut docs = vec![root.join("README.md")];
    for e in std::fs::read_dir(root.join("docs")).unwrap() {
        let p = e.unwrap().path();
        if p.extension().is_some_and(|x| x == "md") {
            docs.push(p);
        }
    }
    for p in docs {
        let text = std::fs::read_to_string(&p).unwrap();
        for (i, _) in text.match_indices("](") {
            let rest = &text[i + 2..];
            let Some(end) = rest.find(')') else { continue };
            let target = &rest[..end];
            if target.starts_with("http") || target.starts_with('#') || target.contains(' ') {
                continue;
            }
            let file = target.split('#').next().unwrap();
            let path = p.parent().unwrap().join(file);
            assert!(
                path.exists(),
                "{}: link to {target} does not resolve",
                p.display()
            );
        }
    }
}
