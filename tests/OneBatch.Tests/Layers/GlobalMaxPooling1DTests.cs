using OneBatch.Autodiff;
using OneBatch.Layers;
using OneBatch.Tensors;
using OneBatch.Tests.Autodiff;

namespace OneBatch.Tests.Layers;

public sealed class GlobalMaxPooling1DTests
{
    [Fact]
    public void EachFeatureTakesItsMaxOverTheSteps()
    {
        var x = Sequences.Shuffled(9, 2, 5, 3);
        var y = new GlobalMaxPooling1D().Apply(x);
        Assert.Equal(new Shape(2, 3), y.Shape);
        for (int n = 0; n < 2; n++)
        {
            for (int c = 0; c < 3; c++)
            {
                Assert.Equal(Enumerable.Range(0, 5).Max(t => x[n, t, c]), y[n, c]);
            }
        }

        var kept = new GlobalMaxPooling1D(keepDims: true).Apply(x);
        Assert.Equal(new Shape(2, 1, 3), kept.Shape);
        Assert.Equal(y.ToArray(), kept.ToArray());
        ConvGradientCheck.Assert(() => new GlobalMaxPooling1D().Apply(x), [x]);
        var one = Sequences.Shuffled(10, 3, 1, 2);
        ConvGradientCheck.Assert(() => new GlobalMaxPooling1D(keepDims: true).Apply(one), [one]);
    }

    [Fact]
    public void StepsThatTieForTheMaxShareItsGradientAsKerasOpsMaxDoes()
    {
        // Feature 0 of the one sequence peaks at steps 0 and 2 (a tie): each gets half of its gradient.
        var x = Tensor.FromArray([3f, 1f, 1f, 2f, 3f, 0f, -1f, 2f], 1, 4, 2);
        var v = new Variable(x, "x");
        using var tape = new GradientTape();
        var loss = Ops.Sum(Ops.Multiply(new GlobalMaxPooling1D().Apply(x), Tensor.FromArray([10f, 100f], 1, 2)));
        var dx = tape.Gradient(loss, [v])[0]!;
        Assert.Equal([5f, 0f, 0f, 50f, 5f, 0f, 0f, 50f], dx.ToArray());
    }

    [Fact]
    public void TheMaskIsIgnoredAndDroppedAsInKeras3()
    {
        // Keras 3's GlobalMaxPooling1D has no mask argument: the padded step (zeros) wins over the negative real steps.
        var x = Tensor.FromArray([-1f, -2f, -3f, -4f, -5f, -6f], 1, 3, 2);
        var (y, mask) = Sequences.ApplyMasked(new GlobalMaxPooling1D(), x, [1f, 0f, 1f]);
        Assert.Equal([0f, 0f], y.ToArray());
        Assert.Null(mask);
    }

    [Fact]
    public void TheMaxOpReducesAnyAxis()
    {
        var x = Sequences.Shuffled(11, 3, 4, 5);
        foreach (int axis in new[] { 0, 1, 2, -1 })
        {
            var y = Ops.Max(x, axis);
            int a = axis < 0 ? axis + 3 : axis;
            var expected = Naive.Indices(x.Shape)
                .GroupBy(index => string.Join(",", index.Where((_, i) => i != a)))
                .ToDictionary(group => group.Key, group => group.Max(index => x[index]));
            foreach (var index in Naive.Indices(y.Shape))
            {
                Assert.Equal(expected[string.Join(",", index)], y[index]);
            }

            ConvGradientCheck.Assert(() => Ops.Max(x, axis, keepDims: true), [x]);
        }

        Assert.Contains("empty axis", Assert.Throws<ArgumentException>(() => Ops.Max(new Tensor(new Shape(2, 0, 3)), 1)).Message);
    }

    [Fact]
    public void ShapesThatDoNotFitAreRefusedNamingTheLayer()
    {
        var e = Assert.Throws<ArgumentException>(() => new GlobalMaxPooling1D().ComputeOutputShape(new Shape(6)));
        Assert.Contains("'global_max_pooling1d' (GlobalMaxPooling1D) expects non-empty sequences", e.Message);
    }
}
