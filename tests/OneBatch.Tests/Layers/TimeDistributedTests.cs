using OneBatch.Layers;
using OneBatch.Models;
using OneBatch.Tensors;
using static OneBatch.Tests.Autodiff.GradientChecker;

namespace OneBatch.Tests.Layers;

public sealed class TimeDistributedTests
{
    [Fact]
    public void AppliesOneLayerToEveryStepWithOneSetOfWeights()
    {
        var dense = new Dense(2, activation: "tanh", biasInitializer: "random_uniform");
        var layer = new TimeDistributed(dense);
        var x = Uniform(1, new Shape(3, 4, 5));
        var y = layer.Apply(x);
        Assert.Equal(new Shape(3, 4, 2), y.Shape);
        Assert.Equal(2, layer.Weights.Count);

        // Step (1, 2) is exactly the Dense applied to that step alone.
        var step = Tensor.FromArray(x.ReadOnlySpan.Slice(((1 * 4) + 2) * 5, 5).ToArray(), 1, 5);
        var alone = dense.Apply(step).ToArray();
        var inSequence = y.ReadOnlySpan.Slice(((1 * 4) + 2) * 2, 2).ToArray();
        Assert.All(alone.Zip(inSequence), p => Assert.Equal(p.First, p.Second, 6));
        AssertGradients(t => layer.Apply(t[0]), [x, dense.Kernel!.Value, dense.Bias!.Value]);
    }

    [Fact]
    public void ASequenceMaskPassesOn()
    {
        var inputs = Keras.Input(shape: [3]);
        var outputs = new TimeDistributed(new Dense(2)).Apply(new Embedding(5, 4, maskZero: true).Apply(inputs));
        var model = new Functional(inputs, outputs);
        var predictions = new Tensor[1];
        var masks = new Tensor?[1];
        model.Apply([Tensor.FromArray([1f, 0f, 3f], 1, 3)], predictions, masks);
        Assert.Equal([1f, 0f, 1f], masks[0]!.ToArray());
    }

    [Fact]
    public void ItNeedsASequence()
    {
        var e = Assert.Throws<ArgumentException>(() => new TimeDistributed(new Dense(2), name: "td").Apply(Keras.Input(shape: [4])));
        Assert.Contains("'td' (TimeDistributed) expects sequences [time, ...]", e.Message);
    }
}
