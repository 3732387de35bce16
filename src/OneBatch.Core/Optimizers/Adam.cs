using OneBatch.Autodiff;
using OneBatch.Tensors;

namespace OneBatch.Optimizers;

/// <summary>
/// Adam with Keras's update rule (<c>keras.optimizers.Adam</c>): with t the 1-based step,
/// <c>lr_t = lr * sqrt(1 - b2^t) / (1 - b1^t)</c>, <c>m += (g - m)(1 - b1)</c>, <c>v += (g^2 - v)(1 - b2)</c>,
/// <c>w -= lr_t * m / (sqrt(v) + eps)</c>. Epsilon sits beside the raw <c>sqrt(v)</c>, unlike PyTorch. With
/// <see cref="Amsgrad"/> the denominator uses the largest v so far, <c>vhat = max(vhat, v)</c>.
/// </summary>
public class Adam : Optimizer
{
    private readonly AdamRule _rule;

    public Adam(float learningRate = 0.001f, float beta1 = 0.9f, float beta2 = 0.999f, float epsilon = 1e-7f, bool amsgrad = false)
        : this(learningRate, beta1, beta2, epsilon, amsgrad, "adam")
    {
    }

    /// <summary>For <see cref="AdamW"/>, which Keras derives from Adam.</summary>
    private protected Adam(float learningRate, float beta1, float beta2, float epsilon, bool amsgrad, string name)
        : base(learningRate, name)
    {
        string owner = GetType().Name;
        Beta1 = InRange(beta1, owner, "beta_1", 0f, 1f);
        Beta2 = InRange(beta2, owner, "beta_2", 0f, 1f);
        Epsilon = NonNegative(epsilon, owner, "epsilon");
        Amsgrad = amsgrad;
        _rule = new AdamRule(beta1, beta2, epsilon, amsgrad);
    }

    public float Beta1 { get; }

    public float Beta2 { get; }

    public float Epsilon { get; }

    public bool Amsgrad { get; }

    /// <inheritdoc/>
    protected override int OwnSlotsPerWeight => Amsgrad ? 3 : 2;

    public override Optimizer CreateFresh(float learningRate) => KeepSettings(new Adam(learningRate, Beta1, Beta2, Epsilon, Amsgrad), learningRate);

    protected sealed override void AddConfig(List<KeyValuePair<string, object?>> config)
    {
        config.Add(new("beta_1", Beta1));
        config.Add(new("beta_2", Beta2));
        config.Add(new("epsilon", Epsilon));
        config.Add(new("amsgrad", Amsgrad));
    }

    protected sealed override void Build(IReadOnlyList<Variable> variables, int firstIndex) => _rule.Build(variables);

    protected sealed override void BeginStep(float learningRate) => _rule.BeginStep(Iterations + 1, learningRate);

    protected sealed override void UpdateStep(Tensor gradient, Variable variable, int index, float learningRate) => _rule.Update(gradient, variable, index);
}
