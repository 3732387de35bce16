using OneBatch.Tensors;

namespace OneBatch.Autodiff;

public static partial class Ops
{
    /// <summary>The same values with another shape of the same size (a view: no copy).</summary>
    public static Tensor Reshape(Tensor x, Shape shape)
    {
        if (shape.Size != x.Size)
        {
            throw new ArgumentException($"Cannot reshape {x.Shape} ({x.Size} values) to {shape} ({shape.Size} values).");
        }

        var y = GradientTape.NewView(x, shape);
        GradientTape.Record(ReshapeGrad.Instance, y, x);
        return y;
    }

    private sealed class ReshapeGrad : Op
    {
        public static readonly ReshapeGrad Instance = new();

        public override string Name => "reshape";

        // y = reshape(x):  dL/dx = reshape(g) (same values in the same order)
        public override void Backward(Node node, Tensor g, GradientStore grads)
        {
            if (grads.Needs(node.A))
            {
                grads.Add(node.A!, g.ReadOnlySpan);
            }
        }
    }
}
