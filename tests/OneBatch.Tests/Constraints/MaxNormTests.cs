using OneBatch.Constraints;

namespace OneBatch.Tests.Constraints;

public sealed class MaxNormTests
{
    [Fact]
    public void CapsEachDenseUnitsIncomingWeights()
    {
        // Dense kernel [in 2, units 2] = [[3, 0.6], [4, 0.8]], axis 0: unit 0's weights (3, 4) have norm 5 > 2, so
        // they scale by 2 / (1e-7 + 5) to (1.2, 1.6); unit 1's (0.6, 0.8) have norm 1 <= 2, scaled by 1 / (1e-7 + 1)
        // (Keras's formula shrinks them by the epsilon only).
        var w = Projected.By(new MaxNorm(2f), [3f, 0.6f, 4f, 0.8f], 2, 2);
        Projected.Near([1.2f, 0.6f, 1.6f, 0.8f], w);
    }

    [Fact]
    public void CapsEachConvFilterOverItsThreeLeadingAxes()
    {
        // Conv2D kernel [kh 1, kw 2, in 1, out 2], axes [0, 1, 2]: filter 0 = (3, 4) (norm 5) -> x 1/5 -> (0.6, 0.8);
        // filter 1 = (0, 0.5) (norm 0.5 <= 1) kept.
        var w = Projected.By(new MaxNorm(1f, [0, 1, 2]), [3f, 0f, 4f, 0.5f], 1, 2, 1, 2);
        Projected.Near([0.6f, 0f, 0.8f, 0.5f], w);
    }

    [Fact]
    public void TheLastAxisCapsEachRow()
    {
        // axis -1 on [[3, 4], [0.3, 0.4]]: row 0 (norm 5) -> (1.2, 1.6) with max 2; row 1 (norm 0.5) kept.
        var w = Projected.By(new MaxNorm(2f, -1), [3f, 4f, 0.3f, 0.4f], 2, 2);
        Projected.Near([1.2f, 1.6f, 0.3f, 0.4f], w);
    }

    [Fact]
    public void NoAxisCapsTheWholeWeight()
    {
        // axis=None: one norm, sqrt(9 + 16 + 0 + 0) = 5, over everything: x 2/5.
        var w = Projected.By(new MaxNorm(2f, axes: null), [3f, 0f, 4f, 0f], 2, 2);
        Projected.Near([1.2f, 0f, 1.6f, 0f], w);
    }

    [Fact]
    public void AMiddleAxisTakesTheGeneralPath()
    {
        // x[i, j, k] = 4i + 2j + k on [2, 2, 2], axis 1: the norms over j are, for (i, k) = (0, 0): |(0, 2)| = 2,
        // (0, 1): |(1, 3)| = sqrt 10, (1, 0): |(4, 6)| = sqrt 52, (1, 1): |(5, 7)| = sqrt 74; max 3 scales all but the
        // first by 3 / norm.
        var w = Projected.By(new MaxNorm(3f, 1), [0f, 1f, 2f, 3f, 4f, 5f, 6f, 7f], 2, 2, 2);
        float s1 = 3f / MathF.Sqrt(10f), s2 = 3f / MathF.Sqrt(52f), s3 = 3f / MathF.Sqrt(74f);
        Projected.Near([0f, 1f * s1, 2f, 3f * s1, 4f * s2, 5f * s3, 6f * s2, 7f * s3], w);
    }

    [Fact]
    public void AnAxisTheWeightLacksIsAClearError()
    {
        var e = Assert.Throws<ArgumentException>(() => Projected.By(new MaxNorm(2f, 2), [1f, 2f], 2));
        Assert.Equal("MaxNorm: axis 2 is out of range for a weight of shape [2].", e.Message);
    }

    [Fact]
    public void KerasDefaults()
    {
        var m = new MaxNorm();
        Assert.Equal(2f, m.MaxValue);
        Assert.Equal([0], m.Axes);
        Assert.Equal("MaxNorm(max_value=2, axis=0)", m.ToString());
    }
}
