using OneBatch.Autodiff;
using OneBatch.Initializers;
using OneBatch.Tensors;

namespace OneBatch.Layers;

/// <summary>
/// The parametric ReLU, like <c>keras.layers.PReLU</c>: x, or alpha * x below 0, with a trainable alpha (weight
/// <c>alpha</c>, zeros by default) of the per-sample input shape, of size 1 along each of <see cref="SharedAxes"/>
/// (Keras's 1-based axes, 1 being the first after the batch: <c>[1, 2]</c> gives a 2-D convolution's feature maps
/// one alpha per channel).
/// </summary>
public sealed class PReLU : Layer
{
    private readonly int[] _sharedAxes;

    public PReLU(Initializer? alphaInitializer = null, int[]? sharedAxes = null, int[]? inputShape = null, string? name = null)
        : base(name, inputShape)
    {
        AlphaInitializer = alphaInitializer ?? new Constant(0f);
        _sharedAxes = sharedAxes is null ? [] : (int[])sharedAxes.Clone();
        if (_sharedAxes.Any(a => a < 1) || _sharedAxes.Distinct().Count() != _sharedAxes.Length)
        {
            throw new ArgumentException(
                $"PReLU '{Name}' needs distinct shared_axes of at least 1 (axis 1 is the first after the batch); got [{string.Join(", ", _sharedAxes)}].", nameof(sharedAxes));
        }
    }

    public Initializer AlphaInitializer { get; }

    /// <summary>The axes along which one alpha is shared, counted from 1 after the batch axis, as Keras counts them.</summary>
    public IReadOnlyList<int> SharedAxes => _sharedAxes;

    public Variable? Alpha { get; private set; }

    public override bool SupportsMasking => true;

    public override Shape ComputeOutputShape(Shape inputShape)
    {
        if (_sharedAxes.Any(a => a > inputShape.Rank))
        {
            throw ShapeError(inputShape, $"inputs with the shared axes [{string.Join(", ", _sharedAxes)}] (1 is the first after the batch)");
        }

        return inputShape;
    }

    protected override void Build(Shape inputShape)
    {
        // alpha: the per-sample shape with 1 along each shared axis, e.g. [h, w, c] shared over [1, 2] -> [1, 1, c].
        Span<int> dims = stackalloc int[inputShape.Rank];
        for (int i = 0; i < dims.Length; i++)
        {
            dims[i] = _sharedAxes.Contains(i + 1) ? 1 : inputShape[i];
        }

        Alpha = AddWeight("alpha", new Shape(dims), AlphaInitializer);
    }

    // x: [batch, ...] -> relu(x) - alpha * relu(-x), alpha broadcast over the batch and the shared axes (Keras's form).
    protected internal override Tensor Call(Tensor x, bool training) =>
        Ops.Subtract(Ops.Relu(x), Ops.Multiply(Alpha!.Value, Ops.Relu(Ops.Negate(x))));
}
