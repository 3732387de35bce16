using OneBatch.Autodiff;
using OneBatch.Kernels;
using OneBatch.Tensors;

namespace OneBatch.Optimizers;

/// <summary>
/// Adadelta by Keras's rule (<c>keras.optimizers.Adadelta</c>): running averages of the squared gradient and of the
/// squared update, <c>E[g^2] = rho E[g^2] + (1 - rho) g^2</c>, <c>d = -sqrt(E[d^2] + eps) g / sqrt(E[g^2] + eps)</c>,
/// <c>E[d^2] = rho E[d^2] + (1 - rho) d^2</c>, <c>w += lr d</c>. Keras's defaults: lr 0.001, rho 0.95, eps 1e-7.
/// </summary>
public sealed class Adadelta : Optimizer
{
    /// <inheritdoc/>
    protected override int OwnSlotsPerWeight => 2;

    private readonly List<Tensor> _gradSquares = [];
    private readonly List<Tensor> _deltaSquares = [];

    public Adadelta(float learningRate = 0.001f, float rho = 0.95f, float epsilon = 1e-7f)
        : base(learningRate, "adadelta")
    {
        Rho = InRange(rho, "Adadelta", "rho", 0f, 1f);
        Epsilon = NonNegative(epsilon, "Adadelta", "epsilon");
    }

    public float Rho { get; }

    public float Epsilon { get; }

    public override Optimizer CreateFresh(float learningRate) => KeepSettings(new Adadelta(learningRate, Rho, Epsilon), learningRate);

    protected override void AddConfig(List<KeyValuePair<string, object?>> config)
    {
        config.Add(new("rho", Rho));
        config.Add(new("epsilon", Epsilon));
    }

    protected override void Build(IReadOnlyList<Variable> variables, int firstIndex)
    {
        foreach (var v in variables)
        {
            _gradSquares.Add(ZerosLike(v));
            _deltaSquares.Add(ZerosLike(v));
        }
    }

    protected override void UpdateStep(Tensor gradient, Variable variable, int index, float learningRate) =>
        OptimizerUpdates.Adadelta(variable.Value.Span, gradient.ReadOnlySpan, _gradSquares[index].Span, _deltaSquares[index].Span, learningRate, Rho, Epsilon);
}
