using System.CommandLine;
using OneBatch.IO;
using OneBatch.Losses;

namespace OneBatch.Cli;

/// <summary>
/// <c>onebatch check --model MODEL.json --x X.npy --y Y.npy [--weights W.npz] [--loss NAME] [--from-logits]</c>:
/// the single-batch check on the user's own Keras model and batch. Every input is read and checked before training
/// starts (by <see cref="CheckCaseLoader"/>), so bad input stops the run with one sentence and no file written.
/// </summary>
internal static class CheckCommand
{
    public static Command Create(CommonOptions options, TextWriter stdout, TextWriter stderr, bool interactive)
    {
        var command = new Command("check", "Check your own model: a Keras model JSON and one batch (.npy, .npz or .csv).");
        var model = new Option<string>("--model") { Description = "The model: JSON from Keras's model.to_json() (tf.keras 2 or Keras 3, Sequential or Functional) or TensorFlow.js", Required = true };
        var x = new Option<string>("--x") { Description = "The inputs (.npy); or a .npz holding x and y; or a .csv holding features and target; for several inputs, a .npz with an array named after each input layer", Required = true };
        var y = new Option<string?>("--y") { Description = "The targets (.npy, .npz or .csv); for several outputs, a .npz with an array named after each output layer; not needed when --x holds them" };
        var weights = new Option<string?>("--weights") { Description = "Initial weights: a .npz of model.get_weights() (np.savez(path, *model.get_weights()))" };
        var loss = new Option<string?>("--loss") { Description = $"{Loss.Registry.Describe()}, for every output (default: the model file's)" };
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
            var files = new CheckFiles(
                parse.GetValue(model)!, parse.GetValue(x)!, parse.GetValue(y), parse.GetValue(weights),
                parse.GetValue(loss), parse.GetValue(fromLogits), parse.GetValue(targetColumn));
            return CheckRunner.Run(CheckCaseLoader.Load(files, settings.Seed), settings, stdout, stderr, interactive);
        }));
        return command;
    }
}
