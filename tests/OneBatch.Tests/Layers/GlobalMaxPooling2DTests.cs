using OneBatch.Autodiff;
using OneBatch.Layers;
using OneBatch.Tensors;
using OneBatch.Tests.Autodiff;

namespace OneBatch.Tests.Layers;

public sealed class GlobalMaxPooling2DTests
{
    [Fact]
    public void TakesTheMaxOfEachChannelAndKeepsDimsOnRequest()
    {
        var x = GradientChecker.Uniform(7, new Shape(2, 3, 4, 5));
        var y = new GlobalMaxPooling2D().Apply(x);
        Assert.Equal(new Shape(2, 5), y.Shape);
        for (int n = 0; n < 2; n++)
        {
            for (int c = 0; c < 5; c++)
            {
                float max = float.MinValue;
                for (int p = 0; p < 12; p++)
                {
                    max = MathF.Max(max, x[n, p / 4, p % 4, c]);
                }

                Assert.Equal(max, y[n, c]);
            }
        }

        var kept = new GlobalMaxPooling2D(keepDims: true);
        Assert.Equal(new Shape(1, 1, 5), kept.ComputeOutputShape(new Shape(3, 4, 5)));
        Assert.Equal(y.ToArray(), kept.Apply(x).ToArray());
        Assert.Equal(new Shape(5, 1, 1), new GlobalMaxPooling2D(keepDims: true, dataFormat: "channels_first").ComputeOutputShape(new Shape(5, 3, 4)));
        GradientChecker.AssertGradients(t => new GlobalMaxPooling2D().Apply(t[0]), [x]);
    }

    [Fact]
    public void TiedPixelsShareTheGradient()
    {
        // Channel 0 peaks at 2 in three pixels: each gets a third of the gradient, as keras.ops.max gives it.
        var x = Tensor.FromArray([2f, 0f, 2f, 1f, -1f, 5f, 2f, 3f], 1, 2, 2, 2);
        var v = new Variable(x, "x");
        using var tape = new GradientTape();
        var y = new GlobalMaxPooling2D().Apply(x);
        var g = tape.Gradient(Ops.Sum(y), [v])[0]!;
        Assert.Equal([1f / 3, 0f, 1f / 3, 0f, 0f, 1f, 1f / 3, 0f], g.ToArray());
    }

    [Fact]
    public void ChannelsFirstEqualsChannelsLastOnTransposedData()
    {
        var x = GradientChecker.Uniform(8, new Shape(2, 3, 4, 5));
        Assert.Equal(new GlobalMaxPooling2D().Apply(x).ToArray(), new GlobalMaxPooling2D(dataFormat: "channels_first").Apply(Images.ToChannelsFirst(x)).ToArray());
        Assert.Throws<ArgumentException>(() => new GlobalMaxPooling2D().ComputeOutputShape(new Shape(0, 3, 2)));
    }
}
