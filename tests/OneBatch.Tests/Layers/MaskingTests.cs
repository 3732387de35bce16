using OneBatch.Layers;
using OneBatch.Models;
using OneBatch.Tensors;
using static OneBatch.Tests.Autodiff.GradientChecker;

namespace OneBatch.Tests.Layers;

public sealed class MaskingTests
{
    [Fact]
    public void StepsWhoseEveryFeatureIsTheMaskValueArePadding()
    {
        // Step (0, 1) is all -1: masked and zeroed. Step (1, 0) has one -1 only: kept.
        var x = Tensor.FromArray([1f, 2f, -1f, -1f, -1f, 3f, 4f, 5f], 2, 2, 2);
        var inputs = Keras.Input(shape: [2, 2]);
        var model = new Functional(inputs, new Masking(-1f).Apply(inputs));
        var outputs = new Tensor[1];
        var masks = new Tensor?[1];
        model.Apply([x], outputs, masks);
        Assert.Equal([1f, 2f, 0f, 0f, -1f, 3f, 4f, 5f], outputs[0].ToArray());
        Assert.Equal([1f, 0f, 1f, 1f], masks[0]!.ToArray());
        AssertGradients(t => new Masking(-1f).Apply(t[0]), [Uniform(2, new Shape(2, 3, 2))]);
    }
}
