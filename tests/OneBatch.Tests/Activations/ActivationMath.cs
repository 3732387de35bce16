namespace OneBatch.Tests.Activations;

/// <summary>The activations' formulas in double, written out independently of the engine, for the tests to compare with.</summary>
internal static class ActivationMath
{
    public const double SeluAlpha = 1.6732632423543772848170429916717;
    public const double SeluScale = 1.0507009873554804934193349852946;

    public static double Sigmoid(double x) => 1 / (1 + Math.Exp(-x));

    public static double Softplus(double x) => Math.Max(x, 0) + Math.Log(1 + Math.Exp(-Math.Abs(x)));

    /// <summary>
    /// erf by its Maclaurin series, summed until the terms vanish (within 1e-8 for |x| &lt;= 4.5, where cancellation
    /// costs at most 8 of double's digits); beyond 4.5 erf is +-1 to within erfc(4.5) = 2e-10.
    /// </summary>
    public static double Erf(double x)
    {
        if (Math.Abs(x) > 4.5)
        {
            return Math.Sign(x);
        }

        double sum = 0, term = x;
        for (int n = 0; n < 200; n++)
        {
            double next = term / ((2 * n) + 1);
            sum += next;
            if (Math.Abs(next) < 1e-17 * Math.Abs(sum))
            {
                break;
            }

            term *= -x * x / (n + 1);
        }

        return 2 / Math.Sqrt(Math.PI) * sum;
    }

    public static double Gelu(double x) => 0.5 * x * (1 + Erf(x / Math.Sqrt(2)));

    public static double GeluTanh(double x) => 0.5 * x * (1 + Math.Tanh(Math.Sqrt(2 / Math.PI) * (x + (0.044715 * x * x * x))));

    public static double Elu(double x, double alpha) => x >= 0 ? x : alpha * (Math.Exp(x) - 1);

    public static double Selu(double x) => SeluScale * Elu(x, SeluAlpha);

    public static double Silu(double x) => x * Sigmoid(x);

    public static double HardSigmoid(double x) => Math.Clamp((x / 6) + 0.5, 0, 1);

    public static double HardSigmoidKeras2(double x) => Math.Clamp((0.2 * x) + 0.5, 0, 1);

    public static double HardSilu(double x) => x * Math.Min(Math.Max(x + 3, 0), 6) / 6;

    public static double Mish(double x) => x * Math.Tanh(Softplus(x));

    public static double Softsign(double x) => x / (1 + Math.Abs(x));

    /// <summary>keras.activations.relu(x, negative_slope, max_value, threshold), step by step as Keras 3 computes it.</summary>
    public static double Relu(double x, double negativeSlope, double? maxValue, double threshold)
    {
        double negative = Math.Max(threshold - x, 0);
        double y = threshold != 0 ? (x > threshold ? x : 0) : Math.Max(x, 0);
        if (maxValue is double max)
        {
            y = Math.Clamp(y, 0, max);
        }

        return y - (negativeSlope * negative);
    }
}
