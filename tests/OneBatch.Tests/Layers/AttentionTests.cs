using OneBatch.Layers;
using OneBatch.Models;
using OneBatch.Tensors;
using static OneBatch.Tests.Autodiff.GradientChecker;

namespace OneBatch.Tests.Layers;

public sealed class AttentionTests
{
    // q = [[1, 0], [0, 1]] (2 query steps), v = [[1, 0], [0, 1], [1, 1]] (3 value steps, also the key).
    private static readonly float[] Q = [1f, 0f, 0f, 1f];
    private static readonly float[] V = [1f, 0f, 0f, 1f, 1f, 1f];

    internal static Tensor Run(Layer layer, Tensor?[] masks)
    {
        var inputs = new[] { Tensor.FromArray(Q, 1, 2, 2), Tensor.FromArray(V, 1, 3, 2) };
        if (!layer.Built)
        {
            layer.Build([new Shape(2, 2), new Shape(3, 2)], new RandomGenerator(0));
        }

        var outputs = new Tensor[1];
        layer.Call(inputs, masks, outputs, training: false);
        return outputs[0];
    }

    // The weighted sum of the value rows for the given scores of one query step.
    internal static double[] Expected(double[] scores, bool[]? kept = null)
    {
        var e = scores.Select((s, i) => kept is null || kept[i] ? Math.Exp(s) : 0).ToArray();
        double z = e.Sum();
        return [(e[0] + e[2]) / z, (e[1] + e[2]) / z];
    }

    internal static void AssertClose(double[] expected, Tensor actual)
    {
        var a = actual.ToArray();
        Assert.Equal(expected.Length, a.Length);
        for (int i = 0; i < a.Length; i++)
        {
            Assert.Equal(expected[i], a[i], 5);
        }
    }

    [Fact]
    public void DotScoresByHand()
    {
        // Scores: query 0 [1, 0, 1], query 1 [0, 1, 1]; with use_scale (set to 2) they double.
        AssertClose([.. Expected([1, 0, 1]), .. Expected([0, 1, 1])], Run(new Attention(), [null, null]));
        var scaled = new Attention(useScale: true);
        scaled.Build([new Shape(2, 2), new Shape(3, 2)], new RandomGenerator(0));
        Assert.Equal(1f, scaled.Scale!.Value.ToScalar());
        scaled.Scale.Assign([2f]);
        AssertClose([.. Expected([2, 0, 2]), .. Expected([0, 2, 2])], Run(scaled, [null, null]));
    }

    [Fact]
    public void ConcatScoresByHand()
    {
        // score(t, s) = w * sum(tanh(scale * (q_t + v_s))), with scale 0.5 and w = concat_score_weight = 3.
        var layer = new Attention(useScale: true, scoreMode: "concat");
        layer.Build([new Shape(2, 2), new Shape(3, 2)], new RandomGenerator(0));
        Assert.Equal(["attention/scale", "attention/concat_score_weight"], layer.Weights.Select(w => w.Name));
        layer.Scale!.Assign([0.5f]);
        layer.ConcatScoreWeight!.Assign([3f]);
        double S(double a, double b) => 3 * (Math.Tanh(0.5 * a) + Math.Tanh(0.5 * b));
        AssertClose([.. Expected([S(2, 0), S(1, 1), S(2, 1)]), .. Expected([S(1, 1), S(0, 2), S(1, 2)])], Run(layer, [null, null]));
    }

    [Fact]
    public void APaddedValueStepGetsNoWeightAndAPaddedQueryStepGivesZeros()
    {
        AssertClose([.. Expected([1, 0, 1], [true, true, false]), .. Expected([0, 1, 1], [true, true, false])], Run(new Attention(), [null, Tensor.FromArray([1f, 1f, 0f], 1, 3)]));
        AssertClose([.. Expected([1, 0, 1]), 0, 0], Run(new Attention(), [Tensor.FromArray([1f, 0f], 1, 2), null]));
    }

    [Fact]
    public void TheCausalMaskLetsAStepAttendToItselfAndThePastOnly()
    {
        var causal = new Attention(useCausalMask: true);
        AssertClose([.. Expected([1, 0, 1], [true, false, false]), .. Expected([0, 1, 1], [true, true, false])], Run(causal, [null, null]));
        AssertClose([1, 0, 0, 0], Run(causal, [Tensor.FromArray([1f, 0f], 1, 2), null]));
    }

    [Fact]
    public void TheOutputHasTheQueryStepsAndTheValueFeaturesAndTheQuerysMask()
    {
        var ids = Keras.Input(shape: [4]);
        var query = new Embedding(6, 3, maskZero: true).Apply(ids);
        var value = Keras.Input(shape: [5, 7]);
        var key = Keras.Input(shape: [5, 3]);
        var y = new Attention().Apply(query, value, key);
        Assert.Equal(new Shape(4, 7), y.Shape);
        var model = new Functional([ids, value, key], [y]);
        var outputs = new Tensor[1];
        var masks = new Tensor?[1];
        model.Apply([Tensor.FromArray([1f, 2f, 0f, 0f], 1, 4), Uniform(1, new Shape(1, 5, 7)), Uniform(2, new Shape(1, 5, 3))], outputs, masks);
        Assert.Equal([1f, 1f, 0f, 0f], masks[0]!.ToArray());
        Assert.All(outputs[0].ToArray()[14..], v => Assert.Equal(0f, v));
    }

    public static TheoryData<string, bool, bool, bool, bool> GradientCases() => new()
    {
        { "dot", false, false, false, false },
        { "dot", true, false, false, true },
        { "dot", true, true, false, false },
        { "dot", false, true, true, true },
        { "concat", false, false, false, false },
        { "concat", true, false, false, true },
        { "concat", true, true, true, true },
    };

    [Theory]
    [MemberData(nameof(GradientCases))]
    public void GradientsOfTheInputsAndWeights(string scoreMode, bool useScale, bool masked, bool causal, bool withKey)
    {
        var layer = new Attention(useScale, scoreMode, useCausalMask: causal);
        // Without a key the value is the key, so it has the query's 4 features; with one, the value has 2.
        var q = Uniform(41, new Shape(3, 3, 4));
        Tensor[] inputs = withKey
            ? [q, Uniform(42, new Shape(3, 5, 2)), Uniform(43, new Shape(3, 5, 4))]
            : [q, Uniform(44, new Shape(3, 5, 4))];
        layer.Build(inputs.Select(t => t.Shape.DropFirst()).ToArray(), new RandomGenerator(3));
        foreach (var w in layer.Weights)
        {
            w.Assign([0.7f]);
        }

        Tensor?[] masks = masked
            ? [Tensor.FromArray([1f, 0f, 1f, 1f, 1f, 1f, 0f, 1f, 1f], 3, 3), Tensor.FromArray([1f, 1f, 0f, 1f, 0f, 0f, 1f, 1f, 1f, 1f, 1f, 0f, 1f, 1f, 1f], 3, 5), .. withKey ? new Tensor?[] { null } : []]
            : new Tensor?[inputs.Length];
        Tensor F(Tensor[] _)
        {
            var outputs = new Tensor[1];
            layer.Call(inputs, masks, outputs, training: false);
            return outputs[0];
        }

        AssertGradients(F, [.. inputs, .. layer.Weights.Select(w => w.Value)]);
    }

    [Fact]
    public void DropoutActsOnlyInTraining()
    {
        Assert.True(new Attention(dropout: 0.2f).ActsOnlyInTraining);
        Assert.False(new Attention().ActsOnlyInTraining);
    }

    [Fact]
    public void BadSettingsAndInputsAreRefusedClearly()
    {
        Assert.Contains("score_mode must be 'dot' or 'concat'; got 'add'", Assert.Throws<ArgumentException>(() => new Attention(scoreMode: "add")).Message);
        Assert.Contains("Attention dropout must be in [0, 1)", Assert.Throws<ArgumentException>(() => new Attention(dropout: -0.1f)).Message);
        var q = Keras.Input(shape: [3, 4]);
        var e = Assert.Throws<ArgumentException>(() => new Attention(name: "att").Apply(q));
        Assert.Contains("'att' (Attention) takes [query, value] or [query, value, key]; got 1 inputs", e.Message);
        e = Assert.Throws<ArgumentException>(() => new Attention(name: "att").Apply(q, Keras.Input(shape: [5, 3])));
        Assert.Contains("a query and value (the key) with the same number of features", e.Message);
        e = Assert.Throws<ArgumentException>(() => new Attention(name: "att").Apply(q, Keras.Input(shape: [5, 3]), Keras.Input(shape: [6, 4])));
        Assert.Contains("a value and key with the same number of steps", e.Message);
        e = Assert.Throws<ArgumentException>(() => new Attention(name: "att").Apply(Keras.Input(shape: [4]), Keras.Input(shape: [4])));
        Assert.Contains("[steps, features] each per sample", e.Message);
    }
}
