using OneBatch.Activations;
using OneBatch.Layers;
using OneBatch.Models;
using OneBatch.Tensors;
using static OneBatch.Tests.Layers.RecurrentLayerChecks;

namespace OneBatch.Tests.Layers;

public sealed class SimpleRNNTests
{
    public static TheoryData<int, bool, bool, bool, bool> AllSettings => Settings();

    [Theory]
    [MemberData(nameof(AllSettings))]
    public void GradientsWithRespectToTheInputAndEveryWeight(int t, bool masked, bool sequences, bool state, bool backwards)
    {
        var rnn = new SimpleRNN(5, biasInitializer: "random_uniform", returnSequences: sequences, returnState: state, goBackwards: backwards);
        AssertLayerGradients(rnn, t, masked);
    }

    [Theory]
    [InlineData("tanh")]
    [InlineData("sigmoid")]
    [InlineData("hard_sigmoid")]
    [InlineData("linear")]
    public void GradientsForEachActivation(string activation)
    {
        var rnn = new SimpleRNN(7, activation, biasInitializer: "random_uniform", returnSequences: true);
        AssertLayerGradients(rnn, 5, masked: true);
    }

    [Fact]
    public void ThreeStepsFollowKerasEquationsWrittenOut()
    {
        // h = tanh(x @ kernel + bias + h @ recurrent_kernel), units 2, features 1, processed backwards.
        float[] k = [0.7f, -0.4f];
        float[] r = [0.5f, -0.3f, 0.2f, 0.9f];
        float[] b = [0.1f, -0.05f];
        float[] xs = [1f, -2f, 0.5f];
        var rnn = new SimpleRNN(2, goBackwards: true, returnSequences: true);
        rnn.Build(new Shape(3, 1), new RandomGenerator(0));
        rnn.Kernel!.Assign(k);
        rnn.RecurrentKernel!.Assign(r);
        rnn.Bias!.Assign(b);
        var y = rnn.Apply(Tensor.FromArray(xs, 1, 3, 1)).ToArray();
        double[] h = [0, 0];
        var expected = new List<double>();
        foreach (float x in xs.Reverse())
        {
            h =
            [
                Math.Tanh((x * k[0]) + b[0] + (h[0] * r[0]) + (h[1] * r[2])),
                Math.Tanh((x * k[1]) + b[1] + (h[0] * r[1]) + (h[1] * r[3])),
            ];
            expected.AddRange(h);
        }

        // The outputs come in processing order (the reversed sequence), as Keras gives them.
        Assert.Equal(expected, y.Select(v => (double)v), (p, q) => Math.Abs(p - q) < 1e-6);
    }

    [Fact]
    public void ItIsNamedAndLaidOutAsInKerasAndItsOutputIsItsActivations()
    {
        var rnn = new SimpleRNN(3, activation: "relu");
        Assert.Equal("simple_rnn", rnn.Name);
        Assert.Same(ActivationFunction.Relu, rnn.OutputActivation);
        rnn.Build(new Shape(4, 5), new RandomGenerator(0));
        Assert.Equal(["simple_rnn/kernel", "simple_rnn/recurrent_kernel", "simple_rnn/bias"], rnn.Weights.Select(w => w.Name));
        Assert.Equal([new Shape(5, 3), new Shape(3, 3), new Shape(3)], rnn.Weights.Select(w => w.Shape));
        Assert.Equal(1, rnn.StateCount);
    }

    [Fact]
    public void AMaskedPaddedSequenceEndsAsTheShorterOneDoes()
    {
        var x = new RandomGenerator(3).Uniform(new Shape(2, 3, 4), -1f, 1f);
        var padded = Tensor.Full(new Shape(2, 5, 4), 0.5f);
        for (int s = 0; s < 2; s++)
        {
            x.ReadOnlySpan.Slice(s * 12, 12).CopyTo(padded.Span.Slice(s * 20, 12));
        }

        var inputs = Keras.Input(shape: [5, 4]);
        var rnn = new SimpleRNN(6, biasInitializer: "random_uniform");
        var model = new Functional(inputs, rnn.Apply(new Masking(0.5f).Apply(inputs)));
        var shorter = new SimpleRNN(6);
        shorter.Build(new Shape(3, 4), new RandomGenerator(0));
        for (int i = 0; i < 3; i++)
        {
            shorter.Weights[i].Assign(rnn.Weights[i].Value);
        }

        Assert.Equal(shorter.Apply(x).ToArray(), model.Apply(padded).ToArray(), (p, q) => Math.Abs(p - q) < 1e-6);
    }

    [Fact]
    public void TheMaskPassesOnOnlyWithTheSequence()
    {
        var inputs = Keras.Input(shape: [4]);
        var embedded = new Embedding(10, 3, maskZero: true).Apply(inputs);
        var sequence = new SimpleRNN(2, returnSequences: true).Apply(embedded);
        var last = new SimpleRNN(2).Apply(embedded);
        var model = new Functional([inputs], [sequence, last]);
        var ids = Tensor.FromArray([3f, 1f, 0f, 0f, 2f, 5f, 7f, 0f], 2, 4);
        var outputs = new Tensor[2];
        var masks = new Tensor?[2];
        model.Apply([ids], outputs, masks);
        Assert.Equal([1f, 1f, 0f, 0f, 1f, 1f, 1f, 0f], masks[0]!.ToArray());
        Assert.Null(masks[1]);

        // Keras's default: a masked step repeats the previous output.
        var y = outputs[0].ToArray();
        Assert.Equal(y.AsSpan(2, 2).ToArray(), y.AsSpan(4, 2).ToArray());
        Assert.Equal(y.AsSpan(2, 2).ToArray(), y.AsSpan(6, 2).ToArray());
    }
}
