using OneBatch.Autodiff;
using OneBatch.Kernels;
using OneBatch.Tensors;

namespace OneBatch.Optimizers;

/// <summary>
/// Lion by Keras's rule (<c>keras.optimizers.Lion</c>): <c>w -= lr sign(b1 m + (1 - b1) g)</c>, then
/// <c>m = b2 m + (1 - b2) g</c>. Keras's defaults: lr 0.001, beta_1 0.9, beta_2 0.99.
/// </summary>
public sealed class Lion : Optimizer
{
    /// <inheritdoc/>
    protected override int OwnSlotsPerWeight => 1;

    private readonly List<Tensor> _m = [];

    public Lion(float learningRate = 0.001f, float beta1 = 0.9f, float beta2 = 0.99f)
        : base(learningRate, "lion")
    {
        // As Keras: beta_1 = 0 would make Lion plain sign descent.
        Beta1 = beta1 is > 0f and <= 1f ? beta1 : throw new ArgumentOutOfRangeException(nameof(beta1), $"Lion beta_1 must be in (0, 1]; got {beta1}.");
        Beta2 = InRange(beta2, "Lion", "beta_2", 0f, 1f, highIncluded: true);
    }

    public float Beta1 { get; }

    public float Beta2 { get; }

    public override Optimizer CreateFresh(float learningRate) => KeepSettings(new Lion(learningRate, Beta1, Beta2), learningRate);

    protected override void AddConfig(List<KeyValuePair<string, object?>> config)
    {
        config.Add(new("beta_1", Beta1));
        config.Add(new("beta_2", Beta2));
    }

    protected override void Build(IReadOnlyList<Variable> variables, int firstIndex)
    {
        foreach (var v in variables)
        {
            _m.Add(ZerosLike(v));
        }
    }

    protected override void UpdateStep(Tensor gradient, Variable variable, int index, float learningRate) =>
        OptimizerUpdates.Lion(variable.Value.Span, gradient.ReadOnlySpan, _m[index].Span, learningRate, Beta1, Beta2);
}
