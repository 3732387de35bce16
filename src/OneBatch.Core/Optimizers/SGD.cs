using OneBatch.Autodiff;
using OneBatch.Tensors;

namespace OneBatch.Optimizers;

/// <summary>
/// Gradient descent, with optional momentum and Nesterov momentum, by Keras's rule (<c>keras.optimizers.SGD</c>):
/// without momentum <c>w -= lr g</c>; with it <c>m = momentum m - lr g</c>, then <c>w += m</c>, or for Nesterov
/// <c>w += momentum m - lr g</c>.
/// </summary>
public sealed class SGD : Optimizer
{
    private readonly List<Tensor> _momentums = [];

    public SGD(float learningRate = 0.01f, float momentum = 0f, bool nesterov = false)
        : base(learningRate, "sgd")
    {
        if (!(momentum is >= 0f and <= 1f))
        {
            throw new ArgumentOutOfRangeException(nameof(momentum), $"SGD momentum must be in [0, 1]; got {momentum}.");
        }

        Momentum = momentum;
        Nesterov = nesterov;
    }

    public float Momentum { get; }

    public bool Nesterov { get; }

    public override Optimizer CreateFresh(float learningRate) => new SGD(learningRate, Momentum, Nesterov);

    protected override void Build(IReadOnlyList<Variable> variables, int firstIndex)
    {
        foreach (var v in variables)
        {
            _momentums.Add(Momentum != 0f ? ZerosLike(v) : new Tensor(Shape.Scalar));
        }
    }

    protected override void UpdateStep(Tensor gradient, Variable variable, int index, float learningRate)
    {
        var g = gradient.ReadOnlySpan;
        var w = variable.Value.Span;
        if (Momentum == 0f)
        {
            TensorPrimitives.MultiplyAdd(g, -learningRate, w, w);
            return;
        }

        var m = _momentums[index].Span;
        float mu = Momentum;
        for (int i = 0; i < w.Length; i++)
        {
            float mi = (mu * m[i]) - (learningRate * g[i]);
            m[i] = mi;
            w[i] += Nesterov ? (mu * mi) - (learningRate * g[i]) : mi;
        }
    }
}
