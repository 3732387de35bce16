using OneBatch.Losses;
using OneBatch.Tensors;

namespace OneBatch.IO.Data;

/// <summary>
/// Checks, before training, that the targets fit the model's output under the loss (Keras's rules), and when they
/// do not, says which loss or encoding would fit: integer labels go with sparse_categorical_crossentropy, one-hot
/// targets with categorical_crossentropy.
/// </summary>
public static class TargetShapes
{
    /// <param name="output">The model's per-sample output shape.</param>
    /// <param name="y">The targets <c>[batch, ...]</c>.</param>
    /// <param name="ySource">Names the targets in messages.</param>
    public static void Validate(Loss loss, Shape output, Tensor y, string ySource)
    {
        ArgumentNullException.ThrowIfNull(loss);
        ArgumentNullException.ThrowIfNull(y);
        var target = y.Shape.DropFirst();
        int classes = output.Last;
        bool labelShaped = output.Rank >= 1 && (target == output.DropLast() || (target.Rank == output.Rank && target.Last == 1 && target.Size == output.DropLast().Size));
        if (loss is SparseCategoricalCrossentropy)
        {
            if (target == output && classes > 1)
            {
                throw new InputException($"The targets in {ySource} look one-hot (per-sample shape {target}, like the output); they go with --loss categorical_crossentropy, not {loss.Name}.");
            }

            if (!labelShaped)
            {
                throw Mismatch(loss, output, target, ySource);
            }

            foreach (float v in y.ReadOnlySpan)
            {
                if (v != MathF.Floor(v) || v < 0 || v >= classes)
                {
                    throw new InputException($"The targets in {ySource} hold {v}, which is not a class index in [0, {classes}) for the model's {classes} outputs ({loss.Name} takes integer labels).");
                }
            }

            return;
        }

        if (loss is CategoricalCrossentropy && classes > 1 && labelShaped && target != output)
        {
            throw new InputException($"The targets in {ySource} are class labels (shape {y.Shape}) but the model has {classes} outputs: use --loss sparse_categorical_crossentropy, or one-hot encode the labels for {loss.Name}.");
        }

        bool fits = target == output
            || (target.Rank == output.Rank - 1 && output.Last == 1 && target == output.DropLast())
            || (output.Rank == target.Rank - 1 && target.Last == 1 && output == target.DropLast());
        if (!fits)
        {
            throw Mismatch(loss, output, target, ySource);
        }
    }

    private static InputException Mismatch(Loss loss, Shape output, Shape target, string ySource) =>
        new($"The targets in {ySource} have per-sample shape {target}, which does not fit the model's output of per-sample shape {output} under {loss.Name}.");
}
