using OneBatch.Check;
using OneBatch.IO.Data;
using OneBatch.IO.Keras;
using OneBatch.Losses;
using OneBatch.Tensors;

namespace OneBatch.IO;

/// <summary>The files and settings a check on the user's own model starts from.</summary>
/// <param name="Model">The Keras model file.</param>
/// <param name="X">The inputs (or the whole batch: a .npz of x and y, a .csv of features and target).</param>
/// <param name="Y">The targets, when not in <paramref name="X"/>.</param>
/// <param name="Weights">Initial weights, in Keras's <c>get_weights()</c> order.</param>
/// <param name="Loss">One loss for every output, instead of the file's.</param>
/// <param name="FromLogits">The model outputs logits (with <paramref name="Loss"/>).</param>
/// <param name="TargetColumn">The target column of a .csv given alone.</param>
public sealed record CheckFiles(string Model, string X, string? Y = null, string? Weights = null, string? Loss = null, bool FromLogits = false, string? TargetColumn = null);

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
        RequireFile("x", files.X);
        if (files.Y is not null)
        {
            RequireFile("y", files.Y);
        }

        if (files.Weights is not null)
        {
            RequireFile("weights", files.Weights);
        }

        var file = For("model", () => KerasModelFile.Load(files.Model));
        var batch = For(files.Y is null ? "x" : null, () => BatchLoader.Load(files.X, files.Y, files.TargetColumn, file.InputNames, file.OutputNames));
        var samples = batch.Inputs.Select(x => x.Shape.DropFirst()).ToArray();
        if (samples.Length != file.InputNames.Count)
        {
            throw new InputException($"'{files.Model}' has {file.InputNames.Count} inputs but the batch has {samples.Length}.") { Part = "x" };
        }

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
        if (files.Weights is null && imported.UnsupportedInitializers.Count > 0)
        {
            throw new InputException($"In '{files.Model}', {imported.UnsupportedInitializers[0]}, which OneBatch does not have, so it cannot draw the initial weights: give them (a .npz of model.get_weights()).") { Part = "model" };
        }

        if (files.Weights is string w)
        {
            For("weights", () => KerasWeights.Load(w, model));
        }

        for (int o = 0; o < loss.Count; o++)
        {
            if (loss.Losses[o].CheckTargets(model.OutputShapes[o], batch.Targets[o], $"The targets in {batch.TargetSources[o]}") is string problem)
            {
                throw new InputException(problem) { Part = "y" };
            }
        }

        var name = Path.GetFileName(files.Model);
        return new CheckCase(name, model, batch.Inputs, batch.Targets, loss);
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
            var loss = Make(given, files.FromLogits, $"unknown loss '{given}'");
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
            losses[o] = Make(spec.Name, files.FromLogits || spec.FromLogits, $"'{files.Model}' names the loss '{spec.Name}', which OneBatch does not have");
        }

        return new CompiledLoss(losses, file.LossWeights);
    }

    private static Loss Make(string name, bool fromLogits, string unknown)
    {
        try
        {
            return Loss.Get(name, fromLogits);
        }
        catch (ArgumentException)
        {
            throw new InputException($"{unknown}; choose one of {Loss.Registry.Describe(", ")}.") { Part = "loss" };
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
