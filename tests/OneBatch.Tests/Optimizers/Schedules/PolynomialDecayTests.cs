using OneBatch.Optimizers.Schedules;

namespace OneBatch.Tests.Optimizers.Schedules;

public sealed class PolynomialDecayTests
{
    [Fact]
    public void DecaysToTheEndRateAndStays()
    {
        // (1 - 0) * (1 - t / 10)^2 + 0: t=5 -> 0.25, t=10 -> 0, t=20 -> 0 (t held at 10).
        var s = new PolynomialDecay(1f, 10, 0f, 2f);
        Assert.Equal(0.25f, s.At(5), 1e-7f);
        Assert.Equal(0f, s.At(10));
        Assert.Equal(0f, s.At(20));
    }

    [Fact]
    public void KerasDefaultsEndAt1em4Linearly()
    {
        // (1 - 0.0001) * 0.5 + 0.0001 = 0.50005.
        Assert.Equal(0.50005f, new PolynomialDecay(1f, 10).At(5), 1e-7f);
    }

    [Fact]
    public void CycleStretchesDecayStepsToTheNextMultiple()
    {
        // t=0: steps 10 (multiplier 1) -> 1; t=10: steps 10 * ceil(1) = 10 -> 0; t=15: steps 10 * ceil(1.5) = 20, p = 0.75 -> 0.25.
        var s = new PolynomialDecay(1f, 10, 0f, 1f, cycle: true);
        Assert.Equal(1f, s.At(0));
        Assert.Equal(0f, s.At(10));
        Assert.Equal(0.25f, s.At(15), 1e-7f);
        Assert.Equal(["initial_learning_rate", "decay_steps", "end_learning_rate", "power", "cycle"], s.GetConfig().Select(p => p.Key));
    }

    [Fact]
    public void ScalingScalesTheEndRateToo()
    {
        var s = (PolynomialDecay)new PolynomialDecay(1f, 10, 0.1f).WithLearningRate(2f);
        Assert.Equal((2f, 0.2f), (s.InitialLearningRate, s.EndLearningRate));
    }
}
