using OneBatch.Regularizers;

namespace OneBatch.Tests.Regularizers;

public sealed class L1Tests
{
    [Fact]
    public void PenalizesTheSumOfAbsoluteValues()
    {
        // 0.05 * (1 + 2 + 3 + 0.5) = 0.05 * 6.5 = 0.325; d/dw = 0.05 * sign(w).
        var (value, gradient) = Penalty.Of(new L1(0.05f), [1f, -2f, 3f, 0.5f], 4);
        Assert.Equal(0.325f, value, 1e-6f);
        Assert.Equal([0.05f, -0.05f, 0.05f, 0.05f], gradient, (a, b) => Math.Abs(a - b) < 1e-7f);
    }

    [Fact]
    public void TheGradientAtZeroIsZero()
    {
        // sign(0) = 0, as TensorFlow's abs gradient gives.
        var (value, gradient) = Penalty.Of(new L1(1f), [0f, 2f], 2);
        Assert.Equal(2f, value);
        Assert.Equal([0f, 1f], gradient);
    }

    [Fact]
    public void DefaultsToKeras001() => Assert.Equal(0.01f, new L1().L1Factor);
}
