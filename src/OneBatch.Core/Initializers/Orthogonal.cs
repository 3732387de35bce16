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

        // The draws fill a [tall, narrow] matrix, row by row.
        int tall = Math.Max(rows, cols), narrow = Math.Min(rows, cols);
        var draws = new float[tall * narrow];
        random.FillNormal(draws, 0f, 1f);

        // Columns of the draws, orthonormalized in place by modified Gram-Schmidt, each pass made twice so that
        // rounding leaves no visible correlation. Gram-Schmidt's R has a positive diagonal: Keras's sign correction.
        var q = new double[narrow][];
        for (int j = 0; j < narrow; j++)
        {
            var v = new double[tall];
            for (int i = 0; i < tall; i++)
            {
                v[i] = draws[(i * narrow) + j];
            }

            for (int pass = 0; pass < 2; pass++)
            {
                for (int p = 0; p < j; p++)
                {
                    double dot = 0;
                    for (int i = 0; i < tall; i++)
                    {
                        dot += q[p][i] * v[i];
                    }

                    for (int i = 0; i < tall; i++)
                    {
                        v[i] -= dot * q[p][i];
                    }
                }
            }

            double norm = 0;
            foreach (double x in v)
            {
                norm += x * x;
            }

            norm = Math.Sqrt(norm);
            for (int i = 0; i < tall; i++)
            {
                v[i] = norm > 0 ? v[i] / norm : 0;
            }

            q[j] = v;
        }

        // Q is [tall, narrow]; a wide weight takes its transpose.
        for (int r = 0; r < rows; r++)
        {
            for (int c = 0; c < cols; c++)
            {
                double value = rows >= cols ? q[c][r] : q[r][c];
                values[(r * cols) + c] = (float)(Gain * value);
            }
        }
    }
}
