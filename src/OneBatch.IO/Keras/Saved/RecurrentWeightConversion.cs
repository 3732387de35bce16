using OneBatch.Layers;
using OneBatch.Tensors;

namespace OneBatch.IO.Keras.Saved;

/// <summary>
/// The conversions Keras applies when it loads recurrent weights saved in another layout
/// (<c>preprocess_weights_for_loading</c> of Keras 2): Keras 1's one array per gate, and the CuDNNLSTM / CuDNNGRU
/// layout, whose bias holds an input and a recurrent bias per gate and whose kernels are stored column-major per gate.
/// Anything else passes through unchanged.
/// </summary>
internal static class RecurrentWeightConversion
{
    public static IReadOnlyList<SavedArray> ForLayer(Layer layer, IReadOnlyList<SavedArray> arrays)
    {
        if (layer is Bidirectional bidirectional && arrays.Count % 2 == 0)
        {
            int half = arrays.Count / 2;
            var forward = ForLayer(bidirectional.ForwardLayer, arrays.Take(half).ToArray());
            var backward = ForLayer(bidirectional.BackwardLayer, arrays.Skip(half).ToArray());
            return [.. forward, .. backward];
        }

        return layer switch
        {
            // Keras 1: W_i, U_i, b_i, W_c, U_c, b_c, W_f, U_f, b_f, W_o, U_o, b_o; Keras 2 orders the gates i, f, c, o.
            LSTM when arrays.Count == 12 => Merge(arrays, [0, 6, 3, 9]),

            // Keras 1: W_z, U_z, b_z, W_r, U_r, b_r, W_h, U_h, b_h.
            GRU when arrays.Count == 9 => Merge(arrays, [0, 3, 6]),
            LSTM lstm when arrays.Count == 3 && arrays[2].Shape == new Shape(8 * lstm.Units) => FromCuDnn(arrays, 4, bias =>
            {
                // b = b_input + b_recurrent, the two halves of the cuDNN bias.
                int n = bias.Values.Length / 2;
                var sum = new float[n];
                for (int i = 0; i < n; i++)
                {
                    sum[i] = bias.Values[i] + bias.Values[n + i];
                }

                return bias with { Shape = new Shape(n), Values = sum };
            }),
            GRU { ResetAfter: true } gru when arrays.Count == 3 && arrays[2].Shape == new Shape(6 * gru.Units) =>
                FromCuDnn(arrays, 3, bias => bias with { Shape = new Shape(2, 3 * gru.Units) }),
            _ => arrays,
        };
    }

    // kernel, recurrent kernel and bias, each the concatenation of the per-gate arrays at start + 0, 1, 2.
    private static SavedArray[] Merge(IReadOnlyList<SavedArray> arrays, int[] gateStarts) =>
        [.. Enumerable.Range(0, 3).Select(part => Concatenate(gateStarts.Select(g => arrays[g + part]).ToArray()))];

    // Along the last axis.
    private static SavedArray Concatenate(SavedArray[] parts)
    {
        var first = parts[0].Shape;
        int rows = first.Rank == 1 ? 1 : first[0];
        int width = parts.Sum(p => p.Shape.Last);
        if (parts.Any(p => p.Shape.Rank != first.Rank || (first.Rank == 2 && p.Shape[0] != rows)))
        {
            return parts[0];
        }

        var values = new float[rows * width];
        int column = 0;
        foreach (var p in parts)
        {
            int w = p.Shape.Last;
            for (int r = 0; r < rows; r++)
            {
                Array.Copy(p.Values, r * w, values, (r * width) + column, w);
            }

            column += w;
        }

        var shape = first.Rank == 1 ? new Shape(width) : new Shape(rows, width);
        return new SavedArray(string.Join("+", parts.Select(p => p.Name)), shape, values);
    }

    // Keras's convert_lstm_weights / convert_gru_weights with from_cudnn: per gate block k [in, units] of the kernel,
    // k.T.reshape(k.shape, order='F') — that is, block[i, j] = k.flat[i + in * j] —; per gate block of the recurrent
    // kernel, k.T.
    private static SavedArray[] FromCuDnn(IReadOnlyList<SavedArray> arrays, int gates, Func<SavedArray, SavedArray> bias) =>
        [PerGate(arrays[0], gates, ColumnMajor), PerGate(arrays[1], gates, Transpose), bias(arrays[2])];

    private static SavedArray PerGate(SavedArray kernel, int gates, Func<float[], int, int, float[]> transform)
    {
        int rows = kernel.Shape[0];
        int units = kernel.Shape[1] / gates;
        var values = new float[kernel.Values.Length];
        var block = new float[rows * units];
        for (int g = 0; g < gates; g++)
        {
            for (int r = 0; r < rows; r++)
            {
                Array.Copy(kernel.Values, (r * kernel.Shape[1]) + (g * units), block, r * units, units);
            }

            var converted = transform(block, rows, units);
            for (int r = 0; r < rows; r++)
            {
                Array.Copy(converted, r * units, values, (r * kernel.Shape[1]) + (g * units), units);
            }
        }

        return kernel with { Values = values };
    }

    // out[i, j] = k.flat[i + rows * j]: k.T read in Fortran order into the shape [rows, units].
    private static float[] ColumnMajor(float[] k, int rows, int units)
    {
        var result = new float[k.Length];
        for (int i = 0; i < rows; i++)
        {
            for (int j = 0; j < units; j++)
            {
                result[(i * units) + j] = k[i + (rows * j)];
            }
        }

        return result;
    }

    // A square block transposed: out[i, j] = k[j, i].
    private static float[] Transpose(float[] k, int rows, int units)
    {
        var result = new float[k.Length];
        for (int i = 0; i < rows; i++)
        {
            for (int j = 0; j < units; j++)
            {
                result[(i * units) + j] = k[(j * rows) + i];
            }
        }

        return result;
    }
}
