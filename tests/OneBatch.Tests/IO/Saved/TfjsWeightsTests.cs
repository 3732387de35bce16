using OneBatch.IO;
using OneBatch.IO.Keras;
using static OneBatch.Tests.IO.Saved.SavedModels;

namespace OneBatch.Tests.IO.Saved;

/// <summary>A TF.js layers model.json with its <c>weightsManifest</c> and shard files beside it.</summary>
public sealed class TfjsWeightsTests : IDisposable
{
    private readonly TempFolder _dir = new();

    public void Dispose() => _dir.Dispose();

    // The model's weights as float32 entries, but dense/kernel quantized to uint8 when a q is given.
    private string Write(OneBatch.Models.Model model, int shards, byte[]? q = null)
    {
        var weights = model.Weights.Select(w => q is not null && w.Name == "dense/kernel"
            ? KerasFileWriter.TfjsUint8(w.Name, w.Shape.ToArray(), q, scale: 0.25, min: -1)
            : KerasFileWriter.TfjsFloat32(w.Name, w.Shape.ToArray(), w.Value.ToArray())).ToArray();
        var (json, parts) = KerasFileWriter.Tfjs(Mlp(), weights, shards);
        for (int i = 0; i < parts.Length; i++)
        {
            _dir.Write($"group1-shard{i + 1}of{shards}.bin", parts[i]);
        }

        return _dir.Write("model.json", json);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void TheShardsGiveTheWeightsBitForBit(int shards)
    {
        var source = Build(Mlp(), seed: 1);
        string path = Write(source.Model, shards);
        var file = KerasModelFile.Load(path);
        Assert.Equal("mean_squared_error", file.Losses![0]!.Name);
        var target = file.Build(seed: 2);
        AssertDifferentWeights(source.Model, target.Model);
        file.Weights!.Assign(target.Model, target.ClassNames);
        AssertSameWeights(source.Model, target.Model);
    }

    [Fact]
    public void Uint8WeightsAreQTimesScalePlusMin()
    {
        var source = Build(Mlp(), seed: 1);
        byte[] q = [0, 1, 2, 3, 4, 5, 10, 100, 128, 200, 254, 255];
        string path = Write(source.Model, 2, q);
        var file = KerasModelFile.Load(path);
        var target = file.Build(seed: 2);
        file.Weights!.Assign(target.Model, target.ClassNames);

        // q * 0.25 - 1, by hand.
        Assert.Equal([-1f, -0.75f, -0.5f, -0.25f, 0f, 0.25f, 1.5f, 24f, 31f, 49f, 62.5f, 62.75f], target.Model.Weights[0].Value.ToArray());
        Assert.Equal(source.Model.GetWeights()[1..], target.Model.GetWeights()[1..]);
    }

    [Fact]
    public void Uint16AndFloat16WeightsAreDecoded()
    {
        // dense/kernel as uint16 (q * 0.5 + 2), dense/bias as float16; the rest float32.
        var source = Build(Mlp(), seed: 1);
        var weights = source.Model.Weights.Select(w => w.Name switch
        {
            "dense/kernel" => Quantized(w, "uint16", 2, i => BitConverter.GetBytes((ushort)(i * 1000))),
            "dense/bias" => Quantized(w, "float16", 2, i => BitConverter.GetBytes((Half)(i - 1.5))),
            _ => KerasFileWriter.TfjsFloat32(w.Name, w.Shape.ToArray(), w.Value.ToArray()),
        }).ToArray();
        var (json, parts) = KerasFileWriter.Tfjs(Mlp(), weights, 1);
        _dir.Write("group1-shard1of1.bin", parts[0]);
        var file = KerasModelFile.Load(_dir.Write("model.json", json));
        var target = file.Build(seed: 2);
        file.Weights!.Assign(target.Model, target.ClassNames);

        // uint16: q = 1000 i, so value = 500 i + 2; float16: i - 1.5 is exact in half precision.
        var kernel = target.Model.Weights[0].Value.ToArray();
        Assert.Equal(Enumerable.Range(0, kernel.Length).Select(i => (500f * i) + 2f), kernel);
        var bias = target.Model.Weights[1].Value.ToArray();
        Assert.Equal(Enumerable.Range(0, bias.Length).Select(i => i - 1.5f), bias);
    }

    // A manifest entry stored as dtype (uint16 with scale 0.5 and min 2, or float16), element i encoded by encode(i).
    private static (System.Text.Json.Nodes.JsonObject Entry, byte[] Bytes) Quantized(OneBatch.Autodiff.Variable w, string dtype, int width, Func<int, byte[]> encode)
    {
        var (entry, _) = KerasFileWriter.TfjsFloat32(w.Name, w.Shape.ToArray(), w.Value.ToArray());
        entry["quantization"] = dtype == "uint16"
            ? new System.Text.Json.Nodes.JsonObject { ["dtype"] = dtype, ["scale"] = 0.5, ["min"] = 2.0 }
            : new System.Text.Json.Nodes.JsonObject { ["dtype"] = dtype };
        var bytes = new byte[w.Shape.Size * width];
        for (int i = 0; i < w.Shape.Size; i++)
        {
            encode(i).CopyTo(bytes, i * width);
        }

        return (entry, bytes);
    }

    [Fact]
    public void ACheckFromTheFileLearnsExactlyAsTheModelItWasWrittenFrom()
    {
        var source = Build(Mlp(), seed: 1);
        string path = Write(source.Model, 2);
        var (x, y) = WriteBatch(_dir, Mlp());
        AssertSameCurve(source.Model, x, y, "mean_squared_error", new CheckFiles(path, _dir.File("x.npy"), _dir.File("y.npy")), $"'{path}' (its weight shards)");
    }

    [Fact]
    public void AMissingOrShortShardIsRefusedNamingIt()
    {
        var model = Build(Mlp(), seed: 1).Model;
        string path = Write(model, 2);
        string second = _dir.File("group1-shard2of2.bin");
        byte[] bytes = File.ReadAllBytes(second);
        _dir.Write("group1-shard2of2.bin", bytes[..^4]);
        var e = Assert.Throws<InputException>(() => KerasModelFile.Load(path).Weights!.Assign(model, new Dictionary<OneBatch.Layers.Layer, string>()));
        Assert.Equal($"'{path}': its shards (group1-shard1of2.bin, group1-shard2of2.bin) end before the weight 'dense_1/bias' ([2], float32): they are truncated or do not belong to it.", e.Message);

        File.Delete(second);
        e = Assert.Throws<InputException>(() => KerasModelFile.Load(path).Weights!.Assign(model, new Dictionary<OneBatch.Layers.Layer, string>()));
        Assert.StartsWith($"'{path}' lists the weight shard 'group1-shard2of2.bin', which is not beside it", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AModelJsonWithoutAnyOfItsShardsStartsFromDrawnWeightsAndSaysSo()
    {
        var model = Build(Mlp(), seed: 1).Model;
        string path = Write(model, 2);
        File.Delete(_dir.File("group1-shard1of2.bin"));
        File.Delete(_dir.File("group1-shard2of2.bin"));
        var file = KerasModelFile.Load(path);
        Assert.Null(file.Weights);
        Assert.Equal([$"'{path}' lists weight shards, none of which is beside it: the check starts from weights drawn from the model's initializers."], file.Notes);
    }
}
