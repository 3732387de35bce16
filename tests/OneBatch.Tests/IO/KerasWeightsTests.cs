using OneBatch.IO;
using OneBatch.IO.Data;
using OneBatch.IO.Keras;
using OneBatch.Layers;
using OneBatch.Models;
using OneBatch.Tensors;

namespace OneBatch.Tests.IO;

public sealed class KerasWeightsTests
{
    // Six Dense layers: twelve arrays, so arr_10 and arr_11 must come after arr_9, not after arr_1.
    private static Sequential Deep(int seed) => new(
        Enumerable.Range(0, 6).Select(i => (Layer)new Dense(2 + i, inputShape: i == 0 ? [3] : null)), seed);

    [Fact]
    public void ArraysAreTakenInNumericOrder()
    {
        using var dir = new TempFolder();
        var source = Deep(seed: 1);
        var arrays = source.Weights.Select(w => w.Value.Clone()).ToList();
        var shuffled = arrays.Select((a, i) => ($"arr_{i}", a)).OrderBy(p => p.Item1, StringComparer.Ordinal);
        NpzWriter.Write(dir.File("w.npz"), shuffled);

        var target = Deep(seed: 2);
        Assert.NotEqual(source.GetWeights()[0], target.GetWeights()[0]);
        KerasWeights.Load(dir.File("w.npz"), target);
        Assert.Equal(source.GetWeights(), target.GetWeights());
    }

    [Fact]
    public void AShapeThatDoesNotFitNamesTheLayerAndBothShapes()
    {
        using var dir = new TempFolder();
        var model = Deep(seed: 0);
        var arrays = model.Weights.Select(w => w.Value.Clone()).ToArray();
        arrays[2] = new Tensor(new Shape(3, 2));
        NpzWriter.Write(dir.File("w.npz"), arrays);
        var e = Assert.Throws<InputException>(() => KerasWeights.Load(dir.File("w.npz"), model));
        Assert.Contains("array 'arr_2' has shape [3, 2] but layer 'dense_1' needs [2, 3] for its kernel", e.Message);
    }

    [Fact]
    public void TheWrongNumberOfArraysIsReported()
    {
        using var dir = new TempFolder();
        var model = Deep(seed: 0);
        NpzWriter.Write(dir.File("w.npz"), model.Weights.Take(3).Select(w => w.Value));
        var e = Assert.Throws<InputException>(() => KerasWeights.Load(dir.File("w.npz"), model));
        Assert.Contains("holds 3 arrays but the model has 12 weights", e.Message);
    }

    [Fact]
    public void ANameWithANonAsciiDigitIsNotAPositionSoTheStoredOrderHolds()
    {
        using var dir = new TempFolder();
        var source = Deep(seed: 1);
        var arrays = source.Weights.Select((w, i) => (i == 11 ? "arr_\u0665" : $"arr_{i}", w.Value.Clone()));
        NpzWriter.Write(dir.File("w.npz"), arrays);

        var target = Deep(seed: 2);
        KerasWeights.Load(dir.File("w.npz"), target);
        Assert.Equal(source.GetWeights(), target.GetWeights());
    }

    [Fact]
    public void APositionBeyondSixtyFourBitsIsRefusedByName()
    {
        using var dir = new TempFolder();
        var model = Deep(seed: 1);
        string name = "arr_" + new string('9', 40);
        NpzWriter.Write(dir.File("w.npz"), model.Weights.Select((w, i) => (i == 11 ? name : $"arr_{i}", w.Value.Clone())));
        var e = Assert.Throws<InputException>(() => KerasWeights.Load(dir.File("w.npz"), model));
        Assert.Contains($"'{name}'", e.Message);
        Assert.Contains("w.npz", e.Message);
    }
}
