using OneBatch.Losses;
using OneBatch.Models;
using OneBatch.Tensors;

namespace OneBatch.Check;

/// <summary>
/// One ready-made single-batch problem: a model, its fixed batch (a tensor per input, a target per output) and its
/// loss. The seed demos make one; the files a user gives are loaded into one.
/// </summary>
public sealed record CheckCase(string Name, Model Model, IReadOnlyList<Tensor> Inputs, IReadOnlyList<Tensor> Targets, CompiledLoss Loss)
{
    /// <summary>A model with one input and one output.</summary>
    public CheckCase(string name, Model model, Tensor x, Tensor y, Loss loss)
        : this(name, model, [x], [y], new CompiledLoss(loss))
    {
    }

    /// <summary>The (first) input batch.</summary>
    public Tensor X => Inputs[0];

    /// <summary>The (first) output's targets.</summary>
    public Tensor Y => Targets[0];

    /// <summary>Remarks from loading the case (where its weights came from, ...), carried into the report.</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];

    /// <summary>True when the batch was made from the model's shapes (<see cref="SyntheticBatch"/>) rather than given.</summary>
    public bool Synthetic { get; init; }

    /// <summary>
    /// The weights drawn from the model's config, kept when given weights replaced them (null otherwise): what the
    /// isolation of a failure retrains from to tell whether the given weights are at fault.
    /// </summary>
    public IReadOnlyList<float[]>? FreshWeights { get; init; }

    /// <summary>Where the initial weights were read from (a file, quoted), or null when they were drawn from the model's initializers.</summary>
    public string? InitialWeights { get; init; }

    /// <summary>The optimizer to train with, when loading the case chose it (the model file's compiled one); null to choose when checking.</summary>
    public Optimizers.Optimizer? Optimizer { get; init; }

    /// <summary>Where the loss, the initial weights and the optimizer's settings came from, for the report.</summary>
    public IReadOnlyList<SettingSource> Settings { get; init; } = [];

    /// <summary>The memory the check was estimated to need before the model was built, when the loader worked it out.</summary>
    public MemoryEstimate? MemoryEstimate { get; init; }
}
