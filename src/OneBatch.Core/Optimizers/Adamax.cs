using OneBatch.Autodiff;
using OneBatch.Kernels;
using OneBatch.Tensors;

namespace OneBatch.Optimizers;

/// <summary>
/// Adamax, Adam under the infinity norm, by Keras's rule (<c>keras.optimizers.Adamax</c>): with t the 1-based step,
/// <c>m += (g - m)(1 - b1)</c>, <c>u = max(b2 u, |g|)</c>, <c>w -= lr m / ((1 - b1^t)(u + eps))</c>.
/// </summary>
public sealed class Adamax : Optimizer
{
    /// <inheritdoc/>
    protected override int OwnSlotsPerWeight => 2;

    private readonly List<Tensor> _m = [];
    private readonly List<Tensor> _u = [];
    private float _biasCorrection;

    public Adamax(float learningRate = 0.001f, float beta1 = 0.9f, float beta2 = 0.999f, float epsilon = 1e-7f)
        : base(learningRate, "adamax")
    {
        Beta1 = InRange(beta1, "Adamax", "beta_1", 0f, 1f);
        Beta2 = InRange(beta2, "Adamax", "beta_2", 0f, 1f);
        Epsilon = NonNegative(epsilon, "Adamax", "epsilon");
    }

    public float Beta1 { get; }

    public float Beta2 { get; }

    public float Epsilon { get; }

    public override Optimizer CreateFresh(float learningRate) => KeepSettings(new Adamax(learningRate, Beta1, Beta2, Epsilon), learningRate);

    protected override void AddConfig(List<KeyValuePair<string, object?>> config)
    {
        config.Add(new("beta_1", Beta1));
        config.Add(new("beta_2", Beta2));
        config.Add(new("epsilon", Epsilon));
    }

    protected override void Build(IReadOnlyList<Variable> variables, int firstIndex)
    {
        foreach (var v in variables)
        {
            _m.Add(ZerosLike(v));
            _u.Add(ZerosLike(v));
        }
    }

    protected override void BeginStep(float learningRate) => _biasCorrection = (float)(1 - Math.Pow(Beta1, Iterations + 1));

    protected override void UpdateStep(Tensor gradient, Variable variable, int index, float learningRate) =>
        OptimizerUpdates.Adamax(variable.Value.Span, gradient.ReadOnlySpan, _m[index].Span, _u[index].Span, learningRate, Beta1, Beta2, Epsilon, _biasCorrection);
}
