using OneBatch.Regularizers;

namespace OneBatch.Tests.Regularizers;

public sealed class L1L2Tests
{
    [Fact]
    public void AddsBothPenalties()
    {
        // w = [[1, -2], [3, 0.5]]: 0.05 * 6.5 + 0.1 * 14.25 = 0.325 + 1.425 = 1.75;
        // d/dw = 0.05 sign(w) + 0.2 w = [0.25, -0.45, 0.65, 0.15].
        var (value, gradient) = Penalty.Of(new L1L2(0.05f, 0.1f), [1f, -2f, 3f, 0.5f], 2, 2);
        Assert.Equal(1.75f, value, 1e-6f);
        Assert.Equal([0.25f, -0.45f, 0.65f, 0.15f], gradient, (a, b) => Math.Abs(a - b) < 1e-6f);
    }

    [Fact]
    public void KerasDocstringExampleOfDenseLayerKernelL1()
    {
        // Dense(5) with a kernel of ones [5, 5] and L1(0.01): 0.01 * 25 = 0.25.
        var (value, _) = Penalty.Of(new L1L2(l1: 0.01f), [.. Enumerable.Repeat(1f, 25)], 5, 5);
        Assert.Equal(0.25f, value, 1e-7f);
    }

    [Fact]
    public void TheClassDefaultsToNoPenaltyAsKeras3sDoes()
    {
        // keras.regularizers.L1L2() has l1 = l2 = 0: the penalty is the constant 0.
        var r = new L1L2();
        Assert.Equal((0f, 0f), (r.L1Factor, r.L2Factor));
        var (value, gradient) = Penalty.Of(r, [1f, -2f], 2);
        Assert.Equal(0f, value);
        Assert.All(gradient, g => Assert.Equal(0f, g));
    }

    [Fact]
    public void OnlyTheL2TermWhenL1IsZero()
    {
        // 0.5 * (4 + 1) = 2.5
        var (value, _) = Penalty.Of(new L1L2(0f, 0.5f), [2f, -1f], 2);
        Assert.Equal(2.5f, value);
    }
}
