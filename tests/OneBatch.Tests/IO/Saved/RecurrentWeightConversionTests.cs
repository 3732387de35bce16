using OneBatch.IO.Keras;
using static OneBatch.Tests.IO.Saved.SavedModels;

namespace OneBatch.Tests.IO.Saved;

/// <summary>
/// Keras 2's <c>preprocess_weights_for_loading</c> for recurrent layers saved in other layouts: Keras 1's one array per
/// gate, CuDNNLSTM and CuDNNGRU. The expected values are computed here from Keras's rules, not by the reader's code.
/// </summary>
public sealed class RecurrentWeightConversionTests : IDisposable
{
    private readonly TempFolder _dir = new();

    public void Dispose() => _dir.Dispose();

    // Columns [start, start + count) of a row-major [rows, width] array.
    private static float[] Columns(float[] values, int rows, int width, int start, int count) =>
        [.. Enumerable.Range(0, rows).SelectMany(r => values.Skip((r * width) + start).Take(count))];

    [Fact]
    public void AKeras1DenseIsReadFromItsWAndB()
    {
        var source = Build(Mlp(), seed: 1);
        string path = _dir.Write("w.h5", KerasFileWriter.Keras2Weights(source.Model, KerasFileWriter.FixedStrings, keras1: true));
        var target = Build(Mlp(), seed: 2);
        KerasWeights.Load(path, target.Model);
        AssertSameWeights(source.Model, target.Model);
    }

    [Fact]
    public void AKeras1LstmsTwelveArraysAreMergedInKeras2sGateOrder()
    {
        // Keras 1 saved an LSTM as W_i, U_i, b_i, W_c, U_c, b_c, W_f, U_f, b_f, W_o, U_o, b_o (each [in, units],
        // [units, units], [units]); Keras 2 concatenates them along the last axis in the gate order i, f, c, o. So the
        // Keras 2 kernel's columns [0, u) are W_i, [u, 2u) W_f, [2u, 3u) W_c, [3u, 4u) W_o: the file is written by
        // cutting the model's arrays that way and storing the gates in Keras 1's order.
        var source = Build(Lstm(), seed: 1);
        var lstm = source.Model.Layers.Single(l => l.Name == "lstm");
        const int u = 2;
        var (kernel, recurrent, bias) = (lstm.Weights[0].Value.ToArray(), lstm.Weights[1].Value.ToArray(), lstm.Weights[2].Value.ToArray());
        var arrays = new List<FileArray>();
        foreach (var (gate, column) in new[] { ("i", 0), ("c", 2), ("f", 1), ("o", 3) })
        {
            arrays.Add(new FileArray($"lstm_W_{gate}", [3, u], Columns(kernel, 3, 4 * u, column * u, u)));
            arrays.Add(new FileArray($"lstm_U_{gate}", [u, u], Columns(recurrent, u, 4 * u, column * u, u)));
            arrays.Add(new FileArray($"lstm_b_{gate}", [u], bias[(column * u)..((column + 1) * u)]));
        }

        string path = _dir.Write("w.h5", KerasFileWriter.Keras2Weights(source.Model, KerasFileWriter.FixedStrings, keras1: true,
            arrays: l => l == lstm ? arrays : KerasFileWriter.Keras1Arrays(l)));
        var target = Build(Lstm(), seed: 2);
        KerasWeights.Load(path, target.Model);
        AssertSameWeights(source.Model, target.Model);
    }

    private static string CuDnn(string layer) => SeedModelJson.Sequential([5, 3], "mse", layer, SeedModelJson.Dense("dense", 2, "linear"));

    // The values a fixture file holds: distinct multiples of 1/16 (exact in float32, sums too).
    private static float[] Ramp(int count, float sign) => [.. Enumerable.Range(1, count).Select(k => sign * k / 16f)];

    [Fact]
    public void ACuDnnLstmsKernelsAreReadColumnMajorPerGateAndItsTwoBiasesSummed()
    {
        // convert_lstm_weights(from_cudnn=True): per gate block k [in, units] of the kernel,
        // k.T.reshape(k.shape, order='F'): out[i, j] = k.T[(i + in*j) % units, (i + in*j) / units] = k.flat[i + in*j];
        // per gate block of the recurrent kernel, k.T; the bias [8u] is b_input [4u] + b_recurrent [4u].
        string json = CuDnn(Layer("CuDNNLSTM", "cu_dnnlstm_1", "\"units\": 2, \"return_sequences\": false, \"unit_forget_bias\": true"));
        var model = Build(json, seed: 1).Model;
        const int inputs = 3, u = 2, width = 4 * u;
        float[] k = Ramp(inputs * width, 1), r = Ramp(u * width, -1), b = Ramp(8 * u, 1);
        var file = new[] { new FileArray("cu_dnnlstm_1/kernel:0", [inputs, width], k), new FileArray("cu_dnnlstm_1/recurrent_kernel:0", [u, width], r), new FileArray("cu_dnnlstm_1/bias:0", [8 * u], b) };
        string path = _dir.Write("w.h5", KerasFileWriter.Keras2Weights(model, KerasFileWriter.FixedStrings,
            arrays: l => l.Name == "cu_dnnlstm_1" ? file : KerasFileWriter.Keras2Arrays(l)));
        KerasWeights.Load(path, model);

        var layer = model.Layers.Single(l => l.Name == "cu_dnnlstm_1");
        var kernel = layer.Weights[0].Value.ToArray();

        // Gate 0 by hand: its block is [[k00, k01], [k10, k11], [k20, k21]] = [[1, 2], [9, 10], [17, 18]] / 16, flat
        // 1 2 9 10 17 18; out[i, j] = flat[i + 3j]: [[1, 10], [2, 17], [9, 18]] / 16.
        Assert.Equal([1 / 16f, 10 / 16f, 2 / 16f, 17 / 16f, 9 / 16f, 18 / 16f], Columns(kernel, inputs, width, 0, u));
        for (int g = 0; g < 4; g++)
        {
            for (int i = 0; i < inputs; i++)
            {
                for (int j = 0; j < u; j++)
                {
                    int flat = i + (inputs * j);
                    Assert.Equal(k[((flat / u) * width) + (g * u) + (flat % u)], kernel[(i * width) + (g * u) + j]);
                }
            }
        }

        var recurrent = layer.Weights[1].Value.ToArray();
        for (int g = 0; g < 4; g++)
        {
            for (int i = 0; i < u; i++)
            {
                for (int j = 0; j < u; j++)
                {
                    Assert.Equal(r[(j * width) + (g * u) + i], recurrent[(i * width) + (g * u) + j]);
                }
            }
        }

        Assert.Equal(Enumerable.Range(0, 4 * u).Select(i => b[i] + b[(4 * u) + i]), layer.Weights[2].Value.ToArray());
        Assert.Equal(Enumerable.Range(0, 4 * u).Select(i => (i + 1 + i + 9) / 16f), layer.Weights[2].Value.ToArray());
    }

    [Fact]
    public void ACuDnnGrusKernelsAreReadColumnMajorPerGateAndItsBiasAsTwoRows()
    {
        // convert_gru_weights(from_cudnn=True): the kernels as for the LSTM with 3 gates; the bias [6u] reshaped to
        // (2, 3u): input bias, then recurrent bias (a GRU with reset_after keeps both).
        string json = CuDnn(Layer("CuDNNGRU", "cu_dnngru_1", "\"units\": 2, \"return_sequences\": false"));
        var model = Build(json, seed: 1).Model;
        const int inputs = 3, u = 2, width = 3 * u;
        float[] k = Ramp(inputs * width, 1), r = Ramp(u * width, -1), b = Ramp(6 * u, 1);
        var file = new[] { new FileArray("cu_dnngru_1/kernel:0", [inputs, width], k), new FileArray("cu_dnngru_1/recurrent_kernel:0", [u, width], r), new FileArray("cu_dnngru_1/bias:0", [6 * u], b) };
        string path = _dir.Write("w.h5", KerasFileWriter.Keras2Weights(model, KerasFileWriter.VariableStrings,
            arrays: l => l.Name == "cu_dnngru_1" ? file : KerasFileWriter.Keras2Arrays(l)));
        KerasWeights.Load(path, model);

        var layer = model.Layers.Single(l => l.Name == "cu_dnngru_1");
        var kernel = layer.Weights[0].Value.ToArray();

        // Gate 0 by hand: block [[1, 2], [7, 8], [13, 14]] / 16, flat 1 2 7 8 13 14, out [[1, 8], [2, 13], [7, 14]] / 16.
        Assert.Equal([1 / 16f, 8 / 16f, 2 / 16f, 13 / 16f, 7 / 16f, 14 / 16f], Columns(kernel, inputs, width, 0, u));
        for (int g = 0; g < 3; g++)
        {
            for (int i = 0; i < inputs; i++)
            {
                for (int j = 0; j < u; j++)
                {
                    int flat = i + (inputs * j);
                    Assert.Equal(k[((flat / u) * width) + (g * u) + (flat % u)], kernel[(i * width) + (g * u) + j]);
                }
            }
        }

        var recurrent = layer.Weights[1].Value.ToArray();
        for (int g = 0; g < 3; g++)
        {
            for (int i = 0; i < u; i++)
            {
                for (int j = 0; j < u; j++)
                {
                    Assert.Equal(r[(j * width) + (g * u) + i], recurrent[(i * width) + (g * u) + j]);
                }
            }
        }

        Assert.Equal(new OneBatch.Tensors.Shape(2, width), layer.Weights[2].Shape);
        Assert.Equal(b, layer.Weights[2].Value.ToArray());
    }
}
