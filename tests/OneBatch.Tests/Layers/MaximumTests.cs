using OneBatch.Layers;
using OneBatch.Tensors;
using static OneBatch.Tests.Autodiff.GradientChecker;

namespace OneBatch.Tests.Layers;

public sealed class MaximumTests
{
    [Fact]
    public void TakesTheLargerValueAndGivesItTheGradient()
    {
        var a = Tensor.FromArray([1f, 5f, -2f], 1, 3);
        var b = Tensor.FromArray([3f, 4f, -1f], 1, 3);
        Assert.Equal([3f, 5f, -1f], new Maximum().Apply(a, b).ToArray());

        // Away from ties the maximum is smooth in each input.
        var x = Tensor.FromArray([0.1f, 0.9f, -0.5f, 0.3f], 2, 2);
        var y = Tensor.FromArray([0.6f, 0.2f, -0.1f, -0.4f], 2, 2);
        AssertGradients(t => new Maximum().Apply(t[0], t[1]), [x, y], epsilon: 1e-3);
    }
}
