using OneBatch.Layers;
using OneBatch.Models;
using OneBatch.Tensors;
using static OneBatch.Tests.Layers.RecurrentLayerChecks;

namespace OneBatch.Tests.Layers;

public sealed class GRUTests
{
    public static TheoryData<int, bool, bool, bool, bool> AllSettings => Settings();

    [Theory]
    [MemberData(nameof(AllSettings))]
    public void GradientsWithResetAfter(int t, bool masked, bool sequences, bool state, bool backwards)
    {
        var gru = new GRU(5, biasInitializer: "random_uniform", returnSequences: sequences, returnState: state, goBackwards: backwards);
        AssertLayerGradients(gru, t, masked);
    }

    [Theory]
    [MemberData(nameof(AllSettings))]
    public void GradientsWithResetBefore(int t, bool masked, bool sequences, bool state, bool backwards)
    {
        var gru = new GRU(5, biasInitializer: "random_uniform", returnSequences: sequences, returnState: state, goBackwards: backwards, resetAfter: false);
        AssertLayerGradients(gru, t, masked);
    }

    [Theory]
    [InlineData("tanh", "sigmoid", true)]
    [InlineData("tanh", "hard_sigmoid", true)]
    [InlineData("tanh", "hard_sigmoid_keras2", false)]
    [InlineData("sigmoid", "tanh", false)]
    [InlineData("linear", "linear", true)]
    public void GradientsForEachActivation(string activation, string recurrentActivation, bool resetAfter)
    {
        var gru = new GRU(7, activation, recurrentActivation, biasInitializer: "random_uniform", returnSequences: true, resetAfter: resetAfter);
        AssertLayerGradients(gru, 5, masked: true);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void TwoStepsFollowKerasEquationsWrittenOut(bool resetAfter)
    {
        // units 2, features 2; gate blocks z, r, h of 2 columns each.
        float[] k = [0.1f, -0.2f, 0.3f, 0.05f, -0.4f, 0.2f, -0.3f, 0.25f, 0.1f, -0.15f, 0.2f, 0.35f];
        float[] r = [0.2f, 0.1f, -0.3f, 0.4f, 0.05f, -0.2f, -0.1f, 0.3f, 0.2f, -0.25f, 0.15f, 0.1f];
        float[] b = resetAfter
            ? [0.01f, -0.02f, 0.05f, 0.03f, 0.03f, -0.01f, 0.02f, 0.04f, -0.03f, 0.01f, 0.06f, -0.05f]
            : [0.01f, -0.02f, 0.05f, 0.03f, 0.03f, -0.01f];
        float[] xs = [0.5f, -1f, 0.25f, 0.75f];
        var gru = new GRU(2, returnSequences: true, resetAfter: resetAfter);
        gru.Build(new Shape(2, 2), new RandomGenerator(0));
        Assert.Equal(resetAfter ? new Shape(2, 6) : new Shape(6), gru.Bias!.Shape);
        gru.Kernel!.Assign(k);
        gru.RecurrentKernel!.Assign(r);
        gru.Bias.Assign(b);
        var y = gru.Apply(Tensor.FromArray(xs, 1, 2, 2)).ToArray();

        double[] h = [0, 0];
        var hs = new List<double>();
        for (int step = 0; step < 2; step++)
        {
            // matrix_x = x @ kernel + input bias; matrix_inner = h @ recurrent_kernel (+ recurrent bias)
            var mx = new double[6];
            var mi = new double[6];
            for (int j = 0; j < 6; j++)
            {
                mx[j] = (xs[step * 2] * k[j]) + (xs[(step * 2) + 1] * k[6 + j]) + b[j];
                mi[j] = (h[0] * r[j]) + (h[1] * r[6 + j]) + (resetAfter ? b[6 + j] : 0);
            }

            var newH = new double[2];
            for (int unit = 0; unit < 2; unit++)
            {
                double z = Sigmoid(mx[unit] + mi[unit]);
                double rg = Sigmoid(mx[2 + unit] + mi[2 + unit]);
                double recurrentH;
                if (resetAfter)
                {
                    recurrentH = rg * mi[4 + unit];
                }
                else
                {
                    // (r * h_tm1) @ recurrent_kernel[:, 2U:], with every unit's own r
                    double r0 = Sigmoid(mx[2] + mi[2]), r1 = Sigmoid(mx[3] + mi[3]);
                    recurrentH = (r0 * h[0] * r[4 + unit]) + (r1 * h[1] * r[6 + 4 + unit]);
                }

                double hh = Math.Tanh(mx[4 + unit] + recurrentH);
                newH[unit] = (z * h[unit]) + ((1 - z) * hh);
            }

            h = newH;
            hs.AddRange(h);
        }

        Assert.Equal(hs, y.Select(v => (double)v), (p, q) => Math.Abs(p - q) < 1e-6);
    }

    [Fact]
    public void WeightsAreLaidOutAndNamedAsInKeras()
    {
        var gru = new GRU(3);
        Assert.Equal("gru", gru.Name);
        Assert.True(gru.ResetAfter);
        gru.Build(new Shape(4, 5), new RandomGenerator(0));
        Assert.Equal(["gru/kernel", "gru/recurrent_kernel", "gru/bias"], gru.Weights.Select(w => w.Name));
        Assert.Equal([new Shape(5, 9), new Shape(3, 9), new Shape(2, 9)], gru.Weights.Select(w => w.Shape));
        var before = new GRU(3, resetAfter: false, useBias: false);
        before.Build(new Shape(4, 5), new RandomGenerator(0));
        Assert.Equal(2, before.Weights.Count);
        Assert.Null(before.Bias);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void AMaskedPaddedSequenceEndsAsTheShorterOneDoes(bool resetAfter)
    {
        var x = new RandomGenerator(3).Uniform(new Shape(2, 3, 4), -1f, 1f);
        var padded = Tensor.Full(new Shape(2, 5, 4), 0.5f);
        for (int s = 0; s < 2; s++)
        {
            x.ReadOnlySpan.Slice(s * 12, 12).CopyTo(padded.Span.Slice(s * 20, 12));
        }

        var inputs = Keras.Input(shape: [5, 4]);
        var gru = new GRU(6, resetAfter: resetAfter, biasInitializer: "random_uniform", returnState: true);
        var outputs = gru.ApplyAll(new Masking(0.5f).Apply(inputs));
        var model = new Functional([inputs], outputs);
        var shorter = new GRU(6, resetAfter: resetAfter, returnState: true);
        shorter.Build(new Shape(3, 4), new RandomGenerator(0));
        for (int i = 0; i < 3; i++)
        {
            shorter.Weights[i].Assign(gru.Weights[i].Value);
        }

        var expected = shorter.ApplyAll(x);
        var actual = model.ApplyAll(padded);
        for (int o = 0; o < 2; o++)
        {
            Assert.Equal(expected[o].ToArray(), actual[o].ToArray(), (p, q) => Math.Abs(p - q) < 1e-6);
        }
    }

    private static double Sigmoid(double z) => 1 / (1 + Math.Exp(-z));
}
