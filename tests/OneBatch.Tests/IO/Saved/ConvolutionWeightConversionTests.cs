using OneBatch.IO.Keras.Saved;
using OneBatch.Layers;
using OneBatch.Tensors;

namespace OneBatch.Tests.IO.Saved;

/// <summary>
/// Keras 2's <c>preprocess_weights_for_loading</c> for convolution kernels of older files. Each expected value is
/// indexed by hand from Keras's rule, not by the code under test.
/// </summary>
public sealed class ConvolutionWeightConversionTests
{
    // Values 0, 1, 2, ... so that each element names its own position in the file's layout.
    private static SavedArray Counting(params int[] dims)
    {
        var shape = new Shape(dims);
        return new SavedArray("kernel", shape, Enumerable.Range(0, shape.Size).Select(i => (float)i).ToArray());
    }

    private static SavedArray Bias(int n) => new("bias", new Shape(n), new float[n]);

    private static T Built<T>(T layer, params int[] input)
        where T : Layer
    {
        layer.Build(new Shape(input), new RandomGenerator(0));
        return layer;
    }

    [Fact]
    public void PermuteIsNumpysTranspose()
    {
        // a [2, 3]: a[i, j] = 3i + j; transpose (1, 0) gives t[j, i] = a[i, j].
        var t = ConvolutionWeightConversion.Permute(Counting(2, 3), [1, 0]);
        Assert.Equal(new Shape(3, 2), t.Shape);
        Assert.Equal([0f, 3f, 1f, 4f, 2f, 5f], t.Values);
    }

    [Fact]
    public void AKeras1ChannelsFirstConv2DKernelIsTransposedFromFiltersInRowsCols()
    {
        // Keras 1 "th": (filters=3, in=2, rows=2, cols=2); file[o, i, r, c] sits at ((o*2 + i)*2 + r)*2 + c.
        // Keras 2 wants (rows, cols, in, filters) = np.transpose(file, (2, 3, 1, 0)): k[r, c, i, o] = file[o, i, r, c].
        var layer = Built(new Conv2D(3, 2, dataFormat: "channels_first"), 2, 4, 4);
        var converted = ConvolutionWeightConversion.ForLayer(layer, [Counting(3, 2, 2, 2), Bias(3)], kerasVersion: null, backend: "tensorflow");
        var k = converted[0];
        Assert.Equal(new Shape(2, 2, 2, 3), k.Shape);
        for (int r = 0; r < 2; r++)
        {
            for (int c = 0; c < 2; c++)
            {
                for (int i = 0; i < 2; i++)
                {
                    for (int o = 0; o < 3; o++)
                    {
                        Assert.Equal((((((o * 2) + i) * 2) + r) * 2) + c, k.Values[(((((r * 2) + c) * 2) + i) * 3) + o]);
                    }
                }
            }
        }
    }

    [Fact]
    public void AKeras1ChannelsLastConv2DKernelAndAKeras2KernelPassUnchanged()
    {
        var layer = Built(new Conv2D(3, 2), 4, 4, 2);
        var kernel = Counting(2, 2, 2, 3);
        Assert.Same(kernel, ConvolutionWeightConversion.ForLayer(layer, [kernel, Bias(3)], kerasVersion: null, backend: null)[0]);
        var channelsFirst = Built(new Conv2D(3, 2, dataFormat: "channels_first"), 2, 4, 4);
        Assert.Same(kernel, ConvolutionWeightConversion.ForLayer(channelsFirst, [kernel, Bias(3)], kerasVersion: "2.2.4", backend: "tensorflow")[0]);
    }

    [Fact]
    public void ATheanoKernelIsFlippedInBothSpatialAxes()
    {
        // convert_kernel reverses rows and cols, keeps (in, out): k[r, c, i, o] = file[2 - r, 2 - c, i, o] for a 3x3 kernel.
        var layer = Built(new Conv2D(2, 3), 5, 5, 1);
        var file = Counting(3, 3, 1, 2);
        var k = ConvolutionWeightConversion.ForLayer(layer, [file, Bias(2)], kerasVersion: "2.0.8", backend: "theano")[0];
        Assert.Equal(file.Shape, k.Shape);
        for (int r = 0; r < 3; r++)
        {
            for (int c = 0; c < 3; c++)
            {
                for (int o = 0; o < 2; o++)
                {
                    Assert.Equal(file.Values[(((((2 - r) * 3) + (2 - c)) * 1) * 2) + o], k.Values[((((r * 3) + c) * 1) * 2) + o]);
                }
            }
        }
    }

    [Fact]
    public void AKeras1Conv1DKernelLosesItsAxisOfOne()
    {
        // Keras 1.2: (length=3, 1, in=2, filters=4) -> weights[0][:, 0, :, :] = (3, 2, 4), the same values in order.
        var layer = Built(new Conv1D(4, 3), 6, 2);
        var k = ConvolutionWeightConversion.ForLayer(layer, [Counting(3, 1, 2, 4), Bias(4)], kerasVersion: null, backend: "tensorflow")[0];
        Assert.Equal(new Shape(3, 2, 4), k.Shape);
        Assert.Equal(Enumerable.Range(0, 24).Select(i => (float)i), k.Values);

        // Keras 1.1: (filters=4, in=2, length=3, 1) -> np.transpose(w, (2, 3, 1, 0))[:, 0] : k[l, i, o] = file[o, i, l, 0].
        var legacy = ConvolutionWeightConversion.ForLayer(layer, [Counting(4, 2, 3, 1), Bias(4)], kerasVersion: null, backend: "tensorflow")[0];
        Assert.Equal(new Shape(3, 2, 4), legacy.Shape);
        for (int l = 0; l < 3; l++)
        {
            for (int i = 0; i < 2; i++)
            {
                for (int o = 0; o < 4; o++)
                {
                    Assert.Equal((((o * 2) + i) * 3) + l, legacy.Values[(((l * 2) + i) * 4) + o]);
                }
            }
        }
    }

    [Fact]
    public void AKeras1Conv2DTransposeKernelHasItsLastTwoAxesSwapped()
    {
        // channels_last: np.transpose(w, (0, 1, 3, 2)): k[r, c, f, s] = file[r, c, s, f].
        var layer = Built(new Conv2DTranspose(3, 2), 4, 4, 2);
        var k = ConvolutionWeightConversion.ForLayer(layer, [Counting(2, 2, 2, 3), Bias(3)], kerasVersion: null, backend: null)[0];
        Assert.Equal(new Shape(2, 2, 3, 2), k.Shape);
        Assert.Equal(1f, k.Values[2]);   // k[0, 0, 1, 0] = file[0, 0, 0, 1] = 1
        Assert.Equal(3f, k.Values[1]);   // k[0, 0, 0, 1] = file[0, 0, 1, 0] = 3
    }
}
