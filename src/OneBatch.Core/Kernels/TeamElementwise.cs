using System.Numerics.Tensors;

namespace OneBatch.Kernels;

/// <summary>
/// Long elementwise passes (ReLU forward and backward, the Adam update) cut into chunks that the <see cref="GemmTeam"/>'s
/// threads share. They are memory-bound passes over megabytes (the large CNN's first ReLU reads and writes 16 MB each
/// way; Adam reads 4 and writes 3 arrays of its 2.2M weights) that left one core idle while the other streamed them.
/// Each element is computed by the same code whatever chunk it falls in, and chunk edges are multiples of 64 floats
/// (whole cache lines, whole vectors), so results do not depend on the thread count.
/// </summary>
internal static unsafe class TeamElementwise
{
    // Spans of fewer floats (1 MB) stay on the calling thread: waking the team would cost more than it saves.
    private const int MinLength = 1 << 18;

    private const int Units = 4;

    [ThreadStatic]
    private static Work? t_work;

    private enum Pass
    {
        Relu,
        ReluBackward,
        Adam,
    }

    /// <summary>Whether a pass over <paramref name="length"/> floats is worth sharing.</summary>
    public static bool Worth(int length) => length >= MinLength && GemmTeam.Size > 1;

    /// <summary>y = max(x, 0), as <c>TensorPrimitives.Max(x, 0f, y)</c> computes it.</summary>
    public static void Relu(ReadOnlySpan<float> x, Span<float> y)
    {
        fixed (float* px = x, py = y)
        {
            Run(Pass.Relu, x.Length, px, null, py, null, false, default);
        }
    }

    public static void ReluBackward(ReadOnlySpan<float> y, ReadOnlySpan<float> g, Span<float> dx, bool accumulate)
    {
        fixed (float* py = y, pg = g, pd = dx)
        {
            Run(Pass.ReluBackward, y.Length, py, pg, pd, null, accumulate, default);
        }
    }

    public static void Adam(Span<float> w, ReadOnlySpan<float> g, Span<float> m, Span<float> v, float alpha, float beta1, float beta2, float epsilon)
    {
        fixed (float* pw = w, pg = g, pm = m, pv = v)
        {
            Run(Pass.Adam, w.Length, pw, pg, pm, pv, false, new AdamScalars(alpha, beta1, beta2, epsilon));
        }
    }

    private static void Run(Pass pass, int length, float* a, float* b, float* c, float* d, bool accumulate, AdamScalars adam)
    {
        var work = t_work ??= new Work();
        work.Set(pass, length, a, b, c, d, accumulate, adam);
        GemmTeam.RunWork(work, Units);
    }

    private readonly record struct AdamScalars(float Alpha, float Beta1, float Beta2, float Epsilon);

    /// <summary>One pass over raw pointers (pinned by the caller while it runs); unit u does chunk u of <see cref="Units"/>.</summary>
    private sealed class Work : ITeamWork
    {
        private Pass _pass;
        private int _length;
        private float* _a;
        private float* _b;
        private float* _c;
        private float* _d;
        private bool _accumulate;
        private AdamScalars _adam;

        public void Set(Pass pass, int length, float* a, float* b, float* c, float* d, bool accumulate, AdamScalars adam)
        {
            _pass = pass;
            _length = length;
            _a = a;
            _b = b;
            _c = c;
            _d = d;
            _accumulate = accumulate;
            _adam = adam;
        }

        public void RunUnit(int unit)
        {
            int chunk = ((_length / Units) + 63) & ~63;
            int lo = Math.Min(_length, unit * chunk);
            int hi = unit == Units - 1 ? _length : Math.Min(_length, lo + chunk);
            int n = hi - lo;
            switch (_pass)
            {
                case Pass.Relu:
                    TensorPrimitives.Max(new ReadOnlySpan<float>(_a + lo, n), 0f, new Span<float>(_c + lo, n));
                    break;
                case Pass.ReluBackward:
                    Elementwise.ReluBackwardCore(new ReadOnlySpan<float>(_a + lo, n), new ReadOnlySpan<float>(_b + lo, n), new Span<float>(_c + lo, n), _accumulate);
                    break;
                default:
                    OptimizerUpdates.AdamCore(
                        new Span<float>(_a + lo, n), new ReadOnlySpan<float>(_b + lo, n), new Span<float>(_c + lo, n), new Span<float>(_d + lo, n), _adam.Alpha, _adam.Beta1, _adam.Beta2, _adam.Epsilon);
                    break;
            }
        }
    }
}
