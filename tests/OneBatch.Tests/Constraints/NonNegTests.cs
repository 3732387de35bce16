using OneBatch.Constraints;

namespace OneBatch.Tests.Constraints;

public sealed class NonNegTests
{
    [Fact]
    public void ZeroesNegativeWeights() =>
        Assert.Equal([0f, 0f, 2f, 0f], Projected.By(new NonNeg(), [-1f, 0f, 2f, -0.5f], 2, 2));
}
