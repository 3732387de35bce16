using OneBatch.Layers;
using OneBatch.Tensors;
using OneBatch.Tests.Autodiff;

namespace OneBatch.Tests.Layers;

public sealed class NormalizationTests
{
    [Fact]
    public void AGivenMeanAndVarianceAsInKerasDocstring()
    {
        // Normalization(mean=3., variance=2.) on [[1], [2], [3]]: (x - 3) / sqrt(2).
        var y = new Normalization(mean: [3f], variance: [2f]).Apply(Tensor.FromArray([1f, 2f, 3f], 3, 1)).ToArray();
        Assert.Equal(-2 / Math.Sqrt(2), y[0], 1e-6);
        Assert.Equal(-1 / Math.Sqrt(2), y[1], 1e-6);
        Assert.Equal(0f, y[2]);
    }

    [Fact]
    public void AdaptedStatisticsAreItsWeightsInKerasOrder()
    {
        // Keras's docstring adapts [[0, 7, 4], [2, 9, 6], [0, 7, 4], [2, 9, 6]]: mean [1, 8, 5], variance [1, 1, 1].
        var layer = new Normalization();
        var x = Tensor.FromArray([0f, 7f, 4f], 1, 3);
        _ = layer.Apply(x);
        Assert.Equal(["normalization/mean", "normalization/variance", "normalization/count"], layer.Weights.Select(w => w.Name));
        Assert.Equal([new Shape(3), new Shape(3), Shape.Scalar], layer.Weights.Select(w => w.Shape));
        Assert.Empty(layer.TrainableWeights);
        layer.Mean!.Assign([1f, 8f, 5f]);
        layer.Variance!.Assign([1f, 1f, 1f]);
        layer.Count!.Assign([4f]);
        Assert.Equal([-1f, -1f, -1f], layer.Apply(x).ToArray());
    }

    [Fact]
    public void InvertUndoesIt()
    {
        // Keras's docstring: the same statistics, invert=True, [[1, 2, 3]] -> [2, 10, 8].
        var layer = new Normalization(mean: [1f, 8f, 5f], variance: [1f, 1f, 1f], invert: true);
        Assert.Equal([2f, 10f, 8f], layer.Apply(Tensor.FromArray([1f, 2f, 3f], 1, 3)).ToArray());
    }

    [Fact]
    public void AxisNoneKeepsOneScalarAndSeveralAxesKeepAGrid()
    {
        var scalar = new Normalization(axis: []);
        _ = scalar.Apply(Tensor.Zeros(2, 2));
        Assert.Equal(Shape.Scalar, scalar.Mean!.Shape);
        scalar.Mean.Assign([3f]);
        scalar.Variance!.Assign([4f]);
        Assert.Equal([-1.5f, -1f, 0f, 0.5f], scalar.Apply(Tensor.FromArray([0f, 1f, 3f, 4f], 2, 2)).ToArray());

        // [batch, h, w, c] = [1, 2, 1, 2] with axis (1, 2): a mean per (h, w), shared over the channels.
        var grid = new Normalization(axis: [1, 2], mean: [1f, 2f], variance: [1f, 4f]);
        var y = grid.Apply(Tensor.FromArray([1f, 2f, 4f, 6f], 1, 2, 1, 2));
        Assert.Equal([0f, 1f, 1f, 2f], y.ToArray());
        Assert.Empty(grid.Weights);
    }

    [Fact]
    public void AZeroVarianceDividesByEpsilonNotZero()
    {
        var y = new Normalization(mean: [1f], variance: [0f]).Apply(Tensor.FromArray([1f, 1f + 1e-7f], 2, 1)).ToArray();
        Assert.Equal(0f, y[0]);
        Assert.True(float.IsFinite(y[1]));
    }

    [Fact]
    public void GradientWithRespectToTheInput()
    {
        var layer = new Normalization(mean: [0.5f, -1f], variance: [2f, 0.25f]);
        GradientChecker.AssertGradients(t => layer.Apply(t[0]), [GradientChecker.Uniform(1, new Shape(3, 2))]);
    }

    [Fact]
    public void BadSettingsAreRefused()
    {
        Assert.Contains("both mean and variance", Assert.Throws<ArgumentException>(() => new Normalization(mean: [1f])).Message);
        Assert.Contains("batch axis", Assert.Throws<ArgumentException>(() => new Normalization(axis: [0])).Message);
        Assert.Contains("do not broadcast", Assert.Throws<ArgumentException>(() => new Normalization(mean: [1f, 2f], variance: [1f, 1f]).Apply(Tensor.Zeros(1, 3))).Message);
        Assert.Contains("expects inputs with the axes [3]", Assert.Throws<ArgumentException>(() => new Normalization(axis: [3]).Apply(Tensor.Zeros(1, 3))).Message);
    }
}
