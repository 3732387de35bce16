using OneBatch.Autodiff;
using OneBatch.Tensors;

namespace OneBatch.Layers;

/// <summary>
/// Reorders the axes of each sample, like <c>keras.layers.Permute</c>: <see cref="Dims"/> counts the sample's axes from
/// 1 (the batch axis is 0 and stays first), so <c>Permute([2, 1])</c> turns <c>[batch, steps, features]</c> into
/// <c>[batch, features, steps]</c>.
/// </summary>
public sealed class Permute : Layer
{
    private readonly int[] _dims;

    // The whole tensor's permutation, batch axis included: [0, dims...].
    private readonly int[] _permutation;

    public Permute(int[] dims, int[]? inputShape = null, string? name = null)
        : base(name, inputShape)
    {
        ArgumentNullException.ThrowIfNull(dims);
        bool valid = dims.Length is > 0 and < Shape.MaxRank && dims.Order().SequenceEqual(Enumerable.Range(1, dims.Length));
        if (!valid)
        {
            throw new ArgumentException(
                $"Permute '{Name}' needs dims that reorder the sample axes 1..n (1 to {Shape.MaxRank - 1} of them, each once); got [{string.Join(", ", dims)}].", nameof(dims));
        }

        _dims = (int[])dims.Clone();
        _permutation = [0, .. dims];
    }

    /// <summary>The new order of the sample axes, counted from 1 as in Keras.</summary>
    public IReadOnlyList<int> Dims => _dims;

    public override bool PreservesRange => true;

    public override bool OnlyRearranges => true;

    public override Shape ComputeOutputShape(Shape inputShape)
    {
        if (inputShape.Rank != _dims.Length)
        {
            throw ShapeError(inputShape, $"samples of rank {_dims.Length}, one axis for each of dims [{string.Join(", ", _dims)}]");
        }

        Span<int> dims = stackalloc int[_dims.Length];
        for (int i = 0; i < dims.Length; i++)
        {
            dims[i] = inputShape[_dims[i] - 1];
        }

        return new Shape(dims);
    }

    // x: [batch, d_1, ..., d_n] -> [batch, d_dims[0], ..., d_dims[n-1]]; the gradient is the inverse transpose (Ops.Transpose).
    protected internal override Tensor Call(Tensor x, bool training) => Ops.Transpose(x, _permutation);
}
