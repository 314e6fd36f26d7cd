//! Points on the map: the distance between two coordinates and the building
//! nearest to a point, for requests that come with coordinates instead of an
//! address.
//!
//! Not a geocoder: it only compares coordinates the registry already has.

/// A WGS84 point in degrees.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Point {
    pub latitude: f64,
    pub longitude: f64,
}

impl Point {
    /// A point when both coordinates are in range.
    pub fn new(latitude: f64, longitude: f64) -> Option<Point> {
        let ok = latitude.is_finite()
            && longitude.is_finite()
            && (-90.0..=90.0).contains(&latitude)
            && (-180.0..=180.0).contains(&longitude);
        ok.then_some(Point {
            latitude,
            longitude,
        })
    }
}

const EARTH_RADIUS_M: f64 = 6_371_008.8;

/// Great-circle distance in metres (haversine).
pub fn distance_m(a: Point, b: Point) -> f64 {
    let (lat1, lat2) = (a.latitude.to_radians(), b.latitude.to_radians());
    let dlat = lat2 - lat1;
    let dlon = (b.longitude - a.longitude).to_radians();
    let h = (dlat / 2.0).sin().powi(2) + lat1.cos() * lat2.cos() * (dlon / 2.0).sin().powi(2);
    2.0 * EARTH_RADIUS_M * h.sqrt().asin()
}

/// How far a reported point may be from a building's point and still be that
/// building: a phone's GPS in a courtyard is usually within a few dozen metres.
pub const MAX_MATCH_DISTANCE_M: f64 = 100.0;

/// The latitude and longitude half-widths (degrees) of a box that holds every
/// point within `metres` of `at`, for narrowing a search before measuring.
pub fn search_box(at: Point, metres: f64) -> (f64, f64) {
    let dlat = (metres / EARTH_RADIUS_M).to_degrees();
    let cos = at.latitude.to_radians().cos().abs().max(0.01);
    (dlat, (dlat / cos).min(180.0))
}

/// The candidate nearest to `at` within `max_m` metres; the first one wins a tie.
pub fn nearest<T: Copy>(at: Point, candidates: &[(T, Point)], max_m: f64) -> Option<T> {
    let mut best: Option<(T, f64)> = None;
    for (item, point) in candidates {
        let d = distance_m(at, *point);
        if d <= max_m && best.is_none_or(|(_, b)| d < b) {
            best = Some((*item, d));
        }
    }
    best.map(|(item, _)| item)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(latitude: f64, longitude: f64) -> Point {
        Point::new(latitude, longitude).unwrap()
    }

    #[track_caller]
    fn check_distance(a: Point, b: Point, expected_m: f64) {
        let d = distance_m(a, b);
        assert!(
            (d - expected_m).abs() < expected_m * 0.005 + 0.5,
            "{d} vs {expected_m}"
        );
    }

    #[test]
    fn distances_match_known_ones() {
        // One degree of latitude is about 111.2 km anywhere.
        check_distance(p(54.0, 56.0), p(55.0, 56.0), 111_195.0);
        // At Ufa's latitude a degree of longitude is about 64 km.
        check_distance(p(54.74, 55.0), p(54.74, 56.0), 64_200.0);
        check_distance(p(54.74, 55.97), p(54.74, 55.97), 0.0);
    }

    #[test]
    fn coordinates_out_of_range_are_not_points() {
        assert!(Point::new(91.0, 0.0).is_none());
        assert!(Point::new(0.0, -181.0).is_none());
        assert!(Point::new(f64::NAN, 0.0).is_none());
        assert!(Point::new(-90.0, 180.0).is_some());
    }

    #[test]
    fn the_nearest_building_within_reach_is_picked() {
        let at = p(54.7400, 55.9700);
        let candidates = [
            (1, p(54.7410, 55.9700)), // ~111 m north
            (2, p(54.7403, 55.9701)), // ~34 m
            (3, p(54.7402, 55.9700)), // ~22 m
        ];
        assert_eq!(nearest(at, &candidates, MAX_MATCH_DISTANCE_M), Some(3));
        assert_eq!(nearest(at, &candidates[..1], MAX_MATCH_DISTANCE_M), None);
        assert_eq!(nearest::<i32>(at, &[], MAX_MATCH_DISTANCE_M), None);
    }

    #[test]
    fn the_search_box_holds_the_reach() {
        let at = p(54.74, 55.97);
        let (dlat, dlon) = search_box(at, 100.0);
        check_distance(at, p(54.74 + dlat, 55.97), 100.0);
        check_distance(at, p(54.74, 55.97 + dlon), 100.0);
    }
}
