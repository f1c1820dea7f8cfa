//! The behaviour a built world gets when it extends no scenario: the
//! `[costs]` and `[decision]` values written into every scenario of
//! `migrasim world` (without `--extends`). They are kept here, in one
//! place, so that calibrating the built worlds (issue 14) edits one
//! constant; docs/world-builder.md says where they come from.

/// The `[costs]` and `[decision]` tables of a built world, as TOML (with
/// their comment), written after `[data]`.
pub const BEHAVIOUR: &str = "\n# Behaviour: the quickstart's values (not calibrated to this world; see\n\
     # docs/world-builder.md). With the defaults of MODEL.md §6 far more people move.\n\
     [costs]\nborder_barrier = 3.8\n\n[decision]\nhome_bias = 4.0\n";
