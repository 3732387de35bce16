using OneBatch.IO;
using OneBatch.IO.Keras;
using OneBatch.IO.Keras.Saved;
using OneBatch.Layers;
using OneBatch.Models;
using OneBatch.Tensors;
using OneBatch.Utils;
using PureHDF;
using static OneBatch.Tests.IO.Saved.SavedModels;

namespace OneBatch.Tests.IO.Saved;

/// <summary>Keras 3's <c>.weights.h5</c> (<c>layers/dense/vars/0</c>, an RNN's <c>cell/vars</c>) and the <c>.keras</c> zip around it.</summary>
public sealed class Keras3WeightsTests : IDisposable
{
    private readonly TempFolder _dir = new();

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData("mlp")]
    [InlineData("lstm")]
    [InlineData("cnn")]
    public void AWeightsFileGivesTheWeightsBitForBit(string model)
    {
        string json = Keras2WeightsTests.Json(model);
        var source = Build(json, seed: 1);
        string path = _dir.Write("w.weights.h5", KerasFileWriter.Keras3Weights(source.Model, source.ClassNames));
        if (model == "lstm")
        {
            using var file = H5File.Open(new MemoryStream(File.ReadAllBytes(path)), leaveOpen: false);
            Assert.Equal(["2", "1", "0"], file.Group("layers/lstm/cell/vars").Children().Select(c => c.Name));
            Assert.Empty(file.Group("layers/lstm/vars").Children());
        }

        var target = Build(json, seed: 2);
        AssertDifferentWeights(source.Model, target.Model);
        KerasWeights.Load(path, target.Model, target.ClassNames);
        AssertSameWeights(source.Model, target.Model);
    }

    [Fact]
    public void GroupsNestedDeeperThanAnyLayerAreRefused()
    {
        // A damaged file can link a group into itself; the walk is bounded instead of recursing without end.
        var source = Build(Keras2WeightsTests.Json("mlp"), seed: 1);
        string path = _dir.Write("w.weights.h5", KerasFileWriter.Keras3Weights(source.Model, source.ClassNames, group =>
        {
            var deep = group;
            for (int i = 0; i < 40; i++)
            {
                var next = new H5Group();
                deep["nested"] = next;
                deep = next;
            }
        }));
        var e = Assert.Throws<InputException>(() => KerasWeights.Load(path, source.Model, source.ClassNames));
        Assert.Contains("groups nested more than 16 deep", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\u0665")]
    [InlineData("9999999999999999999999999999999999999999")]
    public void AVarNamedByNoNumberAnIntHoldsComesLast(string name)
    {
        // Before: int.Parse of a non-ASCII digit or a 40-digit name threw (exit 3). Such a var sorts after the numbered ones.
        string varName = System.Text.RegularExpressions.Regex.Unescape(name);
        var source = Build(Keras2WeightsTests.Json("mlp"), seed: 1);
        string path = _dir.Write("w.weights.h5", KerasFileWriter.Keras3Weights(source.Model, source.ClassNames, group =>
            ((H5Group)group["vars"])[varName] = new H5Dataset(new float[] { 1f })));
        var e = Assert.Throws<InputException>(() => KerasWeights.Load(path, source.Model, source.ClassNames));
        Assert.Contains(varName, e.Message, StringComparison.Ordinal);
    }

    // A layer with twelve variables of twelve shapes: vars/10 and vars/11 must come after vars/9, not after vars/1.
    private sealed class ManyVars : Layer
    {
        public ManyVars()
            : base("many_vars", [3])
        {
        }

        protected override void Build(Shape inputShape)
        {
            for (int i = 0; i < 12; i++)
            {
                AddWeight($"w{i}", new Shape(i + 1), "random_uniform");
            }
        }
    }

    [Fact]
    public void VarsAreTakenInNumberOrder()
    {
        var source = new Sequential([new ManyVars()], seed: 1);
        string path = _dir.Write("w.weights.h5", KerasFileWriter.Keras3Weights(source));
        using (var file = H5File.Open(new MemoryStream(File.ReadAllBytes(path)), leaveOpen: false))
        {
            // Stored 11, 10, 9, ..., 0: neither the stored nor the alphabetical order is the number order.
            Assert.Equal("11", file.Group("layers/many_vars/vars").Children().First().Name);
        }

        var target = new Sequential([new ManyVars()], seed: 2);
        AssertDifferentWeights(source, target);
        KerasWeights.Load(path, target);
        AssertSameWeights(source, target);
    }

    [Fact]
    public void GroupsAreNamedByClassCountNotByLayerName()
    {
        // Keras 3 names the groups dense, dense_1 by class, whatever the layers are called.
        string json = Mlp("first", "second");
        var source = Build(json, seed: 1);
        string path = _dir.Write("w.weights.h5", KerasFileWriter.Keras3Weights(source.Model, source.ClassNames));
        using (var file = H5File.Open(new MemoryStream(File.ReadAllBytes(path)), leaveOpen: false))
        {
            Assert.Equal(["dense", "activation", "dense_1"], file.Group("layers").Children().Select(c => c.Name));
        }

        var target = Build(json, seed: 2);
        KerasWeights.Load(path, target.Model, target.ClassNames);
        AssertSameWeights(source.Model, target.Model);
    }

    [Fact]
    public void AMissingLayerGroupIsRefusedNamingTheLayerAndTheGroup()
    {
        var source = Build(Mlp(), seed: 1);
        var one = Build(SeedModelJson.Sequential([3], "mse", SeedModelJson.Dense("dense", 4, "relu")), seed: 1);
        string path = _dir.Write("w.weights.h5", KerasFileWriter.Keras3Weights(one.Model, one.ClassNames));
        var e = Assert.Throws<InputException>(() => KerasWeights.Load(path, source.Model, source.ClassNames));
        Assert.Equal($"'{path}' has no weights for the model's layer 'dense_1' (Keras 3 keeps them in the group 'layers/dense_1').", e.Message);
    }

    private (ImportedModel Source, string Path) WriteKeras(string name = "m.keras")
    {
        var source = Build(KerasSamples.Keras3, seed: 1);
        return (source, _dir.Write(name, KerasFileWriter.KerasZip(KerasSamples.Keras3, KerasFileWriter.Keras3Weights(source.Model, source.ClassNames))));
    }

    [Fact]
    public void AKerasFileGivesItsModelItsLossAndItsWeights()
    {
        var (source, path) = WriteKeras();
        var file = KerasModelFile.Load(path);
        Assert.Equal("3.8.0", file.KerasVersion);
        Assert.Equal("CategoricalCrossentropy", file.Losses![0]!.Name);
        var target = file.Build(seed: 2);
        AssertDifferentWeights(source.Model, target.Model);
        file.Weights!.Assign(target.Model, target.ClassNames);
        AssertSameWeights(source.Model, target.Model);

        // As --weights for the model's JSON too.
        var json = Build(KerasSamples.Keras3, seed: 3);
        KerasWeights.Load(path, json.Model, json.ClassNames);
        AssertSameWeights(source.Model, json.Model);
    }

    [Fact]
    public void ACheckFromAKerasFileLearnsExactlyAsTheModelItWasWrittenFrom()
    {
        var (source, path) = WriteKeras();
        var random = new RandomGenerator(5);
        var x = random.Uniform(new Shape(8, 4));
        var y = Categorical.ToCategorical(random.Integers(new Shape(8), 0, 3), 3);
        OneBatch.IO.Data.NpyWriter.Write(_dir.File("x.npy"), x);
        OneBatch.IO.Data.NpyWriter.Write(_dir.File("y.npy"), y);
        AssertSameCurve(source.Model, x, y, "categorical_crossentropy", new CheckFiles(path, _dir.File("x.npy"), _dir.File("y.npy")), $"'{path}' (model.weights.h5)");
    }

    [Fact]
    public void AKerasFileWithoutConfigOrWeightsIsRefused()
    {
        string noConfig = _dir.Write("a.keras", KerasFileWriter.KerasZip(KerasSamples.Keras3, [1, 2, 3], withConfig: false));
        Assert.Equal($"'{noConfig}' is a zip without config.json, so it is not a Keras 3 .keras file.", Assert.Throws<InputException>(() => KerasModelFile.Load(noConfig)).Message);
        string noWeights = _dir.Write("b.keras", KerasFileWriter.KerasZip(KerasSamples.Keras3, null));
        Assert.Equal($"'{noWeights}' has no model.weights.h5, so it holds no weights (a .keras file has them).", Assert.Throws<InputException>(() => KerasModelFile.Load(noWeights)).Message);
    }

    [Fact]
    public void AKerasFileWhoseWeightsFailTheirCrcIsRefused()
    {
        // Members: metadata.json, config.json, model.weights.h5 (stored: the flipped CRC alone marks it corrupt).
        var (_, good) = WriteKeras();
        byte[] zip = File.ReadAllBytes(good);
        NpzBytes.SetCrc(zip, 2, NpzBytes.Crc(zip, 2) ^ 1);
        string path = _dir.Write("corrupt.keras", zip);
        var e = Assert.Throws<InputException>(() => KerasModelFile.Load(path));
        Assert.StartsWith($"'{path}' (its model.weights.h5) fails its CRC-32 check", e.Message);
    }
}
