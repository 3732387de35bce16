using OneBatch.Constraints;

namespace OneBatch.Tests.Constraints;

public sealed class MinMaxNormTests
{
    [Fact]
    public void PullsEachNormIntoTheBounds()
    {
        // [1, 2] bounds, axis 0 on [[0.3, 3], [0.4, 4]]: (0.3, 0.4) has norm 0.5 -> desired 1 -> x2 = (0.6, 0.8);
        // (3, 4) has norm 5 -> desired 2 -> x0.4 = (1.2, 1.6).
        var w = Projected.By(new MinMaxNorm(1f, 2f), [0.3f, 3f, 0.4f, 4f], 2, 2);
        Projected.Near([0.6f, 1.2f, 0.8f, 1.6f], w);
    }

    [Fact]
    public void ARateBelowOneMovesPartOfTheWay()
    {
        // rate 0.5: desired = 0.5 * clip(0.5, 1, 2) + 0.5 * 0.5 = 0.75 -> x1.5: (0.3, 0.4) -> (0.45, 0.6).
        var w = Projected.By(new MinMaxNorm(1f, 2f, 0.5f), [0.3f, 0.4f], 2, 1);
        Projected.Near([0.45f, 0.6f], w);
    }

    [Fact]
    public void KerasDefaults()
    {
        var m = new MinMaxNorm();
        Assert.Equal((0f, 1f, 1f), (m.MinValue, m.MaxValue, m.Rate));
        Assert.Equal([0], m.Axes);
    }

    [Fact]
    public void BoundsOutOfOrderAreRefused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new MinMaxNorm(2f, 1f));
}
