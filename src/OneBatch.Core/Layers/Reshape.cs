using OneBatch.Autodiff;
using OneBatch.Tensors;

namespace OneBatch.Layers;

/// <summary>
/// Gives each sample a new shape with the same number of values, like <c>keras.layers.Reshape</c>: the target shape
/// leaves out the batch axis and may hold one -1, which is inferred.
/// </summary>
public sealed class Reshape : Layer
{
    private readonly int[] _targetShape;

    public Reshape(int[] targetShape, int[]? inputShape = null, string? name = null)
        : base(name, inputShape)
    {
        ArgumentNullException.ThrowIfNull(targetShape);
        if (targetShape.Length == 0 || targetShape.Length >= Shape.MaxRank)
        {
            throw new ArgumentException($"Reshape needs a target shape of 1 to {Shape.MaxRank - 1} dimensions; got {targetShape.Length}.", nameof(targetShape));
        }

        if (targetShape.Count(d => d == -1) > 1 || targetShape.Any(d => d == 0 || d < -1))
        {
            throw new ArgumentException($"Reshape's target shape [{string.Join(", ", targetShape)}] must hold positive sizes and at most one -1.", nameof(targetShape));
        }

        _targetShape = (int[])targetShape.Clone();
    }

    /// <summary>The per-sample target shape as given (possibly with a -1).</summary>
    public IReadOnlyList<int> TargetShape => _targetShape;

    public override bool PreservesRange => true;

    public override bool OnlyRearranges => true;

    public override Shape ComputeOutputShape(Shape inputShape)
    {
        // Within long: each of at most 5 target sizes is below 2^31, and the product stops once it passes any shape's size.
        long known = 1;
        int unknown = -1;
        for (int i = 0; i < _targetShape.Length; i++)
        {
            if (_targetShape[i] == -1)
            {
                unknown = i;
            }
            else
            {
                known = Math.Min(known * _targetShape[i], TensorSizeException.MaxElements + 1);
            }
        }

        long size = inputShape.Size;
        bool fits = unknown < 0 ? known == size : size % known == 0;
        if (!fits)
        {
            throw ShapeError(inputShape, $"inputs whose {size} values per sample can be reshaped to [{string.Join(", ", _targetShape)}]");
        }

        var dims = (int[])_targetShape.Clone();
        if (unknown >= 0)
        {
            dims[unknown] = (int)(size / known);
        }

        return new Shape(dims);
    }

    // x: [batch, ...input] -> [batch, ...target]
    protected internal override Tensor Call(Tensor x, bool training) => Ops.Reshape(x, OutputShape!.Value.Prepend(x.Shape[0]));
}
