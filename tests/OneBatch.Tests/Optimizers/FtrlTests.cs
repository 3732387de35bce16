using OneBatch.Optimizers;
using static OneBatch.Tests.Optimizers.OptimizerSteps;

namespace OneBatch.Tests.Optimizers;

public sealed class FtrlTests
{
    // lr 0.5, learning_rate_power -0.5, initial accumulator 1; w = 1, g = 3:
    // n' = 1 + 9 = 10; z = 0 + 3 - (sqrt(10) - sqrt(1)) / 0.5 * 1 = 3 - 2 (sqrt(10) - 1); quadratic = sqrt(10) / 0.5 + 2 l2.
    private static readonly double Z = 3 - (2 * (Math.Sqrt(10) - 1));

    [Fact]
    public void OneStepWithoutRegularization() =>

        // w = (clip(z, 0, 0) - z) / (2 sqrt(10)) = -z / (2 sqrt(10)).
        Near([-Z / (2 * Math.Sqrt(10))], Run(new Ftrl(0.5f, -0.5f, 1f), [1f], [3f])[0]);

    [Fact]
    public void L1ClipsTheLinearTermAndL2AndBetaWidenTheQuadratic() =>

        // l1 0.5: clip(z, -0.5, 0.5) = -0.5 (z ~ -1.32); l2 1, beta 1: l2 + beta / (2 lr) = 2, quadratic = 2 sqrt(10) + 4.
        Near([(-0.5 - Z) / ((2 * Math.Sqrt(10)) + 4)], Run(new Ftrl(0.5f, -0.5f, 1f, 0.5f, 1f, 0f, 1f), [1f], [3f])[0]);

    [Fact]
    public void ShrinkageAddsToTheGradient() =>

        // l2_shrinkage 0.25: g' = 3 + 2 * 0.25 * 1 = 3.5 enters z (not n): z = 3.5 - 2 (sqrt(10) - 1).
        Near([-(3.5 - (2 * (Math.Sqrt(10) - 1))) / (2 * Math.Sqrt(10))], Run(new Ftrl(0.5f, -0.5f, 1f, l2ShrinkageRegularizationStrength: 0.25f), [1f], [3f])[0]);

    [Fact]
    public void APositivePowerThrows() =>
        Assert.Contains("learning_rate_power", Assert.Throws<ArgumentOutOfRangeException>(() => new Ftrl(learningRatePower: 0.5f)).Message);
}
