using OneBatch.Autodiff;
using OneBatch.Kernels;
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
        Momentum = InRange(momentum, "SGD", "momentum", 0f, 1f, highIncluded: true);
        Nesterov = nesterov;
    }

    public float Momentum { get; }

    /// <inheritdoc/>
    protected override int OwnSlotsPerWeight => Momentum != 0f ? 1 : 0;

    public bool Nesterov { get; }

    public override Optimizer CreateFresh(float learningRate) => KeepSettings(new SGD(learningRate, Momentum, Nesterov), learningRate);

    protected override void AddConfig(List<KeyValuePair<string, object?>> config)
    {
        config.Add(new("momentum", Momentum));
        config.Add(new("nesterov", Nesterov));
    }

    protected override void Build(IReadOnlyList<Variable> variables, int firstIndex)
    {
        foreach (var v in variables)
        {
            _momentums.Add(Momentum != 0f ? ZerosLike(v) : new Tensor(Shape.Scalar));
        }
    }

    protected override void UpdateStep(Tensor gradient, Variable variable, int index, float learningRate)
    {
        var w = variable.Value.Span;
        if (Momentum == 0f)
        {
            TensorPrimitives.MultiplyAdd(gradient.ReadOnlySpan, -learningRate, w, w);
            return;
        }

        OptimizerUpdates.SgdMomentum(w, gradient.ReadOnlySpan, _momentums[index].Span, learningRate, Momentum, Nesterov);
    }
}
