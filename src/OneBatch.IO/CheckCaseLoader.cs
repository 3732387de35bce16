using OneBatch.Check;
using OneBatch.IO.Data;
using OneBatch.IO.Keras;
using OneBatch.Losses;
using OneBatch.Tensors;

namespace OneBatch.IO;

/// <summary>The files and settings a check on the user's own model starts from.</summary>
/// <param name="Model">The Keras model file.</param>
/// <param name="X">
/// The inputs (or the whole batch: a .npz of x and y, a .csv of features and target); null for a synthetic batch made
/// from the model's shapes (<see cref="SyntheticBatch"/>). A .npy alone for a model whose output has its input's shape
/// (an autoencoder) is inputs and targets both.
/// </param>
/// <param name="Y">The targets, when not in <paramref name="X"/>.</param>
/// <param name="Weights">
/// Initial weights: a Keras weights file (<c>.h5</c>, <c>.weights.h5</c>, <c>.keras</c>) or a <c>.npz</c> in Keras's
/// <c>get_weights()</c> order; without it, the weights the model file carries, if any.
/// </param>
/// <param name="Loss">One loss for every output, instead of the file's.</param>
/// <param name="FromLogits">The model outputs logits (with <paramref name="Loss"/>).</param>
/// <param name="TargetColumn">The target column of a .csv given alone.</param>
public sealed record CheckFiles(string Model, string? X, string? Y = null, string? Weights = null, string? Loss = null, bool FromLogits = false, string? TargetColumn = null)
{
    /// <summary>The samples of a synthetic batch (when <see cref="X"/> is null).</summary>
    public int BatchSize { get; init; } = SyntheticBatch.DefaultBatchSize;

    /// <summary>Draw the initial weights from the config's initializers even when the model file carries weights.</summary>
    public bool FreshWeights { get; init; }

    /// <summary>The most memory the check may need, in bytes (null: what the machine has available); see <see cref="MemoryEstimate"/>.</summary>
    public long? MaxMemory { get; init; }

    /// <summary>The optimizer settings given on the command line, over the model file's compiled optimizer.</summary>
    public OptimizerSettings Optimizer { get; init; } = new();
}

/// <summary>
/// Loads a model and its batch from files into a <see cref="CheckCase"/>, checking everything before any training, in
/// the order a user would fix it: the files exist, the model file reads, the batch reads (an array per input and
/// output, matched by name), the model's layers build for it, the model has a loss, the initial weights fit, the
/// targets fit each output's loss. Every failure is an <see cref="InputException"/> whose <see cref="InputException.Part"/> says which input
/// is at fault (<c>model</c>, <c>x</c>, <c>y</c>, <c>weights</c>, <c>loss</c>).
/// </summary>
public static class CheckCaseLoader
{
    public static CheckCase Load(CheckFiles files, int seed = 0)
    {
        ArgumentNullException.ThrowIfNull(files);
        try
        {
            return LoadChecked(files, seed);
        }
        catch (ArgumentException e)
        {
            // The engine refused what the files describe (a layer setting, a shape): the model file is at fault.
            throw new InputException($"'{files.Model}': {e.Sentence()}", e) { Part = "model" };
        }
    }

    private static CheckCase LoadChecked(CheckFiles files, int seed)
    {
        RequireFile("model", files.Model);
        if (files.X is null && files.Y is not null)
        {
            throw new InputException($"targets ('{files.Y}') were given without inputs: give the inputs too, or neither for a synthetic batch.") { Part = "x" };
        }

        if (files.X is not null)
        {
            RequireFile("x", files.X);
        }

        if (files.Y is not null)
        {
            RequireFile("y", files.Y);
        }

        if (files.Weights is not null)
        {
            RequireFile("weights", files.Weights);
        }

        EnsureBatchFilesFit(files);
        var file = For("model", () => KerasModelFile.Load(files.Model));
        if (files.X is not string xPath)
        {
            return LoadSynthetic(files, file, seed);
        }

        // A .npy of inputs alone may be an autoencoder's whole batch: read it as the targets too, and keep it so only
        // once the built model's output turns out to have the input's shape.
        bool inputsAsTargets = files.Y is null && files.TargetColumn is null && file.InputNames.Count == 1 && file.OutputNames.Count == 1
            && Path.GetExtension(xPath).Equals(".npy", StringComparison.OrdinalIgnoreCase);
        var batch = For(files.Y is null ? "x" : null, () => BatchLoader.Load(xPath, inputsAsTargets ? xPath : files.Y, files.TargetColumn, file.InputNames, file.OutputNames));
        var samples = batch.Inputs.Select(x => x.Shape.DropFirst()).ToArray();
        if (samples.Length != file.InputNames.Count)
        {
            throw new InputException($"'{files.Model}' has {file.InputNames.Count} inputs but the batch has {samples.Length}.") { Part = "x" };
        }

        var estimate = Estimate(files, file, samples, batch.Inputs[0].Shape[0]);
        var imported = For("model", () => file.Build(seed, samples));
        var model = imported.Model;
        if (!model.Built)
        {
            try
            {
                model.Build(samples, new RandomGenerator(seed));
            }
            catch (ArgumentException e)
            {
                throw new InputException($"samples of shape {samples[0]} from {batch.XSource} do not fit the model in '{files.Model}': {e.Sentence()}") { Part = "x" };
            }
        }

        var notes = new List<string>(file.Notes);
        if (inputsAsTargets)
        {
            if (model.OutputShapes[0] != model.InputShapes[0])
            {
                throw new InputException($"'{xPath}' holds only the inputs; give the targets too (a .npz with arrays x and y, or a .csv with a target column, needs nothing else).") { Part = "x" };
            }

            notes.Add($"No targets were given and the model's output has the shape of its input ({model.OutputShapes[0]}), as an autoencoder's does: the inputs in '{xPath}' are the targets.");
        }

        var loss = Losses(files, file);
        for (int i = 0; i < samples.Length; i++)
        {
            if (model.InputShapes[i] != samples[i])
            {
                string which = samples.Length == 1 ? string.Empty : $" for its input '{file.InputNames[i]}'";
                throw new InputException($"{batch.InputSources[i]} holds samples of shape {samples[i]} but the model in '{files.Model}' expects {model.InputShapes[i]}{which}.") { Part = "x" };
            }
        }

        CheckTokenIds(model, batch);
        var (fresh, from) = LoadWeights(files, file, imported);
        var (optimizer, optimizerSources) = OptimizerChoice.Choose(files.Optimizer, file.Optimizer, file.Source);
        for (int o = 0; o < loss.Count; o++)
        {
            if (loss.Losses[o].CheckTargets(model.OutputShapes[o], batch.Targets[o], $"The targets in {batch.TargetSources[o]}") is string problem)
            {
                throw new InputException(problem) { Part = "y" };
            }
        }

        var name = Path.GetFileName(files.Model);
        AddWeightsNote(notes, from);
        return new CheckCase(name, model, batch.Inputs, batch.Targets, loss)
        {
            MemoryEstimate = estimate,
            Notes = notes,
            FreshWeights = fresh,
            InitialWeights = from,
            Optimizer = optimizer,
            Settings = [.. Sources(files, loss, from, seed), .. optimizerSources],
        };
    }

    // A batch file too big to read is refused from its headers, before its values are read or inflated.
    private static void EnsureBatchFilesFit(CheckFiles files)
    {
        var limit = MemoryLimit.Of(files.MaxMemory);
        foreach (var (part, path) in new[] { ("x", files.X), ("y", files.Y) })
        {
            if (path is not null && BatchLoader.ReadingBytes(path) is long needed && needed > limit.Bytes)
            {
                throw new InputException($"reading '{path}' needs about {MemoryEstimate.Format(needed)} but {limit.Has}.")
                {
                    Part = limit.SetByUser ? "max-memory" : part,
                };
            }
        }
    }

    // What the check will need, from a dry run of the model's build (shapes, no weights): refused before the real
    // build when it passes --max-memory or what the machine has.
    private static MemoryEstimate Estimate(CheckFiles files, KerasModelFile file, IReadOnlyList<Shape> samples, long batchSize)
    {
        var plan = For("model", () => file.DryRun(samples));
        var (optimizer, _) = OptimizerChoice.Choose(files.Optimizer, file.Optimizer, file.Source);
        var estimate = MemoryEstimate.For(plan, batchSize, optimizer);
        try
        {
            estimate.EnsureFits(files.MaxMemory);
        }
        catch (MemoryBudgetException e)
        {
            throw new InputException($"'{files.Model}' on a batch of {batchSize:N0}: {char.ToLowerInvariant(e.Message[0])}{e.Message[1..]}", e)
            {
                Part = e.UserLimit ? "max-memory" : "model",
            };
        }

        return estimate;
    }

    // No batch given: one made from the shapes the model file declares, the targets from each output's loss.
    private static CheckCase LoadSynthetic(CheckFiles files, KerasModelFile file, int seed)
    {
        if (files.BatchSize < 1)
        {
            throw new InputException($"the batch size must be at least 1; got {files.BatchSize}.") { Part = "batch-size" };
        }

        var samples = new Shape[file.InputNames.Count];
        var open = new List<string>();
        for (int i = 0; i < samples.Length; i++)
        {
            string which = samples.Length == 1 ? "its input" : $"its input '{file.InputNames[i]}'";
            if (file.DeclaredInputShapes[i] is not { } declared)
            {
                throw new InputException(
                    $"'{files.Model}' does not declare the shape of {which}, so no synthetic batch can be made for it: give a batch (inputs and targets).") { Part = "x" };
            }

            // A size the file leaves open (a text model's sequence length, a fully convolutional model's image size).
            if (declared.Any(d => d is null))
            {
                open.Add($"{which} {Declared(declared)}");
            }

            samples[i] = new Shape(declared.Select(d => d ?? SyntheticBatch.OpenSize).ToArray());
        }

        var estimate = Estimate(files, file, samples, files.BatchSize);
        var imported = For("model", () => file.Build(seed, samples));
        var model = imported.Model;
        if (!model.Built)
        {
            model.Build(samples, new RandomGenerator(seed));
        }

        var loss = Losses(files, file);
        var (fresh, from) = LoadWeights(files, file, imported);
        var (optimizer, optimizerSources) = OptimizerChoice.Choose(files.Optimizer, file.Optimizer, file.Source);

        // The seed demos draw their batch from a generator of the same seed as the weights: so does this, so the
        // seed's models read from files get the seed's batch.
        var synthetic = SyntheticBatch.For(model, loss, files.BatchSize, new RandomGenerator(seed));
        var notes = new List<string>(file.Notes) { synthetic.Description };
        if (open.Count > 0)
        {
            notes.Add($"The model leaves sizes open ({string.Join("; ", open)}): the synthetic batch gives each {SyntheticBatch.OpenSize}; give a batch for other sizes.");
        }

        AddWeightsNote(notes, from);
        return new CheckCase(Path.GetFileName(files.Model), model, synthetic.Inputs, synthetic.Targets, loss)
        {
            MemoryEstimate = estimate,
            Notes = notes,
            InitialWeights = from,
            Optimizer = optimizer,
            Settings = [.. Sources(files, loss, from, seed), .. optimizerSources],
            Synthetic = true,
            FreshWeights = fresh,
        };
    }

    private static string Declared(int?[]? shape) =>
        shape is null ? "none" : $"({string.Join(", ", shape.Select(d => d?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "None"))})";

    // Sets the initial weights: those given, else those the model file carries (unless fresh ones are asked for). Returns
    // the weights drawn from the config that they replace, and where they came from (both null when drawn).
    private static (IReadOnlyList<float[]>? Fresh, string? From) LoadWeights(CheckFiles files, KerasModelFile file, ImportedModel imported)
    {
        var model = imported.Model;
        var carried = files.FreshWeights ? null : file.Weights;
        if (files.Weights is null && carried is null && imported.UnsupportedInitializers.Count > 0)
        {
            throw new InputException(
                $"In '{files.Model}', {imported.UnsupportedInitializers[0]}, which OneBatch does not have, so it cannot draw the initial weights: give them (--weights with a Keras weights file or a .npz of model.get_weights()).") { Part = "model" };
        }

        if (files.Weights is null && carried is null)
        {
            return (null, null);
        }

        var drawn = model.GetWeights();
        if (files.Weights is string w)
        {
            For("weights", () => KerasWeights.Load(w, model, imported.ClassNames));
            return (drawn, $"'{w}'");
        }

        For("model", () => carried!.Assign(model, imported.ClassNames));
        return (drawn, carried!.Description);
    }

    // Where the loss and the initial weights came from.
    private static SettingSource[] Sources(CheckFiles files, CompiledLoss loss, string? weightsFrom, int seed) =>
    [
        new("loss", loss.ToString(), files.Loss is null ? SettingSource.File : SettingSource.CommandLine),
        weightsFrom is null
            ? new("initialWeights", $"drawn from the model's initializers (seed {seed})", SettingSource.Default)
            : new("initialWeights", weightsFrom, files.Weights is null ? SettingSource.File : SettingSource.CommandLine),
    ];

    private static void AddWeightsNote(List<string> notes, string? from)
    {
        if (from is not null)
        {
            notes.Add($"The check starts from the weights in {from}, not from weights drawn from the model's initializers.");
        }
    }

    // An input read by an Embedding (directly, or through layers that only rearrange it) holds token ids: whole numbers
    // below the vocabulary size; with mask_zero, every sample needs a real token, or its masked mean is 0/0.
    private static void CheckTokenIds(Models.Model model, Batch batch)
    {
        foreach (var call in model.LayerGraph().Calls)
        {
            if (Layers.Embedding.Of(call.Layer) is not { } embedding)
            {
                continue;
            }

            foreach (int input in call.InputsReadUnchanged())
            {
                var ids = batch.Inputs[input];
                var values = ids.ReadOnlySpan;
                int perSample = ids.Size / ids.Shape[0];
                for (int i = 0; i < values.Length; i++)
                {
                    float v = values[i];
                    if (v != MathF.Floor(v) || v < 0 || v >= embedding.InputDim)
                    {
                        throw new InputException(
                            $"{batch.InputSources[input]} holds {v} at sample {i / perSample}, position {i % perSample}, which is not a token id in [0, {embedding.InputDim}) for the Embedding '{embedding.Name}'.") { Part = "x" };
                    }
                }

                for (int n = 0; embedding.MaskZero && n < ids.Shape[0]; n++)
                {
                    if (!values.Slice(n * perSample, perSample).ContainsAnyExcept(0f))
                    {
                        throw new InputException(
                            $"Sample {n} of {batch.InputSources[input]} is all padding (id 0), which the Embedding '{embedding.Name}' masks out entirely (mask_zero): it has no step to learn from.") { Part = "x" };
                    }
                }
            }
        }
    }

    // One --loss for every output, or the file's loss per output.
    private static CompiledLoss Losses(CheckFiles files, KerasModelFile file)
    {
        var outputs = file.OutputNames;
        if (files.Loss is string given)
        {
            var loss = Make(given, new LossSettings { FromLogits = files.FromLogits }, $"unknown loss '{given}'", "--loss");
            return new CompiledLoss(Enumerable.Repeat(loss, outputs.Count).ToArray(), file.LossWeights);
        }

        if (file.Losses is not { } specs)
        {
            throw new InputException($"'{files.Model}' names no loss (it has no training or compile config); give one of {Loss.Registry.Describe(", ")}.") { Part = "loss" };
        }

        var losses = new Loss[outputs.Count];
        for (int o = 0; o < losses.Length; o++)
        {
            var spec = specs[o] ?? throw new InputException(
                $"'{files.Model}' gives no loss for the model's output '{outputs[o]}'; give one loss for every output, one of {Loss.Registry.Describe(", ")}.") { Part = "loss" };
            losses[o] = Make(spec.Name, spec.Settings(files.FromLogits), $"'{files.Model}' names the loss '{spec.Name}', which OneBatch does not have", $"'{files.Model}'");
        }

        return new CompiledLoss(losses, file.LossWeights);
    }

    private static Loss Make(string name, LossSettings settings, string unknown, string source)
    {
        if (!Loss.Registry.TryGet(name, out _))
        {
            throw new InputException($"{unknown}; choose one of {Loss.Registry.Describe(", ")}.") { Part = "loss" };
        }

        try
        {
            return Loss.Get(name, settings);
        }
        catch (ArgumentException e)
        {
            // A setting the loss does not take (label_smoothing on mse, ...).
            throw new InputException($"{source}: {char.ToLowerInvariant(e.Message[0])}{e.Message[1..]}") { Part = "loss" };
        }
    }

    private static void RequireFile(string part, string path)
    {
        if (!File.Exists(path))
        {
            throw new InputException(Directory.Exists(path) ? $"'{path}' is a folder, not a file." : $"the file '{path}' does not exist.") { Part = part };
        }
    }

    // Tags what a reader throws with the part it read, unless the reader knew better.
    private static T For<T>(string? part, Func<T> read)
    {
        try
        {
            return read();
        }
        catch (InputException e) when (e.Part is null && part is not null)
        {
            throw new InputException(e.Message, e) { Part = part };
        }
    }

    private static void For(string part, Action read) => For(part, () =>
    {
        read();
        return true;
    });
}
