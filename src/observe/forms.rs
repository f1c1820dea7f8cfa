//! Territory and direction of a move (docs/model.md §2), as pure functions of the
//! countries left and entered, the mover's skill and whether the move is a
//! return to the mover's country of origin. Writers and the recorder derive
//! them from the recorded flows; no agent carries them.

use crate::model::{DevGroup, Scenario};

/// Whether a move crosses continents.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Territory {
    /// Between countries of different continents.
    Intercontinental,
    /// Between countries of the same continent.
    Intracontinental,
}

impl Territory {
    /// Of a move between countries `from` and `to` (by their `continent`).
    pub fn of(scenario: &Scenario, from: usize, to: usize) -> Territory {
        if scenario.countries[from].continent == scenario.countries[to].continent {
            Territory::Intracontinental
        } else {
            Territory::Intercontinental
        }
    }

    /// The word written in the outputs.
    pub fn as_str(self) -> &'static str {
        match self {
            Territory::Intercontinental => "intercontinental",
            Territory::Intracontinental => "intracontinental",
        }
    }
}

/// The chapter's five directions of migration, plus `Other` for a move that
/// fits none and `Return` for a move back to the mover's country of origin.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Direction {
    /// Developing or transition → industrialised.
    ToIndustrialised,
    /// Industrialised → industrialised.
    BetweenIndustrialised,
    /// Developing → developing.
    BetweenDeveloping,
    /// Industrialised → developing, high-skilled movers only.
    IndustrialisedToDevelopingHighSkilled,
    /// Developing → transition.
    DevelopingToTransition,
    /// Any other move (transition → transition, transition → developing,
    /// industrialised → transition, and low-skilled industrialised →
    /// developing).
    Other,
    /// A move into the mover's country of origin, whatever the groups.
    Return,
}

impl Direction {
    /// The direction of a move that is not a return, from the development
    /// groups of the country left and the country entered and the mover's
    /// skill.
    pub fn of_groups(from: DevGroup, to: DevGroup, high_skilled: bool) -> Direction {
        use DevGroup::*;
        match (from, to) {
            (Developing | Transition, Industrialised) => Direction::ToIndustrialised,
            (Industrialised, Industrialised) => Direction::BetweenIndustrialised,
            (Developing, Developing) => Direction::BetweenDeveloping,
            (Industrialised, Developing) if high_skilled => {
                Direction::IndustrialisedToDevelopingHighSkilled
            }
            (Developing, Transition) => Direction::DevelopingToTransition,
            _ => Direction::Other,
        }
    }

    /// The direction of a move between countries `from` and `to` of
    /// `scenario` by a mover of the given skill; `returning` when `to` is
    /// the mover's country of origin.
    pub fn of(
        scenario: &Scenario,
        from: usize,
        to: usize,
        high_skilled: bool,
        returning: bool,
    ) -> Direction {
        if returning {
            Direction::Return
        } else {
            Direction::of_groups(
                scenario.countries[from].group,
                scenario.countries[to].group,
                high_skilled,
            )
        }
    }

    /// Every direction, in stacking order (returns at the bottom).
    pub const ALL: [Direction; 7] = [
        Direction::Return,
        Direction::ToIndustrialised,
        Direction::BetweenIndustrialised,
        Direction::BetweenDeveloping,
        Direction::IndustrialisedToDevelopingHighSkilled,
        Direction::DevelopingToTransition,
        Direction::Other,
    ];

    /// Position in [`Direction::ALL`].
    pub fn index(self) -> usize {
        Direction::ALL.iter().position(|&d| d == self).unwrap_or(6)
    }

    /// The direction written `s` in the outputs (unknown words: `Other`).
    pub fn parse(s: &str) -> Direction {
        Direction::ALL
            .into_iter()
            .find(|d| d.as_str() == s.trim())
            .unwrap_or(Direction::Other)
    }

    /// A readable label for charts and reports.
    pub fn label(self) -> &'static str {
        match self {
            Direction::Return => "returns home",
            Direction::ToIndustrialised => "developing/transition \u{2192} industrialised",
            Direction::BetweenIndustrialised => "between industrialised",
            Direction::BetweenDeveloping => "between developing",
            Direction::IndustrialisedToDevelopingHighSkilled => {
                "high-skilled, industrialised \u{2192} developing"
            }
            Direction::DevelopingToTransition => "developing \u{2192} transition",
            Direction::Other => "other directions",
        }
    }

    /// The word written in the outputs.
    pub fn as_str(self) -> &'static str {
        match self {
            Direction::ToIndustrialised => "to_industrialised",
            Direction::BetweenIndustrialised => "industrialised_industrialised",
            Direction::BetweenDeveloping => "developing_developing",
            Direction::IndustrialisedToDevelopingHighSkilled => {
                "industrialised_to_developing_high_skilled"
            }
            Direction::DevelopingToTransition => "developing_to_transition",
            Direction::Other => "other",
            Direction::Return => "return",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use DevGroup::*;

    #[test]
    fn every_pair_of_groups_has_its_direction() {
        let d = |f, t, h| Direction::of_groups(f, t, h).as_str();
        for h in [false, true] {
            assert_eq!(d(Developing, Industrialised, h), "to_industrialised");
            assert_eq!(d(Transition, Industrialised, h), "to_industrialised");
            assert_eq!(
                d(Industrialised, Industrialised, h),
                "industrialised_industrialised"
            );
            assert_eq!(d(Developing, Developing, h), "developing_developing");
            assert_eq!(d(Developing, Transition, h), "developing_to_transition");
            assert_eq!(d(Transition, Transition, h), "other");
            assert_eq!(d(Transition, Developing, h), "other");
            assert_eq!(d(Industrialised, Transition, h), "other");
        }
        assert_eq!(
            d(Industrialised, Developing, true),
            "industrialised_to_developing_high_skilled"
        );
        assert_eq!(d(Industrialised, Developing, false), "other");
    }
}
