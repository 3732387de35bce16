using OneBatch.Autodiff;
using OneBatch.Kernels;
using OneBatch.Tensors;

namespace OneBatch.Optimizers;

/// <summary>
/// Adam with Keras's update rule (<c>keras.optimizers.Adam</c>): with t the 1-based step,
/// <c>lr_t = lr * sqrt(1 - b2^t) / (1 - b1^t)</c>, <c>m += (g - m)(1 - b1)</c>, <c>v += (g^2 - v)(1 - b2)</c>,
/// <c>w -= lr_t * m / (sqrt(v) + eps)</c>. Epsilon sits beside the raw <c>sqrt(v)</c>, unlike PyTorch.
/// </summary>
public sealed class Adam : Optimizer
{
    private readonly List<Tensor> _m = [];
    private readonly List<Tensor> _v = [];
    private (long Step, float LearningRate, float Alpha) _alpha = (-1, 0f, 0f);

    public Adam(float learningRate = 0.001f, float beta1 = 0.9f, float beta2 = 0.999f, float epsilon = 1e-7f)
        : base(learningRate, "adam")
    {
        if (!(beta1 is >= 0f and < 1f) || !(beta2 is >= 0f and < 1f))
        {
            throw new ArgumentOutOfRangeException(nameof(beta1), $"Adam needs 0 <= beta < 1; got beta1={beta1}, beta2={beta2}.");
        }

        Beta1 = beta1;
        Beta2 = beta2;
        Epsilon = epsilon;
    }

    public float Beta1 { get; }

    public float Beta2 { get; }

    public float Epsilon { get; }

    public override Optimizer CreateFresh(float learningRate) => new Adam(learningRate, Beta1, Beta2, Epsilon);

    protected override void Build(IReadOnlyList<Variable> variables, int firstIndex)
    {
        foreach (var v in variables)
        {
            _m.Add(ZerosLike(v));
            _v.Add(ZerosLike(v));
        }
    }

    protected override void UpdateStep(Tensor gradient, Variable variable, int index, float learningRate)
    {
        long t = Iterations + 1;
        if (_alpha.Step != t || _alpha.LearningRate != learningRate)
        {
            // The same for every variable of a step.
            _alpha = (t, learningRate, (float)(learningRate * Math.Sqrt(1 - Math.Pow(Beta2, t)) / (1 - Math.Pow(Beta1, t))));
        }

        OptimizerUpdates.Adam(variable.Value.Span, gradient.ReadOnlySpan, _m[index].Span, _v[index].Span, _alpha.Alpha, Beta1, Beta2, Epsilon);
    }
}
