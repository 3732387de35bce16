using OneBatch.Autodiff;
using OneBatch.Kernels;
using OneBatch.Tensors;

namespace OneBatch.Optimizers;

/// <summary>
/// Nadam, Adam with Nesterov momentum, by Keras 3's rule (<c>keras.optimizers.Nadam</c>). With t the 1-based step,
/// the momentum cache <c>u_t = b1 (1 - 0.5 * 0.96^(s t))</c> and its running product <c>P_t = u_1 ... u_t</c>:
/// <c>m += (g - m)(1 - b1)</c>, <c>v += (g^2 - v)(1 - b2)</c>,
/// <c>mhat = u_{t+1} m / (1 - P_t u_{t+1}) + (1 - u_t) g / (1 - P_t)</c>, <c>vhat = v / (1 - b2^t)</c>,
/// <c>w -= lr mhat / (sqrt(vhat) + eps)</c>. Keras 3 has s = 1; Keras 2 had s = <c>schedule_decay</c> (0.004).
/// </summary>
public sealed class Nadam : Optimizer
{
    /// <inheritdoc/>
    protected override int OwnSlotsPerWeight => 2;

    private readonly List<Tensor> _m = [];
    private readonly List<Tensor> _v = [];
    private double _uProduct = 1;
    private float _mScale;
    private float _gScale;
    private float _vScale;

    /// <param name="scheduleDecay">The s in the momentum cache's exponent: 1 for Keras 3, Keras 2's <c>schedule_decay</c> (0.004) for its files.</param>
    public Nadam(float learningRate = 0.001f, float beta1 = 0.9f, float beta2 = 0.999f, float epsilon = 1e-7f, float scheduleDecay = 1f)
        : base(learningRate, "nadam")
    {
        Beta1 = InRange(beta1, "Nadam", "beta_1", 0f, 1f);
        Beta2 = InRange(beta2, "Nadam", "beta_2", 0f, 1f);
        Epsilon = NonNegative(epsilon, "Nadam", "epsilon");
        ScheduleDecay = NonNegative(scheduleDecay, "Nadam", "schedule_decay");
    }

    public float Beta1 { get; }

    public float Beta2 { get; }

    public float Epsilon { get; }

    /// <summary>1 under Keras 3's rule; Keras 2's <c>schedule_decay</c> otherwise.</summary>
    public float ScheduleDecay { get; }

    public override Optimizer CreateFresh(float learningRate) => KeepSettings(new Nadam(learningRate, Beta1, Beta2, Epsilon, ScheduleDecay), learningRate);

    protected override void AddConfig(List<KeyValuePair<string, object?>> config)
    {
        config.Add(new("beta_1", Beta1));
        config.Add(new("beta_2", Beta2));
        config.Add(new("epsilon", Epsilon));
        if (ScheduleDecay != 1f)
        {
            config.Add(new("schedule_decay", ScheduleDecay));
        }
    }

    protected override void Build(IReadOnlyList<Variable> variables, int firstIndex)
    {
        foreach (var v in variables)
        {
            _m.Add(ZerosLike(v));
            _v.Add(ZerosLike(v));
        }
    }

    protected override void BeginStep(float learningRate)
    {
        long t = Iterations + 1;
        double ut = MomentumCache(t), next = MomentumCache(t + 1);
        _uProduct *= ut;
        _mScale = (float)(next / (1 - (_uProduct * next)));
        _gScale = (float)((1 - ut) / (1 - _uProduct));
        _vScale = (float)(1 / (1 - Math.Pow(Beta2, t)));
    }

    protected override void UpdateStep(Tensor gradient, Variable variable, int index, float learningRate) =>
        OptimizerUpdates.Nadam(variable.Value.Span, gradient.ReadOnlySpan, _m[index].Span, _v[index].Span, learningRate, Beta1, Beta2, Epsilon, _mScale, _gScale, _vScale);

    private double MomentumCache(long t) => Beta1 * (1 - (0.5 * Math.Pow(0.96, (double)ScheduleDecay * t)));
}
