using OneBatch.Autodiff;
using OneBatch.Tensors;

namespace OneBatch.Optimizers;

/// <summary>
/// AdamW by Keras's rule (<c>keras.optimizers.AdamW</c>): <see cref="Adam"/>'s update after the decoupled weight decay
/// <c>w -= w * weight_decay * lr_t</c> (the base's <see cref="Optimizer.WeightDecay"/>, 0.004 by default).
/// </summary>
public sealed class AdamW : Optimizer
{
    private readonly AdamRule _rule;

    public AdamW(float learningRate = 0.001f, float weightDecay = 0.004f, float beta1 = 0.9f, float beta2 = 0.999f, float epsilon = 1e-7f, bool amsgrad = false)
        : base(learningRate, "adamw")
    {
        WeightDecay = NonNegative(weightDecay, "AdamW", "weight_decay");
        Beta1 = InRange(beta1, "AdamW", "beta_1", 0f, 1f);
        Beta2 = InRange(beta2, "AdamW", "beta_2", 0f, 1f);
        Epsilon = NonNegative(epsilon, "AdamW", "epsilon");
        Amsgrad = amsgrad;
        _rule = new AdamRule(beta1, beta2, epsilon, amsgrad);
    }

    public float Beta1 { get; }

    public float Beta2 { get; }

    public float Epsilon { get; }

    public bool Amsgrad { get; }

    public override Optimizer CreateFresh(float learningRate) =>
        KeepSettings(new AdamW(learningRate, WeightDecay ?? 0f, Beta1, Beta2, Epsilon, Amsgrad), learningRate);

    protected override void AddConfig(List<KeyValuePair<string, object?>> config)
    {
        config.Add(new("beta_1", Beta1));
        config.Add(new("beta_2", Beta2));
        config.Add(new("epsilon", Epsilon));
        config.Add(new("amsgrad", Amsgrad));
    }

    protected override void Build(IReadOnlyList<Variable> variables, int firstIndex) => _rule.Build(variables);

    protected override void BeginStep(float learningRate) => _rule.BeginStep(Iterations + 1, learningRate);

    protected override void UpdateStep(Tensor gradient, Variable variable, int index, float learningRate) => _rule.Update(gradient, variable, index);
}
