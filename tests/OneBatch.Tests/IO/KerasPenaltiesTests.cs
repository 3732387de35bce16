using OneBatch.IO;
using OneBatch.IO.Keras;
using OneBatch.Layers;
using OneBatch.Models;
using OneBatch.Tensors;

namespace OneBatch.Tests.IO;

/// <summary>Regularizers and constraints read from Keras model JSON, in each version's form, on every layer that has them.</summary>
public sealed class KerasPenaltiesTests
{
    private static Model Read(string layer, string inputShape = "[null, 3]", string? version = null)
    {
        string v = version is null ? string.Empty : $", \"keras_version\": \"{version}\"";
        string json = $$$"""
            {"class_name": "Sequential"{{{v}}}, "config": {"name": "s", "layers": [
              {"class_name": "InputLayer", "config": {"batch_input_shape": {{{inputShape}}}, "name": "in"}},
              {{{layer}}}
            ]}}
            """;
        return KerasModelJson.Parse(json, 0, "'m.json'").Model;
    }

    private static Layer Dense(string settings, string? version = null) =>
        Read($$$"""{"class_name": "Dense", "config": {"name": "d", "units": 2, {{{settings}}}}}""", version: version).Layers[0];

    [Theory]
    [InlineData("\"l2\"", "L2(l2=0.01)")]
    [InlineData("\"l1_l2\"", "L1L2(l1=0.01, l2=0.01)")]
    [InlineData("""{"class_name": "L1L2", "config": {"l1": 0.0, "l2": 0.05}}""", "L1L2(l1=0, l2=0.05)")]
    [InlineData("""{"class_name": "L2", "config": {"l2": 0.05}}""", "L2(l2=0.05)")]
    [InlineData("""{"class_name": "L1", "config": {}}""", "L1(l1=0.01)")]
    [InlineData("""{"module": "keras.regularizers", "class_name": "L1", "config": {"l1": 0.02}, "registered_name": null}""", "L1(l1=0.02)")]
    [InlineData("""{"className": "L1L2", "config": {"l1": 0.01, "l2": 0}}""", "L1L2(l1=0.01, l2=0)")]
    public void EachVersionsRegularizerIsRead(string value, string expected)
    {
        var dense = Dense($"\"kernel_regularizer\": {value}");
        Assert.Equal(expected, dense.KernelRegularizer?.ToString());
    }

    [Theory]
    [InlineData("""{"name": "WeightRegularizer", "l1": 0.0, "l2": 0.05}""", "L1L2(l1=0, l2=0.05)")]
    [InlineData("""{"name": "L1L2Regularizer", "l1": 0.03, "l2": 0.0}""", "L1L2(l1=0.03, l2=0)")]
    public void Keras1sFlatRegularizersAreReadUnderTheirKeys(string value, string expected)
    {
        var dense = Dense($"\"W_regularizer\": {value}, \"b_regularizer\": {value}, \"activity_regularizer\": {value.Replace("L1L2Regularizer", "ActivityRegularizer", StringComparison.Ordinal)}");
        Assert.Equal(expected, dense.KernelRegularizer?.ToString());
        Assert.Equal(expected, dense.BiasRegularizer?.ToString());
        Assert.Equal(expected, dense.ActivityRegularizer?.ToString());
    }

    [Fact]
    public void ARegularizerOfZeroAddsNoPenalty()
    {
        // Keras 1 wrote W_regularizer = WeightRegularizer(0, 0) for "none" in some models: a penalty of 0 is no penalty.
        var dense = Dense("""
            "W_regularizer": {"name": "WeightRegularizer", "l1": 0.0, "l2": 0.0}, "kernel_regularizer": {"class_name": "L1L2", "config": {"l1": 0, "l2": 0}}
            """);
        Assert.Null(dense.KernelRegularizer);
    }

    [Theory]
    [InlineData("\"max_norm\"", "MaxNorm(max_value=2, axis=0)")]
    [InlineData("""{"class_name": "MaxNorm", "config": {"max_value": 3, "axis": 0}}""", "MaxNorm(max_value=3, axis=0)")]
    [InlineData("""{"module": "keras.constraints", "class_name": "MaxNorm", "config": {"max_value": 3.0, "axis": [0]}, "registered_name": null}""", "MaxNorm(max_value=3, axis=0)")]
    [InlineData("""{"class_name": "NonNeg", "config": {}}""", "NonNeg()")]
    [InlineData("""{"class_name": "UnitNorm", "config": {"axis": null}}""", "UnitNorm(axis=None)")]
    [InlineData("""{"class_name": "MinMaxNorm", "config": {"min_value": 0.5, "max_value": 1.5, "rate": 0.5, "axis": 0}}""", "MinMaxNorm(min_value=0.5, max_value=1.5, rate=0.5, axis=0)")]
    public void EachVersionsConstraintIsRead(string value, string expected)
    {
        var dense = Dense($"\"kernel_constraint\": {value}, \"bias_constraint\": \"non_neg\"");
        Assert.Equal(expected, dense.KernelConstraint?.ToString());
        Assert.Equal("NonNeg()", dense.BiasConstraint?.ToString());
    }

    [Theory]
    [InlineData("""{"name": "MaxNorm", "m": 3, "axis": 0}""", "MaxNorm(max_value=3, axis=0)")]
    [InlineData("""{"name": "MinMaxNorm", "low": 0.5, "high": 2, "rate": 1.0, "axis": 0}""", "MinMaxNorm(min_value=0.5, max_value=2, rate=1, axis=0)")]
    [InlineData("""{"name": "NonNeg"}""", "NonNeg()")]
    public void Keras1sFlatConstraintsAreRead(string value, string expected)
    {
        var dense = Dense($"\"W_constraint\": {value}");
        Assert.Equal(expected, dense.KernelConstraint?.ToString());
    }

    [Fact]
    public void ConvolutionsReadTheirKernelAndBiasSettings()
    {
        var conv = Read(
            """
            {"class_name": "Conv2D", "config": {"name": "c", "filters": 2, "kernel_size": [2, 2],
              "kernel_regularizer": {"class_name": "L2", "config": {"l2": 0.1}},
              "kernel_constraint": {"class_name": "MaxNorm", "config": {"max_value": 2, "axis": [0, 1, 2]}},
              "bias_regularizer": "l1", "activity_regularizer": "l2"}}
            """,
            "[null, 4, 4, 1]").Layers[0];
        Assert.Equal("L2(l2=0.1)", conv.KernelRegularizer?.ToString());
        Assert.Equal("MaxNorm(max_value=2, axis=[0, 1, 2])", conv.KernelConstraint?.ToString());
        Assert.Equal("L1(l1=0.01)", conv.BiasRegularizer?.ToString());
        Assert.Equal("L2(l2=0.01)", conv.ActivityRegularizer?.ToString());

        var conv1 = Read(
            """
            {"class_name": "Convolution1D", "config": {"name": "c", "nb_filter": 2, "filter_length": 2,
              "W_regularizer": {"name": "L1L2Regularizer", "l1": 0.0, "l2": 0.1}, "b_constraint": {"name": "NonNeg"}}}
            """,
            "[null, 5, 3]").Layers[0];
        Assert.Equal("L1L2(l1=0, l2=0.1)", conv1.KernelRegularizer?.ToString());
        Assert.Equal("NonNeg()", conv1.BiasConstraint?.ToString());
    }

    [Fact]
    public void TheTwoDimensionalConvolutionsReadEachOfTheirKernelsSettings()
    {
        var transposed = Read("""{"class_name": "Conv2DTranspose", "config": {"name": "t", "filters": 2, "kernel_size": [3, 3], "kernel_regularizer": "l2", "bias_constraint": "non_neg"}}""", "[null, 5, 5, 3]").Layers[0];
        Assert.Equal("L2(l2=0.01)", transposed.KernelRegularizer?.ToString());
        Assert.Equal("NonNeg()", transposed.BiasConstraint?.ToString());

        // DepthwiseConv2D's weight is "kernel", its settings depthwise_*.
        var depthwise = Read("""{"class_name": "DepthwiseConv2D", "config": {"name": "d", "kernel_size": [3, 3], "depthwise_regularizer": "l1", "depthwise_constraint": {"class_name": "MaxNorm", "config": {"max_value": 2, "axis": 0}}}}""", "[null, 5, 5, 3]").Layers[0];
        Assert.Equal("L1(l1=0.01)", depthwise.WeightRegularizers["kernel"]?.ToString());
        Assert.Equal("MaxNorm(max_value=2, axis=0)", depthwise.WeightConstraints["kernel"]?.ToString());

        var separable = Read("""{"class_name": "SeparableConv2D", "config": {"name": "s", "filters": 4, "kernel_size": [3, 3], "depthwise_regularizer": "l1", "pointwise_regularizer": "l2"}}""", "[null, 5, 5, 3]").Layers[0];
        Assert.Equal("L1(l1=0.01)", separable.WeightRegularizers["depthwise_kernel"]?.ToString());
        Assert.Equal("L2(l2=0.01)", separable.WeightRegularizers["pointwise_kernel"]?.ToString());

        var keras1 = Read("""{"class_name": "Convolution2D", "config": {"name": "c", "nb_filter": 2, "nb_row": 3, "nb_col": 3, "W_constraint": {"name": "MaxNorm", "m": 4, "axis": 0}}}""", "[null, 5, 5, 3]").Layers[0];
        Assert.Equal("MaxNorm(max_value=4, axis=0)", keras1.KernelConstraint?.ToString());
    }

    [Fact]
    public void PReLUReadsItsAlphasSettings()
    {
        var prelu = Read("""{"class_name": "PReLU", "config": {"name": "p", "alpha_regularizer": "l2", "alpha_constraint": "non_neg"}}""", "[null, 4]").Layers[0];
        Assert.Equal("L2(l2=0.01)", prelu.WeightRegularizers["alpha"]?.ToString());
        Assert.Equal("NonNeg()", prelu.WeightConstraints["alpha"]?.ToString());
    }

    [Fact]
    public void EmbeddingReadsItsEmbeddingsSettingsUnderBothVersionsKeys()
    {
        var embedding = Read("""{"class_name": "Embedding", "config": {"name": "e", "input_dim": 10, "output_dim": 4, "embeddings_regularizer": "l2", "embeddings_constraint": "unit_norm"}}""", "[null, 5]").Layers[0];
        Assert.Equal("L2(l2=0.01)", embedding.WeightRegularizers["embeddings"]?.ToString());
        Assert.Equal("UnitNorm(axis=0)", embedding.WeightConstraints["embeddings"]?.ToString());

        var keras1 = Read("""{"class_name": "Embedding", "config": {"name": "e", "input_dim": 10, "output_dim": 4, "W_regularizer": {"name": "WeightRegularizer", "l1": 0.01, "l2": 0.0}}}""", "[null, 5]").Layers[0];
        Assert.Equal("L1L2(l1=0.01, l2=0)", keras1.WeightRegularizers["embeddings"]?.ToString());
    }

    [Fact]
    public void RecurrentLayersReadTheirThreeWeightsAndTheLayersActivity()
    {
        var lstm = Read(
            """
            {"class_name": "LSTM", "config": {"name": "l", "units": 2, "kernel_regularizer": "l1", "recurrent_regularizer": "l2",
              "bias_regularizer": "l1_l2", "recurrent_constraint": {"class_name": "MaxNorm", "config": {"max_value": 1, "axis": 0}},
              "activity_regularizer": {"class_name": "L2", "config": {"l2": 0.5}}}}
            """,
            "[null, 4, 3]").Layers[0];
        Assert.Equal("L1(l1=0.01)", lstm.WeightRegularizers["kernel"]?.ToString());
        Assert.Equal("L2(l2=0.01)", lstm.WeightRegularizers["recurrent_kernel"]?.ToString());
        Assert.Equal("L1L2(l1=0.01, l2=0.01)", lstm.WeightRegularizers["bias"]?.ToString());
        Assert.Equal("MaxNorm(max_value=1, axis=0)", lstm.WeightConstraints["recurrent_kernel"]?.ToString());
        Assert.Equal("L2(l2=0.5)", lstm.ActivityRegularizer?.ToString());

        // Keras 1: W_, U_ and b_regularizer.
        var gru = Read(
            """
            {"class_name": "GRU", "config": {"name": "g", "output_dim": 2, "W_regularizer": {"name": "WeightRegularizer", "l1": 0, "l2": 0.1},
              "U_regularizer": {"name": "WeightRegularizer", "l1": 0.1, "l2": 0}, "b_regularizer": null}}
            """,
            "[null, 4, 3]").Layers[0];
        Assert.Equal("L1L2(l1=0, l2=0.1)", gru.WeightRegularizers["kernel"]?.ToString());
        Assert.Equal("L1L2(l1=0.1, l2=0)", gru.WeightRegularizers["recurrent_kernel"]?.ToString());
        Assert.Null(gru.WeightRegularizers["bias"]);

        // Keras 3's RNN(LSTMCell): the cell holds the weights' settings, the RNN its activity regularizer.
        var rnn = Read(
            """
            {"class_name": "RNN", "config": {"name": "r", "activity_regularizer": "l1",
              "cell": {"class_name": "LSTMCell", "config": {"name": "cell", "units": 2, "kernel_regularizer": "l2"}}}}
            """,
            "[null, 4, 3]").Layers[0];
        Assert.Equal("L2(l2=0.01)", rnn.KernelRegularizer?.ToString());
        Assert.Equal("L1(l1=0.01)", rnn.ActivityRegularizer?.ToString());
    }

    [Fact]
    public void BidirectionalsHalvesBothTakeTheWrappedLayersSettings()
    {
        var bi = Assert.IsType<Bidirectional>(Read(
            """
            {"class_name": "Bidirectional", "config": {"name": "b", "layer": {"class_name": "GRU", "config": {"name": "g", "units": 2, "kernel_regularizer": "l2"}}}}
            """,
            "[null, 4, 3]").Layers[0]);
        Assert.Equal("L2(l2=0.01)", bi.ForwardLayer.Kernel!.Regularizer?.ToString());
        Assert.Equal("L2(l2=0.01)", bi.BackwardLayer.Kernel!.Regularizer?.ToString());
    }

    [Fact]
    public void NormalizationLayersReadGammaAndBeta()
    {
        var bn = Read("""{"class_name": "BatchNormalization", "config": {"name": "bn", "gamma_regularizer": "l2", "beta_constraint": "non_neg"}}""").Layers[0];
        Assert.Equal("L2(l2=0.01)", bn.WeightRegularizers["gamma"]?.ToString());
        Assert.Equal("NonNeg()", bn.WeightConstraints["beta"]?.ToString());

        var ln = Read("""{"class_name": "LayerNormalization", "config": {"name": "ln", "beta_regularizer": "l1", "gamma_constraint": "unit_norm"}}""").Layers[0];
        Assert.Equal("L1(l1=0.01)", ln.WeightRegularizers["beta"]?.ToString());
        Assert.Equal("UnitNorm(axis=0)", ln.WeightConstraints["gamma"]?.ToString());
    }

    [Fact]
    public void MultiHeadAttentionsKernelRegularizerCoversItsFourKernels()
    {
        string json = """
            {"class_name": "Functional", "config": {"name": "f", "layers": [
              {"class_name": "InputLayer", "name": "q", "config": {"batch_input_shape": [null, 4, 6], "name": "q"}, "inbound_nodes": []},
              {"class_name": "MultiHeadAttention", "name": "mha", "config": {"name": "mha", "num_heads": 2, "key_dim": 3, "kernel_regularizer": "l2"},
               "inbound_nodes": [[["q", 0, 0, {"value": ["q", 0, 0]}]]]}
            ], "input_layers": [["q", 0, 0]], "output_layers": [["mha", 0, 0]]}}
            """;
        var model = KerasModelJson.Parse(json, 0, "'m.json'").Model;
        var mha = Assert.IsType<MultiHeadAttention>(model.Layers.Single(l => l is MultiHeadAttention));
        Assert.Equal(4, mha.Weights.Count(w => w.Regularizer is not null));
    }

    [Fact]
    public void TheWrittenPenaltyIsTheOneKerasAdds()
    {
        // Dense(2) on inputs of 3, kernel all 0.5, bias 0, kernel L1L2(l1 0.01, l2 0.1), activity L2(0.01), batch ones [2, 3].
        // Kernel: 0.01 * 6 * 0.5 + 0.1 * 6 * 0.25 = 0.03 + 0.15 = 0.18. Every output is 3 * 0.5 = 1.5, so the activity
        // sum is 0.01 * 4 * 2.25 = 0.09, divided by the batch of 2 (tf.keras 2) = 0.045: 0.225 in all; Keras 3 before
        // 3.14 and standalone Keras 2.0-2.3 keep the sum: 0.27.
        const string settings = """
            "kernel_initializer": {"class_name": "Constant", "config": {"value": 0.5}},
            "kernel_regularizer": {"class_name": "L1L2", "config": {"l1": 0.01, "l2": 0.1}}, "activity_regularizer": {"class_name": "L2", "config": {"l2": 0.01}}
            """;
        var ones = Tensor.FromArray([1f, 1f, 1f, 1f, 1f, 1f], 2, 3);
        foreach (var (version, expected) in new[] { ("2.13.1", 0.225f), ("2.2.4-tf", 0.225f), ("3.14.0", 0.225f), ("3.3.3", 0.27f), ("2.2.4", 0.27f), ("1.2.2", 0.225f) })
        {
            var model = Read($$$"""{"class_name": "Dense", "config": {"name": "d", "units": 2, {{{settings}}}}}""", version: version);
            model.Apply(ones);
            Assert.True(MathF.Abs(model.Penalty!.ToScalar() - expected) < 1e-5f, $"keras {version}: penalty {model.Penalty.ToScalar()}, expected {expected}");
        }
    }

    [Theory]
    [InlineData("\"kernel_regularizer\": {\"class_name\": \"OrthogonalRegularizer\", \"config\": {\"factor\": 0.01}}",
        "'m.json': layer 2 'd' (Dense) sets kernel_regularizer to the regularizer OrthogonalRegularizer, which OneBatch does not have; it has L1, L2 and L1L2.")]
    [InlineData("\"kernel_regularizer\": {\"module\": \"mylib\", \"class_name\": \"L2\", \"config\": {}, \"registered_name\": \"mylib>L2\"}",
        "'m.json': layer 2 'd' (Dense) sets kernel_regularizer to L2 from the module mylib, a custom class whose Python code OneBatch cannot run.")]
    [InlineData("\"kernel_regularizer\": \"l3\"", "'m.json': layer 2 'd' (Dense) sets kernel_regularizer = 'l3', which OneBatch does not support.")]
    [InlineData("\"kernel_regularizer\": 0.01", "'m.json': layer 2 'd' (Dense) has a kernel_regularizer that is not a regularizer.")]
    [InlineData("\"kernel_regularizer\": {\"class_name\": \"L2\", \"config\": {\"l2\": -1}}",
        "'m.json': layer 2 'd' (Dense) sets kernel_regularizer to a regularizer OneBatch cannot use: A regularization factor must be a finite number >= 0; got l2 = -1.")]
    [InlineData("\"kernel_constraint\": {\"class_name\": \"RadialConstraint\", \"config\": {}}",
        "'m.json': layer 2 'd' (Dense) sets kernel_constraint to the constraint RadialConstraint, which OneBatch does not have; it has MaxNorm, NonNeg, UnitNorm and MinMaxNorm.")]
    [InlineData("\"kernel_constraint\": {\"class_name\": \"MaxNorm\", \"config\": {\"max_value\": 2, \"axis\": \"x\"}}",
        "'m.json': layer 2 'd' (Dense) has a kernel_constraint that is not a setting whose axis is a whole number or a list of them.")]
    public void APenaltyOneBatchCannotHonourIsOneSentenceNamingTheLayerAndKey(string settings, string expected)
    {
        var e = Assert.Throws<InputException>(() => Dense(settings));
        Assert.Equal(expected, e.Message);
    }

    [Fact]
    public void AConstraintAxisTheWeightLacksIsRefusedWhenTheModelBuilds()
    {
        var e = Assert.Throws<InputException>(() => Dense("\"bias_constraint\": {\"class_name\": \"MaxNorm\", \"config\": {\"max_value\": 2, \"axis\": 1}}"));
        Assert.Contains("the constraint of its weight 'bias' cannot apply: MaxNorm: axis 1 is out of range for a weight of shape [2].", e.Message);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Theory]
    [InlineData("2.13.1", true)]
    [InlineData("2.3.0-tf", true)]
    [InlineData("2.2.4", false)]
    [InlineData("2.3.1", false)]
    [InlineData("3.3.3", false)]
    [InlineData("3.14.0", true)]
    [InlineData("1.2.2", true)]
    [InlineData(null, true)]
    [InlineData("tfjs-layers 4.2.0", true)]
    public void TheKerasVersionTellsWhetherActivityPenaltiesAreDividedByTheBatch(string? version, bool perSample) =>
        Assert.Equal(perSample, KerasModelFile.ActivityPenaltyPerSample("Keras", version));
}
