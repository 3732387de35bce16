using OneBatch.Cli;
using OneBatch.IO.Data;
using OneBatch.Tensors;
using OneBatch.Tests.IO;
using OneBatch.Utils;

namespace OneBatch.Tests.Cli;

public sealed class RecurrentCheckCommandTests : IDisposable
{
    // A tf.keras 2 sequence classifier whose time axis is left unknown ([null, null, 3]): the batch gives it.
    private const string Model = """
        {"class_name": "Sequential", "config": {"name": "sequential", "layers": [
          {"class_name": "InputLayer", "config": {"batch_input_shape": [null, null, 3], "dtype": "float32", "name": "seq"}},
          {"class_name": "Bidirectional", "config": {"name": "bidirectional", "merge_mode": "concat",
            "layer": {"class_name": "LSTM", "config": {"name": "lstm", "units": 8, "return_sequences": true, "recurrent_dropout": 0.1}}}},
          {"class_name": "GRU", "config": {"name": "gru", "units": 8, "reset_after": true}},
          {"class_name": "Dense", "config": {"name": "out", "units": 3, "activation": "softmax"}}
        ]}, "keras_version": "2.15.0", "backend": "tensorflow",
        "training_config": {"loss": "categorical_crossentropy", "optimizer_config": {"class_name": "Adam", "config": {"learning_rate": 0.01}}}}
        """;

    private readonly TempFolder _dir = new();

    public RecurrentCheckCommandTests()
    {
        var random = new RandomGenerator(4);
        NpyWriter.Write(_dir.File("x.npy"), random.Uniform(new Shape(8, 5, 3), -1f, 1f));
        NpyWriter.Write(_dir.File("y.npy"), Categorical.ToCategorical(random.Integers(new Shape(8), 0, 3), 3));
        _dir.Write("model.json", Model);
    }

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void ARecurrentKerasModelIsCheckedAndItsDropoutNoted()
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int code = OneBatchCli.Run(
            ["check", "--model", _dir.File("model.json"), "--x", _dir.File("x.npy"), "--y", _dir.File("y.npy"), "--steps", "600"], stdout, stderr, interactive: false);
        Assert.True(code == ExitCodes.Memorized, stdout + stderr.ToString());
        Assert.Contains("'bidirectional' (Bidirectional)", stdout.ToString());
    }
}
