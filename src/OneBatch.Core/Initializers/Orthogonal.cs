using System.Numerics.Tensors;
using OneBatch.Kernels;
using OneBatch.Tensors;

namespace OneBatch.Initializers;

/// <summary>
/// An orthogonal matrix times <see cref="Gain"/>, like <c>keras.initializers.Orthogonal</c> (the default recurrent
/// kernel of recurrent layers): a weight <c>[..., cols]</c> is seen as a matrix of rows = the product of the other axes;
/// the Q of the QR factorization of a standard normal matrix (the taller way round), with the signs that make R's
/// diagonal positive, so its columns (or, for a wide matrix, its rows) are orthonormal.
/// </summary>
public sealed class Orthogonal(float gain = 1f) : Initializer
{
    // Columns orthonormalized together against those before them; enough to make that step a real GEMM.
    private const int Block = 64;

    public float Gain { get; } = gain;

    public override string Name => "orthogonal";

    public override void Fill(Span<float> values, Shape shape, RandomGenerator random)
    {
        if (shape.Rank < 2)
        {
            throw new ArgumentException($"The orthogonal initializer needs a weight of at least 2 axes; got shape {shape}.");
        }

        int cols = shape.Last;
        int rows = shape.Size / Math.Max(1, cols);
        if (rows == 0 || cols == 0)
        {
            return;
        }

        // The draws fill a [tall, narrow] matrix, row by row; q holds its columns as rows: [narrow, tall].
        int tall = Math.Max(rows, cols), narrow = Math.Min(rows, cols);
        var draws = new float[tall * narrow];
        random.FillNormal(draws, 0f, 1f);
        var q = new float[narrow * tall];
        Gemm.Transpose(draws, q, tall, narrow);

        // Block Gram-Schmidt: each block of columns loses its parts along the columns before it through two GEMMs
        // (V -= (V Q^T) Q, done twice so that rounding leaves no visible correlation), then its own columns are
        // orthonormalized one by one, again twice. Gram-Schmidt's R has a positive diagonal: Keras's sign correction.
        var coefficients = new float[Math.Min(Block, narrow) * narrow];
        for (int first = 0; first < narrow; first += Block)
        {
            int count = Math.Min(Block, narrow - first);
            var block = q.AsSpan(first * tall, count * tall); // V: [count, tall]
            ReadOnlySpan<float> done = q.AsSpan(0, first * tall); // Q: [first, tall]
            for (int pass = 0; pass < 2 && first > 0; pass++)
            {
                var c = coefficients.AsSpan(0, count * first); // [count, first]
                Gemm.Multiply(block, false, done, true, c, count, first, tall);
                TensorPrimitives.Negate(c, c);
                Gemm.Multiply(c, false, done, false, block, count, tall, first, accumulate: true);
            }

            for (int j = 0; j < count; j++)
            {
                var v = block.Slice(j * tall, tall);
                for (int pass = 0; pass < 2; pass++)
                {
                    for (int p = 0; p < j; p++)
                    {
                        var u = block.Slice(p * tall, tall);
                        TensorPrimitives.MultiplyAdd(u, -TensorPrimitives.Dot(u, v), v, v);
                    }
                }

                float norm = TensorPrimitives.Norm(v);
                if (norm > 0f)
                {
                    TensorPrimitives.Divide(v, norm, v);
                }
                else
                {
                    v.Clear();
                }
            }
        }

        // Q^T is [tall, narrow]: a tall weight is it, a wide one its transpose, q itself.
        TensorPrimitives.Multiply(q, Gain, q);
        if (rows >= cols)
        {
            Gemm.Transpose(q, values, narrow, tall);
        }
        else
        {
            q.CopyTo(values);
        }
    }
}
