using OneBatch.Optimizers.Schedules;

namespace OneBatch.Tests.Optimizers.Schedules;

public sealed class InverseTimeDecayTests
{
    [Fact]
    public void DividesByOnePlusRateTimesSteps()
    {
        // lr(t) = 1 / (1 + 1 * t / 10): t=5 -> 1 / 1.5, t=10 -> 0.5, t=30 -> 0.25.
        var s = new InverseTimeDecay(1f, 10, 1f);
        Assert.Equal(1f / 1.5f, s.At(5), 1e-7f);
        Assert.Equal(0.5f, s.At(10), 1e-7f);
        Assert.Equal(0.25f, s.At(30), 1e-7f);
    }

    [Fact]
    public void StaircaseFloors()
    {
        // floor(19 / 10) = 1 -> 1 / 2.
        var s = new InverseTimeDecay(1f, 10, 1f, staircase: true);
        Assert.Equal(1f, s.At(9));
        Assert.Equal(0.5f, s.At(19));
        Assert.Equal(["initial_learning_rate", "decay_steps", "decay_rate", "staircase"], s.GetConfig().Select(p => p.Key));
    }
}
