using System.Text.Json;
using OneBatch.Activations;
using OneBatch.Initializers;
using OneBatch.Layers;

namespace OneBatch.IO.Keras.Layers;

/// <summary>
/// Readers for Keras's recurrent layers: SimpleRNN, LSTM, GRU (Keras 1's keys too: <c>output_dim</c>,
/// <c>inner_activation</c>, <c>init</c>, <c>inner_init</c>, <c>forget_bias_init</c>, <c>dropout_W</c>/<c>dropout_U</c>),
/// CuDNNLSTM and CuDNNGRU (an LSTM, and a GRU with reset_after, with tanh and sigmoid), the RNN wrapper around an
/// LSTMCell, GRUCell or SimpleRNNCell, and Bidirectional around any of them.
/// </summary>
internal static class RecurrentReaders
{
    public static (string, Func<KerasConfig, Layer>)[] All { get; } =
    [
        ("SimpleRNN", c => Recurrent(c, c, Cell.SimpleRnn)),
        ("LSTM", c => Recurrent(c, c, Cell.Lstm)),
        ("GRU", c => Recurrent(c, c, Cell.Gru)),
        ("CuDNNLSTM", c => Recurrent(c, c, Cell.CuDnnLstm)),
        ("CuDNNGRU", c => Recurrent(c, c, Cell.CuDnnGru)),
        ("RNN", Rnn),
        ("Bidirectional", Bidirectional),
    ];

    private enum Cell
    {
        SimpleRnn,
        Lstm,
        Gru,
        CuDnnLstm,
        CuDnnGru,
    }

    /// <summary>A recurrent layer of any class this family reads (for a Bidirectional's halves).</summary>
    private static RecurrentLayer Any(KerasConfig c) => c.ClassName switch
    {
        "SimpleRNN" => Recurrent(c, c, Cell.SimpleRnn),
        "LSTM" => Recurrent(c, c, Cell.Lstm),
        "GRU" => Recurrent(c, c, Cell.Gru),
        "CuDNNLSTM" => Recurrent(c, c, Cell.CuDnnLstm),
        "CuDNNGRU" => Recurrent(c, c, Cell.CuDnnGru),
        "RNN" => Rnn(c),
        _ => throw c.Error($"is of class {c.ClassName}; OneBatch's Bidirectional wraps SimpleRNN, LSTM, GRU, CuDNNLSTM, CuDNNGRU or RNN."),
    };

    // layer: the keys of the RNN (sequences, state, direction, activity regularizer); cell: those of the cell (units,
    // activations, weights and their regularizers and constraints).
    private static RecurrentLayer Recurrent(KerasConfig layer, KerasConfig cell, Cell kind) =>
        layer.ActivityPenalty(cell.WeightPenalties(Build(layer, cell, kind), "kernel", "recurrent_kernel", "bias"));

    private static RecurrentLayer Build(KerasConfig layer, KerasConfig cell, Cell kind)
    {
        if (layer.Bool("time_major", false))
        {
            throw layer.Unsupported("time_major", "true");
        }

        int units = cell.Int("units", cell.Int("output_dim", 0));
        if (units <= 0)
        {
            throw cell.Invalid(cell.Has("output_dim") && !cell.Has("units") ? "output_dim" : "units", "a positive whole number");
        }

        bool cuDnn = kind is Cell.CuDnnLstm or Cell.CuDnnGru;
        var activation = cuDnn || !cell.Has("activation") ? ActivationFunction.Tanh : cell.Activation();
        var recurrentActivation = cuDnn ? ActivationFunction.Sigmoid
            : cell.Has("recurrent_activation") ? cell.Activation("recurrent_activation")
            : cell.Has("inner_activation") ? cell.Activation("inner_activation")
            : ActivationFunction.Sigmoid;
        bool useBias = cell.Bool("use_bias", true);
        var kernelInitializer = cell.Has("kernel_initializer")
            ? cell.Initializer("kernel_initializer", new GlorotUniform())
            : cell.Initializer("init", new GlorotUniform());
        var recurrentInitializer = RecurrentInitializer(cell);
        var biasInitializer = cell.Initializer("bias_initializer", new Constant(0f));
        float dropout = cell.Float("dropout", cell.Float("dropout_W", 0f));
        float recurrentDropout = cell.Float("recurrent_dropout", cell.Float("dropout_U", 0f));
        bool sequences = layer.Bool("return_sequences", false);
        bool state = layer.Bool("return_state", false);
        bool backwards = layer.Bool("go_backwards", false);
        bool stateful = layer.Bool("stateful", false);
        bool unroll = layer.Bool("unroll", false);
        bool zeroOutput = layer.Bool("zero_output_for_mask", false);
        string? name = layer.Name;
        switch (kind)
        {
            case Cell.SimpleRnn:
                return new SimpleRNN(
                    units, activation, useBias, kernelInitializer, recurrentInitializer, biasInitializer, dropout, recurrentDropout,
                    sequences, state, backwards, stateful, unroll, zeroOutput, name: name);
            case Cell.Lstm or Cell.CuDnnLstm:
                // Keras 1 starts the forget gate's bias at forget_bias_init ('one' by default).
                bool unitForgetBias = cell.Has("forget_bias_init")
                    ? cell.String("forget_bias_init", null) is "one" or "ones"
                    : cell.Bool("unit_forget_bias", true);
                return new LSTM(
                    units, activation, recurrentActivation, useBias, kernelInitializer, recurrentInitializer, biasInitializer, unitForgetBias,
                    dropout, recurrentDropout, sequences, state, backwards, stateful, unroll, zeroOutput, name: name);
            default:
                // reset_after is Keras 3's default; files of earlier versions that lack the key predate it (reset before), and
                // CuDNNGRU resets after.
                bool resetAfter = kind == Cell.CuDnnGru || cell.Bool("reset_after", cell.Keras3);
                return new GRU(
                    units, activation, recurrentActivation, useBias, kernelInitializer, recurrentInitializer, biasInitializer, dropout,
                    recurrentDropout, sequences, state, backwards, stateful, unroll, resetAfter, zeroOutput, name: name);
        }
    }

    // Keras 2 and 3 write recurrent_initializer (orthogonal by default); Keras 1 inner_init, whose 'orthogonal' had gain 1.1.
    private static Initializer RecurrentInitializer(KerasConfig cell)
    {
        if (cell.Has("recurrent_initializer") || !cell.Has("inner_init"))
        {
            return cell.Initializer("recurrent_initializer", new Orthogonal());
        }

        return cell.Get("inner_init") is { ValueKind: JsonValueKind.String } v && v.GetString() == "orthogonal"
            ? new Orthogonal(1.1f)
            : cell.Initializer("inner_init", new Orthogonal(1.1f));
    }

    // keras.layers.RNN(cell): the RNN's keys with the cell's.
    private static RecurrentLayer Rnn(KerasConfig c)
    {
        var cell = c.Nested("cell") ?? throw c.Invalid("cell", "a recurrent cell");
        var kind = cell.ClassName switch
        {
            "LSTMCell" => Cell.Lstm,
            "GRUCell" => Cell.Gru,
            "SimpleRNNCell" => Cell.SimpleRnn,
            "StackedRNNCells" => throw c.Unsupported("cell", "a stack of cells (StackedRNNCells)"),
            _ => throw c.Error($"has a cell of class {cell.ClassName}, which OneBatch does not support; supported: LSTMCell, GRUCell, SimpleRNNCell."),
        };
        return Recurrent(c, cell, kind);
    }

    private static Layer Bidirectional(KerasConfig c)
    {
        var forward = c.Nested("layer") ?? throw c.Invalid("layer", "a recurrent layer");
        var backward = c.Nested("backward_layer");
        c.RequireNull("constants");

        // merge_mode: absent means concat; null (Python's None) means the two outputs unmerged.
        string? mergeMode = "concat";
        if (c.Element.ValueKind == JsonValueKind.Object
            && (c.Element.TryGetProperty("merge_mode", out var mode) || c.Element.TryGetProperty("mergeMode", out mode)))
        {
            mergeMode = mode.ValueKind switch
            {
                JsonValueKind.Null => null,
                JsonValueKind.String => mode.GetString(),
                _ => throw c.Invalid("merge_mode", "a string or null"),
            };
        }

        if (mergeMode is not (null or "concat" or "sum" or "mul" or "ave"))
        {
            throw c.Unsupported("merge_mode", $"'{mergeMode}'");
        }

        return new Bidirectional(Any(forward), mergeMode, backward is null ? null : Any(backward), name: c.Name);
    }
}
