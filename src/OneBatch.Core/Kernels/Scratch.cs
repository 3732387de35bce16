namespace OneBatch.Kernels;

/// <summary>
/// Per-thread scratch buffers for kernels (packed or transposed panels). A buffer grows to the largest size asked
/// for and is then reused, so kernels allocate nothing in steady state. A kernel must not hold a buffer across a
/// call to another kernel that uses the same slot.
/// </summary>
internal static class Scratch
{
    /// <summary>Gemm: the packed A panel, or B laid out transposed.</summary>
    public const int GemmA = 0;

    /// <summary>The backward rules of <c>Ops</c> (their temporaries).</summary>
    public const int Ops = 1;

    /// <summary>Convolution: a block of the patch (im2col) matrix; Gemm runs while it is held.</summary>
    public const int Convolution = 2;

    /// <summary>Convolution: the per-unit partial sums of a kernel gradient shared out over the team; held across Gemm.</summary>
    public const int ConvolutionPartials = 3;

    /// <summary>Gemm: the packed B panel.</summary>
    public const int GemmB = 4;

    /// <summary>Recurrent ops: a recurrent kernel packed once for all the time steps; Gemm runs while it is held.</summary>
    public const int RecurrentWeights = 5;

    /// <summary>Recurrent ops: the gate gradients of every step and the per-step state buffers; held across Gemm.</summary>
    public const int RecurrentWork = 6;

    /// <summary>Depthwise convolution: one image with each channel repeated depth_multiplier times, or its gradient.</summary>
    public const int Depthwise = 7;

    /// <summary>Convolution: the kernel turned for the input gradient's convolution; held across the pass.</summary>
    public const int ConvolutionKernel = 8;

    /// <summary>Convolution: a kernel gradient's dy with a ReLU's mask applied (one image of it, or all when read by im2col).</summary>
    public const int ConvolutionGradient = 9;

    public const int SlotCount = 10;

    /// <summary>Floats in a 64-byte cache line: what a buffer asks for beyond its length to be used from <see cref="AlignToCacheLine"/>.</summary>
    public const int CacheLineFloats = 16;

    [ThreadStatic]
    private static float[]?[]? t_buffers;

    /// <summary>A buffer of at least <paramref name="length"/> floats for <paramref name="slot"/>; contents are undefined.</summary>
    public static float[] Get(int slot, int length)
    {
        var buffers = t_buffers ??= new float[SlotCount][];
        var b = buffers[slot];
        if (b is null || b.Length < length)
        {
            b = new float[Math.Max(length, 64)];
            buffers[slot] = b;
        }

        return b;
    }

    /// <summary>The first cache-line boundary at or after <paramref name="p"/> (at most 15 floats on).</summary>
    public static unsafe float* AlignToCacheLine(float* p) => (float*)(((nint)p + 63) & ~(nint)63);
}
