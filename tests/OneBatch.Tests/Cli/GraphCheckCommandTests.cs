using System.Text.Json;
using OneBatch.Cli;
using OneBatch.IO.Data;
using OneBatch.Tensors;
using OneBatch.Tests.IO;

namespace OneBatch.Tests.Cli;

/// <summary><c>onebatch check</c> on Functional models: several inputs and outputs from named arrays, and the graphs and batches it refuses.</summary>
public sealed class GraphCheckCommandTests : IDisposable
{
    // Two inputs ('a' [3], 'b' [2]) joined, two outputs: 'value' (regression, mse) and 'kind' (3 classes, sparse labels).
    private const string TwoByTwo = """
        {"class_name": "Functional", "config": {"name": "two", "layers": [
          {"class_name": "InputLayer", "config": {"batch_input_shape": [null, 3], "name": "a"}, "name": "a", "inbound_nodes": []},
          {"class_name": "InputLayer", "config": {"batch_input_shape": [null, 2], "name": "b"}, "name": "b", "inbound_nodes": []},
          {"class_name": "Concatenate", "config": {"name": "join", "axis": -1}, "name": "join", "inbound_nodes": [[["a", 0, 0, {}], ["b", 0, 0, {}]]]},
          {"class_name": "Dense", "config": {"name": "hidden", "units": 32, "activation": "relu"}, "name": "hidden", "inbound_nodes": [[["join", 0, 0, {}]]]},
          {"class_name": "Dense", "config": {"name": "value", "units": 1}, "name": "value", "inbound_nodes": [[["hidden", 0, 0, {}]]]},
          {"class_name": "Dense", "config": {"name": "kind", "units": 3, "activation": "softmax"}, "name": "kind", "inbound_nodes": [[["hidden", 0, 0, {}]]]}
         ], "input_layers": [["a", 0, 0], ["b", 0, 0]], "output_layers": [["value", 0, 0], ["kind", 0, 0]]},
         "training_config": {"loss": {"value": "mse", "kind": "sparse_categorical_crossentropy"}, "loss_weights": [1.0, 0.5]}}
        """;

    private readonly TempFolder _dir = new();

    public GraphCheckCommandTests()
    {
        var random = new RandomGenerator(2);
        NpzWriter.Write(_dir.File("x.npz"), [("a", random.Uniform(new Shape(8, 3))), ("b", random.Uniform(new Shape(8, 2)))]);
        NpzWriter.Write(_dir.File("y.npz"), [("kind", random.Integers(new Shape(8), 0, 3)), ("value", random.Uniform(new Shape(8, 1)))]);
        NpzWriter.Write(_dir.File("x_positional.npz"), [random.Uniform(new Shape(8, 3)), random.Uniform(new Shape(8, 2))]);
        NpzWriter.Write(_dir.File("x_missing.npz"), [("a", random.Uniform(new Shape(8, 3))), ("c", random.Uniform(new Shape(8, 2)))]);
        _dir.Write("two.json", TwoByTwo);
        _dir.Write("half_loss.json", TwoByTwo.Replace("""{"value": "mse", "kind": "sparse_categorical_crossentropy"}""", """{"value": "mse"}""", StringComparison.Ordinal));
        _dir.Write("cycle.json", TwoByTwo.Replace("""{"name": "hidden", "units": 32, "activation": "relu"}, "name": "hidden", "inbound_nodes": [[["join", 0, 0, {}]]]}""",
                     """{"name": "hidden", "units": 32, "activation": "relu"}, "name": "hidden", "inbound_nodes": [[["kind", 0, 0, {}]]]}""", StringComparison.Ordinal));
        _dir.Write("ghost.json", TwoByTwo.Replace("""[["a", 0, 0, {}], ["b", 0, 0, {}]]""", """[["a", 0, 0, {}], ["ghost", 0, 0, {}]]""", StringComparison.Ordinal));
    }

    public void Dispose() => _dir.Dispose();

    private (int Code, string Out, string Err) Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int code = OneBatchCli.Run(args.Select(a => a.StartsWith('@') ? _dir.File(a[1..]) : a).ToArray(), stdout, stderr, interactive: false);
        return (code, stdout.ToString(), stderr.ToString());
    }

    [Fact]
    public void ATwoInputTwoOutputModelIsCheckedWithEachOutputsLossFromTheFile()
    {
        var (code, output, err) = Run("check", "--model", "@two.json", "--x", "@x.npz", "--y", "@y.npz", "--lr", "0.01", "--report", "@r.json");
        Assert.True(code == ExitCodes.Memorized, output + err);
        Assert.Contains("output value (mean_squared_error)", output);
        Assert.Contains("output kind (sparse_categorical_crossentropy x 0.5)", output);
        using var report = JsonDocument.Parse(File.ReadAllText(_dir.File("r.json")));
        var outputs = report.RootElement.GetProperty("outputs");
        Assert.Equal(2, outputs.GetArrayLength());
        Assert.Equal("kind", outputs[1].GetProperty("name").GetString());
        Assert.Equal(0.5, outputs[1].GetProperty("weight").GetDouble());
        Assert.True(outputs[1].GetProperty("memorized").GetBoolean());
        Assert.Equal(1.0, outputs[1].GetProperty("accuracy").GetDouble());
        Assert.Equal("mean_squared_error + 0.5 * sparse_categorical_crossentropy", report.RootElement.GetProperty("loss").GetString());
    }

    [Fact]
    public void ArraysSavedInInputOrderWithoutNamesAreTakenInThatOrder()
    {
        var (code, _, err) = Run("check", "--model", "@two.json", "--x", "@x_positional.npz", "--y", "@y.npz", "--steps", "2");
        Assert.True(code is ExitCodes.Memorized or ExitCodes.NotMemorized, err);
    }

    [Theory]
    [InlineData("--x", "@x_missing.npz", "--x: '", "has no array 'b' for the model's input 'b' (it holds a, c); name an array after each input of the model: a, b.")]
    [InlineData("--x", "@y.npz", "--x: '", "has no array 'a'")]
    [InlineData("--model", "@half_loss.json", "--loss: '", "gives no loss for the model's output 'kind'")]
    [InlineData("--model", "@cycle.json", "--model: '", "each waits for another's output: the graph has a cycle")]
    [InlineData("--model", "@ghost.json", "--model: '", "wires layer 'join' to an input from 'ghost', which is not a layer of the model.")]
    public void ABadGraphOrBatchIsOneSentenceAndExitTwo(string option, string value, string start, string expected)
    {
        var args = new Dictionary<string, string> { ["--model"] = "@two.json", ["--x"] = "@x.npz", ["--y"] = "@y.npz", ["--report"] = "@out.json" };
        args[option] = value;
        string[] before = _dir.Files();
        var (code, output, err) = Run(["check", .. args.SelectMany(kv => new[] { kv.Key, kv.Value }), "--steps", "2"]);
        Assert.True(code == ExitCodes.BadInput, output + err);
        string line = Assert.Single(err.TrimEnd().Split('\n'));
        Assert.StartsWith("onebatch: " + start, line, StringComparison.Ordinal);
        Assert.Contains(expected, line);
        Assert.Equal(before, _dir.Files());
    }

    [Fact]
    public void ATokenIdOutsideTheEmbeddingsVocabularyIsNamedWithItsSampleAndPosition()
    {
        const string text = """
            {"class_name": "Sequential", "config": {"layers": [
              {"class_name": "Embedding", "config": {"name": "words", "batch_input_shape": [null, 4], "input_dim": 10, "output_dim": 3}},
              {"class_name": "Flatten", "config": {}},
              {"class_name": "Dense", "config": {"units": 1, "activation": "sigmoid"}}]}}
            """;
        _dir.Write("text.json", text);
        NpyWriter.Write(_dir.File("ids.npy"), Tensor.FromArray([1f, 2f, 3f, 4f, 5f, 6f, 12f, 0f], 2, 4));
        NpyWriter.Write(_dir.File("labels.npy"), Tensor.FromArray([0f, 1f], 2, 1));
        var (code, _, err) = Run("check", "--model", "@text.json", "--x", "@ids.npy", "--y", "@labels.npy", "--loss", "binary_crossentropy");
        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Contains("--x: '", err);
        Assert.Contains("ids.npy' holds 12 at sample 1, position 2, which is not a token id in [0, 10) for the Embedding 'words'.", err);
    }
}
