using OneBatch.Layers;
using OneBatch.Models;
using OneBatch.Tensors;
using static OneBatch.Tests.Autodiff.GradientChecker;
using static OneBatch.Tests.Layers.RecurrentLayerChecks;

namespace OneBatch.Tests.Layers;

public sealed class BidirectionalTests
{
    public static TheoryData<string?, bool, bool, bool> GradientSettings()
    {
        var data = new TheoryData<string?, bool, bool, bool>();
        foreach (string? mode in new[] { "concat", "sum", "mul", "ave", null })
        {
            data.Add(mode, false, false, false);
            data.Add(mode, true, true, false);
            data.Add(mode, true, false, true);
            data.Add(mode, false, true, true);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(GradientSettings))]
    public void GradientsInEachMergeMode(string? mergeMode, bool sequences, bool state, bool masked)
    {
        var layer = new Bidirectional(new LSTM(4, biasInitializer: "random_uniform", returnSequences: sequences, returnState: state), mergeMode);
        AssertLayerGradients(layer, 5, masked);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void GradientsOfAGruPairWithAGivenBackwardLayer(bool resetAfter)
    {
        var layer = new Bidirectional(
            new GRU(3, returnSequences: true, resetAfter: resetAfter),
            "concat",
            new GRU(3, activation: "sigmoid", returnSequences: true, goBackwards: true, resetAfter: resetAfter));
        AssertLayerGradients(layer, 4, masked: true);
    }

    [Theory]
    [InlineData("concat")]
    [InlineData("sum")]
    [InlineData("mul")]
    [InlineData("ave")]
    [InlineData(null)]
    public void EachMergeModeCombinesTheForwardAndTheReversedBackwardOutputs(string? mergeMode)
    {
        var x = Uniform(4, new Shape(2, 5, 3));
        var layer = new Bidirectional(new LSTM(4, returnSequences: true), mergeMode);
        var outputs = layer.ApplyAll(x);

        // The same halves, run alone: the backward one gives its outputs last step first.
        var forward = new LSTM(4, returnSequences: true);
        var backward = new LSTM(4, returnSequences: true, goBackwards: true);
        forward.Build(new Shape(5, 3), new RandomGenerator(0));
        backward.Build(new Shape(5, 3), new RandomGenerator(0));
        for (int i = 0; i < 3; i++)
        {
            forward.Weights[i].Assign(layer.Weights[i].Value);
            backward.Weights[i].Assign(layer.Weights[3 + i].Value);
        }

        var f = forward.Apply(x);
        var b = backward.Apply(x);
        var merged = new List<float>();
        var back = new List<float>();
        for (int s = 0; s < 2; s++)
        {
            for (int t = 0; t < 5; t++)
            {
                for (int u = 0; u < (mergeMode == "concat" ? 8 : 4); u++)
                {
                    float fv = u < 4 ? f[s, t, u] : 0f;
                    float bv = b[s, 4 - t, u % 4];
                    merged.Add(mergeMode switch
                    {
                        "concat" => u < 4 ? fv : bv,
                        "sum" => fv + bv,
                        "mul" => fv * bv,
                        "ave" => (fv + bv) / 2,
                        _ => fv,
                    });
                    if (u < 4)
                    {
                        back.Add(bv);
                    }
                }
            }
        }

        Assert.Equal(mergeMode is null ? 2 : 1, outputs.Length);
        Assert.Equal(merged, outputs[0].ToArray(), (p, q) => Math.Abs(p - q) < 1e-6);
        if (mergeMode is null)
        {
            Assert.Equal(back, outputs[1].ToArray(), (p, q) => Math.Abs(p - q) < 1e-6);
        }
    }

    [Fact]
    public void TheHalvesAreNamedWeightedAndShapedAsInKeras()
    {
        var layer = new Bidirectional(new LSTM(4, returnState: true, name: "encoder"), "sum");
        Assert.Equal("bidirectional", layer.Name);
        Assert.Equal("forward_encoder", layer.ForwardLayer.Name);
        Assert.Equal("backward_encoder", layer.BackwardLayer.Name);
        Assert.False(layer.ForwardLayer.GoBackwards);
        Assert.True(layer.BackwardLayer.GoBackwards);
        Assert.Equal([new Shape(4), new Shape(4), new Shape(4), new Shape(4), new Shape(4)], layer.ComputeOutputShapes([new Shape(6, 3)]));
        layer.Build(new Shape(6, 3), new RandomGenerator(0));
        Assert.Equal(
            ["bidirectional/forward_encoder/kernel", "bidirectional/forward_encoder/recurrent_kernel", "bidirectional/forward_encoder/bias",
             "bidirectional/backward_encoder/kernel", "bidirectional/backward_encoder/recurrent_kernel", "bidirectional/backward_encoder/bias"],
            layer.Weights.Select(w => w.Name));
        Assert.Equal(2 * ((3 * 16) + (4 * 16) + 16), layer.CountParams());
        Assert.Equal([new Shape(6, 8)], new Bidirectional(new GRU(4, returnSequences: true)).ComputeOutputShapes([new Shape(6, 3)]));
        Assert.Equal([new Shape(4), new Shape(4)], new Bidirectional(new SimpleRNN(4), mergeMode: null).ComputeOutputShapes([new Shape(6, 3)]));
    }

    [Fact]
    public void AMaskedPaddedSequenceGivesTheShorterOnesOutputsAndZerosAtThePadding()
    {
        var x = new RandomGenerator(3).Uniform(new Shape(2, 3, 4), -1f, 1f);
        var padded = Tensor.Full(new Shape(2, 5, 4), 0.5f);
        for (int s = 0; s < 2; s++)
        {
            x.ReadOnlySpan.Slice(s * 12, 12).CopyTo(padded.Span.Slice(s * 20, 12));
        }

        var inputs = Keras.Input(shape: [5, 4]);
        var layer = new Bidirectional(new LSTM(3, returnSequences: true));
        var model = new Functional(inputs, layer.Apply(new Masking(0.5f).Apply(inputs)));
        var shorter = new Bidirectional(new LSTM(3, returnSequences: true));
        shorter.Build(new Shape(3, 4), new RandomGenerator(0));
        for (int i = 0; i < 6; i++)
        {
            shorter.Weights[i].Assign(layer.Weights[i].Value);
        }

        var outputs = new Tensor[1];
        var masks = new Tensor?[1];
        model.Apply([padded], outputs, masks);
        var expected = shorter.Apply(x);
        for (int s = 0; s < 2; s++)
        {
            for (int t = 0; t < 5; t++)
            {
                for (int u = 0; u < 6; u++)
                {
                    float e = t < 3 ? expected[s, t, u] : 0f;
                    Assert.True(Math.Abs(outputs[0][s, t, u] - e) < 1e-6, $"({s}, {t}, {u}): {outputs[0][s, t, u]}, expected {e}");
                }
            }
        }

        Assert.Equal([1f, 1f, 1f, 0f, 0f, 1f, 1f, 1f, 0f, 0f], masks[0]!.ToArray());
    }

    [Fact]
    public void HalvesThatDoNotPairAreRefused()
    {
        var e = Assert.Throws<ArgumentException>(() => new Bidirectional(new LSTM(3), "concat", new LSTM(3)));
        Assert.Contains("must differ in go_backwards", e.Message);
        e = Assert.Throws<ArgumentException>(() => new Bidirectional(new LSTM(3), "concat", new LSTM(3, goBackwards: true, returnSequences: true)));
        Assert.Contains("must agree on return_sequences", e.Message);
        e = Assert.Throws<ArgumentException>(() => new Bidirectional(new LSTM(3), "max"));
        Assert.Contains("merge_mode must be concat, sum, mul, ave or null; got 'max'", e.Message);
    }

    [Fact]
    public void DropoutAndStatefulAreNoted()
    {
        Assert.True(new Bidirectional(new GRU(2, dropout: 0.3f)).ActsOnlyInTraining);
        Assert.False(new Bidirectional(new GRU(2)).ActsOnlyInTraining);
        Assert.True(new Bidirectional(new GRU(2, stateful: true)).Stateful);
    }
}
