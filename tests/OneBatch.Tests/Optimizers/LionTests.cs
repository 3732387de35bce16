using OneBatch.Optimizers;
using static OneBatch.Tests.Optimizers.OptimizerSteps;

namespace OneBatch.Tests.Optimizers;

public sealed class LionTests
{
    [Fact]
    public void TwoStepsByKerasRule()
    {
        // lr 0.1, b1 = b2 = 0.5; w = [1, 0], g1 = [2, 0], g2 = [-3, 1].
        // t=1: c = 0.5 m + 0.5 g = [1, 0]; w -= 0.1 sign(c) = [0.9, 0] (sign 0 = 0); m = 0.5 m + 0.5 g = [1, 0].
        // t=2: c = [0.5 - 1.5, 0 + 0.5] = [-1, 0.5]; w = [0.9 + 0.1, 0 - 0.1] = [1, -0.1].
        var w = Run(new Lion(0.1f, 0.5f, 0.5f), [1f, 0f], [2f, 0f], [-3f, 1f]);
        Near([0.9, 0], w[0], "t=1");
        Near([1, -0.1], w[1], "t=2");
    }

    [Fact]
    public void KerasDefaultsAndBeta1Range()
    {
        var o = new Lion();
        Assert.Equal((0.001f, 0.9f, 0.99f), (o.LearningRate, o.Beta1, o.Beta2));
        Assert.Contains("(0, 1]", Assert.Throws<ArgumentOutOfRangeException>(() => new Lion(beta1: 0f)).Message);
    }
}
