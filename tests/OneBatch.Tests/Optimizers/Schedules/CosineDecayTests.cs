using OneBatch.Optimizers.Schedules;

namespace OneBatch.Tests.Optimizers.Schedules;

public sealed class CosineDecayTests
{
    [Fact]
    public void HalfACosineFromTheRateToAlpha()
    {
        // alpha 0: 0.5 (1 + cos(pi t / 10)): t=5 -> 0.5, t=10 -> 0, t=20 -> 0 (t held at 10).
        var s = new CosineDecay(1f, 10);
        Assert.Equal(0.5f, s.At(5), 1e-7f);
        Assert.Equal(0f, s.At(10), 1e-7f);
        Assert.Equal(0f, s.At(20), 1e-7f);

        // alpha 0.2: (1 - 0.2) * 0.5 + 0.2 = 0.6 at t=5, 0.2 at the end.
        var a = new CosineDecay(1f, 10, alpha: 0.2f);
        Assert.Equal(0.6f, a.At(5), 1e-7f);
        Assert.Equal(0.2f, a.At(10), 1e-7f);
    }

    [Fact]
    public void WarmsUpLinearlyToTheTargetThenDecaysFromIt()
    {
        // 0 -> 1 over 4 steps: t=2 -> 0.5, t=4 -> 1; then the cosine over t - 4: t=9 -> 0.5, t=14 -> 0, t=100 -> 0.
        var s = new CosineDecay(0f, 10, warmupTarget: 1f, warmupSteps: 4);
        Assert.Equal([0f, 0.5f, 1f], new long[] { 0, 2, 4 }.Select(s.At));
        Assert.Equal(0.5f, s.At(9), 1e-7f);
        Assert.Equal(0f, s.At(14), 1e-7f);
        Assert.Equal(0f, s.At(100), 1e-7f);

        // Quoted at its target, so it scales from it.
        Assert.Equal(1f, s.LearningRate);
        var scaled = (CosineDecay)s.WithLearningRate(0.1f);
        Assert.Equal((0f, 0.1f), (scaled.InitialLearningRate, scaled.WarmupTarget));
        Assert.Equal(["initial_learning_rate", "decay_steps", "alpha", "warmup_target", "warmup_steps"], s.GetConfig().Select(p => p.Key));
    }

    [Fact]
    public void WarmupStepsWithoutTargetAreIgnored() =>

        // As Keras: with no warmup_target the decay starts at once.
        Assert.Equal(0.5f, new CosineDecay(1f, 10, warmupSteps: 4).At(5), 1e-7f);
}
