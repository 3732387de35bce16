using OneBatch.Layers;
using OneBatch.Models;
using OneBatch.Tensors;
using static OneBatch.Tests.Autodiff.GradientChecker;

namespace OneBatch.Tests.Layers;

public sealed class AddTests
{
    [Fact]
    public void SumsItsInputsElementwise()
    {
        var a = Tensor.FromArray([1f, 2f, 3f, 4f], 2, 2);
        var b = Tensor.FromArray([10f, 20f, 30f, 40f], 2, 2);
        var c = Tensor.FromArray([100f, 200f, 300f, 400f], 2, 2);
        Assert.Equal([111f, 222f, 333f, 444f], new Add().Apply(a, b, c).ToArray());
    }

    [Fact]
    public void BroadcastsAsKerasDoesAddingAxesAfterTheBatchAxis()
    {
        // [2, 3] per sample + [3] per sample: the [3] becomes [1, 3] (Keras expands after the batch axis).
        var add = new Add();
        var inputs = Keras.Input(shape: [2, 3]);
        var bias = Keras.Input(shape: [3]);
        Assert.Equal(new Shape(2, 3), add.Apply(inputs, bias).Shape);
        var x = Tensor.FromArray([1f, 2f, 3f, 4f, 5f, 6f], 1, 2, 3);
        var v = Tensor.FromArray([10f, 20f, 30f], 1, 3);
        Assert.Equal([11f, 22f, 33f, 14f, 25f, 36f], new Add().Apply(x, v).ToArray());
    }

    [Fact]
    public void ItsGradientReachesEveryInputOnceEach()
    {
        var a = Uniform(1, new Shape(3, 4));
        var b = Uniform(2, new Shape(3, 4));
        var c = Uniform(3, new Shape(3, 1, 4));
        AssertGradients(t => new Add().Apply(t[0], t[1]), [a, b]);
        AssertGradients(t => new Add().Apply(Tensor.Full(new Shape(3, 2, 4), 1f), t[0]), [c]);
    }

    [Fact]
    public void ShapesThatDoNotBroadcastAreNamed()
    {
        var e = Assert.Throws<ArgumentException>(() => new Add(name: "res").Apply(Keras.Input(shape: [4]), Keras.Input(shape: [5])));
        Assert.Contains("'res' (Add)", e.Message);
        Assert.Contains("[4], [5]", e.Message);
    }
}
