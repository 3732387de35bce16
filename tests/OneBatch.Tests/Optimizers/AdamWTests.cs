using OneBatch.Optimizers;
using static OneBatch.Tests.Optimizers.OptimizerSteps;

namespace OneBatch.Tests.Optimizers;

public sealed class AdamWTests
{
    [Fact]
    public void DecaysTheWeightThenTakesAnAdamStep()
    {
        // lr 0.1, weight_decay 0.5, b1 = b2 = 0.5, eps 0; w = 1, g1 = 2, g2 = 0.5.
        // t=1: w = 1 - 1 * 0.5 * 0.1 = 0.95; Adam's first step moves by lr sign(g): w = 0.85.
        // t=2: w = 0.85 * (1 - 0.05) = 0.8075; m = 1 + (0.5 - 1) 0.5 = 0.75, v = 2 + (0.25 - 2) 0.5 = 1.125,
        //      alpha = 0.1 / sqrt(0.75); w = 0.8075 - alpha 0.75 / sqrt(1.125).
        var w = Run(new AdamW(0.1f, 0.5f, 0.5f, 0.5f, 0f), [1f], [2f], [0.5f]);
        Near([0.85], w[0], "t=1");
        Near([0.8075 - (0.1 / Math.Sqrt(0.75) * 0.75 / Math.Sqrt(1.125))], w[1], "t=2");
    }

    [Fact]
    public void KerasDefaults()
    {
        var o = new AdamW();
        Assert.Equal(0.001f, o.LearningRate);
        Assert.Equal(0.004f, o.WeightDecay);
        Assert.Equal((0.9f, 0.999f, 1e-7f, false), (o.Beta1, o.Beta2, o.Epsilon, o.Amsgrad));
        Assert.Equal("adamw", o.Name);
    }

    [Fact]
    public void ANegativeWeightDecayThrows() =>
        Assert.Contains("weight_decay", Assert.Throws<ArgumentOutOfRangeException>(() => new AdamW(weightDecay: -1f)).Message);
}
