using System.Globalization;
using OneBatch.Models;
using OneBatch.Optimizers;
using OneBatch.Tensors;

namespace OneBatch.Check;

/// <summary>
/// What a check will hold in memory at its peak, in bytes, worked out from shapes alone (a model built by a dry run,
/// <see cref="RandomGenerator.ForDryRun"/>, is enough): the weights; the gradients of the trainable ones; the
/// optimizer's state (<see cref="Optimizer.SlotsPerWeight"/> floats per trainable weight); the copies of the weights
/// the check keeps (the start it retrains from and the layer monitor's reference); the activations and their gradients
/// for one step of the batch; the batch itself; the kernels' scratch; and what a learning-rate probe adds while it
/// retrains from the start (a fresh optimizer's state, its gradients and a copy of the weights it restores).
/// </summary>
public sealed record MemoryEstimate(
    long Weights, long Gradients, long OptimizerState, long WeightCopies, long Activations, long Batch, long Scratch, long Probes, string OptimizerName)
{
    private const long Float = sizeof(float);

    // Per value of a layer's output, one step holds about this many floats: the output, the op intermediates that
    // make it (a Dense's product before its bias and activation, an activation's saved input) and a gradient for each.
    // A rough count; the whole estimate is held to a factor of two of what a build and a one-step check allocate
    // (MemoryEstimateTests: 22.7 MB estimated against 26.3 MB measured for a 400k-weight MLP on 256 samples).
    private const int FloatsPerActivation = 4;

    /// <summary>The whole estimate.</summary>
    public long Bytes => Weights + Gradients + OptimizerState + WeightCopies + Activations + Batch + Scratch + Probes;

    /// <summary>
    /// The estimate for <paramref name="model"/> (built, possibly by a dry run) trained on batches of
    /// <paramref name="batchSize"/> samples with <paramref name="optimizer"/>.
    /// </summary>
    public static MemoryEstimate For(Model model, long batchSize, Optimizer optimizer)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(optimizer);
        long weights = 0, trainable = 0, largest = 0;
        foreach (var v in model.Weights)
        {
            weights += v.Shape.Size;
            largest = Math.Max(largest, v.Shape.Size);
        }

        foreach (var v in model.TrainableVariables)
        {
            trainable += v.Shape.Size;
        }

        long perSample = 0;
        foreach (var layer in model.AllLayers())
        {
            foreach (var shape in layer.OutputShapes)
            {
                perSample += shape.Size;
            }
        }

        long batch = 0;
        foreach (var shape in model.InputShapes.Concat(model.OutputShapes))
        {
            batch += shape.Size;
        }

        return new MemoryEstimate(
            Weights: weights * Float,
            Gradients: trainable * Float,
            OptimizerState: trainable * optimizer.SlotsPerWeight * Float,
            WeightCopies: 2 * weights * Float,
            Activations: Saturating(perSample * FloatsPerActivation * Float, batchSize),
            Batch: Saturating(batch * Float, batchSize),
            // The packed and transposed copies a product makes of its largest operand.
            Scratch: 2 * largest * Float,
            Probes: ((trainable * (optimizer.SlotsPerWeight + 1)) + weights) * Float,
            OptimizerName: optimizer.Name);
    }

    private static long Saturating(long a, long b) => b != 0 && a > long.MaxValue / b ? long.MaxValue / 2 : a * b;

    /// <summary>The memory the process may use: the GC's limit, which honours a container's and DOTNET_GCHeapHardLimit.</summary>
    public static long AvailableBytes() => GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;

    /// <summary>
    /// Throws a <see cref="MemoryBudgetException"/> when the estimate passes <paramref name="maxBytes"/> (a limit the user
    /// set, when given) or the memory available, saying how much the check needs and what it has.
    /// </summary>
    public void EnsureFits(long? maxBytes)
    {
        var limit = MemoryLimit.Of(maxBytes);
        if (Bytes > limit.Bytes)
        {
            throw new MemoryBudgetException(
                $"The check needs about {Describe()} but {limit.Has}; use a smaller model or batch{(limit.SetByUser ? ", or raise the limit" : string.Empty)}.", this, limit.Bytes, limit.SetByUser);
        }
    }

    /// <summary><c>10.3 GB (weights 0.6 GB, Adam state 1.2 GB, activations ..., ...)</c>: the total and its biggest parts.</summary>
    public string Describe()
    {
        var parts = new (string Name, long Bytes)[]
        {
            ("weights", Weights), ("gradients", Gradients), ($"{OptimizerName} state", OptimizerState), ("weight copies", WeightCopies),
            ("activations", Activations), ("batch", Batch), ("scratch", Scratch), ("probes", Probes),
        };
        return $"{Format(Bytes)} ({string.Join(", ", parts.Where(p => p.Bytes > 0).Select(p => $"{p.Name} {Format(p.Bytes)}"))})";
    }

    /// <summary>Bytes as a person reads them: <c>512 B</c>, <c>3.2 MB</c>, <c>10.3 GB</c> (decimal units).</summary>
    public static string Format(long bytes)
    {
        var inv = CultureInfo.InvariantCulture;
        return bytes switch
        {
            < 1000 => $"{bytes} B",
            < 1_000_000 => $"{(bytes / 1e3).ToString("0.#", inv)} kB",
            < 1_000_000_000 => $"{(bytes / 1e6).ToString("0.#", inv)} MB",
            < 1_000_000_000_000 => $"{(bytes / 1e9).ToString("0.#", inv)} GB",
            _ => $"{(bytes / 1e12).ToString("0.#", inv)} TB",
        };
    }
}
