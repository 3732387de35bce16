using OneBatch.Layers;
using OneBatch.Tensors;
using static OneBatch.Tests.Autodiff.GradientChecker;

namespace OneBatch.Tests.Layers;

public sealed class MultiplyTests
{
    [Fact]
    public void MultipliesElementwise()
    {
        var a = Tensor.FromArray([1f, 2f, 3f], 1, 3);
        var b = Tensor.FromArray([4f, 5f, 6f], 1, 3);
        Assert.Equal([4f, 10f, 18f], new Multiply().Apply(a, b).ToArray());
    }

    [Fact]
    public void WeighsChannelsLikeSqueezeAndExcitation()
    {
        // x: [N, H, W, C] times channel weights [N, 1, 1, C]: the weights repeat over height and width.
        var x = Uniform(1, new Shape(2, 3, 2, 4));
        var w = Uniform(2, new Shape(2, 1, 1, 4));
        var y = new Multiply().Apply(x, w);
        for (int n = 0; n < 2; n++)
        {
            for (int h = 0; h < 3; h++)
            {
                for (int c = 0; c < 4; c++)
                {
                    Assert.Equal(x[n, h, 1, c] * w[n, 0, 0, c], y[n, h, 1, c]);
                }
            }
        }

        AssertGradients(t => new Multiply().Apply(t[0], t[1]), [x, w]);
    }
}
