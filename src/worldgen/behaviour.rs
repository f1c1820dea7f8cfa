//! The behaviour a built world gets when it extends no scenario: the
//! `[costs]`, `[decision]` and `[ties]` values written into every scenario
//! of `migrasim world` (without `--extends`). They are kept here, in one
//! place; docs/facts.md ("Measured: the shipped world-1990") says how they
//! were chosen and what `migrasim facts` measures with them.

/// The `[costs]`, `[decision]` and `[ties]` tables of a built world, as
/// TOML (with their comment), written after `[data]`.
pub const BEHAVIOUR: &str = "\n# Behaviour: the gravity rule at values chosen so that `migrasim facts` on\n\
     # world-1990 (1990-2010, 5e6 agents) meets the stylised facts of issue 14\n\
     # (docs/facts.md has the table, docs/model.md every term). Not fitted to\n\
     # corridors: see scenarios/world-1990-calibrated.toml and docs/validation.md.\n\
     [costs]\nborder_barrier = 3.8\n\n\
     [decision]\n\
     # income matters more than the default 1: rich origins gain little by moving (the\n\
     # falling side of the hump)\n\
     wage_weight = 3.0\n\
     home_bias = 3.5\n\
     move_cost_low = 6.4\n\
     move_cost_high = 4.4\n\
     # returns pay a tenth of the fixed cost of leaving\n\
     return_cost_share = 0.1\n\
     # free movement lifts the legal barrier (3.8), not the foreignness of a move\n\
     foreignness = 2.8\n\
     afford_weight = 3.0\n\
     distance_elasticity = 1.3\n\
     size_weight = 0.8\n\
     contiguity = 1.5\n\n\
     [ties]\nlanguage = 1.5\n";
