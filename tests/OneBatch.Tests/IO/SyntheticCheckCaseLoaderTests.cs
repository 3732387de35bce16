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

    [Fact]
    public void TheSeedsModelsFromFilesGetTheSeedsBatchAndWeights()
    {
        string model = _dir.Write("m.json", SeedModelJson.Regression);
        var fromFile = CheckCaseLoader.Load(new CheckFiles(model, null), seed: 0);
        var demo = SeedDemos.Regression(seed: 0);
        Assert.Equal(demo.X.ToArray(), fromFile.X.ToArray());
        Assert.Equal(demo.Y.ToArray(), fromFile.Y.ToArray());
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
    public void AnInputShapeTheFileLeavesOpenIsRefusedInOneSentence()
    {
        string model = _dir.Write("m.json", SeedModelJson.Sequential([0], "mse", SeedModelJson.Dense("d", 2, "linear")).Replace("[null, 0]", "[null, null]", StringComparison.Ordinal));
        var e = Assert.Throws<InputException>(() => CheckCaseLoader.Load(new CheckFiles(model, null)));
        Assert.Equal("x", e.Part);
        Assert.Contains("does not declare the whole shape of its input ((None))", e.Message, StringComparison.Ordinal);
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
