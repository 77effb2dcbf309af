namespace Rearank.Core.Evaluation.Comparison;

/// <summary>
/// Two-sided p-values of Student's t distribution, through the regularized incomplete beta function
/// I_x(a, b) evaluated by its continued fraction (modified Lentz's method).
/// </summary>
public static class StudentT
{
    /// <summary>P(|T| >= |t|) for T with <paramref name="degreesOfFreedom"/> degrees of freedom.</summary>
    public static double TwoSidedP(double t, double degreesOfFreedom)
    {
        if (double.IsNaN(t) || degreesOfFreedom <= 0) return double.NaN;
        if (double.IsInfinity(t)) return 0;
        return RegularizedIncompleteBeta(degreesOfFreedom / (degreesOfFreedom + t * t), degreesOfFreedom / 2, 0.5);
    }

    public static double RegularizedIncompleteBeta(double x, double a, double b)
    {
        if (x <= 0) return 0;
        if (x >= 1) return 1;
        var logFront = LogGamma(a + b) - LogGamma(a) - LogGamma(b) + a * Math.Log(x) + b * Math.Log(1 - x);
        // The continued fraction converges fast for x < (a + 1) / (a + b + 2); use the symmetry otherwise.
        return x < (a + 1) / (a + b + 2)
            ? Math.Exp(logFront) * ContinuedFraction(x, a, b) / a
            : 1 - Math.Exp(logFront) * ContinuedFraction(1 - x, b, a) / b;
    }

    private static double ContinuedFraction(double x, double a, double b)
    {
        const double tiny = 1e-300;
        const double epsilon = 1e-15;
        var c = 1.0;
        var d = 1 - (a + b) * x / (a + 1);
        d = Math.Abs(d) < tiny ? tiny : d;
        d = 1 / d;
        var result = d;
        for (var m = 1; m <= 10_000; m++)
        {
            // Even step: d_{2m} = m (b - m) x / ((a + 2m - 1)(a + 2m)).
            var even = m * (b - m) * x / ((a + 2 * m - 1) * (a + 2 * m));
            d = 1 + even * d;
            d = Math.Abs(d) < tiny ? tiny : d;
            c = 1 + even / c;
            c = Math.Abs(c) < tiny ? tiny : c;
            d = 1 / d;
            result *= d * c;
            // Odd step: d_{2m+1} = -(a + m)(a + b + m) x / ((a + 2m)(a + 2m + 1)).
            var odd = -(a + m) * (a + b + m) * x / ((a + 2 * m) * (a + 2 * m + 1));
            d = 1 + odd * d;
            d = Math.Abs(d) < tiny ? tiny : d;
            c = 1 + odd / c;
            c = Math.Abs(c) < tiny ? tiny : c;
            d = 1 / d;
            var step = d * c;
            result *= step;
            if (Math.Abs(step - 1) < epsilon) break;
        }
        return result;
    }

    /// <summary>ln Γ(x) for x > 0 by the Lanczos approximation (g = 7, 9 terms; about 15 correct digits).</summary>
    internal static double LogGamma(double x)
    {
        ReadOnlySpan<double> coefficients =
        [
            0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
            12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
        ];
        if (x < 0.5) return Math.Log(Math.PI / Math.Abs(Math.Sin(Math.PI * x))) - LogGamma(1 - x);
        x -= 1;
        var sum = coefficients[0];
        for (var i = 1; i < coefficients.Length; i++) sum += coefficients[i] / (x + i);
        var t = x + 7.5;
        return 0.5 * Math.Log(2 * Math.PI) + (x + 0.5) * Math.Log(t) - t + Math.Log(sum);
    }
}
