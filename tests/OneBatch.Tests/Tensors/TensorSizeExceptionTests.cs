using OneBatch.Kernels;
using OneBatch.Layers;
using OneBatch.Tensors;

namespace OneBatch.Tests.Tensors;

/// <summary>Sizes that no tensor can have are refused where they arise, in one sentence, never wrapped around an int.</summary>
public sealed class TensorSizeExceptionTests
{
    [Fact]
    public void AShapeOfMoreValuesThanAnArrayHoldsIsRefused()
    {
        var e = Assert.Throws<TensorSizeException>(() => new Shape(65536, 65537));
        Assert.Equal("a tensor of 65,536 x 65,537 = 4,295,032,832 values is more than one tensor can hold (2,147,483,591).", e.Message);
        Assert.IsAssignableFrom<ArgumentException>(e);
    }

    [Fact]
    public void AShapeWithAZeroIsEmptyHoweverLargeTheOtherSizes()
    {
        var s = new Shape(int.MaxValue, 0, int.MaxValue);
        Assert.Equal(0, s.Size);
        Assert.Throws<TensorSizeException>(() => new Shape(int.MaxValue, int.MaxValue, int.MaxValue, int.MaxValue, int.MaxValue, 2));
        Assert.Equal(1 << 30, new Shape(1 << 20, 1 << 10).Size);
    }

    [Fact]
    public void ALayerWhoseWeightsCannotBeHeldNamesItself()
    {
        var dense = new Dense(65537, name: "dense_1");
        var e = Assert.Throws<TensorSizeException>(() => dense.Build(new Shape(65536), new RandomGenerator(0)));
        Assert.StartsWith("Layer 'dense_1' (Dense): a tensor of 65,536 x 65,537 = 4,295,032,832 values", e.Message, StringComparison.Ordinal);
        Assert.False(dense.Built);
    }

    [Fact]
    public void ReshapeInfersMinusOneWithoutOverflow()
    {
        var reshape = new Reshape([65536, 65536, -1], name: "reshape");
        var e = Assert.Throws<ArgumentException>(() => reshape.ComputeOutputShape(new Shape(4)));
        Assert.Contains("reshaped to [65536, 65536, -1]", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AWindowWhoseSpanPassesAnIntIsASizeError()
    {
        // 256 elements 10^7 apart span 2,550,000,001 input elements: more than an int, so an error, not a wrapped size.
        Assert.Throws<TensorSizeException>(() => WindowGeometry.Create(2, 8, 8, 1, 256, 256, 1, 1, Padding.Same, 10_000_000, 10_000_000));
        Assert.Throws<TensorSizeException>(() => WindowGeometry.TransposedAxis(65536, 65536, 65536, Padding.Valid, null));
    }

    [Fact]
    public void GemmRefusesSizesWhoseProductsPassAnInt()
    {
        // m * k = 2^32 wraps to 0 in int: spans of 1 value must not pass the length check and reach the packing.
        float[] one = [1f];
        Assert.Throws<ArgumentException>(() => Gemm.Multiply(one, false, one, false, one, 65536, 1, 65536));
    }
}
