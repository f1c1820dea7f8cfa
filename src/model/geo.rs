//! Distances on the Earth, with `libm` so that they are the same on every
//! machine.

/// Mean Earth radius used for great-circle distances, in km.
pub const EARTH_RADIUS_KM: f64 = 6371.0;

/// Great-circle (haversine) distance in km between two (latitude, longitude)
/// points given in degrees.
pub fn haversine_km(a: (f64, f64), b: (f64, f64)) -> f64 {
    let (la1, lo1) = (a.0.to_radians(), a.1.to_radians());
    let (la2, lo2) = (b.0.to_radians(), b.1.to_radians());
    let (dla, dlo) = (libm::sin((la2 - la1) / 2.0), libm::sin((lo2 - lo1) / 2.0));
    let h = dla * dla + libm::cos(la1) * libm::cos(la2) * (dlo * dlo);
    2.0 * EARTH_RADIUS_KM * libm::asin(h.sqrt().min(1.0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn haversine_matches_known_distances() {
        // Berlin – Warsaw is about 517 km; a quarter meridian is 10 007.5 km.
        let d = haversine_km((52.52, 13.405), (52.2297, 21.0122));
        assert!((d - 517.0).abs() < 5.0, "{d}");
        let q = haversine_km((0.0, 0.0), (90.0, 0.0));
        assert!((q - EARTH_RADIUS_KM * std::f64::consts::FRAC_PI_2).abs() < 1e-6);
        assert_eq!(haversine_km((10.0, 20.0), (10.0, 20.0)), 0.0);
    }
}
