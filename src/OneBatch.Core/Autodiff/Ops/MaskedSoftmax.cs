using OneBatch.Tensors;

namespace OneBatch.Autodiff;

public static partial class Ops
{
    /// <summary>The score a masked position gets before the softmax, as Keras's attention layers use (<c>-1e9</c>).</summary>
    public const float MaskedScore = -1e9f;

    /// <summary>
    /// Softmax over the last axis where a mask says which positions may take part: attention weights from scores
    /// <c>[B, H, T, S]</c> with a mask <c>[B, T, S]</c> shared by the H heads (or scores and mask of one shape), 1
    /// where query t may attend to key s, 0 where not. A masked score is replaced by <see cref="MaskedScore"/>
    /// before the softmax, so it gets weight 0 and no gradient; a row whose every key is masked gets equal weights.
    /// </summary>
    public static Tensor MaskedSoftmax(Tensor scores, Tensor mask)
    {
        bool shared = scores.Rank == 4 && mask.Rank == 3 && scores.Shape[0] == mask.Shape[0]
            && scores.Shape[2] == mask.Shape[1] && scores.Shape[3] == mask.Shape[2];
        if (!shared && scores.Shape != mask.Shape)
        {
            throw new ArgumentException(
                $"MaskedSoftmax needs scores [B, H, T, S] with a mask [B, T, S], or a mask of the scores' shape; got scores {scores.Shape} and mask {mask.Shape}.");
        }

        var y = GradientTape.NewOutput(scores.Shape);
        int s = scores.Shape.Last;
        if (s > 0)
        {
            var xs = scores.ReadOnlySpan;
            var ms = mask.ReadOnlySpan;
            var ys = y.Span;
            int heads = shared ? scores.Shape[1] : 1;
            int block = shared && mask.Shape[0] > 0 ? mask.Size / mask.Shape[0] : 0;
            for (int o = 0; o < xs.Length; o += s)
            {
                var yr = ys.Slice(o, s);
                var mr = ms.Slice(MaskOffset(o, heads, block), s);
                var xr = xs.Slice(o, s);
                for (int j = 0; j < s; j++)
                {
                    yr[j] = mr[j] != 0f ? xr[j] : MaskedScore;
                }

                SoftmaxRow(yr, yr);
            }
        }

        var node = GradientTape.Record(MaskedSoftmaxGrad.Instance, y, scores, mask);
        if (node is not null)
        {
            node.I0 = shared ? scores.Shape[1] : 1;
        }

        return y;
    }

    // Where the mask row of the score row starting at offset o begins: scores [B, H, T*S] read mask [B, T*S].
    private static int MaskOffset(int o, int heads, int block)
    {
        if (heads == 1)
        {
            return o;
        }

        int perSample = heads * block;
        int b = o / perSample;
        return (b * block) + (o % block);
    }

    private sealed class MaskedSoftmaxGrad : Op
    {
        public static readonly MaskedSoftmaxGrad Instance = new();

        public override string Name => "masked_softmax";

        // y = softmax(where(mask, x, -1e9)) per row:  dL/dx = y * (g - sum(g * y)) where the mask keeps x, 0 elsewhere
        // (a masked x was replaced by a constant).
        public override void Backward(Node node, Tensor g, GradientStore grads)
        {
            Tensor x = node.A!, mask = node.B!;
            if (!grads.Needs(x))
            {
                return;
            }

            int s = x.Shape.Last;
            int heads = node.I0;
            int block = heads == 1 || mask.Shape[0] == 0 ? 0 : mask.Size / mask.Shape[0];
            var ys = node.Output.ReadOnlySpan;
            var gs = g.ReadOnlySpan;
            var ms = mask.ReadOnlySpan;
            var d = Temp(x.Size);
            for (int o = 0; o + s <= ys.Length && s > 0; o += s)
            {
                var yr = ys.Slice(o, s);
                var gr = gs.Slice(o, s);
                var mr = ms.Slice(MaskOffset(o, heads, block), s);
                float dot = TensorPrimitives.Dot(gr, yr);
                var dr = d.Slice(o, s);
                TensorPrimitives.Subtract(gr, dot, dr);
                TensorPrimitives.Multiply(dr, yr, dr);
                for (int j = 0; j < s; j++)
                {
                    if (mr[j] == 0f)
                    {
                        dr[j] = 0f;
                    }
                }
            }

            grads.Add(x, d);
        }
    }
}
