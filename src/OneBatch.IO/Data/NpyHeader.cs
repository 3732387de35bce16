namespace OneBatch.IO.Data;

/// <summary>
/// What a <c>.npy</c> header announces, read before any data: the dtype, the shape, and the sizes that follow from
/// them. The reader has checked them in 64-bit arithmetic: <see cref="Count"/> fits one .NET array, so no size here
/// overflows.
/// </summary>
public sealed class NpyHeader
{
    internal NpyHeader(string dtype, int itemSize, int[] dims, long count, long headerBytes)
    {
        DType = dtype;
        ItemSize = itemSize;
        Dims = dims;
        Count = count;
        HeaderBytes = headerBytes;
    }

    /// <summary>The NumPy dtype the values are stored as (one of <see cref="NpyReader.SupportedDTypes"/>).</summary>
    public string DType { get; }

    /// <summary>Bytes per stored value.</summary>
    public int ItemSize { get; }

    public IReadOnlyList<int> Dims { get; }

    /// <summary>Values in the array: the product of <see cref="Dims"/>.</summary>
    public long Count { get; }

    /// <summary>Bytes from the start of the file to the data: magic, version, length and header text.</summary>
    public long HeaderBytes { get; }

    /// <summary>Bytes of data the header announces after itself.</summary>
    public long DataBytes => Count * ItemSize;

    /// <summary>Bytes of the whole <c>.npy</c>: header and data.</summary>
    public long TotalBytes => HeaderBytes + DataBytes;

    /// <summary>Bytes the array takes in memory once read (as float32 values).</summary>
    public long TensorBytes => Count * sizeof(float);
}
