using OneBatch.Check;
using OneBatch.IO;
using OneBatch.IO.Data;
using OneBatch.Optimizers;
using OneBatch.Tensors;

namespace OneBatch.Tests.IO;

/// <summary>The loader without a batch (a synthetic one from the model's shapes), and with inputs alone for an autoencoder.</summary>
public sealed class SyntheticCheckCaseLoaderTests : IDisposable
{
    private readonly TempFolder _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void WithoutABatchTheFilesLossAndShapesMakeOne()
    {
        string model = _dir.Write("m.json", SeedModelJson.Classification);
        var checkCase = CheckCaseLoader.Load(new CheckFiles(model, null) { BatchSize = 12 }, seed: 2);
        Assert.True(checkCase.Synthetic);
        Assert.Equal(new Shape(12, 10), checkCase.X.Shape);
        Assert.Equal(new Shape(12, 3), checkCase.Y.Shape);
        Assert.Equal("categorical_crossentropy", checkCase.Loss.ToString());
        Assert.Contains(checkCase.Notes, n => n.StartsWith("The batch is synthetic", StringComparison.Ordinal));
        Assert.Null(checkCase.FreshWeights);
    }

    [Theory]
    [InlineData("regression", 32)]
    [InlineData("classification", 32)]
    [InlineData("cnn", 16)]
    public void TheSeedsModelsFromFilesGetTheSeedsBatchAndWeightsAndAreMemorized(string name, int batchSize)
    {
        string json = name switch { "regression" => SeedModelJson.Regression, "classification" => SeedModelJson.Classification, _ => SeedModelJson.Cnn };
        string model = _dir.Write("m.json", json);
        var fromFile = CheckCaseLoader.Load(new CheckFiles(model, null) { BatchSize = batchSize }, seed: 0);
        var demo = SeedDemos.Create(name, seed: 0);
        Assert.Equal(demo.X.ToArray(), fromFile.X.ToArray());
        Assert.Equal(demo.Y.ToArray(), fromFile.Y.ToArray());
        Assert.Equal(demo.Model.GetWeights(), fromFile.Model.GetWeights());
        var report = SingleBatchCheck.Run(fromFile, new Adam());
        Assert.True(report.Memorized);
        Assert.True(report.Synthetic);
    }

    [Fact]
    public void AModelFileWithoutALossNeedsOneEvenForASyntheticBatch()
    {
        string model = _dir.Write("m.json", SeedModelJson.Sequential([4], null, SeedModelJson.Dense("d", 2, "sigmoid")));
        var e = Assert.Throws<InputException>(() => CheckCaseLoader.Load(new CheckFiles(model, null)));
        Assert.Equal("loss", e.Part);
        var withLoss = CheckCaseLoader.Load(new CheckFiles(model, null, Loss: "binary_crossentropy"));
        Assert.All(withLoss.Y.ToArray(), v => Assert.True(v is 0f or 1f));
    }

    [Fact]
    public void ASizeTheFileLeavesOpenGetsTheOpenSizeAndANote()
    {
        // A text model whose sequence length is None, as Keras writes Embedding(input_dim) without input_length.
        string model = _dir.Write(
            "m.json",
            """
            {"class_name": "Sequential", "config": {"name": "s", "layers": [
              {"class_name": "Embedding", "config": {"name": "e", "input_dim": 50, "output_dim": 4, "batch_input_shape": [null, null]}},
              {"class_name": "GlobalAveragePooling1D", "config": {"name": "g"}},
              {"class_name": "Dense", "config": {"name": "d", "units": 1, "activation": "sigmoid"}}]}}
            """);
        var checkCase = CheckCaseLoader.Load(new CheckFiles(model, null, Loss: "binary_crossentropy") { BatchSize = 8 }, seed: 1);
        Assert.Equal(new Shape(8, SyntheticBatch.OpenSize), checkCase.X.Shape);
        Assert.All(checkCase.X.ToArray(), id => Assert.InRange(id, 0f, 49f));
        Assert.Contains(checkCase.Notes, n => n.StartsWith("The model leaves sizes open (its input (None)): the synthetic batch gives each 32", StringComparison.Ordinal));
    }

    [Fact]
    public void TargetsWithoutInputsAreRefused()
    {
        string model = _dir.Write("m.json", SeedModelJson.Regression);
        NpyWriter.Write(_dir.File("y.npy"), new Tensor(new Shape(4, 1)));
        var e = Assert.Throws<InputException>(() => CheckCaseLoader.Load(new CheckFiles(model, null, _dir.File("y.npy"))));
        Assert.Equal("x", e.Part);
    }

    [Fact]
    public void GivenWeightsKeepTheDrawnOnesForTheIsolation()
    {
        string model = _dir.Write("m.json", SeedModelJson.Regression);
        var built = CheckCaseLoader.Load(new CheckFiles(model, null), seed: 4).Model;
        var drawn = built.GetWeights();
        NpzWriter.Write(_dir.File("w.npz"), built.Weights.Select(w => new Tensor(w.Shape, w.Value.ToArray().Select(v => (v * 2f) + 1f).ToArray())));
        var loaded = CheckCaseLoader.Load(new CheckFiles(model, null, Weights: _dir.File("w.npz")), seed: 4);
        Assert.Equal(drawn, loaded.FreshWeights);
        Assert.NotEqual(drawn, loaded.Model.GetWeights());
    }

    [Fact]
    public void ATwoInputTwoOutputFileGetsTokenIdsFeaturesAndATargetPerOutputsLoss()
    {
        string model = _dir.Write("two.json", """
            {"class_name": "Functional", "config": {"name": "model", "layers": [
              {"class_name": "InputLayer", "config": {"batch_input_shape": [null, 6], "dtype": "float32", "name": "tokens"}, "name": "tokens", "inbound_nodes": []},
              {"class_name": "InputLayer", "config": {"batch_input_shape": [null, 3], "dtype": "float32", "name": "meta"}, "name": "meta", "inbound_nodes": []},
              {"class_name": "Embedding", "config": {"name": "embed", "input_dim": 50, "output_dim": 4, "mask_zero": true}, "name": "embed", "inbound_nodes": [[["tokens", 0, 0, {}]]]},
              {"class_name": "GlobalAveragePooling1D", "config": {"name": "pool"}, "name": "pool", "inbound_nodes": [[["embed", 0, 0, {}]]]},
              {"class_name": "Concatenate", "config": {"name": "cat", "axis": -1}, "name": "cat", "inbound_nodes": [[["pool", 0, 0, {}], ["meta", 0, 0, {}]]]},
              {"class_name": "Dense", "config": {"name": "hidden", "units": 16, "activation": "relu"}, "name": "hidden", "inbound_nodes": [[["cat", 0, 0, {}]]]},
              {"class_name": "Dense", "config": {"name": "price", "units": 1, "activation": "linear"}, "name": "price", "inbound_nodes": [[["hidden", 0, 0, {}]]]},
              {"class_name": "Dense", "config": {"name": "kind", "units": 4, "activation": "softmax"}, "name": "kind", "inbound_nodes": [[["hidden", 0, 0, {}]]]}
             ], "input_layers": [["tokens", 0, 0], ["meta", 0, 0]], "output_layers": [["price", 0, 0], ["kind", 0, 0]]},
             "keras_version": "2.15.0", "backend": "tensorflow",
             "training_config": {"loss": {"price": "mse", "kind": "sparse_categorical_crossentropy"}, "loss_weights": {"price": 1.0, "kind": 0.5}}}
            """);
        var checkCase = CheckCaseLoader.Load(new CheckFiles(model, null) { BatchSize = 16 });
        Assert.Equal(new Shape(16, 6), checkCase.Inputs[0].Shape);
        Assert.All(checkCase.Inputs[0].ToArray(), v => Assert.True(v == MathF.Floor(v) && v is >= 1f and < 50f));
        Assert.Equal(new Shape(16, 3), checkCase.Inputs[1].Shape);
        Assert.Equal(new Shape(16, 1), checkCase.Targets[0].Shape);
        Assert.Equal(new Shape(16), checkCase.Targets[1].Shape);
        Assert.All(checkCase.Targets[1].ToArray(), v => Assert.True(v is 0f or 1f or 2f or 3f));
        Assert.Contains(checkCase.Notes, n => n.Contains("token ids in [1, 50) for input 'tokens'", StringComparison.Ordinal));
        var report = SingleBatchCheck.Run(checkCase, new Adam(0.01f), new CheckOptions { MaxSteps = 3000 });
        Assert.True(report.Memorized, $"{report.FinalLoss} after {report.Steps}");
    }

    [Fact]
    public void InputsAloneForAnAutoencoderAreItsTargetsToo()
    {
        string model = _dir.Write("ae.json", SeedModelJson.Sequential([6], "mse", SeedModelJson.Dense("enc", 4, "relu"), SeedModelJson.Dense("dec", 6, "sigmoid")));
        var x = new RandomGenerator(1).Uniform(new Shape(10, 6));
        NpyWriter.Write(_dir.File("x.npy"), x);
        var checkCase = CheckCaseLoader.Load(new CheckFiles(model, _dir.File("x.npy")));
        Assert.False(checkCase.Synthetic);
        Assert.Equal(x.ToArray(), checkCase.Y.ToArray());
        Assert.Contains(checkCase.Notes, n => n.Contains("as an autoencoder's does: the inputs in", StringComparison.Ordinal));
    }

    [Fact]
    public void InputsAloneForAModelThatIsNoAutoencoderStillNeedTargets()
    {
        string model = _dir.Write("m.json", SeedModelJson.Regression);
        NpyWriter.Write(_dir.File("x.npy"), new RandomGenerator(1).Uniform(new Shape(10, 5)));
        var e = Assert.Throws<InputException>(() => CheckCaseLoader.Load(new CheckFiles(model, _dir.File("x.npy"))));
        Assert.Equal("x", e.Part);
        Assert.Contains("holds only the inputs; give the targets too", e.Message, StringComparison.Ordinal);
    }
}
