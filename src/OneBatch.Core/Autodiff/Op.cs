namespace OneBatch.Autodiff;

/// <summary>
/// The backward rule of one differentiable operation. Each op's forward function lives in <see cref="Ops"/>, in the
/// same file as its rule; the forward records a <see cref="Node"/> naming the rule, and the tape calls it backwards.
/// </summary>
internal abstract class Op
{
    public abstract string Name { get; }

    /// <summary>
    /// Adds <c>dL/d(input)</c> into <paramref name="grads"/> for each input of <paramref name="node"/> that leads to a
    /// requested source, given <paramref name="g"/> = <c>dL/d(output)</c>.
    /// </summary>
    public abstract void Backward(Node node, Tensors.Tensor g, GradientStore grads);
}

/// <summary>An op recorded for the shape of the graph that has no gradient; the tape fails clearly if one is needed.</summary>
internal sealed class NoGradientOp(string name) : Op
{
    public override string Name => name;

    public override void Backward(Node node, Tensors.Tensor g, GradientStore grads) =>
        throw new InvalidOperationException(
            $"The op '{Name}' has no gradient, but a gradient was requested through it.");
}
