using OneBatch.Autodiff;
using OneBatch.Kernels;
using OneBatch.Tensors;

namespace OneBatch.Optimizers;

/// <summary>
/// RMSprop by Keras's rule (<c>keras.optimizers.RMSprop</c>): <c>v = rho v + (1 - rho) g^2</c>,
/// <c>step = lr g / sqrt(v + eps)</c> (epsilon inside the root), then <c>w -= step</c>, or with momentum
/// <c>m = momentum m + step; w -= m</c>.
/// </summary>
public sealed class RMSprop : Optimizer
{
    private readonly List<Tensor> _velocities = [];
    private readonly List<Tensor> _momentums = [];

    public RMSprop(float learningRate = 0.001f, float rho = 0.9f, float momentum = 0f, float epsilon = 1e-7f)
        : base(learningRate, "rmsprop")
    {
        if (!(rho is >= 0f and < 1f))
        {
            throw new ArgumentOutOfRangeException(nameof(rho), $"RMSprop rho must be in [0, 1); got {rho}.");
        }

        Rho = rho;
        Momentum = momentum;
        Epsilon = epsilon;
    }

    public float Rho { get; }

    public float Momentum { get; }

    public float Epsilon { get; }

    public override Optimizer CreateFresh(float learningRate) => new RMSprop(learningRate, Rho, Momentum, Epsilon);

    protected override void Build(IReadOnlyList<Variable> variables, int firstIndex)
    {
        foreach (var v in variables)
        {
            _velocities.Add(ZerosLike(v));
            _momentums.Add(Momentum > 0f ? ZerosLike(v) : new Tensor(Shape.Scalar));
        }
    }

    protected override void UpdateStep(Tensor gradient, Variable variable, int index, float learningRate)
    {
        var g = gradient.ReadOnlySpan;
        var w = variable.Value.Span;
        if (Momentum == 0f)
        {
            OptimizerUpdates.RmsProp(w, g, _velocities[index].Span, learningRate, Rho, Epsilon);
            return;
        }

        var vel = _velocities[index].Span;
        var mom = _momentums[index].Span;
        float rho = Rho, eps = Epsilon, mu = Momentum;
        for (int i = 0; i < w.Length; i++)
        {
            float vi = (rho * vel[i]) + ((1f - rho) * g[i] * g[i]);
            vel[i] = vi;
            float step = learningRate * g[i] / MathF.Sqrt(vi + eps);
            if (mu > 0f)
            {
                mom[i] = (mu * mom[i]) + step;
                step = mom[i];
            }

            w[i] -= step;
        }
    }
}
