using OneBatch.Initializers;
using OneBatch.Tensors;

namespace OneBatch.Tests.Initializers;

public sealed class InitializerTests
{
    [Theory]
    [InlineData(new int[0], 1f, 1f)]
    [InlineData(new[] { 7 }, 7f, 7f)]
    [InlineData(new[] { 5, 3 }, 5f, 3f)]
    [InlineData(new[] { 3, 3, 4, 8 }, 36f, 72f)] // Conv2D kernel [kh, kw, in, out]: receptive field 9
    [InlineData(new[] { 2, 5, 6 }, 10f, 12f)]
    public void ComputeFansLikeKeras(int[] shape, float fanIn, float fanOut)
    {
        var (i, o) = Initializer.ComputeFans(new Shape(shape));
        Assert.Equal(fanIn, i);
        Assert.Equal(fanOut, o);
    }

    [Theory]
    [InlineData(20, 30)]
    [InlineData(200, 100)]
    [InlineData(1, 1)]
    public void GlorotUniformFillsItsBounds(int fanIn, int fanOut)
    {
        // U(-limit, limit) with limit = sqrt(6 / (fan_in + fan_out)).
        var shape = new Shape(fanIn, fanOut);
        var values = Fill("glorot_uniform", shape, count: Math.Max(shape.Size, 4000));
        double limit = Math.Sqrt(6.0 / (fanIn + fanOut));
        Assert.All(values, v => Assert.InRange(v, -limit, limit));
        Assert.True(values.Max() > 0.95 * limit, $"max {values.Max()} of limit {limit}");
        Assert.True(values.Min() < -0.95 * limit, $"min {values.Min()} of limit {limit}");
        Assert.InRange(values.Average(), -0.05 * limit, 0.05 * limit);
    }

    [Fact]
    public void HeNormalHasStddevSqrt2OverFanIn()
    {
        // Truncated at 2 sigma with Keras's correction, the standard deviation is sqrt(2 / fan_in).
        var shape = new Shape(50, 400);
        var values = Fill("he_normal", shape, shape.Size);
        double expected = Math.Sqrt(2.0 / 50);
        double mean = values.Average();
        double std = Math.Sqrt(values.Select(v => (v - mean) * (v - mean)).Average());
        Assert.InRange(std, 0.97 * expected, 1.03 * expected);
        Assert.InRange(mean, -0.01, 0.01);
        double bound = 2 * expected / 0.87962566103423978;
        Assert.All(values, v => Assert.InRange(v, -bound - 1e-6, bound + 1e-6));
    }

    [Theory]
    [InlineData("zeros", 0f)]
    [InlineData("ones", 1f)]
    public void Constants(string name, float value)
    {
        var values = Fill(name, new Shape(3, 4), 12);
        Assert.All(values, v => Assert.Equal(value, v));
        Assert.Equal(name, Initializer.Get(name).Name);
    }

    [Fact]
    public void TheSameSeedGivesTheSameWeights()
    {
        var a = Fill("glorot_uniform", new Shape(4, 4), 16, seed: 3);
        var b = Fill("glorot_uniform", new Shape(4, 4), 16, seed: 3);
        var c = Fill("glorot_uniform", new Shape(4, 4), 16, seed: 4);
        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
    }

    [Theory]
    [InlineData("glorot_uniform", typeof(GlorotUniform))]
    [InlineData("he_normal", typeof(HeNormal))]
    [InlineData("he_uniform", typeof(HeUniform))]
    [InlineData("lecun_normal", typeof(LecunNormal))]
    [InlineData("random_uniform", typeof(RandomUniform))]
    public void InitializersByKerasName(string name, Type type)
    {
        var init = Initializer.Get(name);
        Assert.IsType(type, init);
        Assert.Equal(name, init.Name);
    }

    [Fact]
    public void AnUnknownInitializerThrows()
    {
        var e = Assert.Throws<ArgumentException>(() => Initializer.Get("orthogonal_ish"));
        Assert.Contains("orthogonal_ish", e.Message);
    }

    private static float[] Fill(string name, Shape shape, int count, int seed = 1)
    {
        var values = new float[count];
        Initializer.Get(name).Fill(values, shape, new RandomGenerator(seed));
        return values;
    }
}
