using OneBatch.Initializers;
using OneBatch.Layers;
using OneBatch.Tensors;
using OneBatch.Tests.Autodiff;
using static OneBatch.Tests.Autodiff.GradientChecker;

namespace OneBatch.Tests.Layers;

public sealed class PReLUTests
{
    [Fact]
    public void AlphaHasThePerSampleShapeAndStartsAtZero()
    {
        var layer = new PReLU();
        var y = layer.Apply(Tensor.FromArray([-2f, 3f, -1f, 4f, 5f, -6f], 2, 3));
        Assert.Equal(new Shape(3), layer.Alpha!.Shape);
        Assert.Equal("p_re_lu/alpha", layer.Alpha.Name);
        Assert.Equal([0f, 3f, 0f, 4f, 5f, 0f], y.ToArray());
    }

    [Fact]
    public void SharedAxesGiveOneAlphaPerChannel()
    {
        // [batch, h, w, c] = [2, 2, 3, 2] with shared_axes [1, 2]: alpha [1, 1, 2], one per channel.
        var layer = new PReLU(sharedAxes: [1, 2]);
        var x = GradientChecker.Uniform(5, new Shape(2, 2, 3, 2), -2f, 2f);
        _ = layer.Apply(x);
        Assert.Equal(new Shape(1, 1, 2), layer.Alpha!.Shape);
        layer.Alpha.Assign([0.1f, 0.5f]);
        var y = layer.Apply(x);
        var xs = x.ToArray();
        var ys = y.ToArray();
        for (int i = 0; i < xs.Length; i++)
        {
            float alpha = i % 2 == 0 ? 0.1f : 0.5f;
            Assert.Equal(xs[i] >= 0 ? xs[i] : alpha * xs[i], ys[i], 1e-6f);
        }
    }

    [Theory]
    [InlineData(null)]
    [InlineData(new[] { 1 })]
    [InlineData(new[] { 2 })]
    [InlineData(new[] { 1, 2 })]
    public void GradientsOfInputsAndAlpha(int[]? sharedAxes)
    {
        var layer = new PReLU(new RandomUniform(0.05f, 0.5f), sharedAxes);
        var x = Away(6, new Shape(2, 3, 4), 0.1f, 2f);
        _ = layer.Apply(x);
        AssertGradients(t => layer.Apply(t[0]), [x, layer.Alpha!.Value]);
    }

    [Fact]
    public void BadSharedAxesAreRefused()
    {
        Assert.Contains("shared_axes of at least 1", Assert.Throws<ArgumentException>(() => new PReLU(sharedAxes: [0])).Message);
        var e = Assert.Throws<ArgumentException>(() => new PReLU(sharedAxes: [3], name: "p").Apply(Tensor.Zeros(1, 4)));
        Assert.Contains("'p' (PReLU) expects inputs with the shared axes [3]", e.Message);
    }
}
