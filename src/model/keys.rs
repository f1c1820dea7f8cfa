//! The vocabulary of the schema: what a key accepts ([`Kind`], [`Range`]),
//! its [`Default`], its entry ([`Field`]) in a [`Section`], and which model
//! field it fills ([`Fill`], [`Slot`]); [`Keyed`] is a model type filled
//! key by key from one section.

use super::country::{Country, Cycle, Simulation, SyntheticWorld, YearMonth};
use super::data::Stock;
use super::dated::{
    BarrierChange, Bloc, CapitalFlow, Flight, Phase, Region, Shock, Tie, TieStrengths, Transition,
};
use super::settings::{
    Age, Costs, Decision, Economy, Entry, Forms, Gravity, Legality, Pair, Recognition, Returns,
    Season, Technology,
};

/// What values a key accepts.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Kind {
    /// A number (integers are accepted) in a range.
    Number(Range),
    /// An integer in `[min, max]`.
    Integer {
        /// Smallest allowed value.
        min: i64,
        /// Largest allowed value.
        max: i64,
    },
    /// Free text.
    Text,
    /// A name usable as a folder name: ASCII letters, digits, `.`, `_`, `-`.
    Name,
    /// A country code: 2 to 8 upper-case letters or digits.
    Code,
    /// `true` or `false`.
    Bool,
    /// A month, written `"YYYY-MM"`.
    Month,
    /// One of a fixed set of words.
    Choice(&'static [&'static str]),
    /// A list of country codes.
    Codes,
    /// A table from country codes to months.
    CodeMonths,
    /// A table from country codes to shares.
    CodeShares,
    /// A path to another scenario file.
    Path,
    /// A table of its own (documented as a section).
    Table,
}

/// A range of numbers; each end open or closed, or unbounded.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Range {
    /// Lower bound (`f64::NEG_INFINITY` for none).
    pub lo: f64,
    /// Whether `lo` itself is allowed.
    pub lo_closed: bool,
    /// Upper bound (`f64::INFINITY` for none).
    pub hi: f64,
    /// Whether `hi` itself is allowed.
    pub hi_closed: bool,
}

impl Range {
    /// `[lo, hi]`.
    pub const fn closed(lo: f64, hi: f64) -> Range {
        Range {
            lo,
            lo_closed: true,
            hi,
            hi_closed: true,
        }
    }

    /// `[lo, hi)`.
    pub const fn half_open(lo: f64, hi: f64) -> Range {
        Range {
            lo,
            lo_closed: true,
            hi,
            hi_closed: false,
        }
    }

    /// `> 0` (finite).
    pub const POSITIVE: Range = Range {
        lo: 0.0,
        lo_closed: false,
        hi: f64::INFINITY,
        hi_closed: false,
    };

    /// `≥ 0` (finite).
    pub const NON_NEGATIVE: Range = Range {
        lo: 0.0,
        lo_closed: true,
        hi: f64::INFINITY,
        hi_closed: false,
    };

    /// Whether `x` is in the range (NaN never is; infinities only where the
    /// range is closed at an infinite end, which none is).
    pub fn contains(&self, x: f64) -> bool {
        let above = if self.lo_closed {
            x >= self.lo
        } else {
            x > self.lo
        };
        let below = if self.hi_closed {
            x <= self.hi
        } else {
            x < self.hi
        };
        above && below && x.is_finite()
    }

    /// How the range reads in messages and docs, e.g. `a number in [0, 1)`.
    pub fn describe(&self) -> String {
        match (self.lo.is_finite(), self.hi.is_finite()) {
            (true, true) => format!(
                "a number in {}{}, {}{}",
                if self.lo_closed { '[' } else { '(' },
                fmt_num(self.lo),
                fmt_num(self.hi),
                if self.hi_closed { ']' } else { ')' }
            ),
            (true, false) => format!(
                "a number {} {}",
                if self.lo_closed { "≥" } else { ">" },
                fmt_num(self.lo)
            ),
            (false, true) => format!(
                "a number {} {}",
                if self.hi_closed { "≤" } else { "<" },
                fmt_num(self.hi)
            ),
            (false, false) => "a finite number".to_string(),
        }
    }
}

/// A number as a person would write it: `0.5`, `2`, `1000000`.
pub fn fmt_num(x: f64) -> String {
    if x == x.trunc() && x.abs() < 1e15 {
        format!("{}", x as i64)
    } else {
        format!("{x}")
    }
}

impl Kind {
    /// What is allowed, as shown after `allowed:` in errors and in the docs.
    pub fn describe(&self) -> String {
        match self {
            Kind::Number(r) => r.describe(),
            Kind::Integer { min, max } => format!("an integer in [{min}, {max}]"),
            Kind::Text => "a string".into(),
            Kind::Name => format!(
                "a string of ASCII letters (a-z, A-Z), digits, '.', '_' or '-', not starting \
                 with '.', at most {} characters",
                MAX_NAME_CHARS
            ),
            Kind::Code => "a code of 2 to 8 upper-case letters or digits, e.g. \"POL\"".into(),
            Kind::Bool => "true or false".into(),
            Kind::Month => "a month written \"YYYY-MM\", e.g. \"2004-05\"".into(),
            Kind::Choice(words) => {
                let quoted: Vec<String> = words.iter().map(|w| format!("\"{w}\"")).collect();
                format!("one of {}", quoted.join(", "))
            }
            Kind::Codes => "an array of country codes, e.g. [\"DEU\", \"POL\"]".into(),
            Kind::CodeMonths => {
                "a table of member codes to months, e.g. { POL = \"2004-05\" }".into()
            }
            Kind::CodeShares => {
                "a table of country codes to shares adding up to at most 1, e.g. { ARM = 0.6 }"
                    .into()
            }
            Kind::Path => "a path to a scenario file, relative to this file".into(),
            Kind::Table => "a table".into(),
        }
    }
}

/// The default of a key.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Default {
    /// The key must be given.
    Required,
    /// Absent means "none" (explained in the key's doc).
    Optional,
    /// A number.
    Number(f64),
    /// An integer.
    Integer(i64),
    /// A boolean.
    Bool(bool),
    /// A string.
    Text(&'static str),
    /// Worked out from other values (how: in the text).
    Derived(&'static str),
}

impl Default {
    /// How the default reads in the scenario reference.
    pub fn describe(&self) -> String {
        match self {
            Default::Required => "required".into(),
            Default::Optional => "none".into(),
            Default::Number(x) => fmt_num(*x),
            Default::Integer(n) => n.to_string(),
            Default::Bool(b) => b.to_string(),
            Default::Text(s) => format!("\"{s}\""),
            Default::Derived(s) => (*s).into(),
        }
    }
}

/// One key of a table.
#[derive(Debug, Clone, Copy)]
pub struct Field {
    /// The key.
    pub name: &'static str,
    /// What it accepts.
    pub kind: Kind,
    /// Its default.
    pub default: Default,
    /// Unit of the value ("" for none).
    pub unit: &'static str,
    /// What it means.
    pub doc: &'static str,
    /// Which model field its value fills ([`Fill::Loader`]: the loader's
    /// own code reads it).
    pub fill: Fill,
}

impl Field {
    /// The same key, filling `fill` in the model.
    pub const fn fills(self, fill: Fill) -> Field {
        Field { fill, ..self }
    }
}

/// One table of a scenario file (or an array of tables).
#[derive(Debug, Clone, Copy)]
pub struct Section {
    /// Its path, e.g. `decision`, `country`, `country.cycle`; "" for the top level.
    pub path: &'static str,
    /// Whether it is an array of tables (`[[country]]`).
    pub array: bool,
    /// What it is for.
    pub doc: &'static str,
    /// Its keys.
    pub fields: &'static [Field],
}

impl Section {
    /// The field called `name`, if the section has one.
    pub fn field(&self, name: &str) -> Option<&'static Field> {
        self.fields.iter().find(|f| f.name == name)
    }

    /// The names of all keys, for "did you mean" hints.
    pub fn names(&self) -> Vec<&'static str> {
        self.fields.iter().map(|f| f.name).collect()
    }
}

pub(crate) const fn f(
    name: &'static str,
    kind: Kind,
    default: Default,
    unit: &'static str,
    doc: &'static str,
) -> Field {
    Field {
        name,
        kind,
        default,
        unit,
        doc,
        fill: Fill::Loader,
    }
}

/// Longest scenario (folder) name: file systems allow 255 bytes per
/// name, and the temporary name of a run folder adds up to 50.
pub const MAX_NAME_CHARS: usize = 200;

/// A probability: a number in [0, 1].
pub const PROBABILITY: Kind = Kind::Number(Range::closed(0.0, 1.0));
/// A share below one: a number in [0, 1).
pub const SHARE_BELOW_ONE: Kind = Kind::Number(Range::half_open(0.0, 1.0));
/// A yearly growth rate: a number in [−0.5, 0.5].
pub const GROWTH_RATE: Kind = Kind::Number(Range::closed(-0.5, 0.5));

/// The development groups of docs/model.md §2, as written in files.
pub const GROUPS: &[&str] = &["industrialised", "developing", "transition"];

/// Where a value of type `T` keeps one key: a function from the value to
/// the field (so a key may fill one element of an array field).
pub enum Slot<T> {
    /// A number field.
    Number(fn(&mut T) -> &mut f64),
    /// An optional number (a number key whose default is "none" or worked
    /// out later from other values).
    Maybe(fn(&mut T) -> &mut Option<f64>),
    /// A whole-number field (an integer key in a range of `u32`).
    Count(fn(&mut T) -> &mut u32),
    /// An optional whole number (an integer key whose default is worked
    /// out later from other values).
    MaybeCount(fn(&mut T) -> &mut Option<u32>),
    /// A small whole number (an integer key in a range of `u8`).
    Small(fn(&mut T) -> &mut u8),
    /// A 64-bit whole number (an integer key in a range of `u64`: a seed).
    Whole(fn(&mut T) -> &mut u64),
    /// A `true`/`false` field.
    Flag(fn(&mut T) -> &mut bool),
    /// A month field (a month key that is required or has a default).
    Date(fn(&mut T) -> &mut YearMonth),
    /// An optional month (a month key whose default is "none").
    Month(fn(&mut T) -> &mut Option<YearMonth>),
    /// A string field (a text, name or code key).
    Text(fn(&mut T) -> &mut String),
    /// A word of a [`schema::Kind::Choice`] key, applied by the function.
    Choice(fn(&mut T, &str)),
}

impl<T> Clone for Slot<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T> Copy for Slot<T> {}

impl<T> std::fmt::Debug for Slot<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Slot::Number(_) => "Number",
            Slot::Maybe(_) => "Maybe",
            Slot::Count(_) => "Count",
            Slot::MaybeCount(_) => "MaybeCount",
            Slot::Small(_) => "Small",
            Slot::Whole(_) => "Whole",
            Slot::Flag(_) => "Flag",
            Slot::Date(_) => "Date",
            Slot::Month(_) => "Month",
            Slot::Text(_) => "Text",
            Slot::Choice(_) => "Choice",
        })
    }
}

impl<T> Slot<T> {
    /// Puts the schema default `d` into `value`; `false` where the default
    /// is not of the slot's type (a schema mistake a test catches). A
    /// required key has no default: its field is left as it is (blank
    /// until the key is read).
    pub fn put_default(&self, value: &mut T, d: Default) -> bool {
        match (*self, d) {
            (_, Default::Required) => {}
            (Slot::Number(p), Default::Number(x)) => *p(value) = x,
            // Worked out from other values by the loader (e.g. a shock's
            // return rate from its kind): blank until then.
            (Slot::Number(_), Default::Derived(_)) => {}
            (Slot::Maybe(p), Default::Optional | Default::Derived(_)) => *p(value) = None,
            (Slot::Count(p), Default::Integer(n)) => match u32::try_from(n) {
                Ok(n) => *p(value) = n,
                Err(_) => return false,
            },
            (Slot::MaybeCount(p), Default::Optional | Default::Derived(_)) => *p(value) = None,
            (Slot::Small(p), Default::Integer(n)) => match u8::try_from(n) {
                Ok(n) => *p(value) = n,
                Err(_) => return false,
            },
            (Slot::Whole(p), Default::Integer(n)) => match u64::try_from(n) {
                Ok(n) => *p(value) = n,
                Err(_) => return false,
            },
            (Slot::Flag(p), Default::Bool(b)) => *p(value) = b,
            (Slot::Date(p), Default::Text(t)) => match YearMonth::parse(t) {
                Some(m) => *p(value) = m,
                None => return false,
            },
            (Slot::Month(p), Default::Optional) => *p(value) = None,
            (Slot::Text(p), Default::Text(t)) => *p(value) = t.to_string(),
            // Worked out from other values by the loader (e.g. a country's
            // name from its code): blank until then.
            (Slot::Text(_), Default::Derived(_)) => {}
            (Slot::Choice(p), Default::Text(w)) => p(value, w),
            _ => return false,
        }
        true
    }

    /// The field as it would be written in a file (`none` for an absent
    /// optional value; `None` for a choice, whose field cannot be read
    /// back as a word): for tests.
    pub fn show(&self, value: &mut T) -> Option<String> {
        Some(match *self {
            Slot::Number(p) => format!("{}", *p(value)),
            Slot::Maybe(p) => p(value).map_or("none".into(), |x| format!("{x}")),
            Slot::Count(p) => p(value).to_string(),
            Slot::MaybeCount(p) => p(value).map_or("none".into(), |n| n.to_string()),
            Slot::Small(p) => p(value).to_string(),
            Slot::Whole(p) => p(value).to_string(),
            Slot::Flag(p) => p(value).to_string(),
            Slot::Date(p) => format!("\"{}\"", *p(value)),
            Slot::Month(p) => match *p(value) {
                Some(m) => format!("\"{m}\""),
                None => "none".into(),
            },
            Slot::Text(p) => format!("\"{}\"", p(value)),
            Slot::Choice(_) => return None,
        })
    }
}

/// Which model field a schema key fills.
#[derive(Debug, Clone, Copy)]
pub enum Fill {
    /// The loader reads the key with its own code (tables, codes, lists,
    /// values checked against other keys).
    Loader,
    /// A field of [`Costs`].
    Costs(Slot<Costs>),
    /// A field of [`Decision`].
    Decision(Slot<Decision>),
    /// A field of [`Gravity`] (keys of `[decision]`).
    Gravity(Slot<Gravity>),
    /// A field of [`Economy`].
    Economy(Slot<Economy>),
    /// A field of [`Recognition`].
    Recognition(Slot<Recognition>),
    /// A field of [`Technology`].
    Technology(Slot<Technology>),
    /// A field of a country's [`Cycle`].
    Cycle(Slot<Cycle>),
    /// A field of [`Forms`].
    Forms(Slot<Forms>),
    /// A field of [`Legality`].
    Legality(Slot<Legality>),
    /// A field of [`Returns`].
    Returns(Slot<Returns>),
    /// A field of [`Age`].
    Age(Slot<Age>),
    /// A field of [`Simulation`].
    Simulation(Slot<Simulation>),
    /// A field of [`SyntheticWorld`].
    SyntheticWorld(Slot<SyntheticWorld>),
    /// A field of a [`Country`].
    Country(Slot<Country>),
    /// A field of [`TieStrengths`] (keys of `[ties]`).
    TieStrengths(Slot<TieStrengths>),
    /// A field of a [`Tie`].
    Tie(Slot<Tie>),
    /// A field of a [`Pair`].
    Pair(Slot<Pair>),
    /// A field of a [`Bloc`].
    Bloc(Slot<Bloc>),
    /// A field of a bloc's [`Transition`].
    Transition(Slot<Transition>),
    /// A field of a [`Phase`].
    Phase(Slot<Phase>),
    /// A field of a [`BarrierChange`].
    BarrierChange(Slot<BarrierChange>),
    /// A field of a [`Shock`].
    Shock(Slot<Shock>),
    /// A field of a shock's [`Flight`] (keys of `[[shock]]`).
    Flight(Slot<Flight>),
    /// A field of a [`CapitalFlow`].
    CapitalFlow(Slot<CapitalFlow>),
    /// A field of a [`Region`].
    Region(Slot<Region>),
    /// A field of a [`Season`].
    Season(Slot<Season>),
    /// A field of an [`Entry`].
    Entry(Slot<Entry>),
    /// A field of a [`Stock`] (`[[stock]]`).
    Stock(Slot<Stock>),
}

/// A model type filled key by key from one section of the schema.
pub trait Keyed: Sized + 'static {
    /// The section whose keys fill it.
    const SECTION: &'static Section;

    /// The slot of `fill` in this type, where it is one of this type's.
    fn slot(fill: &Fill) -> Option<Slot<Self>>;

    /// The value before any key is applied: every field at its type's
    /// zero (never seen: every field has a key whose default replaces it).
    fn blank() -> Self;

    /// The keys of [`Keyed::SECTION`] that fill this type, with their slots.
    fn keys() -> impl Iterator<Item = (&'static Field, Slot<Self>)> {
        Self::SECTION
            .fields
            .iter()
            .filter_map(|f| Self::slot(&f.fill).map(|s| (f, s)))
    }

    /// The value with every key at its schema default.
    fn from_defaults() -> Self {
        let mut v = Self::blank();
        for (f, slot) in Self::keys() {
            slot.put_default(&mut v, f.default);
        }
        v
    }
}

/// Implements [`Keyed`] for a model type: its [`Fill`] variant, its
/// section, and every field (the compiler checks that none is missing),
/// each blank at its type's `Default` or at the value after `=` (fields
/// the loader fills itself, of types without a `Default`).
macro_rules! keyed {
    (@blank) => { ::core::default::Default::default() };
    (@blank $e:expr) => { $e };
    ($t:ident, $section:expr, { $($field:ident $(= $blank:expr)?),* $(,)? }) => {
        impl Keyed for $t {
            const SECTION: &'static Section = &$section;

            fn slot(fill: &Fill) -> Option<Slot<Self>> {
                match fill {
                    Fill::$t(s) => Some(*s),
                    _ => None,
                }
            }

            fn blank() -> Self {
                $t {
                    $($field: keyed!(@blank $($blank)?)),*
                }
            }
        }
    };
}

pub(crate) use keyed;

/// `impl Default` for [`Keyed`] types: every key at its schema default.
macro_rules! schema_default {
    ($($t:ident),* $(,)?) => {
        $(
            impl ::core::default::Default for $t {
                /// Every key at its schema default.
                fn default() -> $t {
                    Keyed::from_defaults()
                }
            }
        )*
    };
}

pub(crate) use schema_default;
