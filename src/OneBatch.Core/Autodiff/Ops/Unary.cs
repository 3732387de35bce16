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
    }

    private static Tensor Unary(UnaryKind kind, Tensor x)
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
        }

        GradientTape.Record(UnaryGrad.Of(kind), y, x);
        return y;
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
            }

            AccumulateProduct(grads, x, gs, d);
        }
    }
}
