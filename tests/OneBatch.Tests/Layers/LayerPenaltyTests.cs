using OneBatch.Autodiff;
using OneBatch.Constraints;
using OneBatch.Layers;
using OneBatch.Models;
using OneBatch.Regularizers;
using OneBatch.Tensors;

namespace OneBatch.Tests.Layers;

/// <summary>Regularizers and constraints set on the Layer base, found by weight name, and the penalties of a pass.</summary>
public sealed class LayerPenaltyTests
{
    private static Tensor Twos(int rows, int columns) => Tensor.FromArray([.. Enumerable.Repeat(2f, rows * columns)], rows, columns);

    [Fact]
    public void KerasRegularizerDocstringExampleGives525()
    {
        // keras.regularizers docstring: Dense(5, kernel ones, kernel L1(0.01), activity L2(0.01)) on ones((5, 5)) * 2.
        // Kernel: 0.01 * 25 = 0.25. Outputs: every one 2 * 5 = 10, so 0.01 * 25 * 100 = 25, divided by the batch of 5
        // = 5. Total 5.25.
        var dense = new Dense(5, kernelInitializer: "ones") { KernelRegularizer = new L1(0.01f), ActivityRegularizer = new L2(0.01f) };
        dense.Apply(Twos(5, 5));
        Assert.Equal(2, dense.Losses.Count);
        Assert.Equal(5f, dense.Losses[0].ToScalar(), 1e-5f); // activity first, as Keras lists them
        Assert.Equal(0.25f, dense.Losses[1].ToScalar(), 1e-6f);
        Assert.Equal(5.25f, dense.Penalty!.ToScalar(), 1e-5f);
    }

    [Fact]
    public void WithoutPerSampleScalingTheActivityPenaltyIsTheBatchSum()
    {
        // Keras 3 before 3.14 (issue keras-team/keras#22018): the same example gives 25 + 0.25 = 25.25.
        var dense = new Dense(5, kernelInitializer: "ones")
        {
            KernelRegularizer = new L1(0.01f),
            ActivityRegularizer = new L2(0.01f),
            ActivityPenaltyPerSample = false,
        };
        dense.Apply(Twos(5, 5));
        Assert.Equal(25.25f, dense.Penalty!.ToScalar(), 1e-4f);
    }

    [Fact]
    public void ALayerWithoutRegularizersHasNoPenalty()
    {
        var dense = new Dense(3);
        dense.Apply(Twos(2, 4));
        Assert.Null(dense.Penalty);
        Assert.Empty(dense.Losses);
    }

    [Fact]
    public void AFrozenLayersWeightsAreNotPenalized()
    {
        // Keras 3 sums the regularizers of the trainable weights only.
        var dense = new Dense(2, kernelInitializer: "ones") { KernelRegularizer = new L2(1f), Trainable = false };
        dense.Apply(Twos(1, 3));
        Assert.Null(dense.Penalty);
    }

    [Fact]
    public void AWeightNameFindsItsWeightAndAKernelRegularizerEveryKernel()
    {
        var lstm = new LSTM(3) { WeightRegularizers = { ["recurrent_kernel"] = new L2() }, KernelConstraint = new MaxNorm(1f) };
        lstm.Build(new Shape(4, 2), new RandomGenerator(0));
        Assert.Null(lstm.Kernel!.Regularizer);
        Assert.IsType<L2>(lstm.RecurrentKernel!.Regularizer);
        Assert.Null(lstm.Bias!.Regularizer);
        Assert.IsType<MaxNorm>(lstm.Kernel.Constraint);
        Assert.Null(lstm.RecurrentKernel.Constraint);

        // MultiHeadAttention's kernel_regularizer covers query/kernel, key/kernel, value/kernel and attention_output/kernel.
        var attention = new MultiHeadAttention(2, 3) { KernelRegularizer = "l2", BiasConstraint = "non_neg" };
        attention.Build([new Shape(4, 6), new Shape(4, 6)], new RandomGenerator(0));
        Assert.Equal(4, attention.Weights.Count(w => w.Regularizer is L2));
        Assert.All(attention.Weights.Where(w => w.Name.EndsWith("/kernel", StringComparison.Ordinal)), w => Assert.NotNull(w.Regularizer));
        Assert.All(attention.Weights.Where(w => w.Name.EndsWith("/bias", StringComparison.Ordinal)), w => Assert.IsType<NonNeg>(w.Constraint));
    }

    [Fact]
    public void ASettingChangedAfterBuildingReachesTheWeights()
    {
        var dense = new Dense(2);
        dense.Build(new Shape(3), new RandomGenerator(0));
        dense.BiasRegularizer = new L1();
        dense.KernelConstraint = new UnitNorm();
        Assert.IsType<L1>(dense.Bias!.Regularizer);
        Assert.IsType<UnitNorm>(dense.Kernel!.Constraint);
        dense.BiasRegularizer = null;
        Assert.Null(dense.Bias.Regularizer);
    }

    [Fact]
    public void AConstraintThatCannotApplyToItsWeightNamesTheLayerAndWeight()
    {
        var dense = new Dense(2, name: "head") { BiasConstraint = new MaxNorm(2f, 1) };
        var e = Assert.Throws<ArgumentException>(() => dense.Build(new Shape(3), new RandomGenerator(0)));
        Assert.Equal("Layer 'head' (Dense): the constraint of its weight 'bias' cannot apply: MaxNorm: axis 1 is out of range for a weight of shape [2].", e.Message);
    }

    [Fact]
    public void BidirectionalGivesBothHalvesTheWrappedLayersSettings()
    {
        var bi = new Bidirectional(new GRU(2) { KernelRegularizer = new L2(), ActivityRegularizer = new L1() });
        bi.Build(new Shape(3, 4), new RandomGenerator(0));
        Assert.IsType<L2>(bi.ForwardLayer.Kernel!.Regularizer);
        Assert.IsType<L2>(bi.BackwardLayer.Kernel!.Regularizer);

        // Each half's activity penalty (on its output of [1, 2]) and each half's kernel penalty.
        bi.Apply(Tensor.FromArray([.. Enumerable.Range(0, 12).Select(i => i / 12f)], 1, 3, 4));
        Assert.Equal(4, bi.Losses.Count);
    }

    [Fact]
    public void TimeDistributedRunsItsLayersCallSoItsActivityRegularizerDoesNotApply()
    {
        // Keras 3's TimeDistributed calls layer.call: the inner layer's weight penalties count, its activity one does not.
        var td = new TimeDistributed(new Dense(2, kernelInitializer: "ones") { ActivityRegularizer = new L2(), KernelRegularizer = new L1(1f) });
        td.Apply(Tensor.FromArray([1f, 1f, 1f, 1f], 1, 2, 2));
        var loss = Assert.Single(td.Losses);
        Assert.Equal(4f, loss.ToScalar()); // 1 * sum|ones [2, 2]|
    }

    [Fact]
    public void AModelCountsASharedLayersWeightsOnceAndEachOfItsCalls()
    {
        // shared = Dense(1, kernel ones, no bias) applied to a and b, with kernel L2(0.5) and activity L1(1) per sample.
        // a = [[1, 2]], b = [[3, 4]]: outputs 3 and 7, activity 3 + 7 = 10; kernel 0.5 * (1 + 1) = 1; total 11.
        var a = Keras.Input(shape: [2]);
        var b = Keras.Input(shape: [2]);
        var shared = new Dense(1, useBias: false, kernelInitializer: "ones") { KernelRegularizer = new L2(0.5f), ActivityRegularizer = new L1(1f) };
        var model = new Functional([a, b], [new Add().Apply(shared.Apply(a), shared.Apply(b))]);
        model.ApplyAll(Tensor.FromArray([1f, 2f], 1, 2), Tensor.FromArray([3f, 4f], 1, 2));
        Assert.Equal(3, model.Losses.Count);
        Assert.Equal(11f, model.Penalty!.ToScalar(), 1e-5f);
    }

    [Fact]
    public void ANestedModelsPenaltiesCountInTheOuterModel()
    {
        // inner: Dense(2, kernel ones [3, 2], L2(0.1)) -> 0.1 * 6 = 0.6; outer head Dense(1, kernel ones [2, 1], L1(1)) -> 2.
        var inner = new Sequential([new Dense(2, kernelInitializer: "ones", inputShape: [3]) { KernelRegularizer = new L2(0.1f) }]);
        var x = Keras.Input(shape: [3]);
        var model = new Functional(x, new Dense(1, kernelInitializer: "ones") { KernelRegularizer = new L1(1f) }.Apply(inner.Apply(x)));
        model.Apply(Tensor.FromArray([1f, 1f, 1f], 1, 3));
        Assert.Equal(2.6f, model.Penalty!.ToScalar(), 1e-5f);
    }

    [Fact]
    public void APenaltyComputedInTheForwardPassHasItsGradientOnTheTape()
    {
        // L2(0.5) on a kernel [[1], [2]]: penalty 0.5 * 5 = 2.5, gradient 2 * 0.5 * w = w.
        var dense = new Dense(1, useBias: false) { KernelRegularizer = new L2(0.5f) };
        dense.Build(new Shape(2), new RandomGenerator(0));
        dense.Kernel!.Assign([1f, 2f]);
        using var tape = new GradientTape();
        dense.Apply(Tensor.FromArray([0f, 0f], 1, 2));
        var gradient = tape.Gradient(dense.Penalty!, [dense.Kernel])[0]!;
        Assert.Equal(2.5f, dense.Penalty!.ToScalar());
        Assert.Equal([1f, 2f], gradient.ToArray());
    }
}
