using OneBatch.Constraints;

namespace OneBatch.Tests.Constraints;

public sealed class UnitNormTests
{
    [Fact]
    public void ScalesEachUnitToNormOne()
    {
        // [[3, 0.3], [4, 0.4]], axis 0: (3, 4) / 5 = (0.6, 0.8); (0.3, 0.4) / 0.5 = (0.6, 0.8).
        var w = Projected.By(new UnitNorm(), [3f, 0.3f, 4f, 0.4f], 2, 2);
        Projected.Near([0.6f, 0.6f, 0.8f, 0.8f], w);
    }

    [Fact]
    public void AZeroUnitStaysZero()
    {
        // 0 / (1e-7 + 0) = 0: the epsilon keeps it finite.
        var w = Projected.By(new UnitNorm(), [0f, 0f], 2, 1);
        Assert.Equal([0f, 0f], w);
    }
}
