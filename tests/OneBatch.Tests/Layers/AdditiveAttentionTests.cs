using OneBatch.Layers;
using OneBatch.Tensors;
using static OneBatch.Tests.Autodiff.GradientChecker;
using static OneBatch.Tests.Layers.AttentionTests;

namespace OneBatch.Tests.Layers;

public sealed class AdditiveAttentionTests
{
    [Fact]
    public void ScoresByHand()
    {
        // score(t, s) = sum(scale * tanh(q_t + v_s)) with scale [1, -1]; q = [[1, 0], [0, 1]], v = [[1, 0], [0, 1], [1, 1]].
        var layer = new AdditiveAttention();
        layer.Build([new Shape(2, 2), new Shape(3, 2)], new RandomGenerator(0));
        Assert.Equal(["additive_attention/scale [2]"], layer.Weights.Select(w => $"{w.Name} {w.Shape}"));
        layer.Scale!.Assign([1f, -1f]);
        double S(double a, double b) => Math.Tanh(a) - Math.Tanh(b);
        AssertClose([.. Expected([S(2, 0), S(1, 1), S(2, 1)]), .. Expected([S(1, 1), S(0, 2), S(1, 2)])], Run(layer, [null, null]));

        var plain = new AdditiveAttention(useScale: false);
        double P(double a, double b) => Math.Tanh(a) + Math.Tanh(b);
        AssertClose([.. Expected([P(2, 0), P(1, 1), P(2, 1)]), .. Expected([P(1, 1), P(0, 2), P(1, 2)])], Run(plain, [null, null]));
        Assert.Empty(plain.Weights);
    }

    [Fact]
    public void MasksAndTheCausalMaskAsForDotAttention()
    {
        var layer = new AdditiveAttention(useScale: false, useCausalMask: true);
        double P(double a, double b) => Math.Tanh(a) + Math.Tanh(b);
        AssertClose([1, 0, 0, 0], Run(layer, [Tensor.FromArray([1f, 0f], 1, 2), null]));
        layer.UseCausalMask = false;
        AssertClose([.. Expected([P(2, 0), P(1, 1), P(2, 1)], [false, true, true]), .. Expected([P(1, 1), P(0, 2), P(1, 2)], [false, true, true])], Run(layer, [null, Tensor.FromArray([0f, 1f, 1f], 1, 3)]));
    }

    [Theory]
    [InlineData(true, false, false, false)]
    [InlineData(false, false, false, true)]
    [InlineData(true, true, false, true)]
    [InlineData(true, true, true, false)]
    public void GradientsOfTheInputsAndTheScale(bool useScale, bool masked, bool causal, bool withKey)
    {
        var layer = new AdditiveAttention(useScale, useCausalMask: causal);
        var q = Uniform(51, new Shape(3, 3, 4));
        var v = Uniform(52, new Shape(3, 5, withKey ? 3 : 4));
        Tensor[] inputs = withKey ? [q, v, Uniform(53, new Shape(3, 5, 4))] : [q, v];
        layer.Build(inputs.Select(t => t.Shape.DropFirst()).ToArray(), new RandomGenerator(3));
        Tensor?[] masks = masked
            ? [Tensor.FromArray([1f, 1f, 0f, 1f, 1f, 1f, 1f, 0f, 1f], 3, 3), Tensor.FromArray([0f, 1f, 0f, 1f, 0f, 1f, 1f, 1f, 1f, 1f, 1f, 0f, 1f, 1f, 1f], 3, 5), .. withKey ? new Tensor?[] { null } : []]
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
    public void BadInputsAreRefusedClearly()
    {
        Assert.Contains("AdditiveAttention dropout must be in [0, 1)", Assert.Throws<ArgumentException>(() => new AdditiveAttention(dropout: 1.5f)).Message);
        var e = Assert.Throws<ArgumentException>(() => new AdditiveAttention(name: "add_att").Apply(OneBatch.Models.Keras.Input(shape: [3, 4]), OneBatch.Models.Keras.Input(shape: [5, 2])));
        Assert.Contains("'add_att' (AdditiveAttention) expects a query and value (the key) with the same number of features", e.Message);
    }
}
