using OneBatch.Tensors;
using OneBatch.Utils;

namespace OneBatch.Tests.Utils;

public sealed class CategoricalTests
{
    [Fact]
    public void ToCategoricalMakesOneHotRows()
    {
        var y = Categorical.ToCategorical(Tensor.FromArray([2f, 0f, 1f, 2f], 4), 3);
        Assert.Equal(new Shape(4, 3), y.Shape);
        Assert.Equal([0f, 0f, 1f, 1f, 0f, 0f, 0f, 1f, 0f, 0f, 0f, 1f], y.ToArray());

        var fromInts = Categorical.ToCategorical([1, 1, 0], 2);
        Assert.Equal([0f, 1f, 0f, 1f, 1f, 0f], fromInts.ToArray());
    }

    [Fact]
    public void EveryRowSumsToOne()
    {
        var labels = new RandomGenerator(5).Integers(new Shape(50), 0, 7);
        var y = Categorical.ToCategorical(labels, 7);
        for (int r = 0; r < 50; r++)
        {
            var row = y.ReadOnlySpan.Slice(r * 7, 7);
            Assert.Equal(1f, TensorPrimitives.Sum(row));
            Assert.Equal(1f, row[(int)labels.Span[r]]);
        }
    }

    [Theory]
    [InlineData(3f)]
    [InlineData(-1f)]
    [InlineData(1.5f)]
    [InlineData(float.NaN)]
    public void ABadLabelThrows(float bad)
    {
        var e = Assert.Throws<ArgumentException>(() => Categorical.ToCategorical(Tensor.FromArray([0f, bad], 2), 3));
        Assert.Contains("position 1", e.Message);
        Assert.Contains("[0, 3)", e.Message);
    }

    [Fact]
    public void ANonPositiveClassCountThrows() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => Categorical.ToCategorical([0], 0));
}
