using OneBatch.Check;
using OneBatch.Layers;
using OneBatch.Losses;
using OneBatch.Models;
using OneBatch.Optimizers;
using OneBatch.Tensors;

namespace OneBatch.Tests.Check;

public sealed class RecurrentCheckTests
{
    [Fact]
    public void ABidirectionalTextClassifierIsMemorizedAndItsDropoutNoted()
    {
        var inputs = Keras.Input(shape: [6]);
        var h = new Embedding(30, 8, maskZero: true).Apply(inputs);
        h = new Bidirectional(new LSTM(8, returnSequences: true, dropout: 0.2f)).Apply(h);
        h = new GRU(8).Apply(h);
        var model = new Functional(inputs, new Dense(1, activation: "sigmoid").Apply(h), seed: 2);
        var ids = new RandomGenerator(4).Integers(new Shape(8, 6), 1, 30);
        ids.Span[5] = 0f;
        ids.Span[11] = 0f;
        var y = Tensor.FromArray([0f, 1f, 1f, 0f, 1f, 0f, 0f, 1f], 8, 1);
        var report = SingleBatchCheck.Run(model, ids, y, new BinaryCrossentropy(), new Adam(0.01f), new CheckOptions { MaxSteps = 500 });
        Assert.True(report.Memorized, $"{report.Verdict}: {string.Join("; ", report.Diagnoses.Select(d => d.Code))}");
        Assert.Contains(report.Notes, n => n.Contains("'bidirectional' (Bidirectional)", StringComparison.Ordinal));
    }

    [Fact]
    public void AModelThatReadsAnLstmsStatesIsChecked()
    {
        // The final states h and c, a recurrent layer's second and third outputs, feed the head.
        var inputs = Keras.Input(shape: [5, 3]);
        var outputs = new LSTM(6, returnState: true).ApplyAll(inputs);
        var head = new Dense(2, activation: "softmax").Apply(new Concatenate().Apply(outputs[1], outputs[2]));
        var model = new Functional(inputs, head, seed: 1);
        var x = new RandomGenerator(2).Uniform(new Shape(6, 5, 3), -1f, 1f);
        var y = Tensor.FromArray([1f, 0f, 0f, 1f, 1f, 0f, 0f, 1f, 1f, 0f, 0f, 1f], 6, 2);
        var report = SingleBatchCheck.Run(model, x, y, new CategoricalCrossentropy(), new Adam(0.01f), new CheckOptions { MaxSteps = 1000 });
        Assert.True(report.Memorized, $"{report.Verdict}: {string.Join("; ", report.Diagnoses.Select(d => d.Code))}");
    }
}
