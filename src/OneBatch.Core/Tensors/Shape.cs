using System.Runtime.CompilerServices;
using System.Text;

namespace OneBatch.Tensors;

/// <summary>
/// The dimensions of a tensor, outermost first (row-major). A value type with its dimensions stored inline,
/// so that creating and comparing shapes on the training hot path allocates nothing. Every shape holds at most
/// <see cref="TensorSizeException.MaxElements"/> values (the constructor refuses more), so <see cref="Size"/> and any
/// product of some of its dimensions fit an int.
/// </summary>
public readonly struct Shape : IEquatable<Shape>
{
    public const int MaxRank = 6;

    [InlineArray(MaxRank)]
    private struct Dims
    {
        private int _element0;
    }

    private readonly Dims _dims;

    public int Rank { get; }

    public Shape(params ReadOnlySpan<int> dims)
    {
        if (dims.Length > MaxRank)
        {
            throw new ArgumentException($"A shape has at most {MaxRank} dimensions; got {dims.Length}.", nameof(dims));
        }

        for (int i = 0; i < dims.Length; i++)
        {
            if (dims[i] < 0)
            {
                throw new ArgumentException($"Shape dimensions must be >= 0; got {Format(dims)}.", nameof(dims));
            }

            _dims[i] = dims[i];
        }

        long size = 1;
        for (int i = 0; i < dims.Length && size != 0; i++)
        {
            // size <= MaxElements < 2^31 and a dimension < 2^31, so the product fits a long.
            size *= dims[i];
            if (size > TensorSizeException.MaxElements && !dims.Contains(0))
            {
                throw TensorSizeException.TooLarge(dims);
            }
        }

        Rank = dims.Length;
    }

    public static Shape Scalar => default;

    public int this[int axis]
    {
        get
        {
            int a = axis < 0 ? axis + Rank : axis;
            if ((uint)a >= (uint)Rank)
            {
                throw new ArgumentOutOfRangeException(nameof(axis), $"Axis {axis} is out of range for shape {this}.");
            }

            return _dims[a];
        }
    }

    /// <summary>The number of elements: the product of the dimensions (1 for a scalar).</summary>
    public int Size
    {
        get
        {
            int size = 1;
            for (int i = 0; i < Rank; i++)
            {
                size *= _dims[i];
            }

            return size;
        }
    }

    /// <summary>The last dimension (1 for a scalar).</summary>
    public int Last => Rank == 0 ? 1 : _dims[Rank - 1];

    public int[] ToArray()
    {
        var a = new int[Rank];
        CopyTo(a);
        return a;
    }

    public void CopyTo(Span<int> destination)
    {
        for (int i = 0; i < Rank; i++)
        {
            destination[i] = _dims[i];
        }
    }

    /// <summary>This shape with <paramref name="batch"/> put in front: per-sample shape to batch shape.</summary>
    public Shape Prepend(int batch)
    {
        Span<int> d = stackalloc int[Rank + 1];
        d[0] = batch;
        CopyTo(d[1..]);
        return new Shape(d);
    }

    /// <summary>This shape without its first dimension: batch shape to per-sample shape.</summary>
    public Shape DropFirst()
    {
        ThrowIfScalar("DropFirst");
        Span<int> d = stackalloc int[Rank];
        CopyTo(d);
        return new Shape(d[1..]);
    }

    /// <summary>This shape with the last dimension replaced.</summary>
    public Shape WithLast(int last)
    {
        ThrowIfScalar("WithLast");
        Span<int> d = stackalloc int[Rank];
        CopyTo(d);
        d[^1] = last;
        return new Shape(d);
    }

    /// <summary>This shape without its last dimension.</summary>
    public Shape DropLast()
    {
        ThrowIfScalar("DropLast");
        Span<int> d = stackalloc int[Rank];
        CopyTo(d);
        return new Shape(d[..^1]);
    }

    private void ThrowIfScalar(string operation)
    {
        if (Rank == 0)
        {
            throw new InvalidOperationException($"Shape.{operation}: a scalar shape [] has no axis to change.");
        }
    }

    public bool Equals(Shape other)
    {
        if (Rank != other.Rank)
        {
            return false;
        }

        for (int i = 0; i < Rank; i++)
        {
            if (_dims[i] != other._dims[i])
            {
                return false;
            }
        }

        return true;
    }

    public override bool Equals(object? obj) => obj is Shape s && Equals(s);

    public override int GetHashCode()
    {
        var h = new HashCode();
        for (int i = 0; i < Rank; i++)
        {
            h.Add(_dims[i]);
        }

        return h.ToHashCode();
    }

    public static bool operator ==(Shape a, Shape b) => a.Equals(b);

    public static bool operator !=(Shape a, Shape b) => !a.Equals(b);

    public static implicit operator Shape(int[] dims) => new(dims);

    public override string ToString()
    {
        Span<int> d = stackalloc int[Rank];
        CopyTo(d);
        return Format(d);
    }

    private static string Format(ReadOnlySpan<int> dims)
    {
        var sb = new StringBuilder("[");
        for (int i = 0; i < dims.Length; i++)
        {
            if (i > 0)
            {
                sb.Append(", ");
            }

            sb.Append(dims[i]);
        }

        return sb.Append(']').ToString();
    }
}
