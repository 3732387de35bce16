using OneBatch.IO;
using OneBatch.IO.Keras;
using OneBatch.Tensors;
using static OneBatch.Tests.IO.Saved.SavedModels;

namespace OneBatch.Tests.IO.Saved;

/// <summary>Keras 2's <c>model.save('m.h5')</c>: <c>model_config</c> and <c>training_config</c> at the root, weights under <c>model_weights</c>.</summary>
public sealed class Keras2FullModelTests : IDisposable
{
    private readonly TempFolder _dir = new();

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData("fixed")]
    [InlineData("vlen utf-8")]
    [InlineData("vlen ascii")]
    public void TheFileGivesItsModelItsLossAndItsWeights(string strings)
    {
        var source = Build(Mlp(), seed: 1);
        string path = _dir.Write("m.h5", Keras2WeightsTests.Strings(strings, o => KerasFileWriter.Keras2FullModel(source.Model, Mlp(), o)));
        var file = KerasModelFile.Load(path);
        Assert.Equal("mean_squared_error", file.Losses![0]!.Name);
        var target = file.Build(seed: 2);
        AssertDifferentWeights(source.Model, target.Model);
        file.Weights!.Assign(target.Model, target.ClassNames);
        AssertSameWeights(source.Model, target.Model);
    }

    [Fact]
    public void ACheckFromTheFileLearnsExactlyAsTheModelItWasWrittenFrom()
    {
        var source = Build(Lstm(), seed: 1);
        string path = _dir.Write("m.h5", KerasFileWriter.Keras2FullModel(source.Model, Lstm(), KerasFileWriter.FixedStrings));
        var (x, y) = WriteBatch(_dir, Lstm());
        AssertSameCurve(source.Model, x, y, "mean_squared_error", new CheckFiles(path, _dir.File("x.npy"), _dir.File("y.npy")), $"'{path}' (model_weights)");
    }

    [Fact]
    public void FreshWeightsAreDrawnAndGivenWeightsOverrideTheFiles()
    {
        string path = _dir.Write("m.h5", KerasFileWriter.Keras2FullModel(Build(Mlp(), 1).Model, Mlp(), KerasFileWriter.FixedStrings));
        WriteBatch(_dir, Mlp());

        var fresh = CheckCaseLoader.Load(new CheckFiles(path, _dir.File("x.npy"), _dir.File("y.npy")) { FreshWeights = true }, seed: 7);
        Assert.Null(fresh.InitialWeights);
        Assert.DoesNotContain(fresh.Notes, n => n.Contains("starts from the weights", StringComparison.Ordinal));
        AssertSameWeights(KerasModelFile.Load(path).Build(7, [new Shape(3)]).Model, fresh.Model);

        var other = Build(Mlp(), seed: 3);
        string weights = _dir.Write("w.h5", KerasFileWriter.Keras2Weights(other.Model, KerasFileWriter.VariableStrings));
        var given = CheckCaseLoader.Load(new CheckFiles(path, _dir.File("x.npy"), _dir.File("y.npy"), weights), seed: 7);
        Assert.Equal($"'{weights}'", given.InitialWeights);
        AssertSameWeights(other.Model, given.Model);
    }

    [Fact]
    public void TheOptimizersStateIsNotRead()
    {
        // The fixture's optimizer_weights hold a group with weight_names and an int64: none of it is a layer.
        var source = Build(Cnn, seed: 1);
        string path = _dir.Write("m.h5", KerasFileWriter.Keras2FullModel(source.Model, Cnn, KerasFileWriter.VariableStrings));
        var file = KerasModelFile.Load(path);
        var target = file.Build(seed: 2);
        file.Weights!.Assign(target.Model, target.ClassNames);
        AssertSameWeights(source.Model, target.Model);
    }
}
