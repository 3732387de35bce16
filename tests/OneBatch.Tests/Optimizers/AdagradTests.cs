using OneBatch.Optimizers;
using static OneBatch.Tests.Optimizers.OptimizerSteps;

namespace OneBatch.Tests.Optimizers;

public sealed class AdagradTests
{
    [Fact]
    public void TwoStepsByKerasRule()
    {
        // lr 0.1, initial accumulator 0, eps 0; w = 1, g1 = 2, g2 = -3.
        // t=1: acc = 4; w = 1 - 0.1 * 2 / 2 = 0.9.   t=2: acc = 4 + 9 = 13; w = 0.9 + 0.3 / sqrt(13).
        var w = Run(new Adagrad(0.1f, 0f, 0f), [1f], [2f], [-3f]);
        Near([0.9], w[0], "t=1");
        Near([0.9 + (0.3 / Math.Sqrt(13))], w[1], "t=2");
    }

    [Fact]
    public void TheAccumulatorStartsAtKerasDefault()
    {
        // Keras defaults: initial accumulator 0.1, eps 1e-7. lr 0.1, w = 0, g = 0.9: acc = 0.1 + 0.81 = 0.91; w = -0.09 / sqrt(0.91 + 1e-7).
        Near([-0.09 / Math.Sqrt(0.91 + 1e-7)], Run(new Adagrad(0.1f), [0f], [0.9f])[0]);
        Assert.Equal(0.001f, new Adagrad().LearningRate);
    }

    [Fact]
    public void ANegativeInitialAccumulatorThrows() =>
        Assert.Contains("initial_accumulator_value", Assert.Throws<ArgumentOutOfRangeException>(() => new Adagrad(initialAccumulatorValue: -1f)).Message);
}
