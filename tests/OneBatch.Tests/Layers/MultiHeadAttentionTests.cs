using OneBatch.Layers;
using OneBatch.Models;
using OneBatch.Tensors;
using static OneBatch.Tests.Autodiff.GradientChecker;

namespace OneBatch.Tests.Layers;

public sealed class MultiHeadAttentionTests
{
    // 1 head, key_dim 2, identity projections and no bias: the scores are q . v / sqrt(2).
    // q = [[1, 0], [0, 1]] (2 query steps), v = [[1, 0], [0, 1], [1, 1]] (3 value steps).
    private static readonly float[] Q = [1f, 0f, 0f, 1f];
    private static readonly float[] V = [1f, 0f, 0f, 1f, 1f, 1f];
    private static readonly double A = 1 / Math.Sqrt(2);

    private static MultiHeadAttention Identity()
    {
        var mha = new MultiHeadAttention(numHeads: 1, keyDim: 2, useBias: false);
        mha.Build([new Shape(2, 2), new Shape(3, 2)], new RandomGenerator(0));
        foreach (var w in mha.Weights)
        {
            w.Assign([1f, 0f, 0f, 1f]);
        }

        return mha;
    }

    private static Tensor Run(MultiHeadAttention mha, Tensor?[] masks)
    {
        var outputs = new Tensor[1];
        mha.Call([Tensor.FromArray(Q, 1, 2, 2), Tensor.FromArray(V, 1, 3, 2)], masks, outputs, training: false);
        return outputs[0];
    }

    private static void AssertClose(double[] expected, Tensor actual)
    {
        var a = actual.ToArray();
        Assert.Equal(expected.Length, a.Length);
        for (int i = 0; i < a.Length; i++)
        {
            Assert.Equal(expected[i], a[i], 5);
        }
    }

    [Fact]
    public void OneHeadByHand()
    {
        // Query 0 scores [A, 0, A]: weights [e^A, 1, e^A] / (2 e^A + 1); output = weights @ v.
        // Query 1 scores [0, A, A]: weights [1, e^A, e^A] / (1 + 2 e^A).
        double e = Math.Exp(A), z = (2 * e) + 1;
        var y = Identity().Apply(Tensor.FromArray(Q, 1, 2, 2), Tensor.FromArray(V, 1, 3, 2));
        Assert.Equal(new Shape(1, 2, 2), y.Shape);
        AssertClose([(e + e) / z, (1 + e) / z, (1 + e) / z, (e + e) / z], y);
    }

    [Fact]
    public void AMaskedValueStepGetsNoWeightAndAMaskedQueryStepWeighsEveryValueEqually()
    {
        // Value step 2 is padding: query 0 weighs [e^A, 1] over steps 0 and 1; query 1 weighs [1, e^A].
        double e = Math.Exp(A);
        AssertClose([e / (e + 1), 1 / (e + 1), 1 / (1 + e), e / (1 + e)], Run(Identity(), [null, Tensor.FromArray([1f, 1f, 0f], 1, 3)]));

        // Query step 1 is padding: every score of its row is -1e9, so its weights are equal (1/3 each), as Keras's
        // fused attention gives; query 0 is as without a mask.
        double z = (2 * e) + 1;
        AssertClose([(e + e) / z, (1 + e) / z, 2.0 / 3, 2.0 / 3], Run(Identity(), [Tensor.FromArray([1f, 0f], 1, 2), null]));
    }

    [Fact]
    public void TheCausalMaskLetsAStepAttendToItselfAndThePastOnly()
    {
        // Query 0 sees value step 0 only; query 1 sees steps 0 and 1 with scores [0, A].
        var mha = Identity();
        mha.UseCausalMask = true;
        double e = Math.Exp(A);
        AssertClose([1, 0, 1 / (1 + e), e / (1 + e)], Run(mha, [null, null]));
        AssertClose([1, 0, 1 / (1 + e), e / (1 + e)], mha.Apply(Tensor.FromArray(Q, 1, 2, 2), Tensor.FromArray(V, 1, 3, 2)));
    }

    [Fact]
    public void TheOutputCarriesTheQuerysMask()
    {
        var ids = Keras.Input(shape: [4]);
        var x = new Embedding(6, 8, maskZero: true).Apply(ids);
        var y = new MultiHeadAttention(2, 3).Apply(x, x);
        var model = new Functional(ids, new Dense(1).Apply(y));
        var outputs = new Tensor[1];
        var masks = new Tensor?[1];
        model.Apply([Tensor.FromArray([1f, 2f, 0f, 0f, 5f, 0f, 3f, 0f], 2, 4)], outputs, masks);
        Assert.Equal([1f, 1f, 0f, 0f, 1f, 0f, 1f, 0f], masks[0]!.ToArray());
        Assert.Equal(new Shape(2, 4, 1), outputs[0].Shape);
    }

    [Fact]
    public void WeightsAreKeras3sInItsOrder()
    {
        var mha = new MultiHeadAttention(numHeads: 3, keyDim: 4, valueDim: 5, name: "mha");
        mha.Build([new Shape(7, 6), new Shape(9, 2), new Shape(9, 3)], new RandomGenerator(0));
        Assert.Equal(
            [
                "mha/query/kernel [6, 3, 4]", "mha/query/bias [3, 4]", "mha/key/kernel [3, 3, 4]", "mha/key/bias [3, 4]",
                "mha/value/kernel [2, 3, 5]", "mha/value/bias [3, 5]", "mha/attention_output/kernel [3, 5, 6]", "mha/attention_output/bias [6]",
            ],
            mha.Weights.Select(w => $"{w.Name} {w.Shape}"));
        Assert.Equal(new Shape(7, 6), mha.OutputShape);

        var shaped = new MultiHeadAttention(2, 2, useBias: false, outputShape: [3, 2]);
        var y = shaped.ApplyAll(Keras.Input(shape: [4, 5]), Keras.Input(shape: [6, 5]))[0];
        Assert.Equal(new Shape(4, 3, 2), y.Shape);
        shaped.Build([new Shape(4, 5), new Shape(6, 5)], new RandomGenerator(0));
        Assert.Equal(["[5, 2, 2]", "[5, 2, 2]", "[5, 2, 2]", "[2, 2, 3, 2]"], shaped.Weights.Select(w => w.Shape.ToString()));
    }

    [Theory]
    [InlineData(2, 3, 4, false, false)]
    [InlineData(3, 2, 5, true, false)]
    [InlineData(1, 3, 3, false, true)]
    [InlineData(2, 1, 2, true, true)]
    public void AgainstTheFormulaWrittenOut(int heads, int keyDim, int valueDim, bool withKey, bool outputShape)
    {
        // Every head: softmax(q Wq^h (k Wk^h)^T / sqrt(key_dim)) (v Wv^h), then summed through Wo.
        var mha = new MultiHeadAttention(heads, keyDim, valueDim, outputShape: outputShape ? [3] : null, biasInitializer: "random_uniform");
        var q = Uniform(11, new Shape(2, 3, 4));
        var v = Uniform(12, new Shape(2, 5, 3));
        var k = Uniform(13, new Shape(2, 5, 2));
        var y = withKey ? mha.Apply(q, v, k) : mha.Apply(q, v);
        var key = withKey ? k : v;
        var w = mha.Weights.Select(x => x.Value).ToArray();
        int units = outputShape ? 3 : 4;
        for (int n = 0; n < 2; n++)
        {
            for (int t = 0; t < 3; t++)
            {
                var output = new double[units];
                for (int u = 0; u < units; u++)
                {
                    output[u] = w[7][u];
                }

                for (int h = 0; h < heads; h++)
                {
                    var qh = Project(q, n, t, w[0], w[1], h);
                    var scores = Enumerable.Range(0, 5).Select(s => Dot(qh, Project(key, n, s, w[2], w[3], h)) / Math.Sqrt(keyDim)).ToArray();
                    double max = scores.Max();
                    double sum = scores.Sum(x => Math.Exp(x - max));
                    for (int s = 0; s < 5; s++)
                    {
                        double weight = Math.Exp(scores[s] - max) / sum;
                        var vh = Project(v, n, s, w[4], w[5], h);
                        for (int c = 0; c < valueDim; c++)
                        {
                            for (int u = 0; u < units; u++)
                            {
                                output[u] += weight * vh[c] * w[6][h, c, u];
                            }
                        }
                    }
                }

                for (int u = 0; u < units; u++)
                {
                    Assert.Equal(output[u], y[n, t, u], 4);
                }
            }
        }
    }

    // x[n, t] @ kernel[:, h, :] + bias[h, :]
    private static double[] Project(Tensor x, int n, int t, Tensor kernel, Tensor bias, int h)
    {
        int d = x.Shape[2], size = kernel.Shape[2];
        var result = new double[size];
        for (int j = 0; j < size; j++)
        {
            double sum = bias[h, j];
            for (int i = 0; i < d; i++)
            {
                sum += x[n, t, i] * kernel[i, h, j];
            }

            result[j] = sum;
        }

        return result;
    }

    private static double Dot(double[] a, double[] b) => a.Zip(b).Sum(p => p.First * p.Second);

    public static TheoryData<bool, bool, bool, bool> GradientCases() => new()
    {
        { false, false, false, false },
        { true, false, false, false },
        { false, true, false, false },
        { true, true, false, false },
        { false, false, true, false },
        { true, true, true, true },
        { false, true, true, true },
    };

    [Theory]
    [MemberData(nameof(GradientCases))]
    public void GradientsOfTheInputsAndEveryWeight(bool withKey, bool masked, bool causal, bool outputShape)
    {
        // Odd sizes: 3 samples, 3 query steps, 5 value steps, 2 heads of key_dim 3 and value_dim 2.
        var mha = new MultiHeadAttention(2, 3, 2, outputShape: outputShape ? [3] : null, biasInitializer: "random_uniform", useCausalMask: causal);
        var q = Uniform(21, new Shape(3, 3, 5));
        var v = Uniform(22, new Shape(3, 5, 4));
        var k = Uniform(23, new Shape(3, 5, 3));
        Tensor[] inputs = withKey ? [q, v, k] : [q, v];
        mha.Build(inputs.Select(t => t.Shape.DropFirst()).ToArray(), new RandomGenerator(5));
        Tensor?[] masks = masked
            ? [Tensor.FromArray([1f, 1f, 0f, 1f, 1f, 1f, 1f, 0f, 1f], 3, 3), Tensor.FromArray([1f, 0f, 1f, 1f, 0f, 0f, 1f, 1f, 1f, 1f, 1f, 1f, 0f, 0f, 1f], 3, 5), .. withKey ? new[] { Tensor.FromArray([1f, 1f, 1f, 0f, 1f, 1f, 1f, 1f, 1f, 1f, 1f, 0f, 1f, 1f, 1f], 3, 5) } : []]
            : new Tensor?[inputs.Length];
        Tensor F(Tensor[] _)
        {
            var outputs = new Tensor[1];
            mha.Call(inputs, masks, outputs, training: false);
            return outputs[0];
        }

        AssertGradients(F, [.. inputs, .. mha.Weights.Select(w => w.Value)]);
    }

    [Fact]
    public void SelfAttentionWithOneTensorTwice()
    {
        var mha = new MultiHeadAttention(2, 2, biasInitializer: "random_uniform");
        var x = Uniform(31, new Shape(2, 3, 3));
        _ = mha.Apply(x, x);
        AssertGradients(t => mha.Apply(t[0], t[0]), [x, .. mha.Weights.Select(w => w.Value)]);
    }

    [Fact]
    public void SeveralStepAxesAreAttendedOverTogether()
    {
        // Keras's default attention_axes: every axis between the batch and the features, here a 2 x 3 grid.
        var mha = new MultiHeadAttention(2, 2, attentionAxes: [1, 2]);
        var x = Uniform(32, new Shape(2, 2, 3, 4));
        var flat = new MultiHeadAttention(2, 2);
        var y = mha.Apply(x, x);
        _ = flat.Apply(x.Reshape(new Shape(2, 6, 4)), x.Reshape(new Shape(2, 6, 4)));
        flat.SetWeightsFrom(mha);
        Assert.Equal(new Shape(2, 2, 3, 4), y.Shape);
        Assert.Equal(flat.Apply(x.Reshape(new Shape(2, 6, 4)), x.Reshape(new Shape(2, 6, 4))).ToArray(), y.ToArray());
    }

    [Fact]
    public void DropoutActsOnlyInTraining()
    {
        Assert.True(new MultiHeadAttention(2, 2, dropout: 0.1f).ActsOnlyInTraining);
        Assert.False(new MultiHeadAttention(2, 2).ActsOnlyInTraining);
        var mha = new MultiHeadAttention(1, 2, dropout: 0.5f);
        var x = Uniform(33, new Shape(2, 4, 2));
        var inference = mha.Apply(x, x).ToArray();
        var outputs = new Tensor[1];
        mha.Apply([x, x], outputs, training: true);
        Assert.NotEqual(inference, outputs[0].ToArray());
        Assert.Equal(inference, mha.Apply(x, x).ToArray());
    }

    [Fact]
    public void BadSettingsAndInputsAreRefusedClearly()
    {
        Assert.Contains("positive num_heads, key_dim and value_dim", Assert.Throws<ArgumentException>(() => new MultiHeadAttention(0, 2)).Message);
        Assert.Contains("positive num_heads, key_dim and value_dim", Assert.Throws<ArgumentException>(() => new MultiHeadAttention(2, 2, valueDim: 0)).Message);
        Assert.Contains("dropout must be in [0, 1)", Assert.Throws<ArgumentException>(() => new MultiHeadAttention(2, 2, dropout: 1f)).Message);
        Assert.Contains("output_shape must be one or more positive sizes", Assert.Throws<ArgumentException>(() => new MultiHeadAttention(2, 2, outputShape: [])).Message);

        var q = Keras.Input(shape: [3, 4]);
        var e = Assert.Throws<ArgumentException>(() => new MultiHeadAttention(2, 2, name: "mha").Apply(q));
        Assert.Contains("'mha' (MultiHeadAttention) takes (query, value) or (query, value, key); got 1 inputs", e.Message);
        e = Assert.Throws<ArgumentException>(() => new MultiHeadAttention(2, 2, name: "mha").Apply(q, Keras.Input(shape: [4])));
        Assert.Contains("'mha' (MultiHeadAttention) expects a query, value and key of the same rank", e.Message);
        e = Assert.Throws<ArgumentException>(() => new MultiHeadAttention(2, 2, name: "mha").Apply(q, Keras.Input(shape: [5, 4]), Keras.Input(shape: [6, 4])));
        Assert.Contains("a value and key with the same steps", e.Message);
        e = Assert.Throws<ArgumentException>(() => new MultiHeadAttention(2, 2, attentionAxes: [2], name: "mha").Apply(Keras.Input(shape: [2, 3, 4]), Keras.Input(shape: [2, 3, 4])));
        Assert.Contains("attends over every axis between the batch and the features ([1, 2] here); attention_axes [2] is not supported", e.Message);
        e = Assert.Throws<ArgumentException>(() => new MultiHeadAttention(2, 2, useCausalMask: true, name: "mha").Apply(Keras.Input(shape: [2, 3, 4]), Keras.Input(shape: [2, 3, 4])));
        Assert.Contains("one step axis per sample for a causal mask", e.Message);

        var mha = new MultiHeadAttention(1, 2, name: "mha");
        mha.Build([new Shape(2, 2), new Shape(3, 2)], new RandomGenerator(0));
        e = Assert.Throws<ArgumentException>(() => mha.Call([new Tensor(new Shape(1, 2, 2)), new Tensor(new Shape(1, 3, 2))], [null, new Tensor(new Shape(1, 2))], new Tensor[1], false));
        Assert.Contains("'mha' (MultiHeadAttention) got a value mask of shape [1, 2]; it needs one value per sample and step, [1, 3]", e.Message);
    }
}

internal static class MultiHeadAttentionTestExtensions
{
    public static void SetWeightsFrom(this Layer target, Layer source)
    {
        for (int i = 0; i < source.Weights.Count; i++)
        {
            target.Weights[i].Assign(source.Weights[i].Value);
        }
    }
}
