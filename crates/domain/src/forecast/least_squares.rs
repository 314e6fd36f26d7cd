//! Weighted least squares for the forecast's handful of columns, and the
//! quantiles its prediction intervals need. Small dense algebra in plain Rust:
//! the design has at most ten columns, so the normal equations are inverted
//! directly (Gauss–Jordan with partial pivoting).

/// A fitted linear model `y = X·β + ε`.
#[derive(Debug, Clone)]
pub(super) struct LinearFit {
    pub coefficients: Vec<f64>,
    /// The coefficients' covariance divided by the residual variance: the
    /// sandwich `G⁻¹·(XᵀW²X)·G⁻¹` with `G = XᵀWX` (plain `(XᵀX)⁻¹` for equal weights).
    pub unscaled_covariance: Vec<Vec<f64>>,
    /// Residual variance, weighted and corrected for the fitted columns.
    pub residual_variance: f64,
    /// Effective observations (Kish: `(Σw)² / Σw²`) less the columns.
    pub degrees_of_freedom: f64,
}

impl LinearFit {
    /// The fitted value and its prediction variance `σ²·(1 + xᵀ·Cov·x)`:
    /// the noise of a new day plus the uncertainty of the coefficients, which
    /// grows as the trend is extrapolated further.
    pub fn predict(&self, row: &[f64]) -> (f64, f64) {
        let mean = dot(&self.coefficients, row);
        (
            mean,
            self.residual_variance * (1.0 + quadratic_form(&self.unscaled_covariance, row)),
        )
    }
}

/// Fits `targets ≈ rows · β` by least squares with a weight per row (discounted
/// least squares: recent days count more). `None` when fewer than one spare
/// effective observation is left or the columns are linearly dependent (a
/// constant column besides the intercept, two columns that move together).
pub(super) fn fit(rows: &[Vec<f64>], targets: &[f64], weights: &[f64]) -> Option<LinearFit> {
    let columns = rows.first()?.len();
    let n = rows.len() as f64;
    let weight_sum: f64 = weights.iter().sum();
    // Weights are rescaled to sum to n, so equal weights are ordinary least squares.
    let weights: Vec<f64> = weights.iter().map(|w| w * n / weight_sum).collect();
    let effective = n * n / weights.iter().map(|w| w * w).sum::<f64>();
    let degrees_of_freedom = effective - columns as f64;
    if degrees_of_freedom.is_nan() || degrees_of_freedom < 1.0 {
        return None;
    }
    let gram = weighted_gram(rows, &weights, 1);
    let gram_inverse = invert(gram)?;
    let moment: Vec<f64> = (0..columns)
        .map(|i| {
            rows.iter()
                .zip(targets)
                .zip(&weights)
                .map(|((row, y), w)| w * row[i] * y)
                .sum()
        })
        .collect();
    let coefficients: Vec<f64> = gram_inverse.iter().map(|it| dot(it, &moment)).collect();
    let weighted_sse: f64 = rows
        .iter()
        .zip(targets)
        .zip(&weights)
        .map(|((row, y), w)| w * (y - dot(&coefficients, row)).powi(2))
        .sum();
    let middle = weighted_gram(rows, &weights, 2);
    Some(LinearFit {
        coefficients,
        unscaled_covariance: product(&product(&gram_inverse, &middle), &gram_inverse),
        residual_variance: weighted_sse / n * effective / degrees_of_freedom,
        degrees_of_freedom,
    })
}

/// `Σ wᵖ·x·xᵀ` over the rows.
fn weighted_gram(rows: &[Vec<f64>], weights: &[f64], power: i32) -> Vec<Vec<f64>> {
    let columns = rows.first().map_or(0, Vec::len);
    let mut gram = vec![vec![0.0; columns]; columns];
    for (row, w) in rows.iter().zip(weights) {
        let w = w.powi(power);
        for (i, gram_row) in gram.iter_mut().enumerate() {
            for (j, cell) in gram_row.iter_mut().enumerate() {
                *cell += w * row[i] * row[j];
            }
        }
    }
    gram
}

fn product(a: &[Vec<f64>], b: &[Vec<f64>]) -> Vec<Vec<f64>> {
    a.iter()
        .map(|row| {
            (0..b.len())
                .map(|j| row.iter().zip(b).map(|(x, b_row)| x * b_row[j]).sum())
                .collect()
        })
        .collect()
}

fn quadratic_form(matrix: &[Vec<f64>], x: &[f64]) -> f64 {
    matrix.iter().zip(x).map(|(row, xi)| xi * dot(row, x)).sum()
}

/// Gauss–Jordan inversion; `None` for a (numerically) singular matrix.
fn invert(mut matrix: Vec<Vec<f64>>) -> Option<Vec<Vec<f64>>> {
    let size = matrix.len();
    let scale = (0..size).map(|i| matrix[i][i].abs()).fold(0.0, f64::max);
    let tolerance = scale * 1e-10;
    let mut inverse: Vec<Vec<f64>> = (0..size)
        .map(|i| (0..size).map(|j| f64::from(u8::from(i == j))).collect())
        .collect();
    for col in 0..size {
        let pivot =
            (col..size).max_by(|a, b| matrix[*a][col].abs().total_cmp(&matrix[*b][col].abs()))?;
        if matrix[pivot][col].is_nan() || matrix[pivot][col].abs() <= tolerance {
            return None;
        }
        matrix.swap(col, pivot);
        inverse.swap(col, pivot);
        let divisor = matrix[col][col];
        for j in 0..size {
            matrix[col][j] /= divisor;
            inverse[col][j] /= divisor;
        }
        for row in (0..size).filter(|row| *row != col) {
            let factor = matrix[row][col];
            for j in 0..size {
                matrix[row][j] -= factor * matrix[col][j];
                inverse[row][j] -= factor * inverse[col][j];
            }
        }
    }
    Some(inverse)
}

fn dot(a: &[f64], b: &[f64]) -> f64 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

/// The standard normal quantile (Acklam's rational approximation, relative
/// error below 1.2e-9), for `0 < p < 1`.
pub(super) fn normal_quantile(p: f64) -> f64 {
    const A: [f64; 6] = [
        -3.969_683_028_665_376e1,
        2.209_460_984_245_205e2,
        -2.759_285_104_469_687e2,
        1.383_577_518_672_69e2,
        -3.066_479_806_614_716e1,
        2.506_628_277_459_239,
    ];
    const B: [f64; 5] = [
        -5.447_609_879_822_406e1,
        1.615_858_368_580_409e2,
        -1.556_989_798_598_866e2,
        6.680_131_188_771_972e1,
        -1.328_068_155_288_572e1,
    ];
    const C: [f64; 6] = [
        -7.784_894_002_430_293e-3,
        -3.223_964_580_411_365e-1,
        -2.400_758_277_161_838,
        -2.549_732_539_343_734,
        4.374_664_141_464_968,
        2.938_163_982_698_783,
    ];
    const D: [f64; 4] = [
        7.784_695_709_041_462e-3,
        3.224_671_290_700_398e-1,
        2.445_134_137_142_996,
        3.754_408_661_907_416,
    ];
    let tail = |q: f64| {
        (((((C[0] * q + C[1]) * q + C[2]) * q + C[3]) * q + C[4]) * q + C[5])
            / ((((D[0] * q + D[1]) * q + D[2]) * q + D[3]) * q + 1.0)
    };
    if p < 0.024_25 {
        tail((-2.0 * p.ln()).sqrt())
    } else if p > 1.0 - 0.024_25 {
        -tail((-2.0 * (1.0 - p).ln()).sqrt())
    } else {
        let q = p - 0.5;
        let r = q * q;
        (((((A[0] * r + A[1]) * r + A[2]) * r + A[3]) * r + A[4]) * r + A[5]) * q
            / (((((B[0] * r + B[1]) * r + B[2]) * r + B[3]) * r + B[4]) * r + 1.0)
    }
}

/// Student's t quantile by the Cornish–Fisher expansion around the normal one
/// (three terms; within 0.3 % of the table for 3 or more degrees of freedom at
/// the usual levels). A short fit has few spare days, and the normal quantile
/// would make its interval too narrow.
pub(super) fn student_t_quantile(p: f64, degrees_of_freedom: f64) -> f64 {
    let z = normal_quantile(p);
    let nu = degrees_of_freedom;
    let (z3, z5, z7) = (z.powi(3), z.powi(5), z.powi(7));
    z + (z3 + z) / (4.0 * nu)
        + (5.0 * z5 + 16.0 * z3 + 3.0 * z) / (96.0 * nu.powi(2))
        + (3.0 * z7 + 19.0 * z5 + 17.0 * z3 - 15.0 * z) / (384.0 * nu.powi(3))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[track_caller]
    fn check_quantile(got: f64, expected: f64, tolerance: f64) {
        assert!((got - expected).abs() < tolerance, "{got} vs {expected}");
    }

    #[test]
    fn normal_quantiles_match_the_table() {
        check_quantile(normal_quantile(0.5), 0.0, 1e-9);
        check_quantile(normal_quantile(0.9), 1.281_551_565_5, 1e-8);
        check_quantile(normal_quantile(0.975), 1.959_963_984_5, 1e-8);
        check_quantile(normal_quantile(0.01), -2.326_347_874_0, 1e-8);
    }

    #[test]
    fn student_t_quantiles_match_the_table() {
        // Table values: t(0.90; 5) = 1.476, t(0.90; 30) = 1.310, t(0.975; 10) = 2.228.
        check_quantile(student_t_quantile(0.9, 5.0), 1.476, 2e-3);
        check_quantile(student_t_quantile(0.9, 30.0), 1.310, 1e-3);
        check_quantile(student_t_quantile(0.975, 10.0), 2.228, 3e-3);
    }

    #[test]
    fn a_line_through_exact_points_is_recovered() {
        let rows: Vec<Vec<f64>> = (0..6).map(|x| vec![1.0, f64::from(x)]).collect();
        let targets: Vec<f64> = (0..6).map(|x| 3.0 - 0.5 * f64::from(x)).collect();
        let line = fit(&rows, &targets, &[1.0; 6]).unwrap();
        check_quantile(line.coefficients[0], 3.0, 1e-12);
        check_quantile(line.coefficients[1], -0.5, 1e-12);
        check_quantile(line.residual_variance, 0.0, 1e-20);
        check_quantile(line.degrees_of_freedom, 4.0, 1e-12);
    }

    #[test]
    fn dependent_columns_and_too_few_rows_fit_nothing() {
        let twins: Vec<Vec<f64>> = (0..6)
            .map(|x| vec![1.0, f64::from(x), 2.0 * f64::from(x)])
            .collect();
        assert!(fit(&twins, &[1.0; 6], &[1.0; 6]).is_none());
        let square: Vec<Vec<f64>> = (0..2).map(|x| vec![1.0, f64::from(x)]).collect();
        assert!(fit(&square, &[1.0, 2.0], &[1.0, 1.0]).is_none());
    }
}
