using OneBatch.Tensors;

namespace OneBatch.IO.Data;

/// <summary>An array read from a file, as float32 values with its shape, and the NumPy dtype it was stored as.</summary>
public sealed record NumpyArray(Tensor Values, string DType)
{
    public Shape Shape => Values.Shape;

    /// <summary>True for integer and bool dtypes.</summary>
    public bool IsIntegerType => DType is "int32" or "int64" or "uint8" or "bool";
}
