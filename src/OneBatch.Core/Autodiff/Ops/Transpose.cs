using OneBatch.Kernels;
using OneBatch.Tensors;

namespace OneBatch.Autodiff;

public static partial class Ops
{
    /// <summary>
    /// The axes of <paramref name="x"/> reordered, like <c>keras.ops.transpose</c>: axis i of the result is axis
    /// <c>permutation[i]</c> of x (negative entries count from the end).
    /// </summary>
    public static Tensor Transpose(Tensor x, ReadOnlySpan<int> permutation)
    {
        int rank = x.Rank;
        if (permutation.Length != rank)
        {
            throw new ArgumentException(
                $"Transpose of a tensor of shape {x.Shape} needs a permutation of {rank} axes; got {permutation.Length}.", nameof(permutation));
        }

        Span<int> perm = stackalloc int[rank];
        Span<int> dims = stackalloc int[rank];
        int seen = 0;
        for (int i = 0; i < rank; i++)
        {
            int p = permutation[i] < 0 ? permutation[i] + rank : permutation[i];
            if ((uint)p >= (uint)rank || (seen & (1 << p)) != 0)
            {
                throw new ArgumentException(
                    $"Transpose of a tensor of shape {x.Shape}: the axes must be a permutation of 0..{rank - 1}; axis {permutation[i]} at {i} is out of range or repeated.", nameof(permutation));
            }

            seen |= 1 << p;
            perm[i] = p;
            dims[i] = x.Shape[p];
        }

        var y = GradientTape.NewOutput(new Shape(dims));
        Permute(x.ReadOnlySpan, x.Shape, perm, y.Span);
        var node = GradientTape.Record(TransposeGrad.Instance, y, x);
        if (node is not null)
        {
            // The permutation in 3 bits per axis (rank <= 6), so that recording it allocates nothing.
            int packed = 0;
            for (int i = 0; i < rank; i++)
            {
                packed |= perm[i] << (3 * i);
            }

            node.I0 = packed;
        }

        return y;
    }

    /// <summary>dst[i_0, ..., i_r] = src[j] where axis k of dst is axis perm[k] of src (dst has the permuted shape).</summary>
    private static void Permute(ReadOnlySpan<float> src, Shape shape, ReadOnlySpan<int> perm, Span<float> dst)
    {
        if (src.Length == 0)
        {
            return;
        }

        Span<int> srcStrides = stackalloc int[Shape.MaxRank];
        int stride = 1;
        for (int i = shape.Rank - 1; i >= 0; i--)
        {
            srcStrides[i] = stride;
            stride *= shape[i];
        }

        // The output's axes with the source stride of each, innermost first; axes of size 1 dropped, and neighbours
        // that stay neighbours in the source merged, so that e.g. [n, h, w, c] -> [n, c, h, w] is [n, hw, c] -> [n, c, hw].
        Span<int> dims = stackalloc int[Shape.MaxRank];
        Span<int> strides = stackalloc int[Shape.MaxRank];
        int rank = 0;
        for (int i = perm.Length - 1; i >= 0; i--)
        {
            int d = shape[perm[i]], s = srcStrides[perm[i]];
            if (d == 1)
            {
                continue;
            }

            if (rank > 0 && s == strides[rank - 1] * dims[rank - 1])
            {
                dims[rank - 1] *= d;
                continue;
            }

            dims[rank] = d;
            strides[rank] = s;
            rank++;
        }

        dims[..rank].Reverse();
        strides[..rank].Reverse();
        if (rank <= 1)
        {
            // The order in memory is unchanged.
            src.CopyTo(dst);
            return;
        }

        int n = dims[rank - 1], innerStride = strides[rank - 1];
        bool matrices = strides[rank - 2] == 1 && innerStride == dims[rank - 2];
        int outerRank = matrices ? rank - 2 : rank - 1;
        int step = matrices ? n * dims[rank - 2] : n;
        Span<int> index = stackalloc int[Shape.MaxRank];
        index.Clear();
        int so = 0;
        for (int o = 0; o < dst.Length; o += step)
        {
            if (matrices)
            {
                // Source [n, m] (the output's last axis outermost) -> output [m, n]: a 2-D transpose.
                Gemm.Transpose(src.Slice(so, step), dst.Slice(o, step), n, dims[rank - 2]);
            }
            else if (innerStride == 1)
            {
                src.Slice(so, n).CopyTo(dst.Slice(o, n));
            }
            else
            {
                var row = dst.Slice(o, n);
                for (int j = 0, s = so; j < row.Length; j++, s += innerStride)
                {
                    row[j] = src[s];
                }
            }

            for (int a = outerRank - 1; a >= 0; a--)
            {
                so += strides[a];
                if (++index[a] < dims[a])
                {
                    break;
                }

                so -= strides[a] * dims[a];
                index[a] = 0;
            }
        }
    }

    private sealed class TransposeGrad : Op
    {
        public static readonly TransposeGrad Instance = new();

        public override string Name => "transpose";

        // y = transpose(x, p):  dL/dx = transpose(g, p^-1)
        public override void Backward(Node node, Tensor g, GradientStore grads)
        {
            var x = node.A!;
            if (!grads.Needs(x))
            {
                return;
            }

            int rank = x.Rank;
            Span<int> inverse = stackalloc int[rank];
            for (int i = 0; i < rank; i++)
            {
                inverse[(node.I0 >> (3 * i)) & 7] = i;
            }

            var dx = grads.Slot(x, out bool accumulate);
            if (!accumulate)
            {
                Permute(g.ReadOnlySpan, g.Shape, inverse, dx.Span);
                return;
            }

            var t = Temp(x.Size);
            Permute(g.ReadOnlySpan, g.Shape, inverse, t);
            TensorPrimitives.Add(dx.Span, t, dx.Span);
        }
    }
}
