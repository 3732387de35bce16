using OneBatch.Optimizers;
using static OneBatch.Tests.Optimizers.OptimizerSteps;

namespace OneBatch.Tests.Optimizers;

public sealed class RMSpropTests
{
    [Fact]
    public void CenteredDividesByTheVarianceEstimate()
    {
        // lr 0.1, rho 0.5, eps 0; w = 1, g1 = 2, g2 = 1.
        // t=1: v = 0.5 * 4 = 2; a = 0.5 * 2 = 1; step = 0.1 * 2 / sqrt(2 - 1) = 0.2 -> w = 0.8.
        // t=2: v = 1 + 0.5 = 1.5; a = 0.5 + 0.5 = 1; step = 0.1 * 1 / sqrt(1.5 - 1) = 0.1 / sqrt(0.5) -> w = 0.8 - 0.1 / sqrt(0.5).
        var w = Run(new RMSprop(0.1f, 0.5f, epsilon: 0f, centered: true), [1f], [2f], [1f]);
        Near([0.8], w[0], "t=1");
        Near([0.8 - (0.1 / Math.Sqrt(0.5))], w[1], "t=2");
    }

    [Fact]
    public void CenteredWithMomentum()
    {
        // As above with momentum 0.5: p1 = 0.2 -> w = 0.8; p2 = 0.5 * 0.2 + 0.1 / sqrt(0.5) -> w = 0.8 - p2.
        var w = Run(new RMSprop(0.1f, 0.5f, 0.5f, 0f, centered: true), [1f], [2f], [1f]);
        Near([0.8], w[0], "t=1");
        Near([0.8 - (0.1 + (0.1 / Math.Sqrt(0.5)))], w[1], "t=2");
    }

    [Fact]
    public void ABadRhoThrows() =>
        Assert.Contains("rho", Assert.Throws<ArgumentOutOfRangeException>(() => new RMSprop(rho: 1f)).Message);

    [Fact]
    public void ConfigHasKerasKeys() =>
        Assert.Equal(["rho", "momentum", "epsilon", "centered"], new RMSprop().GetConfig().Skip(6).Select(p => p.Key));
}
