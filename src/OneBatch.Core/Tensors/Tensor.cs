using System.Globalization;
using System.Text;

namespace OneBatch.Tensors;

/// <summary>
/// A dense float32 tensor, row-major. The storage is a plain array that may be longer than the tensor
/// (buffers are reused across training steps); <see cref="Span"/> is exactly <see cref="Shape"/>.Size long.
/// </summary>
public sealed class Tensor
{
    private readonly float[] _data;

    public Tensor(Shape shape)
    {
        Shape = shape;
        _data = shape.Size == 0 ? [] : new float[shape.Size];
    }

    /// <summary>Wraps <paramref name="data"/> (not copied) as a tensor of <paramref name="shape"/>.</summary>
    public Tensor(Shape shape, float[] data)
    {
        if (data.Length < shape.Size)
        {
            throw new ArgumentException(
                $"A tensor of shape {shape} needs {shape.Size} values; got {data.Length}.", nameof(data));
        }

        Shape = shape;
        _data = data;
    }

    private Tensor(Shape shape, bool allocate)
    {
        Shape = shape;
        _data = allocate && shape.Size > 0 ? new float[shape.Size] : [];
    }

    /// <summary>A tensor of <paramref name="shape"/> with no storage: the weight of a dry-run build (<see cref="RandomGenerator.ForDryRun"/>).</summary>
    internal static Tensor Unallocated(Shape shape) => new(shape, allocate: false);

    /// <summary>False for a dry-run build's weight, which has a shape but no values.</summary>
    public bool IsAllocated => _data.Length >= Shape.Size;

    public Shape Shape { get; }

    public int Rank => Shape.Rank;

    public int Size => Shape.Size;

    public Span<float> Span => _data.AsSpan(0, Shape.Size);

    public ReadOnlySpan<float> ReadOnlySpan => _data.AsSpan(0, Shape.Size);

    /// <summary>The storage, shared: for kernels that want an array. Only the first Size values belong to the tensor.</summary>
    internal float[] Buffer => _data;

    public static Tensor Zeros(params ReadOnlySpan<int> shape) => new(new Shape(shape));

    public static Tensor Full(Shape shape, float value)
    {
        var t = new Tensor(shape);
        t.Span.Fill(value);
        return t;
    }

    /// <summary>A tensor of <paramref name="shape"/> holding a copy of <paramref name="values"/>, which must fill it exactly.</summary>
    public static Tensor FromArray(float[] values, params ReadOnlySpan<int> shape)
    {
        var s = new Shape(shape);
        if (values.Length != s.Size)
        {
            throw new ArgumentException($"{values.Length} values do not fill a tensor of shape {s} ({s.Size} values).", nameof(values));
        }

        return new Tensor(s, (float[])values.Clone());
    }

    public static Tensor FromArray(float[,] values)
    {
        var t = new Tensor(new Shape(values.GetLength(0), values.GetLength(1)));
        int k = 0;
        foreach (float v in values)
        {
            t._data[k++] = v;
        }

        return t;
    }

    public static Tensor Scalar(float value) => new(Shape.Scalar, [value]);

    public float this[params ReadOnlySpan<int> index]
    {
        get => _data[Offset(index)];
        set => _data[Offset(index)] = value;
    }

    /// <summary>The value of a one-element tensor (a loss, for example).</summary>
    public float ToScalar()
    {
        if (Size != 1)
        {
            throw new InvalidOperationException($"ToScalar needs a tensor with one element; this one has shape {Shape}.");
        }

        return _data[0];
    }

    public static explicit operator float(Tensor t) => t.ToScalar();

    public float[] ToArray() => Span.ToArray();

    public Tensor Clone() => new(Shape, Span.ToArray());

    /// <summary>A view of the same storage with another shape of the same size (no copy).</summary>
    public Tensor Reshape(Shape shape)
    {
        if (shape.Size != Size)
        {
            throw new ArgumentException($"Cannot reshape a tensor of shape {Shape} ({Size} values) to {shape} ({shape.Size} values).");
        }

        return new Tensor(shape, _data);
    }

    public void CopyFrom(Tensor source)
    {
        if (source.Shape != Shape)
        {
            throw new ArgumentException($"Cannot copy a tensor of shape {source.Shape} into one of shape {Shape}.");
        }

        source.ReadOnlySpan.CopyTo(Span);
    }

    private int Offset(ReadOnlySpan<int> index)
    {
        if (index.Length != Rank)
        {
            throw new ArgumentException($"An index into a tensor of shape {Shape} needs {Rank} coordinates; got {index.Length}.");
        }

        int offset = 0;
        for (int i = 0; i < index.Length; i++)
        {
            if ((uint)index[i] >= (uint)Shape[i])
            {
                throw new IndexOutOfRangeException($"Index {index[i]} is out of range for axis {i} of shape {Shape}.");
            }

            offset = (offset * Shape[i]) + index[i];
        }

        return offset;
    }

    public override string ToString()
    {
        var sb = new StringBuilder("Tensor").Append(Shape).Append(' ');
        var s = ReadOnlySpan;
        int shown = Math.Min(s.Length, 8);
        sb.Append('[');
        for (int i = 0; i < shown; i++)
        {
            if (i > 0)
            {
                sb.Append(", ");
            }

            sb.Append(s[i].ToString("G6", CultureInfo.InvariantCulture));
        }

        if (s.Length > shown)
        {
            sb.Append(", ...");
        }

        return sb.Append(']').ToString();
    }
}
