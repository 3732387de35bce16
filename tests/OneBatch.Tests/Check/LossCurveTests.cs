using OneBatch.Check;

namespace OneBatch.Tests.Check;

public sealed class LossCurveTests
{
    [Fact]
    public void EveryStepIsKeptUpToTheCapacity()
    {
        var curve = new LossCurve();
        for (int s = 0; s < LossCurve.Capacity; s++)
        {
            curve.Add(s, 1f / (s + 1));
        }

        Assert.Equal(LossCurve.Capacity, curve.Count);
        Assert.Equal((0, 1f), curve[0]);
        Assert.Equal((LossCurve.Capacity - 1, 1f / LossCurve.Capacity), curve[LossCurve.Capacity - 1]);
    }

    [Theory]
    [InlineData(10_001)]
    [InlineData(25_000)]
    [InlineData(100_000)]
    public void ALongerRunIsThinnedEvenly(int steps)
    {
        var curve = new LossCurve();
        for (int s = 0; s < steps; s++)
        {
            curve.Add(s, s);
        }

        var list = curve.ToList();
        Assert.InRange(list.Count, LossCurve.Capacity / 2, LossCurve.Capacity);
        Assert.Equal(0, list[0].Step);
        int stride = list[1].Step - list[0].Step;
        for (int i = 0; i < list.Count; i++)
        {
            Assert.Equal(i * stride, list[i].Step);
            Assert.Equal(list[i].Step, list[i].Loss);
        }

        Assert.True(list[^1].Step > steps - (2 * stride), $"the curve stops at {list[^1].Step} of {steps}");
    }
}
