using OneBatch.Autodiff;
using OneBatch.Layers;
using OneBatch.Models;
using OneBatch.Tensors;
using static OneBatch.Tests.Autodiff.GradientChecker;
using static OneBatch.Tests.Layers.RecurrentLayerChecks;

namespace OneBatch.Tests.Layers;

public sealed class LSTMTests
{
    public static TheoryData<int, bool, bool, bool, bool> AllSettings => Settings();

    [Theory]
    [MemberData(nameof(AllSettings))]
    public void GradientsWithRespectToTheInputAndEveryWeight(int t, bool masked, bool sequences, bool state, bool backwards)
    {
        var lstm = new LSTM(5, biasInitializer: "random_uniform", returnSequences: sequences, returnState: state, goBackwards: backwards);
        AssertLayerGradients(lstm, t, masked);
    }

    [Theory]
    [InlineData("tanh", "sigmoid")]
    [InlineData("tanh", "hard_sigmoid")]
    [InlineData("tanh", "hard_sigmoid_keras2")]
    [InlineData("sigmoid", "tanh")]
    [InlineData("linear", "linear")]
    public void GradientsForEachActivation(string activation, string recurrentActivation)
    {
        var lstm = new LSTM(7, activation, recurrentActivation, biasInitializer: "random_uniform", returnSequences: true);
        AssertLayerGradients(lstm, 5, masked: true);
    }

    [Fact]
    public void TwoStepsFollowKerasEquationsWrittenOut()
    {
        // units 2, features 2; gate blocks i, f, c, o of 2 columns each.
        float[] k =
        [
            0.1f, -0.2f, 0.3f, 0.05f, -0.4f, 0.2f, 0.15f, -0.1f,
            -0.3f, 0.25f, 0.1f, -0.15f, 0.2f, 0.35f, -0.05f, 0.3f,
        ];
        float[] r =
        [
            0.2f, 0.1f, -0.3f, 0.4f, 0.05f, -0.2f, 0.3f, 0.1f,
            -0.1f, 0.3f, 0.2f, -0.25f, 0.15f, 0.1f, -0.2f, 0.05f,
        ];
        float[] b = [0.01f, -0.02f, 1f, 1f, 0.03f, -0.01f, 0.02f, 0.04f];
        float[] xs = [0.5f, -1f, 0.25f, 0.75f];
        var lstm = new LSTM(2, returnSequences: true, returnState: true);
        lstm.Build(new Shape(2, 2), new RandomGenerator(0));
        lstm.Kernel!.Assign(k);
        lstm.RecurrentKernel!.Assign(r);
        lstm.Bias!.Assign(b);
        var outputs = lstm.ApplyAll(Tensor.FromArray(xs, 1, 2, 2));

        double[] h = [0, 0], c = [0, 0];
        var hs = new List<double>();
        for (int step = 0; step < 2; step++)
        {
            var z = new double[8];
            for (int j = 0; j < 8; j++)
            {
                z[j] = (xs[step * 2] * k[j]) + (xs[(step * 2) + 1] * k[8 + j]) + (h[0] * r[j]) + (h[1] * r[8 + j]) + b[j];
            }

            var newH = new double[2];
            for (int unit = 0; unit < 2; unit++)
            {
                double i = Sigmoid(z[unit]), f = Sigmoid(z[2 + unit]), g = Math.Tanh(z[4 + unit]), o = Sigmoid(z[6 + unit]);
                c[unit] = (f * c[unit]) + (i * g);
                newH[unit] = o * Math.Tanh(c[unit]);
            }

            h = newH;
            hs.AddRange(h);
        }

        Assert.Equal(hs, outputs[0].ToArray().Select(v => (double)v), (p, q) => Math.Abs(p - q) < 1e-6);
        Assert.Equal(h, outputs[1].ToArray().Select(v => (double)v), (p, q) => Math.Abs(p - q) < 1e-6);
        Assert.Equal(c, outputs[2].ToArray().Select(v => (double)v), (p, q) => Math.Abs(p - q) < 1e-6);
    }

    [Fact]
    public void WeightsAreLaidOutAndNamedAsInKeras()
    {
        var lstm = new LSTM(3);
        Assert.Equal("lstm", lstm.Name);
        lstm.Build(new Shape(4, 5), new RandomGenerator(0));
        Assert.Equal(["lstm/kernel", "lstm/recurrent_kernel", "lstm/bias"], lstm.Weights.Select(w => w.Name));
        Assert.Equal([new Shape(5, 12), new Shape(3, 12), new Shape(12)], lstm.Weights.Select(w => w.Shape));

        // unit_forget_bias: the forget gate's block starts at 1, the rest at the bias initializer's.
        Assert.Equal([0f, 0f, 0f, 1f, 1f, 1f, 0f, 0f, 0f, 0f, 0f, 0f], lstm.Bias!.Value.ToArray());
        var noForget = new LSTM(3, unitForgetBias: false);
        noForget.Build(new Shape(4, 5), new RandomGenerator(0));
        Assert.All(noForget.Bias!.Value.ToArray(), v => Assert.Equal(0f, v));
        var drawn = new LSTM(3, biasInitializer: "random_uniform");
        drawn.Build(new Shape(4, 5), new RandomGenerator(0));
        var bias = drawn.Bias!.Value.ToArray();
        Assert.All(bias[3..6], v => Assert.Equal(1f, v));
        Assert.All(bias[..3].Concat(bias[6..]), v => Assert.InRange(v, -0.05f, 0.05f));

        // The recurrent kernel [3, 12] is orthogonal by default: its rows are orthonormal.
        var rk = lstm.RecurrentKernel!.Value;
        for (int i = 0; i < 3; i++)
        {
            double norm = 0;
            for (int j = 0; j < 12; j++)
            {
                norm += rk[i, j] * rk[i, j];
            }

            Assert.Equal(1, norm, 5);
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void AMaskedPaddedSequenceEndsAsTheShorterOneDoes(bool backwards)
    {
        // Three real steps, then two of padding (all 0.5) that a Masking layer marks.
        var x = new RandomGenerator(3).Uniform(new Shape(2, 3, 4), -1f, 1f);
        var padded = Tensor.Full(new Shape(2, 5, 4), 0.5f);
        for (int s = 0; s < 2; s++)
        {
            x.ReadOnlySpan.Slice(s * 12, 12).CopyTo(padded.Span.Slice(s * 20, 12));
        }

        var inputs = Keras.Input(shape: [5, 4]);
        var lstm = new LSTM(6, goBackwards: backwards);
        var model = new Functional(inputs, lstm.Apply(new Masking(0.5f).Apply(inputs)));
        var shorter = new LSTM(6, goBackwards: backwards);
        shorter.Build(new Shape(3, 4), new RandomGenerator(0));
        for (int i = 0; i < 3; i++)
        {
            shorter.Weights[i].Assign(lstm.Weights[i].Value);
        }

        var expected = shorter.Apply(x).ToArray();
        var actual = model.Apply(padded).ToArray();
        Assert.Equal(expected, actual, (p, q) => Math.Abs(p - q) < 1e-6);
        var unmasked = lstm.Apply(padded).ToArray();
        Assert.NotEqual(expected, unmasked, (p, q) => Math.Abs(p - q) < 1e-6);
    }

    [Fact]
    public void OutputShapesFollowReturnSequencesAndReturnState()
    {
        Assert.Equal([new Shape(4)], new LSTM(4).ComputeOutputShapes([new Shape(7, 3)]));
        Assert.Equal([new Shape(7, 4)], new LSTM(4, returnSequences: true).ComputeOutputShapes([new Shape(7, 3)]));
        Assert.Equal([new Shape(7, 4), new Shape(4), new Shape(4)], new LSTM(4, returnSequences: true, returnState: true).ComputeOutputShapes([new Shape(7, 3)]));
        var e = Assert.Throws<ArgumentException>(() => new LSTM(4).ComputeOutputShapes([new Shape(3)]));
        Assert.Contains("Layer 'lstm' (LSTM) expects sequences [time, features] of at least one step; got per-sample input shape [3]", e.Message);
    }

    [Fact]
    public void SettingsTheCheckCannotHonourAreNamedOrNoted()
    {
        var e = Assert.Throws<ArgumentException>(() => new LSTM(4, activation: "softmax"));
        Assert.Contains("LSTM 'lstm': the activation 'softmax' cannot run inside a recurrent cell", e.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => new LSTM(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new LSTM(2, dropout: 1.5f));
        Assert.False(new LSTM(2).ActsOnlyInTraining);
        Assert.True(new LSTM(2, dropout: 0.2f).ActsOnlyInTraining);
        Assert.True(new LSTM(2, recurrentDropout: 0.2f).ActsOnlyInTraining);
        Assert.True(new LSTM(2, stateful: true).Stateful);
    }

    [Fact]
    public void DropoutIsNotAppliedEvenInTraining()
    {
        var lstm = new LSTM(3, dropout: 0.5f, recurrentDropout: 0.5f, returnSequences: true);
        var x = Uniform(2, new Shape(2, 4, 3));
        Assert.Equal(lstm.Apply(x, training: false).ToArray(), lstm.Apply(x, training: true).ToArray());
    }

    [Fact]
    public void GateSaturationAndHiddenGradientNormsAreMeasured()
    {
        var lstm = new LSTM(4);
        var x = Tensor.Full(new Shape(2, 8, 3), 20f);
        Assert.True(float.IsNaN(lstm.GateSaturation));
        Assert.Null(lstm.HiddenGradientNorms);
        using (var tape = new GradientTape())
        {
            var y = lstm.Apply(x);
            Assert.True(lstm.GateSaturation > 0.5f, $"{lstm.GateSaturation}");
            Assert.Equal(["i", "f", "c", "o"], lstm.GateNames);
            _ = tape.Gradient(Ops.Sum(y), lstm.TrainableWeights);
        }

        var (first, last) = lstm.HiddenGradientNorms!.Value;
        Assert.True(last > 0f && first >= 0f);
        _ = lstm.Apply(Uniform(1, new Shape(2, 8, 3), -0.1f, 0.1f));
        Assert.True(lstm.GateSaturation < 0.05f, $"{lstm.GateSaturation}");
    }

    private static double Sigmoid(double z) => 1 / (1 + Math.Exp(-z));
}
