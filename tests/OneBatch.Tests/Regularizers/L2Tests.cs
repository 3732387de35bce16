using OneBatch.Regularizers;

namespace OneBatch.Tests.Regularizers;

public sealed class L2Tests
{
    private static readonly float[] W = [1f, -2f, 3f, 0.5f];

    [Fact]
    public void PenalizesTheSumOfSquaresWithoutAHalf()
    {
        // 0.1 * (1 + 4 + 9 + 0.25) = 0.1 * 14.25 = 1.425; d/dw = 2 * 0.1 * w = 0.2 w.
        var (value, gradient) = Penalty.Of(new L2(0.1f), W, 2, 2);
        Assert.Equal(1.425f, value, 1e-6f);
        Assert.Equal([0.2f, -0.4f, 0.6f, 0.1f], gradient, (a, b) => Math.Abs(a - b) < 1e-6f);
    }

    [Fact]
    public void MatchesKerasDocstringExample()
    {
        // keras.regularizers docstring: L2(2.)(ones((5, 5))) = 2 * 25 = 50.
        var (value, _) = Penalty.Of(new L2(2f), [.. Enumerable.Repeat(1f, 25)], 5, 5);
        Assert.Equal(50f, value);
    }

    [Fact]
    public void DefaultsToKeras001() => Assert.Equal(0.01f, new L2().L2Factor);

    [Theory]
    [InlineData(-0.1f)]
    [InlineData(float.NaN)]
    [InlineData(float.PositiveInfinity)]
    public void RefusesAFactorKerasRefuses(float l2)
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new L2(l2));
        Assert.Contains("l2", e.Message, StringComparison.Ordinal);
    }
}
