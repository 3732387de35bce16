using OneBatch.Optimizers.Schedules;

namespace OneBatch.Tests.Optimizers.Schedules;

public sealed class ExponentialDecayTests
{
    [Fact]
    public void DecaysByTheRateEveryDecaySteps()
    {
        // lr(t) = 1 * 0.5^(t / 10): t=0 -> 1, t=5 -> sqrt(0.5), t=10 -> 0.5, t=20 -> 0.25.
        var s = new ExponentialDecay(1f, 10, 0.5f);
        Assert.Equal(1f, s.At(0));
        Assert.Equal((float)Math.Sqrt(0.5), s.At(5), 1e-7f);
        Assert.Equal(0.5f, s.At(10), 1e-7f);
        Assert.Equal(0.25f, s.At(20), 1e-7f);
    }

    [Fact]
    public void StaircaseFloorsTheExponent()
    {
        // floor(5 / 10) = 0 -> 1; floor(15 / 10) = 1 -> 0.5.
        var s = new ExponentialDecay(1f, 10, 0.5f, staircase: true);
        Assert.Equal(1f, s.At(5));
        Assert.Equal(0.5f, s.At(15));
    }

    [Fact]
    public void ConfigScaleAndValidation()
    {
        var s = new ExponentialDecay(0.1f, 10, 0.5f, true);
        Assert.Equal(["initial_learning_rate", "decay_steps", "decay_rate", "staircase"], s.GetConfig().Select(p => p.Key));
        Assert.Equal(0.1f, s.LearningRate);
        var scaled = s.WithLearningRate(0.3f);
        Assert.Equal(0.3f, scaled.LearningRate);
        Assert.Equal(0.15f, scaled.At(10), 1e-7f);
        Assert.Contains("decay_steps", Assert.Throws<ArgumentOutOfRangeException>(() => new ExponentialDecay(0.1f, 0, 0.5f)).Message);
    }
}
