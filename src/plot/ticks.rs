//! Round-number axis ranges and tick labels: 0, 0.5, 1 rather than 0.0137.

/// A step of 1, 2 or 5 times a power of ten close to `span / parts`.
pub fn nice_step(span: f64, parts: usize) -> f64 {
    let raw = span / parts.max(1) as f64;
    if !(raw.is_finite() && raw > 0.0) {
        return 1.0;
    }
    let power = 10f64.powf(raw.log10().floor());
    let fraction = raw / power;
    let nice = if fraction <= 1.0 {
        1.0
    } else if fraction <= 2.0 {
        2.0
    } else if fraction <= 5.0 {
        5.0
    } else {
        10.0
    };
    nice * power
}

/// The range `lo..hi` widened to round numbers a quarter of a tick step apart (so the data
/// fills most of the axis), with round ticks inside it and its ends. A single value gets a unit range
/// around it.
pub fn nice_range(lo: f64, hi: f64, parts: usize) -> (f64, f64, Vec<f64>) {
    let (mut lo, mut hi) = (lo, hi);
    if !(lo.is_finite() && hi.is_finite()) {
        lo = 0.0;
        hi = 1.0;
    }
    if hi <= lo {
        let pad = if lo == 0.0 { 1.0 } else { lo.abs() * 0.5 };
        lo -= pad;
        hi += pad;
    }
    let fine = nice_step(hi - lo, 4 * parts.max(1));
    let first = (lo / fine).floor() * fine;
    let last = (hi / fine).ceil() * fine;
    let mut ticks = fixed_ticks(first, last, parts);
    // The ends are labelled too, unless a tick is within half a step of them.
    let step = nice_step(last - first, parts);
    for end in [first, last] {
        let end = if end == 0.0 { 0.0 } else { end };
        if ticks.iter().all(|t| (t - end).abs() > 0.5 * step) {
            ticks.push(end);
        }
    }
    ticks.sort_by(f64::total_cmp);
    (first, last, ticks)
}

/// Round ticks inside a fixed range (given by `xlim=`/`ylim=`).
pub fn fixed_ticks(lo: f64, hi: f64, parts: usize) -> Vec<f64> {
    let step = nice_step(hi - lo, parts);
    let first = (lo / step - 1e-9).ceil() * step;
    ticks_between(first, hi, step)
}

fn ticks_between(first: f64, last: f64, step: f64) -> Vec<f64> {
    let mut ticks = Vec::new();
    let mut k = 0.0;
    loop {
        let t = first + k * step;
        if t > last + step * 1e-9 || ticks.len() > 50 {
            break;
        }
        // Snap values like 0.30000000000000004 and -0.0 to what a person writes.
        let snapped = (t / step).round() * step;
        ticks.push(if snapped == 0.0 { 0.0 } else { snapped });
        k += 1.0;
    }
    ticks
}

/// A tick value in few characters: `0.5`, `1000`, `1e+06`, `2.5e-05`.
pub fn label(x: f64) -> String {
    if x == 0.0 {
        return "0".to_string();
    }
    let a = x.abs();
    if (1e-3..1e5).contains(&a) {
        let s = format!("{x:.4}");
        let s = s.trim_end_matches('0').trim_end_matches('.');
        s.to_string()
    } else {
        let s = format!("{x:.2e}");
        let (mantissa, exponent) = s.split_once('e').unwrap_or((&s, "0"));
        let mantissa = mantissa.trim_end_matches('0').trim_end_matches('.');
        format!("{mantissa}e{exponent}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_widen_to_round_numbers() {
        let (lo, hi, ticks) = nice_range(0.13, 9.7, 4);
        assert_eq!((lo, hi), (0.0, 10.0));
        assert_eq!(ticks, vec![0.0, 5.0, 10.0]);
        let (lo, hi, _) = nice_range(3.0, 3.0, 4);
        assert!(lo < 3.0 && hi > 3.0);
    }

    #[test]
    fn labels_are_short() {
        assert_eq!(label(0.5), "0.5");
        assert_eq!(label(1000.0), "1000");
        assert_eq!(label(0.30000000000000004), "0.3");
        assert_eq!(label(2.5e-5), "2.5e-5");
        assert_eq!(label(-1e6), "-1e6");
    }
}
