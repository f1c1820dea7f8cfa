//! Layering of `src/`: no import circle between files, and the engine never
//! depends on the scenario parser.
//!
//! Every file of the library (from `src/lib.rs`) and of the command-line
//! program (from `src/main.rs`) is parsed with `syn`. The graph has an edge
//! from file A to file B when A uses an item defined in B: `use` trees and
//! paths in code (also inside `format!`-like macros) are resolved through
//! `crate::`, `super::`, `self::`, `migrasim::` (in the program) and names
//! brought in by `use`; `pub use` re-exports are followed to the defining
//! file and are not uses themselves. Items and modules under `#[cfg(test)]`
//! are left out (tests may use anything). Paths into other crates are
//! ignored.
//!
//! The two checks on today's tree are ignored until issue 12's circles are
//! gone; the checks of the checker itself (small sources in memory) run.

use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::path::Path;

use syn::punctuated::Punctuated;
use syn::visit::Visit;

/// Top modules of the engine: none of them may use `crate::scenario`.
const ENGINE: &[&str] = &[
    "kernel",
    "world",
    "regions",
    "economy",
    "decision",
    "observe",
    "simulation",
    "policy",
    "model",
];

/// What a path names.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Res {
    /// A module (by index).
    Module(usize),
    /// An item defined in a file (by index).
    Item(usize),
}

/// One module: a file or an inline `mod name { .. }` in one.
#[derive(Default)]
struct Module {
    file: usize,
    root: usize,
    parent: Option<usize>,
    /// Module path from its crate's root (`[]` for the root).
    path: Vec<String>,
    children: HashMap<String, usize>,
    items: HashMap<String, usize>,
    /// Names brought in by `use` (public or not): the path, as written.
    uses: HashMap<String, Vec<String>>,
    /// Glob imports (`use path::*`), as written.
    globs: Vec<Vec<String>>,
}

/// A use of a path in a module: `use` statement or code.
struct Use {
    module: usize,
    path: Vec<String>,
    /// A `use` statement (a module it names is a binding, not an edge).
    is_import: bool,
}

/// The parsed crates and the uses found.
#[derive(Default)]
struct Graph {
    files: Vec<String>,
    modules: Vec<Module>,
    uses: Vec<Use>,
    /// Root module of the library (for `migrasim::` in the program).
    lib_root: Option<usize>,
    /// Roots by crate: the library's, then the program's.
    roots: Vec<usize>,
    /// Files of `#[cfg(test)] mod name;` (not parsed).
    test_files: Vec<String>,
    /// Lookups in progress (module, name, last segment): a lookup that
    /// comes back to itself through globs and `use super::x` finds nothing
    /// new and stops there (without this, a glob module whose children
    /// import from it made the search exponential: 130 s for `src/`).
    visiting: RefCell<HashSet<(usize, String, bool)>>,
}

/// Whether attributes hold `#[cfg(test)]` (also `cfg(all(test, ..))`).
fn is_test(attrs: &[syn::Attribute]) -> bool {
    attrs.iter().any(|a| {
        a.path().is_ident("cfg")
            && match &a.meta {
                syn::Meta::List(l) => {
                    let t = l.tokens.to_string();
                    t.split(|c: char| !c.is_alphanumeric() && c != '_')
                        .any(|w| w == "test")
                        && !t.contains("not")
                }
                _ => false,
            }
    })
}

/// Flattens a use tree into (path, binding) pairs; a glob has binding `*`.
fn flatten(tree: &syn::UseTree, prefix: &mut Vec<String>, out: &mut Vec<(Vec<String>, String)>) {
    match tree {
        syn::UseTree::Path(p) => {
            prefix.push(p.ident.to_string());
            flatten(&p.tree, prefix, out);
            prefix.pop();
        }
        syn::UseTree::Name(n) => {
            if n.ident == "self" {
                if let Some(last) = prefix.last() {
                    out.push((prefix.clone(), last.clone()));
                }
            } else {
                let mut p = prefix.clone();
                p.push(n.ident.to_string());
                out.push((p, n.ident.to_string()));
            }
        }
        syn::UseTree::Rename(r) => {
            let mut p = prefix.clone();
            if r.ident != "self" {
                p.push(r.ident.to_string());
            }
            out.push((p, r.rename.to_string()));
        }
        syn::UseTree::Glob(_) => out.push((prefix.clone(), "*".into())),
        syn::UseTree::Group(g) => {
            for t in &g.items {
                flatten(t, prefix, out);
            }
        }
    }
}

/// Collects the paths of code in one module (not nested modules, not test
/// items).
struct Paths<'a> {
    module: usize,
    out: &'a mut Vec<Use>,
    imports: &'a mut Vec<(usize, syn::ItemUse)>,
}

impl<'ast> Visit<'ast> for Paths<'_> {
    fn visit_item(&mut self, i: &'ast syn::Item) {
        let attrs: &[syn::Attribute] = match i {
            syn::Item::Fn(x) => &x.attrs,
            syn::Item::Impl(x) => &x.attrs,
            syn::Item::Struct(x) => &x.attrs,
            syn::Item::Enum(x) => &x.attrs,
            syn::Item::Const(x) => &x.attrs,
            syn::Item::Static(x) => &x.attrs,
            syn::Item::Trait(x) => &x.attrs,
            syn::Item::Type(x) => &x.attrs,
            syn::Item::Use(x) => &x.attrs,
            syn::Item::Mod(x) => &x.attrs,
            _ => &[],
        };
        if is_test(attrs) {
            return;
        }
        match i {
            // Nested modules are walked as modules of their own.
            syn::Item::Mod(_) => {}
            // Uses inside function bodies: private imports of this module.
            syn::Item::Use(u) => self.imports.push((self.module, u.clone())),
            _ => syn::visit::visit_item(self, i),
        }
    }
    fn visit_impl_item_fn(&mut self, f: &'ast syn::ImplItemFn) {
        if !is_test(&f.attrs) {
            syn::visit::visit_impl_item_fn(self, f);
        }
    }
    fn visit_path(&mut self, p: &'ast syn::Path) {
        if p.leading_colon.is_none() && p.segments.len() >= 2 {
            self.out.push(Use {
                module: self.module,
                path: p.segments.iter().map(|s| s.ident.to_string()).collect(),
                is_import: false,
            });
        }
        syn::visit::visit_path(self, p);
    }
    fn visit_macro(&mut self, m: &'ast syn::Macro) {
        // format!, write!, assert!, vec!, …: arguments as expressions.
        if let Ok(args) =
            m.parse_body_with(Punctuated::<syn::Expr, syn::Token![,]>::parse_terminated)
        {
            for e in &args {
                self.visit_expr(e);
            }
        }
        syn::visit::visit_macro(self, m);
    }
}

impl Graph {
    /// Parses the crates whose roots are given (`lib.rs`, `main.rs`) from
    /// `sources` (file path relative to `src/` → text).
    fn build(sources: &BTreeMap<String, String>) -> Result<Graph, String> {
        let mut g = Graph::default();
        for root in ["lib.rs", "main.rs"] {
            if !sources.contains_key(root) {
                continue;
            }
            let id = g.modules.len();
            g.modules.push(Module {
                root: id,
                ..Module::default()
            });
            if root == "lib.rs" {
                g.lib_root = Some(id);
            }
            g.roots.push(id);
            g.load_file(sources, root, id)?;
        }
        Ok(g)
    }

    fn load_file(
        &mut self,
        sources: &BTreeMap<String, String>,
        name: &str,
        module: usize,
    ) -> Result<(), String> {
        let text = &sources[name];
        let file = syn::parse_file(text).map_err(|e| format!("{name}: {e}"))?;
        let fid = self.files.len();
        self.files.push(name.to_string());
        self.modules[module].file = fid;
        // Folder of the children declared by `mod x;` in this file.
        let stem = name.trim_end_matches(".rs");
        let dir = if ["lib", "main", "mod"].contains(&stem.rsplit('/').next().unwrap_or("")) {
            stem.rsplit_once('/')
                .map(|(d, _)| format!("{d}/"))
                .unwrap_or_default()
        } else {
            format!("{stem}/")
        };
        self.load_items(sources, &file.items, module, fid, &dir)
    }

    fn load_items(
        &mut self,
        sources: &BTreeMap<String, String>,
        items: &[syn::Item],
        module: usize,
        fid: usize,
        dir: &str,
    ) -> Result<(), String> {
        let mut imports = Vec::new();
        let mut code = Vec::new();
        for item in items {
            let mut paths = Paths {
                module,
                out: &mut code,
                imports: &mut imports,
            };
            paths.visit_item(item);
            let (attrs, name) = match item {
                syn::Item::Fn(x) => (&x.attrs, Some(&x.sig.ident)),
                syn::Item::Struct(x) => (&x.attrs, Some(&x.ident)),
                syn::Item::Enum(x) => (&x.attrs, Some(&x.ident)),
                syn::Item::Union(x) => (&x.attrs, Some(&x.ident)),
                syn::Item::Const(x) => (&x.attrs, Some(&x.ident)),
                syn::Item::Static(x) => (&x.attrs, Some(&x.ident)),
                syn::Item::Trait(x) => (&x.attrs, Some(&x.ident)),
                syn::Item::Type(x) => (&x.attrs, Some(&x.ident)),
                syn::Item::Macro(x) => (&x.attrs, x.ident.as_ref()),
                syn::Item::Mod(m) if is_test(&m.attrs) => {
                    if m.content.is_none() {
                        let a = format!("{dir}{}.rs", m.ident);
                        let b = format!("{dir}{}/mod.rs", m.ident);
                        self.test_files.extend([a, b]);
                    }
                    continue;
                }
                syn::Item::Mod(m) => {
                    let child = self.modules.len();
                    let mut path = self.modules[module].path.clone();
                    path.push(m.ident.to_string());
                    self.modules.push(Module {
                        root: self.modules[module].root,
                        parent: Some(module),
                        path,
                        ..Module::default()
                    });
                    self.modules[module]
                        .children
                        .insert(m.ident.to_string(), child);
                    match &m.content {
                        Some((_, inner)) => {
                            self.modules[child].file = fid;
                            let sub = format!("{dir}{}/", m.ident);
                            self.load_items(sources, inner, child, fid, &sub)?;
                        }
                        None => {
                            let a = format!("{dir}{}.rs", m.ident);
                            let b = format!("{dir}{}/mod.rs", m.ident);
                            let f = if sources.contains_key(&a) { a } else { b };
                            if !sources.contains_key(&f) {
                                return Err(format!(
                                    "module {} declared but {f} not found",
                                    m.ident
                                ));
                            }
                            self.load_file(sources, &f, child)?;
                        }
                    }
                    continue;
                }
                _ => continue,
            };
            if let Some(n) = name
                && !is_test(attrs)
            {
                self.modules[module].items.insert(n.to_string(), fid);
            }
        }
        for (m, u) in imports {
            let mut flat = Vec::new();
            flatten(&u.tree, &mut Vec::new(), &mut flat);
            let public = !matches!(u.vis, syn::Visibility::Inherited);
            for (path, binding) in flat {
                if binding == "*" {
                    self.modules[m].globs.push(path.clone());
                } else if binding != "_" {
                    self.modules[m].uses.insert(binding.clone(), path.clone());
                }
                // A re-export is not a use of its own file.
                if !public && binding != "*" {
                    code.push(Use {
                        module: m,
                        path,
                        is_import: true,
                    });
                }
            }
        }
        self.uses.extend(code);
        Ok(())
    }

    /// Looks up `name` in the scope of module `m` (nothing when the same
    /// lookup is already in progress further up).
    fn lookup(&self, m: usize, name: &str, last: bool, depth: usize) -> Option<Res> {
        let key = (m, name.to_string(), last);
        if !self.visiting.borrow_mut().insert(key.clone()) {
            return None;
        }
        let found = self.lookup_once(m, name, last, depth);
        self.visiting.borrow_mut().remove(&key);
        found
    }

    /// [`Graph::lookup`] without the guard.
    fn lookup_once(&self, m: usize, name: &str, last: bool, depth: usize) -> Option<Res> {
        let md = &self.modules[m];
        if last && let Some(&f) = md.items.get(name) {
            return Some(Res::Item(f));
        }
        if let Some(&c) = md.children.get(name) {
            return Some(Res::Module(c));
        }
        if let Some(&f) = md.items.get(name) {
            return Some(Res::Item(f));
        }
        if let Some(p) = md.uses.get(name) {
            return self.resolve(m, p, depth + 1);
        }
        // Globs of this crate only (`rayon::prelude::*` names nothing here).
        let internal = |p: &&Vec<String>| {
            ["crate", "self", "super"].contains(&p[0].as_str()) || md.children.contains_key(&p[0])
        };
        for gpath in md.globs.iter().filter(internal) {
            if let Some(Res::Module(gm)) = self.resolve(m, gpath, depth + 1)
                && gm != m
                && let Some(r) = self.lookup(gm, name, last, depth + 1)
            {
                return Some(r);
            }
        }
        None
    }

    /// Resolves a path written in module `m` (`None`: another crate, or a
    /// local name).
    fn resolve(&self, m: usize, path: &[String], depth: usize) -> Option<Res> {
        if depth > 16 || path.is_empty() {
            return None;
        }
        let here = &self.modules[m];
        let mut cur = match path[0].as_str() {
            "crate" => Res::Module(here.root),
            "self" => Res::Module(m),
            "super" => Res::Module(here.parent?),
            "migrasim" if Some(here.root) != self.lib_root => Res::Module(self.lib_root?),
            first => self.lookup(m, first, path.len() == 1, depth)?,
        };
        for (i, seg) in path.iter().enumerate().skip(1) {
            let Res::Module(x) = cur else {
                // An associated item or a variant of an item.
                return Some(cur);
            };
            cur = match seg.as_str() {
                "self" => cur,
                "super" => Res::Module(self.modules[x].parent?),
                // Not found (made by a macro?): the module's own file.
                _ => self
                    .lookup(x, seg, i + 1 == path.len(), depth)
                    .unwrap_or(Res::Item(self.modules[x].file)),
            };
        }
        Some(cur)
    }

    /// Top module (under the library root) that a path goes through, for
    /// every module it traverses.
    fn traverses(&self, m: usize, path: &[String]) -> Vec<usize> {
        let mut seen = Vec::new();
        for n in 1..=path.len() {
            if let Some(Res::Module(x)) = self.resolve(m, &path[..n], 0) {
                seen.push(x);
            }
        }
        seen
    }

    /// File → files it uses (test items left out).
    fn edges(&self) -> BTreeMap<String, BTreeSet<String>> {
        let mut e: BTreeMap<String, BTreeSet<String>> = self
            .files
            .iter()
            .map(|f| (f.clone(), BTreeSet::new()))
            .collect();
        for u in &self.uses {
            let from = self.modules[u.module].file;
            let to = match self.resolve(u.module, &u.path, 0) {
                Some(Res::Item(f)) => f,
                // A module named by a path in code: its file.
                Some(Res::Module(x)) if !u.is_import => self.modules[x].file,
                _ => continue,
            };
            if to != from {
                e.get_mut(&self.files[from])
                    .unwrap()
                    .insert(self.files[to].clone());
            }
        }
        e
    }

    /// Uses of `crate::scenario` (or anything under it) by engine files:
    /// "file: path".
    fn engine_uses_scenario(&self) -> Vec<String> {
        let Some(lib) = self.lib_root else {
            return Vec::new();
        };
        let top = |m: usize| -> Option<&str> {
            let md = &self.modules[m];
            (md.root == lib)
                .then(|| md.path.first().map(String::as_str))
                .flatten()
        };
        let mut out = BTreeSet::new();
        for u in &self.uses {
            if !top(u.module).is_some_and(|t| ENGINE.contains(&t)) {
                continue;
            }
            if self
                .traverses(u.module, &u.path)
                .into_iter()
                .any(|x| top(x) == Some("scenario"))
            {
                out.insert(format!(
                    "{}: {}",
                    self.files[self.modules[u.module].file],
                    u.path.join("::")
                ));
            }
        }
        out.into_iter().collect()
    }
}

/// Cycles of the graph: one chain per strongly connected group of files
/// (shortest cycle through each of its files, duplicates dropped).
fn cycles(edges: &BTreeMap<String, BTreeSet<String>>) -> Vec<Vec<String>> {
    // Tarjan's strongly connected components.
    struct T<'a> {
        e: &'a BTreeMap<String, BTreeSet<String>>,
        idx: HashMap<&'a str, usize>,
        low: HashMap<&'a str, usize>,
        stack: Vec<&'a str>,
        on: BTreeSet<&'a str>,
        groups: Vec<Vec<String>>,
    }
    fn visit<'a>(t: &mut T<'a>, v: &'a str) {
        let n = t.idx.len();
        t.idx.insert(v, n);
        t.low.insert(v, n);
        t.stack.push(v);
        t.on.insert(v);
        for w in t.e.get(v).into_iter().flatten() {
            if !t.idx.contains_key(w.as_str()) {
                visit(t, w);
                let l = t.low[v].min(t.low[w.as_str()]);
                t.low.insert(v, l);
            } else if t.on.contains(w.as_str()) {
                let l = t.low[v].min(t.idx[w.as_str()]);
                t.low.insert(v, l);
            }
        }
        if t.low[v] == t.idx[v] {
            let mut g = Vec::new();
            while let Some(w) = t.stack.pop() {
                t.on.remove(w);
                g.push(w.to_string());
                if w == v {
                    break;
                }
            }
            if g.len() > 1 {
                g.sort();
                t.groups.push(g);
            }
        }
    }
    let mut t = T {
        e: edges,
        idx: HashMap::new(),
        low: HashMap::new(),
        stack: Vec::new(),
        on: BTreeSet::new(),
        groups: Vec::new(),
    };
    for v in edges.keys() {
        if !t.idx.contains_key(v.as_str()) {
            visit(&mut t, v);
        }
    }
    let mut chains = Vec::new();
    let mut seen = BTreeSet::new();
    for g in &t.groups {
        let inside: BTreeSet<&str> = g.iter().map(String::as_str).collect();
        for start in g {
            // Shortest way back to `start` inside the group (breadth first).
            let mut prev: BTreeMap<&str, &str> = BTreeMap::new();
            let mut queue = std::collections::VecDeque::from([start.as_str()]);
            let mut end = None;
            while let Some(v) = queue.pop_front() {
                for w in &edges[v] {
                    if !inside.contains(w.as_str()) {
                        continue;
                    }
                    if w == start {
                        end = Some(v);
                        queue.clear();
                        break;
                    }
                    if !prev.contains_key(w.as_str()) {
                        prev.insert(w, v);
                        queue.push_back(w);
                    }
                }
            }
            let Some(mut v) = end else { continue };
            let mut chain = vec![start.clone()];
            let mut back = vec![v.to_string()];
            while v != start {
                v = prev[v];
                if v != start {
                    back.push(v.to_string());
                }
            }
            back.reverse();
            chain.extend(back);
            let key: BTreeSet<String> = chain.iter().cloned().collect();
            let mut rotated = chain.clone();
            let min = (0..rotated.len()).min_by_key(|&i| &chain[i]).unwrap_or(0);
            rotated.rotate_left(min);
            if seen.insert((key.into_iter().collect::<Vec<_>>(), rotated.clone())) {
                rotated.push(rotated[0].clone());
                chains.push(rotated);
            }
        }
    }
    chains
}

/// Every `.rs` file under `src/`, by path relative to it.
fn read_src() -> BTreeMap<String, String> {
    fn walk(dir: &Path, base: &Path, out: &mut BTreeMap<String, String>) {
        for e in std::fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                walk(&p, base, out);
            } else if p.extension().is_some_and(|x| x == "rs") {
                let rel = p
                    .strip_prefix(base)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/");
                out.insert(rel, std::fs::read_to_string(&p).unwrap());
            }
        }
    }
    let base = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut out = BTreeMap::new();
    walk(&base, &base, &mut out);
    out
}

fn graph_of_src() -> Graph {
    Graph::build(&read_src()).unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn no_import_circle_in_src() {
    let found = cycles(&graph_of_src().edges());
    let text: Vec<String> = found.iter().map(|c| c.join(" → ")).collect();
    assert!(
        found.is_empty(),
        "{} import circle(s) between files of src/:\n{}",
        found.len(),
        text.join("\n")
    );
}

#[test]
fn the_engine_does_not_use_the_scenario_parser() {
    let uses = graph_of_src().engine_uses_scenario();
    assert!(
        uses.is_empty(),
        "engine files use crate::scenario ({} paths):\n{}",
        uses.len(),
        uses.join("\n")
    );
}

#[test]
fn every_file_of_src_is_parsed_and_reached() {
    let src = read_src();
    let g = Graph::build(&src).unwrap_or_else(|e| panic!("{e}"));
    let reached: BTreeSet<&String> = g.files.iter().chain(&g.test_files).collect();
    let missed: Vec<&String> = src.keys().filter(|f| !reached.contains(f)).collect();
    assert!(
        missed.is_empty(),
        "files of src/ in no module tree: {missed:?}"
    );
    // Some edges exist (the resolver is not blind).
    assert!(g.edges().values().map(BTreeSet::len).sum::<usize>() > 100);
}

fn sources(files: &[(&str, &str)]) -> BTreeMap<String, String> {
    files
        .iter()
        .map(|(p, t)| (p.to_string(), t.to_string()))
        .collect()
}

fn chains(files: &[(&str, &str)]) -> Vec<String> {
    let g = Graph::build(&sources(files)).unwrap();
    cycles(&g.edges()).iter().map(|c| c.join(" → ")).collect()
}

#[test]
fn checker_finds_a_circle_of_two_files() {
    let c = chains(&[
        ("lib.rs", "pub mod a; pub mod b;"),
        ("a.rs", "use crate::b::B; pub struct A(pub B);"),
        (
            "b.rs",
            "pub struct B; pub fn f() -> usize { super::a::g() }",
        ),
        ("a/unused.rs", ""),
    ]);
    // a.rs has no `g`: the path still points at a.rs (made by a macro?).
    assert_eq!(c, ["a.rs → b.rs → a.rs"]);
    // Through a `use` of a module, a path in code, and a macro's arguments.
    let files = [
        ("lib.rs", "pub mod x; pub mod y;"),
        (
            "x/mod.rs",
            "pub mod inner; pub fn go() { println!(\"{}\", crate::y::N); }",
        ),
        ("x/inner.rs", "pub const M: u8 = 1;"),
        (
            "y.rs",
            "use crate::x::inner; pub const N: u8 = inner::M; fn h() { super::x::go() }",
        ),
    ];
    assert_eq!(chains(&files), ["x/mod.rs → y.rs → x/mod.rs"]);
    let e = Graph::build(&sources(&files)).unwrap().edges();
    let want: BTreeSet<String> = ["x/inner.rs", "x/mod.rs"].map(String::from).into();
    assert_eq!(e["y.rs"], want);
}

#[test]
fn checker_follows_re_exports_and_does_not_count_them() {
    let files = [
        ("lib.rs", "pub mod a; pub mod b; pub mod c;"),
        // a re-exports b's item: not a use of b by a.
        ("a.rs", "pub use crate::b::B; pub struct X;"),
        ("b.rs", "use crate::a::X; pub struct B(pub X);"),
        // c uses B through a: the edge goes to b, where B is defined.
        ("c.rs", "use crate::a::B; pub fn f(_: B) {}"),
    ];
    assert!(chains(&files).is_empty(), "{:?}", chains(&files));
    let e = Graph::build(&sources(&files)).unwrap().edges();
    assert_eq!(e["c.rs"], BTreeSet::from(["b.rs".to_string()]));
    assert_eq!(e["a.rs"], BTreeSet::new());
}

#[test]
fn checker_ignores_test_code_and_other_crates() {
    let files = [
        ("lib.rs", "pub mod a; pub mod b;"),
        (
            "a.rs",
            "pub struct A;\n#[cfg(test)]\nmod tests { use crate::b::B; }\n\
             #[cfg(test)]\nfn helper() -> crate::b::B { crate::b::B }\n\
             fn g() -> std::fs::File { serde::x::y() }",
        ),
        ("b.rs", "use crate::a::A; pub struct B(A);"),
    ];
    assert!(chains(&files).is_empty(), "{:?}", chains(&files));
}

#[test]
fn checker_reports_engine_uses_of_the_scenario_parser() {
    let g = Graph::build(&sources(&[
        ("lib.rs", "pub mod scenario; pub mod kernel; pub mod cli;"),
        ("scenario/mod.rs", "pub mod model; pub use model::S;"),
        ("scenario/model.rs", "pub struct S;"),
        (
            "kernel/mod.rs",
            "use crate::scenario; pub fn f(_: scenario::S) {}",
        ),
        ("cli.rs", "use crate::scenario::S;"),
    ]))
    .unwrap();
    assert_eq!(
        g.engine_uses_scenario(),
        [
            "kernel/mod.rs: crate::scenario",
            "kernel/mod.rs: scenario::S"
        ]
    );
    // The program's `migrasim::` paths resolve into the library.
    let e = Graph::build(&sources(&[
        ("lib.rs", "pub mod a;"),
        ("a.rs", "pub fn run() {}"),
        ("main.rs", "mod cli; fn main() { cli::go() }"),
        ("cli.rs", "pub fn go() { migrasim::a::run() }"),
    ]))
    .unwrap()
    .edges();
    assert_eq!(e["cli.rs"], BTreeSet::from(["a.rs".to_string()]));
    assert_eq!(e["main.rs"], BTreeSet::from(["cli.rs".to_string()]));
}
