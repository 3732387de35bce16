using OneBatch.Optimizers;
using static OneBatch.Tests.Optimizers.OptimizerSteps;

namespace OneBatch.Tests.Optimizers;

public sealed class AdamaxTests
{
    [Fact]
    public void TwoStepsByKerasRule()
    {
        // lr 0.1, b1 = b2 = 0.5, eps 0; w = [1, 0], g1 = [2, -4], g2 = [0.5, -4]; w -= lr m / ((1 - b1^t) u).
        // t=1: m = 0.5 g = [1, -2]; u = max(0, |g|) = [2, 4]; 1 - b1 = 0.5: w = [1 - 0.1 * 1 / 1, 0 + 0.1 * 2 / 2] = [0.9, 0.1].
        // t=2: m = [1 + (0.5 - 1) 0.5, -2 + (-4 + 2) 0.5] = [0.75, -3]; u = [max(1, 0.5), max(2, 4)] = [1, 4]; 1 - b1^2 = 0.75:
        //      w = [0.9 - 0.1 * 0.75 / 0.75, 0.1 + 0.1 * 3 / 3] = [0.8, 0.2].
        var w = Run(new Adamax(0.1f, 0.5f, 0.5f, 0f), [1f, 0f], [2f, -4f], [0.5f, -4f]);
        Near([0.9, 0.1], w[0], "t=1");
        Near([0.8, 0.2], w[1], "t=2");
    }

    [Fact]
    public void ABadBetaThrows() =>
        Assert.Contains("beta_2", Assert.Throws<ArgumentOutOfRangeException>(() => new Adamax(beta2: 1.5f)).Message);
}
