using OneBatch.Optimizers;
using static OneBatch.Tests.Optimizers.OptimizerSteps;

namespace OneBatch.Tests.Optimizers;

public sealed class AdamTests
{
    // lr 0.1, b1 = b2 = 0.5, eps 0; w = [1, -1], g1 = [2, -1], g2 = [0.5, -3].
    // alpha_t = lr sqrt(1 - b2^t) / (1 - b1^t): alpha_1 = 0.1 sqrt(0.5) / 0.5, alpha_2 = 0.1 sqrt(0.75) / 0.75 = 0.1 / sqrt(0.75).
    // t=1: m = 0.5 g = [1, -0.5]; v = 0.5 g^2 = [2, 0.5]; w -= alpha_1 m / sqrt(v) = 0.1 sign(g) -> [0.9, -0.9].
    // t=2: m = [1 + (0.5 - 1) 0.5, -0.5 + (-3 + 0.5) 0.5] = [0.75, -1.75]; v = [2 + (0.25 - 2) 0.5, 0.5 + (9 - 0.5) 0.5] = [1.125, 4.75].
    private static readonly float[] Start = [1f, -1f];
    private static readonly float[] G1 = [2f, -1f];
    private static readonly float[] G2 = [0.5f, -3f];
    private static readonly double Alpha2 = 0.1 / Math.Sqrt(0.75);

    [Fact]
    public void TwoStepsByKerasRule()
    {
        // t=2: w -= alpha_2 m / sqrt(v).
        var w = Run(new Adam(0.1f, 0.5f, 0.5f, 0f), Start, G1, G2);
        Near([0.9, -0.9], w[0], "t=1");
        Near([0.9 - (Alpha2 * 0.75 / Math.Sqrt(1.125)), -0.9 + (Alpha2 * 1.75 / Math.Sqrt(4.75))], w[1], "t=2");
    }

    [Fact]
    public void AmsgradDividesByTheLargestVelocitySoFar()
    {
        // t=2: vhat = max(vhat, v) = [max(2, 1.125), max(0.5, 4.75)] = [2, 4.75]; w -= alpha_2 m / sqrt(vhat).
        var w = Run(new Adam(0.1f, 0.5f, 0.5f, 0f, amsgrad: true), Start, G1, G2);
        Near([0.9, -0.9], w[0], "t=1");
        Near([0.9 - (Alpha2 * 0.75 / Math.Sqrt(2)), -0.9 + (Alpha2 * 1.75 / Math.Sqrt(4.75))], w[1], "t=2");
    }

    [Theory]
    [InlineData(1f, 0.999f, "beta_1")]
    [InlineData(-0.1f, 0.999f, "beta_1")]
    [InlineData(0.9f, 1f, "beta_2")]
    public void ABadBetaThrows(float beta1, float beta2, string name)
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new Adam(0.001f, beta1, beta2));
        Assert.Contains(name, e.Message);
        Assert.Contains("[0, 1)", e.Message);
    }

    [Fact]
    public void ConfigHasKerasKeys()
    {
        var keys = new Adam(amsgrad: true).GetConfig().Select(p => p.Key);
        Assert.Equal(["name", "learning_rate", "weight_decay", "clipnorm", "global_clipnorm", "clipvalue", "beta_1", "beta_2", "epsilon", "amsgrad"], keys);
    }
}
