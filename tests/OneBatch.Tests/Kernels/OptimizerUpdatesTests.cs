using OneBatch.Kernels;
using OneBatch.Tensors;

namespace OneBatch.Tests.Kernels;

public sealed class OptimizerUpdatesTests
{
    public static TheoryData<int> Lengths => [0, 1, 7, 15, 16, 17, 33, 100, 1027];

    [Theory]
    [MemberData(nameof(Lengths))]
    public void AdamMatchesTheScalarRuleBitForBit(int n)
    {
        var (w, g, m, v) = Inputs(n, seed: 1);
        float[] ew = (float[])w.Clone(), em = (float[])m.Clone(), ev = (float[])v.Clone();
        const float alpha = 0.0031f, b1 = 0.9f, b2 = 0.999f, eps = 1e-7f;

        OptimizerUpdates.Adam(w, g, m, v, alpha, b1, b2, eps);

        // Keras: m += (g - m)(1 - b1); v += (g^2 - v)(1 - b2); w -= alpha m / (sqrt(v) + eps)
        for (int i = 0; i < n; i++)
        {
            em[i] += (g[i] - em[i]) * (1f - b1);
            ev[i] += ((g[i] * g[i]) - ev[i]) * (1f - b2);
            ew[i] -= alpha * em[i] / (MathF.Sqrt(ev[i]) + eps);
        }

        Assert.Equal(em, m);
        Assert.Equal(ev, v);
        Assert.Equal(ew, w);
    }

    [Theory]
    [MemberData(nameof(Lengths))]
    public void RmsPropMatchesTheScalarRuleBitForBit(int n)
    {
        var (w, g, _, v) = Inputs(n, seed: 2);
        float[] ew = (float[])w.Clone(), ev = (float[])v.Clone();
        const float lr = 0.01f, rho = 0.9f, eps = 1e-7f;

        OptimizerUpdates.RmsProp(w, g, v, lr, rho, eps);

        // Keras: v = rho v + (1 - rho) g^2; w -= lr g / sqrt(v + eps)
        for (int i = 0; i < n; i++)
        {
            ev[i] = (rho * ev[i]) + ((1f - rho) * g[i] * g[i]);
            ew[i] -= lr * g[i] / MathF.Sqrt(ev[i] + eps);
        }

        Assert.Equal(ev, v);
        Assert.Equal(ew, w);
    }

    [Fact]
    public void SpansOfDifferentLengthsAreRejected()
    {
        var e = Assert.Throws<ArgumentException>(() => OptimizerUpdates.Adam(new float[3], new float[2], new float[3], new float[3], 1f, 0.9f, 0.999f, 1e-7f));
        Assert.Contains("differ in length", e.Message);
    }

    private static (float[] W, float[] G, float[] M, float[] V) Inputs(int n, int seed)
    {
        var random = new RandomGenerator(seed);
        float[] Draw(float min, float max)
        {
            var a = new float[n];
            random.FillUniform(a, min, max);
            return a;
        }

        return (Draw(-1f, 1f), Draw(-0.5f, 0.5f), Draw(-0.1f, 0.1f), Draw(0f, 0.01f));
    }
}
