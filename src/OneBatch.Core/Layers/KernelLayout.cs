using OneBatch.Autodiff;
using OneBatch.Initializers;
using OneBatch.Tensors;

namespace OneBatch.Layers;

/// <summary>
/// A convolution kernel stored in another axis order than the engine computes with, as Keras 1 stored some: a
/// Convolution2D under <c>dim_ordering "th"</c> keeps <c>[F, C, KH, KW]</c>, a Deconvolution2D <c>[KH, KW, C, F]</c>
/// (<c>"tf"</c>) or <c>[F, C, KH, KW]</c> (<c>"th"</c>). The layer keeps the weight in that order, so weights saved by
/// that Keras load as they are, and moves its axes into the engine's order on each call (a small differentiable copy).
/// <see cref="Axes"/> says where each engine axis comes from: engine axis i is stored axis <c>Axes[i]</c>.
/// </summary>
internal sealed class KernelLayout(int[] axes)
{
    /// <summary>Keras 1's Convolution2D under "th": <c>[F, C, KH, KW]</c> for the engine's <c>[KH, KW, C, F]</c>.</summary>
    public static readonly KernelLayout Keras1ChannelsFirstConvolution = new([2, 3, 1, 0]);

    /// <summary>Keras 1's Deconvolution2D under "tf": <c>[KH, KW, C, F]</c> for the engine's <c>[KH, KW, F, C]</c>.</summary>
    public static readonly KernelLayout Keras1Deconvolution = new([0, 1, 3, 2]);

    /// <summary>Keras 1's Deconvolution2D under "th": <c>[F, C, KH, KW]</c> for the engine's <c>[KH, KW, F, C]</c>.</summary>
    public static readonly KernelLayout Keras1ChannelsFirstDeconvolution = new([2, 3, 0, 1]);

    public IReadOnlyList<int> Axes { get; } = axes;

    /// <summary>The stored shape of a kernel whose engine shape is <paramref name="engine"/>.</summary>
    public Shape Stored(Shape engine)
    {
        Span<int> dims = stackalloc int[engine.Rank];
        for (int i = 0; i < engine.Rank; i++)
        {
            dims[axes[i]] = engine[i];
        }

        return new Shape(dims);
    }

    /// <summary>
    /// Fills the stored kernel as <paramref name="initializer"/> fills a kernel of the engine's shape (so fans are
    /// counted as Keras 2 and later count them), then moves the values into the stored order.
    /// </summary>
    public void Fill(Tensor stored, Shape engine, Initializer initializer, RandomGenerator random)
    {
        if (random.DryRun)
        {
            return;
        }

        var values = new Tensor(engine);
        initializer.Fill(values.Span, engine, random);
        Span<int> inverse = stackalloc int[axes.Length];
        for (int i = 0; i < axes.Length; i++)
        {
            inverse[axes[i]] = i;
        }

        // Copied at once: under an active tape the transpose's output buffer is reused by the next recording.
        Ops.Transpose(values, inverse).ReadOnlySpan.CopyTo(stored.Span);
    }

    /// <summary>The stored kernel in the engine's axis order.</summary>
    public Tensor ToEngine(Tensor stored) => Ops.Transpose(stored, axes);
}
