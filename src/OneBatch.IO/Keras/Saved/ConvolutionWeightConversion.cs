using OneBatch.Layers;
using OneBatch.Tensors;

namespace OneBatch.IO.Keras.Saved;

/// <summary>
/// The conversions Keras 2 applies to convolution kernels saved by older Keras (<c>preprocess_weights_for_loading</c>):
/// Keras 1 stored a <c>channels_first</c> ("th") Conv2D kernel as <c>(filters, in, rows, cols)</c>, a Conv2DTranspose
/// kernel with its last two axes swapped, and a Conv1D kernel with an extra axis of 1; and a kernel saved by the Theano
/// backend is flipped in every spatial axis (Theano convolves, TensorFlow and OneBatch correlate). Others pass unchanged.
/// </summary>
internal static class ConvolutionWeightConversion
{
    /// <param name="kerasVersion">The file's <c>keras_version</c>; none means Keras 1, as Keras reads it.</param>
    /// <param name="backend">The file's <c>backend</c>, if it records one.</param>
    public static IReadOnlyList<SavedArray> ForLayer(Layer layer, IReadOnlyList<SavedArray> arrays, string? kerasVersion, string? backend)
    {
        if (arrays.Count == 0 || layer is not (Conv1D or Conv2D or Conv2DTranspose) || layer.Weights.Count == 0)
        {
            return arrays;
        }

        var kernel = arrays[0];
        if (kerasVersion is null || kerasVersion.StartsWith('1'))
        {
            kernel = layer switch
            {
                // (filters, in, length, 1) in Keras 1.1; then (length, 1, in, filters) with the axis of 1 dropped.
                Conv1D c when kernel.Shape.Rank == 4 => DropAxis1(kernel.Shape[0] == c.Filters && kernel.Shape[3] == 1 && kernel.Shape[2] == c.KernelSize
                    ? Permute(kernel, [2, 3, 1, 0])
                    : kernel),
                Conv2D { DataFormat: DataFormat.ChannelsFirst } => Permute(kernel, [2, 3, 1, 0]),
                Conv2DTranspose { DataFormat: DataFormat.ChannelsLast } => Permute(kernel, [0, 1, 3, 2]),
                Conv2DTranspose { DataFormat: DataFormat.ChannelsFirst } => Permute(kernel, [2, 3, 0, 1]),
                _ => kernel,
            };
        }

        if (backend == "theano")
        {
            kernel = FlipSpatial(kernel);
            if (kernel.Shape != layer.Weights[0].Shape && kernel.Shape.Rank == 4)
            {
                kernel = Permute(kernel, [3, 2, 0, 1]);
            }
        }

        return ReferenceEquals(kernel, arrays[0]) ? arrays : [kernel, .. arrays.Skip(1)];
    }

    /// <summary>numpy's <c>np.transpose(a, axes)</c>: result axis i is axis <c>axes[i]</c> of <paramref name="a"/>.</summary>
    public static SavedArray Permute(SavedArray a, int[] axes)
    {
        int rank = a.Shape.Rank;
        var dims = a.Shape.ToArray();
        var strides = Strides(dims);
        var outDims = axes.Select(x => dims[x]).ToArray();
        var values = new float[a.Values.Length];
        var index = new int[rank];
        for (int o = 0; o < values.Length; o++)
        {
            int from = 0;
            for (int i = 0; i < rank; i++)
            {
                from += index[i] * strides[axes[i]];
            }

            values[o] = a.Values[from];
            for (int i = rank - 1; i >= 0 && ++index[i] == outDims[i]; i--)
            {
                index[i] = 0;
            }
        }

        return a with { Shape = new Shape(outDims), Values = values };
    }

    // Keras's conv_utils.convert_kernel: every axis but the last two (in, out) reversed.
    private static SavedArray FlipSpatial(SavedArray a)
    {
        var dims = a.Shape.ToArray();
        var strides = Strides(dims);
        int spatial = dims.Length - 2;
        var values = new float[a.Values.Length];
        var index = new int[dims.Length];
        for (int o = 0; o < values.Length; o++)
        {
            int from = 0;
            for (int i = 0; i < dims.Length; i++)
            {
                from += (i < spatial ? dims[i] - 1 - index[i] : index[i]) * strides[i];
            }

            values[o] = a.Values[from];
            for (int i = dims.Length - 1; i >= 0 && ++index[i] == dims[i]; i--)
            {
                index[i] = 0;
            }
        }

        return a with { Values = values };
    }

    // (length, 1, in, filters) to (length, in, filters).
    private static SavedArray DropAxis1(SavedArray a) =>
        a.Shape.Rank == 4 && a.Shape[1] == 1 ? a with { Shape = new Shape(a.Shape[0], a.Shape[2], a.Shape[3]) } : a;

    private static int[] Strides(int[] dims)
    {
        var strides = new int[dims.Length];
        int s = 1;
        for (int i = dims.Length - 1; i >= 0; i--)
        {
            strides[i] = s;
            s *= dims[i];
        }

        return strides;
    }
}
