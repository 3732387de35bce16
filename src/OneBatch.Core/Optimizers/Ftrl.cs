using OneBatch.Autodiff;
using OneBatch.Kernels;
using OneBatch.Tensors;

namespace OneBatch.Optimizers;

/// <summary>
/// FTRL-proximal by Keras's rule (<c>keras.optimizers.Ftrl</c>): with p = <c>learning_rate_power</c> (&lt;= 0),
/// accumulator n (starting at <c>initial_accumulator_value</c>) and linear z (starting at 0),
/// <c>g' = g + 2 l2_shrinkage w</c>, <c>n' = n + g^2</c>, <c>z += g' - (n'^-p - n^-p) / lr * w</c>,
/// <c>w = (clip(z, -l1, l1) - z) / (n'^-p / lr + 2 (l2 + beta / (2 lr)))</c>, <c>n = n'</c>.
/// </summary>
public sealed class Ftrl : Optimizer
{
    /// <inheritdoc/>
    protected override int OwnSlotsPerWeight => 2;

    private readonly List<Tensor> _accumulators = [];
    private readonly List<Tensor> _linears = [];

    public Ftrl(
        float learningRate = 0.001f, float learningRatePower = -0.5f, float initialAccumulatorValue = 0.1f, float l1RegularizationStrength = 0f,
        float l2RegularizationStrength = 0f, float l2ShrinkageRegularizationStrength = 0f, float beta = 0f)
        : base(learningRate, "ftrl")
    {
        LearningRatePower = learningRatePower is <= 0f and > float.NegativeInfinity
            ? learningRatePower
            : throw new ArgumentOutOfRangeException(nameof(learningRatePower), $"Ftrl learning_rate_power must be a finite number <= 0; got {learningRatePower}.");
        InitialAccumulatorValue = NonNegative(initialAccumulatorValue, "Ftrl", "initial_accumulator_value");
        L1RegularizationStrength = NonNegative(l1RegularizationStrength, "Ftrl", "l1_regularization_strength");
        L2RegularizationStrength = NonNegative(l2RegularizationStrength, "Ftrl", "l2_regularization_strength");
        L2ShrinkageRegularizationStrength = NonNegative(l2ShrinkageRegularizationStrength, "Ftrl", "l2_shrinkage_regularization_strength");
        Beta = NonNegative(beta, "Ftrl", "beta");
    }

    public float LearningRatePower { get; }

    public float InitialAccumulatorValue { get; }

    public float L1RegularizationStrength { get; }

    public float L2RegularizationStrength { get; }

    public float L2ShrinkageRegularizationStrength { get; }

    public float Beta { get; }

    public override Optimizer CreateFresh(float learningRate) =>
        KeepSettings(
            new Ftrl(learningRate, LearningRatePower, InitialAccumulatorValue, L1RegularizationStrength, L2RegularizationStrength, L2ShrinkageRegularizationStrength, Beta),
            learningRate);

    protected override void AddConfig(List<KeyValuePair<string, object?>> config)
    {
        config.Add(new("learning_rate_power", LearningRatePower));
        config.Add(new("initial_accumulator_value", InitialAccumulatorValue));
        config.Add(new("l1_regularization_strength", L1RegularizationStrength));
        config.Add(new("l2_regularization_strength", L2RegularizationStrength));
        config.Add(new("l2_shrinkage_regularization_strength", L2ShrinkageRegularizationStrength));
        config.Add(new("beta", Beta));
    }

    protected override void Build(IReadOnlyList<Variable> variables, int firstIndex)
    {
        foreach (var v in variables)
        {
            _accumulators.Add(Filled(v, InitialAccumulatorValue));
            _linears.Add(ZerosLike(v));
        }
    }

    protected override void UpdateStep(Tensor gradient, Variable variable, int index, float learningRate) =>
        OptimizerUpdates.Ftrl(
            variable.Value.Span, gradient.ReadOnlySpan, _accumulators[index].Span, _linears[index].Span, learningRate, LearningRatePower,
            L1RegularizationStrength, L2RegularizationStrength + (Beta / (2f * learningRate)), L2ShrinkageRegularizationStrength);
}
