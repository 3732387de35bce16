using System.Globalization;
using OneBatch.Layers;
using OneBatch.Losses;
using OneBatch.Models;
using OneBatch.Tensors;

namespace OneBatch.Check;

/// <summary>
/// A batch made from a model's shapes, as the seed article starts: "generate a batch of synthetic data". Every input
/// is uniform in [0, 1) like <c>np.random.rand</c>, except an input an Embedding reads, which holds token ids below its
/// vocabulary size; every output gets targets its loss accepts: one-hot rows for categorical cross-entropy, class
/// indices for the sparse one, 0/1 for binary cross-entropy, uniform [0, 1) values for a regression loss. The inputs
/// are drawn first, then the targets, in input and output order, so the same generator gives the same batch (for the
/// seed's models exactly the batch the seed demos draw).
/// </summary>
/// <param name="Inputs">One tensor per model input, <c>[batch, ...]</c>.</param>
/// <param name="Targets">One tensor per model output.</param>
/// <param name="Description">One sentence saying how the batch was made (for the report's notes).</param>
public sealed record SyntheticBatch(IReadOnlyList<Tensor> Inputs, IReadOnlyList<Tensor> Targets, string Description)
{
    /// <summary>The seed article's batch size.</summary>
    public const int DefaultBatchSize = 32;

    /// <summary>The size a synthetic batch gives an axis the model leaves open (<c>None</c>): a sequence length, an image side.</summary>
    public const int OpenSize = 32;

    /// <summary>A batch of <paramref name="batchSize"/> samples for <paramref name="model"/> (built) trained with <paramref name="loss"/>.</summary>
    public static SyntheticBatch For(Model model, CompiledLoss loss, int batchSize, RandomGenerator random)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(loss);
        ArgumentNullException.ThrowIfNull(random);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        if (!model.Built)
        {
            throw new ArgumentException($"Model '{model.Name}' has no input shape yet, so no batch can be made for it: build it first.");
        }

        if (model.OutputShapes.Count != loss.Count)
        {
            throw new ArgumentException($"The model has {model.OutputShapes.Count} outputs but the loss covers {loss.Count}.");
        }

        var c = CultureInfo.InvariantCulture;
        var vocabulary = TokenInputs(model);
        var inputs = new Tensor[model.InputShapes.Count];
        var inputParts = new List<string>();
        for (int i = 0; i < inputs.Length; i++)
        {
            var shape = model.InputShapes[i].Prepend(batchSize);
            if (vocabulary.TryGetValue(i, out var ids))
            {
                // Id 0 is padding under mask_zero: a sample of padding only has nothing to learn from, so ids start at 1.
                inputs[i] = random.Integers(shape, ids.Low, ids.High);
                inputParts.Add(string.Create(c, $"token ids in [{ids.Low}, {ids.High}) for {InputName(model, i)} (it feeds the Embedding '{ids.Embedding}')"));
            }
            else
            {
                inputs[i] = random.Uniform(shape);
            }
        }

        var targets = new Tensor[loss.Count];
        var targetParts = new List<string>();
        for (int o = 0; o < targets.Length; o++)
        {
            (targets[o], string kind) = TargetsFor(loss.Losses[o], model.OutputShapes[o], batchSize, random);
            targetParts.Add(loss.Count == 1 ? kind : $"{kind} for '{model.OutputNames[o]}'");
        }

        string inputText = inputParts.Count == 0
            ? "inputs uniform in [0, 1)"
            : $"{string.Join(", ", inputParts)}{(inputParts.Count < inputs.Length ? ", the other inputs uniform in [0, 1)" : string.Empty)}";
        string description = string.Create(c,
            $"The batch is synthetic, made from the model's shapes: {batchSize} samples, {inputText}; targets {string.Join(", ", targetParts)}.");
        return new SyntheticBatch(inputs, targets, description);
    }

    /// <summary>A ready-made case: <paramref name="model"/>, a synthetic batch for it and <paramref name="loss"/>, marked synthetic.</summary>
    public static CheckCase Case(string name, Model model, CompiledLoss loss, int batchSize, RandomGenerator random)
    {
        var batch = For(model, loss, batchSize, random);
        return new CheckCase(name, model, batch.Inputs, batch.Targets, loss) { Notes = [batch.Description], Synthetic = true };
    }

    /// <summary>Targets <paramref name="loss"/> accepts for an output of per-sample shape <paramref name="output"/>, and what they are.</summary>
    public static (Tensor Targets, string Kind) TargetsFor(Loss loss, Shape output, int batchSize, RandomGenerator random)
    {
        ArgumentNullException.ThrowIfNull(loss);
        ArgumentNullException.ThrowIfNull(random);
        var c = CultureInfo.InvariantCulture;
        int classes = output.Rank == 0 ? 1 : output.Last;
        switch (loss)
        {
            case SparseCategoricalCrossentropy:
                return (random.Integers(output.DropLast().Prepend(batchSize), 0, classes), string.Create(c, $"class indices in [0, {classes}) ({loss.Name})"));
            case CategoricalCrossentropy:
                {
                    var labels = random.Integers(output.DropLast().Prepend(batchSize), 0, classes);
                    var oneHot = new Tensor(output.Prepend(batchSize));
                    var span = oneHot.Span;
                    var l = labels.ReadOnlySpan;
                    for (int i = 0; i < l.Length; i++)
                    {
                        span[(i * classes) + (int)l[i]] = 1f;
                    }

                    return (oneHot, string.Create(c, $"one-hot over {classes} classes ({loss.Name})"));
                }

            case BinaryCrossentropy:
                return (random.Integers(output.Prepend(batchSize), 0, 2), $"0/1 ({loss.Name})");
            default:
                return (random.Uniform(output.Prepend(batchSize)), $"uniform in [0, 1) ({loss.Name})");
        }
    }

    // Each model input an Embedding reads unchanged, with the id range every such Embedding accepts.
    private static Dictionary<int, (int Low, int High, string Embedding)> TokenInputs(Model model)
    {
        var ranges = new Dictionary<int, (int Low, int High, string Embedding)>();
        foreach (var call in model.LayerGraph().Calls)
        {
            if (Embedding.Of(call.Layer) is not { } embedding)
            {
                continue;
            }

            int low = embedding.MaskZero ? Math.Min(1, embedding.InputDim - 1) : 0;
            foreach (int input in call.InputsReadUnchanged())
            {
                ranges[input] = ranges.TryGetValue(input, out var r)
                    ? (Math.Max(r.Low, low), Math.Min(r.High, embedding.InputDim), r.Embedding)
                    : (low, embedding.InputDim, embedding.Name);
            }
        }

        return ranges;
    }

    private static string InputName(Model model, int input) => model.InputShapes.Count == 1 ? "the input" : $"input '{model.InputNames[input]}'";
}
