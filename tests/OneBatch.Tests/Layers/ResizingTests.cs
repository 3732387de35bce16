using OneBatch.Autodiff;
using OneBatch.Layers;
using OneBatch.Tensors;
using OneBatch.Tests.Autodiff;

namespace OneBatch.Tests.Layers;

public sealed class ResizingTests
{
    [Fact]
    public void ATinyImageBilinearly()
    {
        // [[0, 10], [20, 30]] to 3 x 3: the arithmetic is written out in ResizeTests.BilinearTwoByTwoToThreeByThree.
        var layer = new Resizing(3, 3);
        var y = layer.Apply(Tensor.FromArray([0f, 10f, 20f, 30f], 1, 2, 2, 1));
        ResizeTests.AssertClose([0f, 5f, 10f, 10f, 15f, 20f, 20f, 25f, 30f], y.ToArray());
        Assert.Equal(new Shape(3, 3, 1), layer.OutputShape);
        Assert.True(layer.PreservesRange);
    }

    [Fact]
    public void NearestAndTheSameSize()
    {
        var x = Tensor.FromArray([1f, 2f, 3f, 4f], 1, 1, 4, 1);
        Assert.Equal([1f, 3f, 4f], new Resizing(1, 3, "nearest").Apply(x).ToArray());
        Assert.Same(x, new Resizing(1, 4).Apply(x));
    }

    [Fact]
    public void CropToAspectRatioCutsTheCentredWindowFirst()
    {
        // 2 x 4 to 2 x 2: the largest centred square is columns 1..2, then nothing to resize.
        var x = Tensor.FromArray([1f, 2f, 3f, 4f, 5f, 6f, 7f, 8f], 1, 2, 4, 1);
        Assert.Equal([2f, 3f, 6f, 7f], new Resizing(2, 2, cropToAspectRatio: true).Apply(x).ToArray());

        // 4 x 6 to 2 x 2: the window is rows 0..3, columns 1..4 (Keras: crop width int(4 * 2 / 2) = 4, start (6 - 4) / 2).
        Assert.Equal((0, 1, 4, 4), Resizing.AspectWindow(4, 6, 2, 2));
        Assert.Equal((1, 0, 2, 5), Resizing.AspectWindow(5, 5, 2, 5));
        var image = GradientChecker.Uniform(5, new Shape(1, 4, 6, 2));
        var expected = Ops.Resize(Ops.Slice(image, 2, 1, 4), 2, 2);
        Assert.Equal(expected.ToArray(), new Resizing(2, 2, cropToAspectRatio: true).Apply(image).ToArray());
    }

    [Fact]
    public void GradientFlowsToTheInput()
    {
        var layer = new Resizing(5, 3, cropToAspectRatio: true);
        var x = GradientChecker.Uniform(6, new Shape(2, 4, 4, 2));
        GradientChecker.AssertGradients(t => layer.Apply(t[0]), [x]);
    }

    [Fact]
    public void BadSettingsAreRefused()
    {
        Assert.Equal(
            "Resizing 'r' interpolates bilinear or nearest; got 'bicubic'. (Parameter 'interpolation')",
            Assert.Throws<ArgumentException>(() => new Resizing(2, 2, "bicubic", name: "r")).Message);
        Assert.Contains("positive height and width", Assert.Throws<ArgumentException>(() => new Resizing(0, 2)).Message);
        Assert.Contains("expects images [height, width, channels]", Assert.Throws<ArgumentException>(() => new Resizing(2, 2).Apply(Tensor.Zeros(1, 4))).Message);
    }
}
