using OneBatch.Autodiff;
using OneBatch.Layers;
using OneBatch.Tensors;
using OneBatch.Tests.Autodiff;

namespace OneBatch.Tests.Layers;

public sealed class RandomCropTests
{
    [Fact]
    public void InInferenceItCropsToTheAspectRatioAndResizes()
    {
        // As tf.keras 2 and Keras 3 before 3.6: 4 x 6 to 2 x 2 is the centred 4 x 4 window resized bilinearly.
        var x = GradientChecker.Uniform(1, new Shape(2, 4, 6, 3));
        var layer = new RandomCrop(2, 2);
        var expected = Ops.Resize(Ops.Slice(x, 2, 1, 4), 2, 2);
        Assert.Equal(expected.ToArray(), layer.Apply(x).ToArray());
        Assert.True(layer.ActsOnlyInTraining);
        Assert.True(layer.PreservesRange);
    }

    [Fact]
    public void InTrainingItCutsAWindowAtARandomPlace()
    {
        var x = Tensor.FromArray([.. Enumerable.Range(0, 30).Select(i => (float)i)], 1, 5, 6, 1);
        var layer = new RandomCrop(2, 3, seed: 4);
        var y = layer.Apply(x, training: true).ToArray();
        int top = (int)y[0] / 6, left = (int)y[0] % 6;
        Assert.Equal([y[0], y[0] + 1, y[0] + 2, y[0] + 6, y[0] + 7, y[0] + 8], y);
        Assert.InRange(top, 0, 3);
        Assert.InRange(left, 0, 3);
    }
}
