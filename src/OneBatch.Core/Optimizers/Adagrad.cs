using OneBatch.Autodiff;
using OneBatch.Kernels;
using OneBatch.Tensors;

namespace OneBatch.Optimizers;

/// <summary>
/// Adagrad by Keras's rule (<c>keras.optimizers.Adagrad</c>): the accumulator starts at
/// <c>initial_accumulator_value</c> (0.1), <c>acc += g^2</c>, <c>w -= lr g / sqrt(acc + eps)</c>.
/// </summary>
public sealed class Adagrad : Optimizer
{
    /// <inheritdoc/>
    protected override int OwnSlotsPerWeight => 1;

    private readonly List<Tensor> _accumulators = [];

    public Adagrad(float learningRate = 0.001f, float initialAccumulatorValue = 0.1f, float epsilon = 1e-7f)
        : base(learningRate, "adagrad")
    {
        InitialAccumulatorValue = NonNegative(initialAccumulatorValue, "Adagrad", "initial_accumulator_value");
        Epsilon = NonNegative(epsilon, "Adagrad", "epsilon");
    }

    public float InitialAccumulatorValue { get; }

    public float Epsilon { get; }

    public override Optimizer CreateFresh(float learningRate) => KeepSettings(new Adagrad(learningRate, InitialAccumulatorValue, Epsilon), learningRate);

    protected override void AddConfig(List<KeyValuePair<string, object?>> config)
    {
        config.Add(new("initial_accumulator_value", InitialAccumulatorValue));
        config.Add(new("epsilon", Epsilon));
    }

    protected override void Build(IReadOnlyList<Variable> variables, int firstIndex)
    {
        foreach (var v in variables)
        {
            _accumulators.Add(Filled(v, InitialAccumulatorValue));
        }
    }

    protected override void UpdateStep(Tensor gradient, Variable variable, int index, float learningRate) =>
        OptimizerUpdates.Adagrad(variable.Value.Span, gradient.ReadOnlySpan, _accumulators[index].Span, learningRate, Epsilon);
}
