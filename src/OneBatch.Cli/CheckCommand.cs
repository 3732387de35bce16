using System.CommandLine;
using OneBatch.Check;
using OneBatch.IO;
using OneBatch.IO.Data;
using OneBatch.IO.Keras;
using OneBatch.Losses;
using OneBatch.Tensors;

namespace OneBatch.Cli;

/// <summary>
/// <c>onebatch check --model MODEL.json --x X.npy --y Y.npy [--weights W.npz] [--loss NAME] [--from-logits]</c>:
/// the single-batch check on the user's own Keras model and batch. Every input is read and checked before training
/// starts, so bad input stops the run with one sentence and no file written.
/// </summary>
internal static class CheckCommand
{
    public static Command Create(CommonOptions options, TextWriter stdout, TextWriter stderr, bool interactive)
    {
        var command = new Command("check", "Check your own model: a Keras model JSON and one batch (.npy, .npz or .csv).");
        var model = new Option<string>("--model") { Description = "The model: JSON from Keras's model.to_json() (tf.keras 2 or Keras 3) or TensorFlow.js", Required = true };
        var x = new Option<string>("--x") { Description = "The inputs (.npy); or a .npz holding x and y; or a .csv holding features and target", Required = true };
        var y = new Option<string?>("--y") { Description = "The targets (.npy, .npz or .csv); not needed when --x holds them" };
        var weights = new Option<string?>("--weights") { Description = "Initial weights: a .npz of model.get_weights() (np.savez(path, *model.get_weights()))" };
        var loss = new Option<string?>("--loss") { Description = "mse | mae | categorical_crossentropy | sparse_categorical_crossentropy | binary_crossentropy (default: the model file's)" };
        var fromLogits = new Option<bool>("--from-logits") { Description = "The model outputs logits (no softmax/sigmoid)" };
        var targetColumn = new Option<string?>("--target-column") { Description = "The target column of a .csv given as --x (default: the last)" };
        command.Options.Add(model);
        command.Options.Add(x);
        command.Options.Add(y);
        command.Options.Add(weights);
        command.Options.Add(loss);
        command.Options.Add(fromLogits);
        command.Options.Add(targetColumn);
        options.AddTo(command);
        command.SetAction(parse => OneBatchCli.Guarded(stderr, () =>
        {
            var settings = options.Read(parse);
            var inputs = new CheckInputs(
                parse.GetValue(model)!, parse.GetValue(x)!, parse.GetValue(y), parse.GetValue(weights),
                parse.GetValue(loss), parse.GetValue(fromLogits), parse.GetValue(targetColumn));
            return OneBatchCli.RunCheck(Prepare(inputs, settings.Seed), settings, stdout, stderr, interactive);
        }));
        return command;
    }

    /// <summary>Reads and checks everything the check needs, in the order a user would fix it.</summary>
    internal static Demo Prepare(CheckInputs a, int seed)
    {
        RequireFile("--model", a.Model);
        RequireFile("--x", a.X);
        if (a.Y is not null)
        {
            RequireFile("--y", a.Y);
        }

        if (a.Weights is not null)
        {
            RequireFile("--weights", a.Weights);
        }

        var imported = For("--model", () => KerasModelJson.Load(a.Model, seed));
        var lossFn = ResolveLoss(a, imported);
        var batch = For(a.Y is null ? "--x" : "--x/--y", () => BatchLoader.Load(a.X, a.Y, a.TargetColumn));
        var net = imported.Model;
        var sample = batch.X.Shape.DropFirst();
        if (!net.Built)
        {
            try
            {
                net.Build(sample, new RandomGenerator(seed));
            }
            catch (ArgumentException e)
            {
                throw new UsageException($"--x: samples of shape {sample} from {batch.XSource} do not fit the model in '{a.Model}': {e.Message}");
            }
        }
        else if (net.InputShape is Shape expected && expected != sample)
        {
            throw new UsageException($"--x: {batch.XSource} holds samples of shape {sample} but the model in '{a.Model}' expects {expected}.");
        }

        if (a.Weights is null && imported.UnsupportedInitializers.Count > 0)
        {
            throw new UsageException($"--model: in '{a.Model}', {imported.UnsupportedInitializers[0]}, which OneBatch does not have; give the initial weights with --weights W.npz.");
        }

        if (a.Weights is string w)
        {
            For("--weights", () => KerasWeights.Load(w, net));
        }

        For("--y", () => TargetShapes.Validate(lossFn, net.OutputShape!.Value, batch.Y, batch.YSource));
        return new Demo(Path.GetFileName(a.Model), net, batch.X, batch.Y, lossFn);
    }

    private static Loss ResolveLoss(CheckInputs a, ImportedModel imported)
    {
        string? name = a.Loss ?? imported.Loss;
        if (name is null)
        {
            throw new UsageException($"--loss is required: '{a.Model}' names no loss (it has no training or compile config); give one of {string.Join(", ", Loss.KnownNames)}.");
        }

        try
        {
            return Loss.Get(name, a.FromLogits || (a.Loss is null && imported.FromLogits));
        }
        catch (ArgumentException)
        {
            string what = a.Loss is null ? $"'{a.Model}' names the loss '{name}', which OneBatch does not have" : $"unknown loss '{name}'";
            throw new UsageException($"--loss: {what}; choose one of {string.Join(", ", Loss.KnownNames)}.");
        }
    }

    private static void RequireFile(string option, string path)
    {
        if (!File.Exists(path))
        {
            throw new UsageException(Directory.Exists(path) ? $"{option}: '{path}' is a folder, not a file." : $"{option}: the file '{path}' does not exist.");
        }
    }

    private static T For<T>(string option, Func<T> read)
    {
        try
        {
            return read();
        }
        catch (InputException e)
        {
            throw new UsageException($"{e.Part switch { "x" => "--x", "y" => "--y", _ => option }}: {e.Message}");
        }
    }

    private static void For(string option, Action read) => For(option, () =>
    {
        read();
        return true;
    });
}

/// <summary>The file and loss arguments of <c>check</c>.</summary>
internal sealed record CheckInputs(string Model, string X, string? Y, string? Weights, string? Loss, bool FromLogits, string? TargetColumn);
