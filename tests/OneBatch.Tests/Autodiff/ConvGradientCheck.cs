using OneBatch.Autodiff;
using OneBatch.Tensors;

namespace OneBatch.Tests.Autodiff;

/// <summary>
/// Central-difference gradient checks for the convolution, pooling and normalization ops and layers: the scalar
/// <c>L = sum(f() * r)</c> with fixed random weights r, differentiated by the tape and by (L(p + h) - L(p - h)) / 2h.
/// </summary>
internal static class ConvGradientCheck
{
    /// <summary>Asserts that the tape's dL/d(each of <paramref name="parameters"/>) matches central differences.</summary>
    public static void Assert(Func<Tensor> f, Tensor[] parameters, float h = 1e-2f)
    {
        Tensor probe;
        using (new GradientTape())
        {
            probe = f();
        }

        var r = new RandomGenerator(99).Uniform(probe.Shape);
        TensorPrimitives.Subtract(r.Span, 0.5f, r.Span);

        foreach (var p in parameters)
        {
            float[] analytic;
            using (var tape = new GradientTape())
            {
                var loss = Ops.Sum(Ops.Multiply(f(), r));
                analytic = tape.Gradient(loss, p)?.ToArray() ?? new float[p.Size];
            }

            var values = p.Span;
            for (int i = 0; i < p.Size; i++)
            {
                float keep = values[i];
                values[i] = keep + h;
                double plus = Loss(f, r);
                values[i] = keep - h;
                double minus = Loss(f, r);
                values[i] = keep;
                double numeric = (plus - minus) / (2 * h);
                double tolerance = 2e-3 + (1e-2 * Math.Abs(numeric));
                Xunit.Assert.True(
                    Math.Abs(analytic[i] - numeric) <= tolerance,
                    $"d/d{p.Shape}[{i}]: tape {analytic[i]}, central difference {numeric}.");
            }
        }
    }

    private static double Loss(Func<Tensor> f, Tensor r)
    {
        var y = f().ReadOnlySpan;
        var w = r.ReadOnlySpan;
        double sum = 0;
        for (int i = 0; i < y.Length; i++)
        {
            sum += (double)y[i] * w[i];
        }

        return sum;
    }
}
