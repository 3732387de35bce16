using OneBatch.Layers;
using OneBatch.Models;
using OneBatch.Tensors;
using static OneBatch.Tests.Autodiff.GradientChecker;

namespace OneBatch.Tests.Layers;

public sealed class ConcatenateTests
{
    [Fact]
    public void JoinsAlongTheLastAxisByDefault()
    {
        var a = Tensor.FromArray([1f, 2f, 3f, 4f], 2, 2);
        var b = Tensor.FromArray([5f, 6f], 2, 1);
        Assert.Equal([1f, 2f, 5f, 3f, 4f, 6f], new Concatenate().Apply(a, b).ToArray());
    }

    [Theory]
    [InlineData(1, new[] { 5, 3, 2 })]
    [InlineData(2, new[] { 2, 7, 2 })]
    [InlineData(-1, new[] { 2, 3, 5 })]
    [InlineData(3, new[] { 2, 3, 5 })]
    public void CountsAxesAsKerasDoesWithTheBatchAxisFirst(int axis, int[] expected)
    {
        // Per sample [2, 3, 2] and an input that differs only along the joined axis.
        int[] other = [2, 3, 2];
        int a = axis < 0 ? axis + 3 : axis - 1;
        other[a] = axis is 1 ? 3 : axis is 2 ? 4 : 3;
        var layer = new Concatenate(axis);
        var y = layer.Apply(Keras.Input(shape: [2, 3, 2]), Keras.Input(shape: other));
        Assert.Equal(new Shape(expected), y.Shape);
        AssertGradients(t => new Concatenate(axis).Apply(t[0], t[1]), [Uniform(1, new Shape([1, 2, 3, 2])), Uniform(2, new Shape([1, .. other]))]);
    }

    [Fact]
    public void InputsThatDisagreeOffTheAxisAreNamed()
    {
        var e = Assert.Throws<ArgumentException>(() => new Concatenate(name: "skip").Apply(Keras.Input(shape: [4, 4, 8]), Keras.Input(shape: [5, 4, 8])));
        Assert.Contains("'skip' (Concatenate) expects inputs that agree on every axis but axis -1", e.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => new Concatenate(axis: 0));
    }
}
