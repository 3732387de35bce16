using System.Globalization;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;

namespace OneBatch.Tensors;

/// <summary>
/// A dense float32 tensor, row-major. The storage is a plain array that may be longer than the tensor
/// (buffers are reused across training steps); <see cref="Span"/> is exactly <see cref="Shape"/>.Size long.
/// </summary>
/// <remarks>
/// A tensor of <see cref="AlignedMinSize"/> values or more that allocates its own storage starts it on a 64-byte
/// cache line, in an array pinned so that it stays there: the kernels' full-width vector loads are then never split
/// across two lines, and a step's speed does not depend on where the allocator happened to put its buffers.
/// </remarks>
public sealed class Tensor
{
    /// <summary>The smallest tensor whose own storage is cache-line aligned (smaller ones are not worth pinning).</summary>
    public const int AlignedMinSize = 1024;

    private readonly float[] _data;
    private readonly int _offset;

    public Tensor(Shape shape)
    {
        Shape = shape;
        (_data, _offset) = Allocate(shape.Size);
    }

    private Tensor(Shape shape, float[] data, int offset)
    {
        Shape = shape;
        _data = data;
        _offset = offset;
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
        (_data, _offset) = allocate ? Allocate(shape.Size) : ([], 0);
    }

    /// <summary>A tensor of <paramref name="shape"/> with no storage: the weight of a dry-run build (<see cref="RandomGenerator.ForDryRun"/>).</summary>
    internal static Tensor Unallocated(Shape shape) => new(shape, allocate: false);

    /// <summary>False for a dry-run build's weight, which has a shape but no values.</summary>
    public bool IsAllocated => _data.Length - _offset >= Shape.Size;

    public Shape Shape { get; }

    public int Rank => Shape.Rank;

    public int Size => Shape.Size;

    public Span<float> Span => _data.AsSpan(_offset, Shape.Size);

    public ReadOnlySpan<float> ReadOnlySpan => _data.AsSpan(_offset, Shape.Size);

    /// <summary>The storage, shared (the tensor is <see cref="Span"/> within it): tells whether two tensors share theirs.</summary>
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
            t._data[t._offset + k++] = v;
        }

        return t;
    }

    public static Tensor Scalar(float value) => new(Shape.Scalar, [value]);

    public float this[params ReadOnlySpan<int> index]
    {
        get => _data[_offset + Offset(index)];
        set => _data[_offset + Offset(index)] = value;
    }

    /// <summary>The value of a one-element tensor (a loss, for example).</summary>
    public float ToScalar()
    {
        if (Size != 1)
        {
            throw new InvalidOperationException($"ToScalar needs a tensor with one element; this one has shape {Shape}.");
        }

        return _data[_offset];
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

        return new Tensor(shape, _data, _offset);
    }

    public void CopyFrom(Tensor source)
    {
        if (source.Shape != Shape)
        {
            throw new ArgumentException($"Cannot copy a tensor of shape {source.Shape} into one of shape {Shape}.");
        }

        source.ReadOnlySpan.CopyTo(Span);
    }

    // Storage for size values: a plain array, or for a large tensor one pinned (so it never moves) with the offset of its
    // first cache-line boundary.
    private static unsafe (float[] Data, int Offset) Allocate(int size)
    {
        if (size == 0)
        {
            return ([], 0);
        }

        if (size < AlignedMinSize)
        {
            return (new float[size], 0);
        }

        var data = GC.AllocateArray<float>(size + 15, pinned: true);
        nint address = (nint)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(data));
        return (data, (int)((64 - (address & 63)) & 63) / sizeof(float));
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
