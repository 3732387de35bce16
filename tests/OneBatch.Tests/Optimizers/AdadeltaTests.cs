using OneBatch.Optimizers;
using static OneBatch.Tests.Optimizers.OptimizerSteps;

namespace OneBatch.Tests.Optimizers;

public sealed class AdadeltaTests
{
    [Fact]
    public void TwoStepsByKerasRule()
    {
        // lr 0.5, rho 0.5, eps 1; w = 1, g1 = 2, g2 = 1.
        // t=1: E[g^2] = 0.5 * 4 = 2; d = -sqrt(0 + 1) * 2 / sqrt(2 + 1) = -2 / sqrt(3); E[d^2] = 0.5 * 4 / 3 = 2/3; w = 1 + 0.5 d.
        // t=2: E[g^2] = 1 + 0.5 = 1.5; d = -sqrt(2/3 + 1) * 1 / sqrt(1.5 + 1) = -sqrt(5/3) / sqrt(5/2) = -sqrt(2/3); w += 0.5 d.
        double w1 = 1 - (0.5 * 2 / Math.Sqrt(3));
        var w = Run(new Adadelta(0.5f, 0.5f, 1f), [1f], [2f], [1f]);
        Near([w1], w[0], "t=1");
        Near([w1 - (0.5 * Math.Sqrt(2.0 / 3))], w[1], "t=2");
    }

    [Fact]
    public void KerasDefaults()
    {
        var o = new Adadelta();
        Assert.Equal((0.001f, 0.95f, 1e-7f), (o.LearningRate, o.Rho, o.Epsilon));
    }
}
