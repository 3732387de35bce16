using OneBatch.Kernels;
using OneBatch.Tensors;

namespace OneBatch.Tests.Kernels;

/// <summary>The elementwise kernels against their scalar definitions, over lengths that cover the vector body and the tail.</summary>
public sealed class ElementwiseTests
{
    private static readonly int[] Lengths = [0, 1, 7, 8, 15, 16, 17, 31, 32, 33, 64, 100];

    [Fact]
    public void Step()
    {
        foreach (int n in Lengths)
        {
            var x = Values(n, seed: n);
            var d = new float[n + 1];
            d[^1] = 42f;
            Elementwise.Step(x, d.AsSpan(0, n));
            for (int i = 0; i < n; i++)
            {
                Assert.Equal(x[i] > 0f ? 1f : 0f, d[i]);
            }

            Assert.Equal(42f, d[^1]);
        }
    }

    [Fact]
    public void ReluBackwardPassesTheGradientWhereTheOutputIsPositive()
    {
        foreach (int n in Lengths)
        {
            var y = Values(n, seed: n);
            var g = Values(n, seed: n + 100);
            foreach (bool accumulate in new[] { false, true })
            {
                var start = Values(n + 1, seed: n + 200);
                var dx = (float[])start.Clone();
                Elementwise.ReluBackward(y, g, dx.AsSpan(0, n), accumulate);
                for (int i = 0; i < n; i++)
                {
                    float pass = y[i] > 0f ? g[i] : 0f;
                    Assert.Equal(accumulate ? start[i] + pass : pass, dx[i]);
                }

                Assert.Equal(start[^1], dx[^1]);
            }
        }
    }

    [Fact]
    public void StepOfSpecialValues()
    {
        float[] x = [0f, -0f, float.Epsilon, -float.Epsilon, float.NaN, float.PositiveInfinity, float.NegativeInfinity, 1e-30f];
        var data = Enumerable.Repeat(x, 3).SelectMany(v => v).ToArray(); // 24 values: body and tail
        var d = new float[data.Length];
        Elementwise.Step(data, d);
        for (int i = 0; i < data.Length; i++)
        {
            Assert.Equal(data[i] > 0f ? 1f : 0f, d[i]);
        }
    }

    [Fact]
    public void Sign()
    {
        foreach (int n in Lengths)
        {
            var x = Values(n, seed: 100 + n);
            var d = new float[n];
            Elementwise.Sign(x, d);
            for (int i = 0; i < n; i++)
            {
                Assert.Equal(MathF.Sign(x[i]), d[i]);
            }
        }
    }

    [Fact]
    public void ShortDestinationsThrow()
    {
        Assert.Throws<ArgumentException>(() => Elementwise.Step(new float[4], new float[3]));
        Assert.Throws<ArgumentException>(() => Elementwise.Sign(new float[4], new float[3]));
    }

    [Fact]
    public void AllFiniteOfFiniteValues()
    {
        foreach (int n in Lengths)
        {
            var x = Values(n, seed: 200 + n);
            Assert.True(Elementwise.AllFinite(x));
        }

        Assert.True(Elementwise.AllFinite([float.MaxValue, float.MinValue, -float.MaxValue, float.Epsilon, 0f, -0f]));
        Assert.True(Elementwise.AllFinite(Enumerable.Repeat(float.MaxValue, 40).ToArray()));
    }

    [Theory]
    [InlineData(float.NaN)]
    [InlineData(float.PositiveInfinity)]
    [InlineData(float.NegativeInfinity)]
    public void AllFiniteFindsABadValueAnywhere(float bad)
    {
        foreach (int n in new[] { 1, 2, 15, 16, 17, 31, 32, 33, 47, 100 })
        {
            for (int position = 0; position < n; position++)
            {
                var x = Values(n, seed: n);
                x[position] = bad;
                Assert.False(Elementwise.AllFinite(x), $"{bad} at {position} of {n} was missed");
            }
        }
    }

    [Fact]
    public void AllFiniteLooksOnlyAtTheSpan()
    {
        var x = Values(40, seed: 1);
        x[^1] = float.NaN;
        Assert.True(Elementwise.AllFinite(x.AsSpan(0, 39)));
        Assert.True(Elementwise.AllFinite(x.AsSpan(0, 32)));
        Assert.False(Elementwise.AllFinite(x.AsSpan(8, 32)));
    }

    private static float[] Values(int n, int seed)
    {
        // Signed values with some exact zeros.
        var random = new RandomGenerator(seed);
        var x = new float[n];
        for (int i = 0; i < n; i++)
        {
            x[i] = random.NextInt(0, 5) == 0 ? 0f : random.NextFloat() - 0.5f;
        }

        return x;
    }
}
