using OneBatch.IO;
using OneBatch.IO.Keras;
using OneBatch.IO.Keras.Saved;
using PureHDF;
using static OneBatch.Tests.IO.Saved.SavedModels;

namespace OneBatch.Tests.IO.Saved;

/// <summary>Keras 2's <c>model.save_weights('w.h5')</c>: <c>layer_names</c>, per layer <c>weight_names</c>, datasets at <c>dense/dense/kernel:0</c>.</summary>
public sealed class Keras2WeightsTests : IDisposable
{
    private readonly TempFolder _dir = new();

    public void Dispose() => _dir.Dispose();

    public static TheoryData<string, string> Layouts => new()
    {
        { "mlp", "fixed" }, { "mlp", "vlen utf-8" }, { "mlp", "vlen ascii" },
        { "lstm", "fixed" }, { "lstm", "vlen ascii" }, { "cnn", "fixed" }, { "cnn", "vlen utf-8" },
    };

    internal static string Json(string model) => model switch { "mlp" => Mlp(), "lstm" => Lstm(), _ => Cnn };

    // The strings as each Keras wrote them: fixed-length NUL-padded (2.0-2.4), variable-length ASCII (h5py's default
    // for Python str in tf.keras), variable-length UTF-8.
    internal static byte[] Strings(string kind, Func<H5WriteOptions, byte[]> write)
    {
        byte[] bytes = write(kind == "fixed" ? KerasFileWriter.FixedStrings : KerasFileWriter.VariableStrings);
        if (kind == "vlen ascii")
        {
            Assert.True(KerasFileWriter.MarkVariableStringsAscii(bytes) >= 2);
        }

        return bytes;
    }

    [Theory]
    [MemberData(nameof(Layouts))]
    public void TheWeightsAreThoseWrittenBitForBit(string model, string strings)
    {
        var source = Build(Json(model), seed: 1);
        string path = _dir.Write("w.h5", Strings(strings, o => KerasFileWriter.Keras2Weights(source.Model, o)));

        // The fixture stores bias:0 before kernel:0, so only weight_names gives the order.
        using (var file = H5File.Open(new MemoryStream(File.ReadAllBytes(path)), leaveOpen: false))
        {
            string first = KerasFileWriter.SavedLayers(source.Model).First().Name;
            Assert.Equal("bias:0", file.Group($"{first}/{first}").Children().First().Name);
        }

        var target = Build(Json(model), seed: 2);
        AssertDifferentWeights(source.Model, target.Model);
        KerasWeights.Load(path, target.Model, target.ClassNames);
        AssertSameWeights(source.Model, target.Model);
    }

    [Fact]
    public void ACheckFromTheFileLearnsExactlyAsTheModelItWasWrittenFrom()
    {
        var source = Build(Mlp(), seed: 1);
        string weights = _dir.Write("w.h5", KerasFileWriter.Keras2Weights(source.Model, KerasFileWriter.FixedStrings));
        string json = _dir.Write("m.json", Mlp());
        var (x, y) = WriteBatch(_dir, Mlp());
        AssertSameCurve(source.Model, x, y, "mean_squared_error", new CheckFiles(json, _dir.File("x.npy"), _dir.File("y.npy"), weights), $"'{weights}'");
    }

    [Fact]
    public void NestedCellGroupsAreFollowedFromTheWeightNames()
    {
        // tf.keras 2.4 names an RNN's weights through its cell: lstm/lstm_cell/kernel:0, stored at lstm/lstm/lstm_cell/kernel:0.
        var source = Build(Lstm(), seed: 1);
        var bytes = KerasFileWriter.Keras2Weights(source.Model, KerasFileWriter.VariableStrings, arrays: layer => layer.Weights
            .Select(w => new FileArray($"{layer.Name}/{layer.Name}_cell/{WeightAssignment.Short(w)}:0", w.Shape.ToArray(), w.Value.ToArray()))
            .ToArray());
        string path = _dir.Write("w.h5", bytes);
        var target = Build(Lstm(), seed: 2);
        KerasWeights.Load(path, target.Model);
        AssertSameWeights(source.Model, target.Model);
    }

    [Fact]
    public void LayersWhoseNamesDifferArePairedByOrder()
    {
        var source = Build(Mlp("first", "second"), seed: 1);
        string path = _dir.Write("w.h5", KerasFileWriter.Keras2Weights(source.Model, KerasFileWriter.VariableStrings));
        var target = Build(Mlp(), seed: 2);
        KerasWeights.Load(path, target.Model);
        AssertSameWeights(source.Model, target.Model);
    }

    [Fact]
    public void LayersListedInAnotherOrderArePairedByName()
    {
        var source = Build(Mlp(), seed: 1);
        var file = new H5File();
        KerasFileWriter.AddKeras2Layers(file, source.Model, KerasFileWriter.Keras2Arrays);
        file.Attributes["layer_names"] = new[] { "dense_1", "activation", "dense" };
        string path = _dir.Write("w.h5", KerasFileWriter.Bytes(file, KerasFileWriter.FixedStrings));
        var target = Build(Mlp(), seed: 2);
        KerasWeights.Load(path, target.Model);
        AssertSameWeights(source.Model, target.Model);
    }

    [Fact]
    public void AnotherLayerCountIsRefusedNamingBothLists()
    {
        string json = SeedModelJson.Sequential([3], "mse", SeedModelJson.Dense("dense", 4, "relu"), SeedModelJson.Dense("dense_1", 4, "relu"), SeedModelJson.Dense("dense_2", 2, "linear"));
        string path = _dir.Write("w.h5", KerasFileWriter.Keras2Weights(Build(json, 1).Model, KerasFileWriter.FixedStrings));
        var target = Build(Mlp(), seed: 2);
        var before = target.Model.GetWeights();
        var e = Assert.Throws<InputException>(() => KerasWeights.Load(path, target.Model));
        Assert.Equal($"'{path}' holds weights for 3 layers (dense, dense_1, dense_2) but the model has 2 layers with weights (dense, dense_1).", e.Message);
        Assert.Equal(before, target.Model.GetWeights());
    }

    [Fact]
    public void AnotherArrayCountIsRefusedNamingTheLayer()
    {
        string json = SeedModelJson.Sequential([3], "mse", SeedModelJson.Dense("dense", 4, "relu").Replace("\"use_bias\": true", "\"use_bias\": false", StringComparison.Ordinal), SeedModelJson.Dense("dense_1", 2, "linear"));
        string path = _dir.Write("w.h5", KerasFileWriter.Keras2Weights(Build(json, 1).Model, KerasFileWriter.FixedStrings));
        var e = Assert.Throws<InputException>(() => KerasWeights.Load(path, Build(Mlp(), 2).Model));
        Assert.Equal($"'{path}': its layer 'dense' holds 1 arrays (dense/kernel:0 [3, 4]) but the model's layer 'dense' has 2 weights (kernel [3, 4], bias [4]).", e.Message);
    }

    [Fact]
    public void AnotherShapeIsRefusedNamingTheLayerAndBothShapes()
    {
        string path = _dir.Write("w.h5", KerasFileWriter.Keras2Weights(Build(Mlp(hidden: 5), 1).Model, KerasFileWriter.VariableStrings));
        var e = Assert.Throws<InputException>(() => KerasWeights.Load(path, Build(Mlp(), 2).Model));
        Assert.Equal($"'{path}': its layer 'dense' holds 'dense/kernel:0' of shape [3, 5] but the model needs [3, 4] for dense/kernel.", e.Message);
    }
}
