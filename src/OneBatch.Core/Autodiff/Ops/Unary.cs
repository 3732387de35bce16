using OneBatch.Kernels;
using OneBatch.Tensors;

namespace OneBatch.Autodiff;

public static partial class Ops
{
    /// <summary>max(x, 0).</summary>
    public static Tensor Relu(Tensor x) => Unary(UnaryKind.Relu, x);

    /// <summary>1 / (1 + e^-x).</summary>
    public static Tensor Sigmoid(Tensor x) => Unary(UnaryKind.Sigmoid, x);

    /// <summary>tanh(x).</summary>
    public static Tensor Tanh(Tensor x) => Unary(UnaryKind.Tanh, x);

    /// <summary>e^x.</summary>
    public static Tensor Exp(Tensor x) => Unary(UnaryKind.Exp, x);

    /// <summary>The natural logarithm.</summary>
    public static Tensor Log(Tensor x) => Unary(UnaryKind.Log, x);

    /// <summary>x^2.</summary>
    public static Tensor Square(Tensor x) => Unary(UnaryKind.Square, x);

    /// <summary>sqrt(x).</summary>
    public static Tensor Sqrt(Tensor x) => Unary(UnaryKind.Sqrt, x);

    /// <summary>|x|.</summary>
    public static Tensor Abs(Tensor x) => Unary(UnaryKind.Abs, x);

    /// <summary>-x.</summary>
    public static Tensor Negate(Tensor x) => Unary(UnaryKind.Negate, x);

    /// <summary>log(1 + e^x), computed without overflow.</summary>
    public static Tensor Softplus(Tensor x) => Unary(UnaryKind.Softplus, x);

    /// <summary>x where x &gt; 0, else alpha * (e^x - 1), like <c>keras.ops.elu</c>.</summary>
    public static Tensor Elu(Tensor x, float alpha = 1f) => Unary(UnaryKind.Elu, x, alpha);

    /// <summary>
    /// scale * elu(x, alpha) with Keras's constants (alpha 1.67326324, scale 1.05070098), like <c>keras.ops.selu</c>.
    /// </summary>
    public static Tensor Selu(Tensor x) => Unary(UnaryKind.Selu, x);

    /// <summary>
    /// x * P(X &lt;= x) for a standard normal X: 0.5 x (1 + erf(x / sqrt 2)), the exact GELU (<c>keras.ops.gelu(x, approximate=False)</c>).
    /// </summary>
    public static Tensor Gelu(Tensor x) => Unary(UnaryKind.Gelu, x);

    /// <summary>
    /// The tanh approximation of GELU, 0.5 x (1 + tanh(sqrt(2 / pi) (x + 0.044715 x^3))) (<c>keras.ops.gelu(x, approximate=True)</c>).
    /// </summary>
    public static Tensor GeluApproximate(Tensor x) => Unary(UnaryKind.GeluTanh, x);

    /// <summary>x * sigmoid(x), also called swish (<c>keras.ops.silu</c>).</summary>
    public static Tensor Silu(Tensor x) => Unary(UnaryKind.Silu, x);

    /// <summary>x * relu6(x + 3) / 6, also called hard swish (<c>keras.ops.hard_silu</c>).</summary>
    public static Tensor HardSilu(Tensor x) => Unary(UnaryKind.HardSilu, x);

    /// <summary>x * tanh(softplus(x)) (<c>keras.activations.mish</c>).</summary>
    public static Tensor Mish(Tensor x) => Unary(UnaryKind.Mish, x);

    /// <summary>x / (1 + |x|) (<c>keras.ops.softsign</c>).</summary>
    public static Tensor Softsign(Tensor x) => Unary(UnaryKind.Softsign, x);

    /// <summary>SELU's alpha and scale, as Keras writes them.</summary>
    private const float SeluAlpha = 1.6732632423543772848170429916717f;
    private const float SeluScale = 1.0507009873554804934193349852946f;

    /// <summary>sqrt(2 / pi) and the cubic coefficient of GELU's tanh approximation.</summary>
    private const float GeluTanhScale = 0.7978845608028654f;
    private const float GeluTanhCubic = 0.044715f;

    /// <summary>1 / sqrt(2 pi), the standard normal density at 0.</summary>
    private const double InverseSqrtTwoPi = 0.3989422804014327;

    private enum UnaryKind
    {
        Relu,
        Sigmoid,
        Tanh,
        Exp,
        Log,
        Square,
        Sqrt,
        Abs,
        Negate,
        Softplus,
        Elu,
        Selu,
        Gelu,
        GeluTanh,
        Silu,
        HardSilu,
        Mish,
        Softsign,
    }

    /// <summary>A unary op; <paramref name="parameter"/> is ELU's alpha, unused by the others.</summary>
    private static Tensor Unary(UnaryKind kind, Tensor x, float parameter = 0f)
    {
        var y = GradientTape.NewOutput(x.Shape);
        var xs = x.ReadOnlySpan;
        var ys = y.Span;
        switch (kind)
        {
            case UnaryKind.Relu: Elementwise.Relu(xs, ys); break;
            case UnaryKind.Sigmoid: TensorPrimitives.Sigmoid(xs, ys); break;
            case UnaryKind.Tanh: TensorPrimitives.Tanh(xs, ys); break;
            case UnaryKind.Exp: TensorPrimitives.Exp(xs, ys); break;
            case UnaryKind.Log: TensorPrimitives.Log(xs, ys); break;
            case UnaryKind.Square: TensorPrimitives.Multiply(xs, xs, ys); break;
            case UnaryKind.Sqrt: TensorPrimitives.Sqrt(xs, ys); break;
            case UnaryKind.Abs: TensorPrimitives.Abs(xs, ys); break;
            case UnaryKind.Negate: TensorPrimitives.Negate(xs, ys); break;
            case UnaryKind.Softplus:
                // log(1 + e^x) = max(x, 0) + log(1 + e^-|x|); the 1 + e^-|x| in double, so that a tiny e^-|x| (the
                // softplus of a large negative x, a cross-entropy near 0) is not rounded away.
                for (int i = 0; i < xs.Length; i++)
                {
                    float v = xs[i];
                    ys[i] = MathF.Max(v, 0f) + (float)Math.Log(1.0 + MathF.Exp(-MathF.Abs(v)));
                }

                break;
            default:
                SmoothForward(kind, xs, ys, parameter);
                break;
        }

        var node = GradientTape.Record(UnaryGrad.Of(kind), y, x);
        if (node is not null)
        {
            node.F0 = parameter;
        }

        return y;
    }

    // The activations beyond relu, sigmoid and tanh, one element at a time (exp, erf and tanh in each; the vector
    // library has no erf).
    private static void SmoothForward(UnaryKind kind, ReadOnlySpan<float> xs, Span<float> ys, float alpha)
    {
        switch (kind)
        {
            case UnaryKind.Elu:
                for (int i = 0; i < xs.Length; i++)
                {
                    float v = xs[i];
                    ys[i] = v >= 0f ? v : alpha * (MathF.Exp(v) - 1f);
                }

                break;
            case UnaryKind.Selu:
                for (int i = 0; i < xs.Length; i++)
                {
                    float v = xs[i];
                    ys[i] = SeluScale * (v >= 0f ? v : SeluAlpha * (MathF.Exp(v) - 1f));
                }

                break;
            case UnaryKind.Gelu:
                for (int i = 0; i < xs.Length; i++)
                {
                    double v = xs[i];
                    ys[i] = (float)(0.5 * v * (1.0 + Erf.Of(v * Math.Sqrt(0.5))));
                }

                break;
            case UnaryKind.GeluTanh:
                for (int i = 0; i < xs.Length; i++)
                {
                    float v = xs[i];
                    ys[i] = 0.5f * v * (1f + MathF.Tanh(GeluTanhScale * (v + (GeluTanhCubic * v * v * v))));
                }

                break;
            case UnaryKind.Silu:
                TensorPrimitives.Sigmoid(xs, ys);
                TensorPrimitives.Multiply(xs, ys, ys);
                break;
            case UnaryKind.HardSilu:
                for (int i = 0; i < xs.Length; i++)
                {
                    float v = xs[i];
                    ys[i] = v * Math.Clamp((v / 6f) + 0.5f, 0f, 1f);
                }

                break;
            case UnaryKind.Mish:
                for (int i = 0; i < xs.Length; i++)
                {
                    float v = xs[i];
                    ys[i] = v * MathF.Tanh(StableSoftplus(v));
                }

                break;
            case UnaryKind.Softsign:
                for (int i = 0; i < xs.Length; i++)
                {
                    float v = xs[i];
                    ys[i] = v / (1f + MathF.Abs(v));
                }

                break;
        }
    }

    // log(1 + e^v) without overflow: max(v, 0) + log(1 + e^-|v|).
    private static float StableSoftplus(float v) => MathF.Max(v, 0f) + (float)Math.Log(1.0 + MathF.Exp(-MathF.Abs(v)));

    // The local derivative dy/dx of the activations of SmoothForward, from x (and y where it is cheaper).
    private static void SmoothDerivative(UnaryKind kind, ReadOnlySpan<float> xs, ReadOnlySpan<float> ys, Span<float> d, float alpha)
    {
        switch (kind)
        {
            case UnaryKind.Elu:
                // x > 0: 1;  x <= 0: alpha e^x = y + alpha
                for (int i = 0; i < xs.Length; i++)
                {
                    d[i] = xs[i] > 0f ? 1f : ys[i] + alpha;
                }

                break;
            case UnaryKind.Selu:
                // x > 0: scale;  x <= 0: scale alpha e^x = y + scale alpha
                for (int i = 0; i < xs.Length; i++)
                {
                    d[i] = xs[i] > 0f ? SeluScale : ys[i] + (SeluScale * SeluAlpha);
                }

                break;
            case UnaryKind.Gelu:
                // d/dx [x Phi(x)] = Phi(x) + x phi(x), phi(x) = e^(-x^2 / 2) / sqrt(2 pi)
                for (int i = 0; i < xs.Length; i++)
                {
                    double v = xs[i];
                    d[i] = (float)((0.5 * (1.0 + Erf.Of(v * Math.Sqrt(0.5)))) + (v * Math.Exp(-0.5 * v * v) * InverseSqrtTwoPi));
                }

                break;
            case UnaryKind.GeluTanh:
                // u = c (x + k x^3), t = tanh u:  d/dx [0.5 x (1 + t)] = 0.5 (1 + t) + 0.5 x (1 - t^2) c (1 + 3 k x^2)
                for (int i = 0; i < xs.Length; i++)
                {
                    float v = xs[i];
                    float t = MathF.Tanh(GeluTanhScale * (v + (GeluTanhCubic * v * v * v)));
                    d[i] = (0.5f * (1f + t)) + (0.5f * v * (1f - (t * t)) * GeluTanhScale * (1f + (3f * GeluTanhCubic * v * v)));
                }

                break;
            case UnaryKind.Silu:
                // s = sigmoid(x):  d/dx [x s] = s + x s (1 - s) = s (1 + x (1 - s))
                for (int i = 0; i < xs.Length; i++)
                {
                    float v = xs[i];
                    float s = 1f / (1f + MathF.Exp(-v));
                    d[i] = s * (1f + (v * (1f - s)));
                }

                break;
            case UnaryKind.HardSilu:
                // x <= -3: 0;  x >= 3: 1;  between: d/dx [x (x / 6 + 1 / 2)] = x / 3 + 1 / 2
                for (int i = 0; i < xs.Length; i++)
                {
                    float v = xs[i];
                    d[i] = v <= -3f ? 0f : v >= 3f ? 1f : (v / 3f) + 0.5f;
                }

                break;
            case UnaryKind.Mish:
                // t = tanh(softplus(x)):  d/dx [x t] = t + x (1 - t^2) sigmoid(x)
                for (int i = 0; i < xs.Length; i++)
                {
                    float v = xs[i];
                    float t = MathF.Tanh(StableSoftplus(v));
                    d[i] = t + (v * (1f - (t * t)) / (1f + MathF.Exp(-v)));
                }

                break;
            case UnaryKind.Softsign:
                // d/dx [x / (1 + |x|)] = 1 / (1 + |x|)^2
                for (int i = 0; i < xs.Length; i++)
                {
                    float a = 1f + MathF.Abs(xs[i]);
                    d[i] = 1f / (a * a);
                }

                break;
        }
    }

    private sealed class UnaryGrad(UnaryKind kind) : Op
    {
        private static readonly UnaryGrad[] All = Enum.GetValues<UnaryKind>().Select(k => new UnaryGrad(k)).ToArray();

        public static UnaryGrad Of(UnaryKind kind) => All[(int)kind];

        public override string Name => kind.ToString().ToLowerInvariant();

        public override void Backward(Node node, Tensor g, GradientStore grads)
        {
            Tensor x = node.A!, y = node.Output;
            if (!grads.Needs(x))
            {
                return;
            }

            var xs = x.ReadOnlySpan;
            var ys = y.ReadOnlySpan;
            var gs = g.ReadOnlySpan;
            var d = Temp(x.Size);
            switch (kind)
            {
                case UnaryKind.Relu:
                    // dL/dx = g * (y > 0), as a select: g where y > 0, else 0
                    var dx = grads.Slot(x, out bool accumulate);
                    Elementwise.ReluBackward(ys, gs, dx.Span, accumulate);
                    return;
                case UnaryKind.Sigmoid:
                    // dL/dx = g * y * (1 - y)
                    TensorPrimitives.Subtract(1f, ys, d);
                    TensorPrimitives.Multiply(ys, d, d);
                    break;
                case UnaryKind.Tanh:
                    // dL/dx = g * (1 - y^2)
                    TensorPrimitives.Multiply(ys, ys, d);
                    TensorPrimitives.Subtract(1f, d, d);
                    break;
                case UnaryKind.Exp:
                    // dL/dx = g * y
                    AccumulateProduct(grads, x, gs, ys);
                    return;
                case UnaryKind.Log:
                    // dL/dx = g / x
                    TensorPrimitives.Divide(gs, xs, d);
                    grads.Add(x, d);
                    return;
                case UnaryKind.Square:
                    // dL/dx = g * 2x
                    TensorPrimitives.Multiply(xs, 2f, d);
                    break;
                case UnaryKind.Sqrt:
                    // dL/dx = g / (2y)
                    TensorPrimitives.Multiply(ys, 2f, d);
                    TensorPrimitives.Divide(gs, d, d);
                    grads.Add(x, d);
                    return;
                case UnaryKind.Abs:
                    // dL/dx = g * sign(x)
                    Elementwise.Sign(xs, d);
                    break;
                case UnaryKind.Negate:
                    // dL/dx = -g
                    AccumulateScaled(grads, x, gs, -1f);
                    return;
                case UnaryKind.Softplus:
                    // dL/dx = g * sigmoid(x)
                    TensorPrimitives.Sigmoid(xs, d);
                    break;
                default:
                    // dL/dx = g * f'(x), each derivation beside its case in SmoothDerivative
                    SmoothDerivative(kind, xs, ys, d, node.F0);
                    break;
            }

            AccumulateProduct(grads, x, gs, d);
        }
    }
}
