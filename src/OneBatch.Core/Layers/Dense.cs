using OneBatch.Activations;
using OneBatch.Autodiff;
using OneBatch.Initializers;
using OneBatch.Tensors;

namespace OneBatch.Layers;

/// <summary>
/// A densely connected layer: <c>activation(x @ kernel + bias)</c>, like <c>keras.layers.Dense</c>.
/// Kernel <c>[in, units]</c>, glorot_uniform by default; bias <c>[units]</c>, zeros by default.
/// </summary>
public sealed class Dense : Layer
{
    public Dense(
        int units,
        ActivationFunction? activation = null,
        bool useBias = true,
        Initializer? kernelInitializer = null,
        Initializer? biasInitializer = null,
        int[]? inputShape = null,
        string? name = null)
        : base(name, inputShape)
    {
        if (units <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(units), $"Dense needs a positive number of units; got {units}.");
        }

        Units = units;
        Activation = activation ?? ActivationFunction.Linear;
        UseBias = useBias;
        KernelInitializer = kernelInitializer ?? new GlorotUniform();
        BiasInitializer = biasInitializer ?? new Constant(0f);
    }

    public int Units { get; }

    public ActivationFunction Activation { get; }

    public override ActivationFunction? OutputActivation => Activation;

    public bool UseBias { get; }

    public Initializer KernelInitializer { get; }

    public Initializer BiasInitializer { get; }

    public Variable? Kernel { get; private set; }

    public Variable? Bias { get; private set; }

    public override Shape ComputeOutputShape(Shape inputShape)
    {
        if (inputShape.Rank < 1)
        {
            throw ShapeError(inputShape, "inputs with at least one feature axis");
        }

        return inputShape.WithLast(Units);
    }

    protected override void Build(Shape inputShape)
    {
        Kernel = AddWeight("kernel", new Shape(inputShape.Last, Units), KernelInitializer);
        if (UseBias)
        {
            Bias = AddWeight("bias", new Shape(Units), BiasInitializer);
        }
    }

    // x: [batch, ..., in] -> [batch, ..., units]
    public override bool SupportsMasking => true;

    protected internal override Tensor Call(Tensor x, bool training)
    {
        int features = x.Shape.Last;
        Tensor flat = x.Rank == 2 ? x : Ops.Reshape(x, new Shape(x.Size / features, features));
        Tensor y = Ops.MatMul(flat, Kernel!.Value);
        if (Bias is not null)
        {
            y = Ops.Add(y, Bias.Value);
        }

        if (x.Rank != 2)
        {
            y = Ops.Reshape(y, x.Shape.WithLast(Units));
        }

        return Activation.Apply(y);
    }
}
