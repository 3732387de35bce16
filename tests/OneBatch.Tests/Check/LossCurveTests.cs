using OneBatch.Check;
using OneBatch.Check.Training;

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
        Assert.InRange(list.Count, LossCurve.Capacity / 2, LossCurve.Capacity + 1);
        Assert.Equal(0, list[0].Step);
        int stride = list[1].Step - list[0].Step;
        var even = list[^1].Step % stride == 0 ? list : list.Take(list.Count - 1).ToList();
        for (int i = 0; i < even.Count; i++)
        {
            Assert.Equal(i * stride, even[i].Step);
            Assert.Equal(even[i].Step, even[i].Loss);
        }

        // The curve always ends at the last step, so the plot and the report end at the final loss.
        Assert.Equal((steps - 1, steps - 1f), list[^1]);
    }
}
