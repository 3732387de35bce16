using OneBatch.Kernels;
using OneBatch.Tensors;

namespace OneBatch.Autodiff;

/// <summary>
/// The differentiable operations, like <c>keras.ops</c>. Each op is one file: its forward function here, and beside
/// it the backward rule with its derivation. Layers, activations and losses are written with these ops only.
/// </summary>
public static partial class Ops
{
    /// <summary>dx (+)= g * d, elementwise: the chain rule for an elementwise op whose local derivative is d.</summary>
    private static void AccumulateProduct(GradientStore grads, Tensor x, ReadOnlySpan<float> g, ReadOnlySpan<float> d)
    {
        var dx = grads.Slot(x, out bool accumulate);
        if (accumulate)
        {
            TensorPrimitives.FusedMultiplyAdd(g, d, dx.Span, dx.Span);
        }
        else
        {
            TensorPrimitives.Multiply(g, d, dx.Span);
        }
    }

    /// <summary>dx (+)= s * g.</summary>
    private static void AccumulateScaled(GradientStore grads, Tensor x, ReadOnlySpan<float> g, float s)
    {
        var dx = grads.Slot(x, out bool accumulate);
        if (accumulate)
        {
            TensorPrimitives.MultiplyAdd(g, s, dx.Span, dx.Span);
        }
        else
        {
            TensorPrimitives.Multiply(g, s, dx.Span);
        }
    }

    /// <summary>A scratch span of <paramref name="length"/> floats for a backward rule; valid until the rule returns.</summary>
    private static Span<float> Temp(int length) => Scratch.Get(Scratch.Ops, length).AsSpan(0, length);

    /// <summary>The axis as a non-negative index, or an error naming the op.</summary>
    private static int NormalizeAxis(string op, int axis, int rank)
    {
        int a = axis < 0 ? axis + rank : axis;
        if ((uint)a >= (uint)rank)
        {
            throw new ArgumentOutOfRangeException(nameof(axis), $"{op}: axis {axis} is out of range for a tensor of rank {rank}.");
        }

        return a;
    }
}
