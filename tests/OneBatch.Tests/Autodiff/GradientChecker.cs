using OneBatch.Autodiff;
using OneBatch.Tensors;

namespace OneBatch.Tests.Autodiff;

/// <summary>
/// Compares the tape's gradient of every input with central finite differences. The function under test may return a
/// tensor of any shape: it is reduced to the scalar <c>L = sum(w * f(inputs))</c> with fixed random weights
/// <c>w</c> in [0.5, 1.5) * (+-1), so that a wrong gradient for any single output element changes dL/dx.
/// The forward runs in float; L is summed in double and the step is <see cref="DefaultEpsilon"/>, large enough that
/// float rounding (~1e-7 * |y| / eps) stays far below the tolerance, small enough that the O(eps^2) truncation does too.
/// Callers keep inputs away from kinks (relu/abs at 0, clip bounds) by at least a few eps.
/// </summary>
internal static class GradientChecker
{
    public const double DefaultEpsilon = 5e-3;
    public const double DefaultRelativeTolerance = 5e-3;
    public const double DefaultAbsoluteTolerance = 5e-4;

    /// <summary>Asserts that the tape's gradient of <c>sum(w * f(inputs))</c> w.r.t. each input matches finite differences.</summary>
    public static void AssertGradients(
        Func<Tensor[], Tensor> f,
        Tensor[] inputs,
        int seed = 12345,
        double epsilon = DefaultEpsilon,
        double relativeTolerance = DefaultRelativeTolerance,
        double absoluteTolerance = DefaultAbsoluteTolerance)
    {
        var analytic = Analytic(f, inputs, seed, out var weights);
        for (int i = 0; i < inputs.Length; i++)
        {
            if (IndexOfSame(inputs, i) != i)
            {
                continue; // the same tensor passed twice: checked once
            }

            Assert.True(analytic[i] is not null, $"input {i}: the tape returned no gradient.");
            var numeric = Numeric(f, inputs, inputs[i], weights, epsilon);
            var a = analytic[i]!;
            Assert.Equal(numeric.Length, a.Length);
            for (int j = 0; j < a.Length; j++)
            {
                double diff = Math.Abs(a[j] - numeric[j]);
                double bound = absoluteTolerance + (relativeTolerance * Math.Max(Math.Abs(a[j]), Math.Abs(numeric[j])));
                if (!(diff <= bound))
                {
                    Assert.Fail($"input {i} {inputs[i].Shape}, element {j}: tape gradient {a[j]:G7}, finite difference {numeric[j]:G7} (|diff| {diff:G3} > {bound:G3}).");
                }
            }
        }
    }

    /// <summary>The tape's gradient of <c>sum(w * f(inputs))</c> for each input (copied), and the weights w.</summary>
    public static float[]?[] Analytic(Func<Tensor[], Tensor> f, Tensor[] inputs, int seed, out Tensor weights)
    {
        var variables = inputs.Select((t, i) => new Variable(t, $"input_{i}")).ToArray();
        using var tape = new GradientTape();
        var y = f(inputs);
        weights = Weights(y.Shape, seed);
        var loss = Ops.Sum(Ops.Multiply(y, weights));
        var grads = tape.Gradient(loss, variables);
        return grads.Select(g => g?.ToArray()).ToArray();
    }

    private static double[] Numeric(Func<Tensor[], Tensor> f, Tensor[] inputs, Tensor x, Tensor weights, double eps)
    {
        var values = x.Span;
        var result = new double[values.Length];
        for (int j = 0; j < values.Length; j++)
        {
            float original = values[j];
            float plus = (float)(original + eps);
            float minus = (float)(original - eps);
            values[j] = plus;
            double lossPlus = Evaluate(f, inputs, weights);
            values[j] = minus;
            double lossMinus = Evaluate(f, inputs, weights);
            values[j] = original;

            // Divide by the step actually taken in float, not the nominal 2 eps.
            result[j] = (lossPlus - lossMinus) / ((double)plus - minus);
        }

        return result;
    }

    private static double Evaluate(Func<Tensor[], Tensor> f, Tensor[] inputs, Tensor weights)
    {
        var y = f(inputs).ReadOnlySpan;
        var w = weights.ReadOnlySpan;
        double sum = 0;
        for (int i = 0; i < y.Length; i++)
        {
            sum += (double)y[i] * w[i];
        }

        return sum;
    }

    private static Tensor Weights(Shape shape, int seed)
    {
        var random = new RandomGenerator(seed);
        var w = new Tensor(shape);
        foreach (ref float v in w.Span)
        {
            v = (0.5f + random.NextFloat()) * (random.NextFloat() < 0.5f ? -1f : 1f);
        }

        return w;
    }

    private static int IndexOfSame(Tensor[] inputs, int i)
    {
        for (int k = 0; k < i; k++)
        {
            if (ReferenceEquals(inputs[k], inputs[i]))
            {
                return k;
            }
        }

        return i;
    }

    /// <summary>Uniform values in [min, max) with a random sign when <paramref name="signed"/>: magnitudes stay away from 0.</summary>
    public static Tensor Away(int seed, Shape shape, float min, float max, bool signed = true)
    {
        var random = new RandomGenerator(seed);
        var t = new Tensor(shape);
        foreach (ref float v in t.Span)
        {
            float m = min + ((max - min) * random.NextFloat());
            v = signed && random.NextFloat() < 0.5f ? -m : m;
        }

        return t;
    }

    /// <summary>Uniform values in [min, max).</summary>
    public static Tensor Uniform(int seed, Shape shape, float min = -1f, float max = 1f) =>
        new RandomGenerator(seed).Uniform(shape, min, max);
}
