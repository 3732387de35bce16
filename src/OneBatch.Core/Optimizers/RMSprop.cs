using OneBatch.Autodiff;
using OneBatch.Kernels;
using OneBatch.Tensors;

namespace OneBatch.Optimizers;

/// <summary>
/// RMSprop by Keras's rule (<c>keras.optimizers.RMSprop</c>): <c>v = rho v + (1 - rho) g^2</c>,
/// <c>step = lr g / sqrt(v + eps)</c> (epsilon inside the root), then <c>w -= step</c>, or with momentum
/// <c>m = momentum m + step; w -= m</c>. Centered, it divides by the estimated variance instead:
/// <c>a = rho a + (1 - rho) g</c>, <c>step = lr g / sqrt(v - a^2 + eps)</c>.
/// </summary>
public sealed class RMSprop : Optimizer
{
    private readonly List<Tensor> _velocities = [];
    private readonly List<Tensor?> _averages = [];
    private readonly List<Tensor?> _momentums = [];

    public RMSprop(float learningRate = 0.001f, float rho = 0.9f, float momentum = 0f, float epsilon = 1e-7f, bool centered = false)
        : base(learningRate, "rmsprop")
    {
        Rho = InRange(rho, "RMSprop", "rho", 0f, 1f);
        Momentum = InRange(momentum, "RMSprop", "momentum", 0f, 1f, highIncluded: true);
        Epsilon = NonNegative(epsilon, "RMSprop", "epsilon");
        Centered = centered;
    }

    public float Rho { get; }

    public float Momentum { get; }

    public float Epsilon { get; }

    public bool Centered { get; }

    /// <inheritdoc/>
    protected override int OwnSlotsPerWeight => 1 + (Centered ? 1 : 0) + (Momentum > 0f ? 1 : 0);

    public override Optimizer CreateFresh(float learningRate) => KeepSettings(new RMSprop(learningRate, Rho, Momentum, Epsilon, Centered), learningRate);

    protected override void AddConfig(List<KeyValuePair<string, object?>> config)
    {
        config.Add(new("rho", Rho));
        config.Add(new("momentum", Momentum));
        config.Add(new("epsilon", Epsilon));
        config.Add(new("centered", Centered));
    }

    protected override void Build(IReadOnlyList<Variable> variables, int firstIndex)
    {
        foreach (var v in variables)
        {
            _velocities.Add(ZerosLike(v));
            _averages.Add(Centered ? ZerosLike(v) : null);
            _momentums.Add(Momentum > 0f ? ZerosLike(v) : null);
        }
    }

    protected override void UpdateStep(Tensor gradient, Variable variable, int index, float learningRate)
    {
        var w = variable.Value.Span;
        if (Momentum == 0f && !Centered)
        {
            OptimizerUpdates.RmsProp(w, gradient.ReadOnlySpan, _velocities[index].Span, learningRate, Rho, Epsilon);
            return;
        }

        OptimizerUpdates.RmsPropFull(
            w, gradient.ReadOnlySpan, _velocities[index].Span, _averages[index] is { } a ? a.Span : default, _momentums[index] is { } m ? m.Span : default,
            learningRate, Rho, Momentum, Epsilon);
    }
}
