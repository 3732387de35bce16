using System.CommandLine;
using OneBatch.IO;
using OneBatch.Losses;

namespace OneBatch.Cli;

/// <summary>
/// <c>onebatch check --model MODEL [--x X.npy --y Y.npy | --batch-size N] [--weights W] [--fresh-weights] [--loss NAME] [--from-logits] [--no-isolate]</c>:
/// the single-batch check on the user's own Keras model and batch, or on a synthetic batch made from the model's
/// shapes when no batch is given; on a failure, the cause is isolated (<see cref="Check.Isolation"/>) unless
/// <c>--no-isolate</c>. Every input is read and checked before training
/// starts (by <see cref="CheckCaseLoader"/>), so bad input stops the run with one sentence and no file written.
/// </summary>
internal static class CheckCommand
{
    public static Command Create(CommonOptions options, TextWriter stdout, TextWriter stderr, bool interactive)
    {
        var command = new Command("check", "Check your own model: a Keras model file (.keras, .h5, JSON or TensorFlow.js) and one batch (.npy, .npz or .csv).");
        var model = new Option<string>("--model") { Description = "The model: a Keras 3 .keras, a Keras 2 full-model .h5 (model.save), JSON from model.to_json() (Keras 1, 2 or 3, Sequential or Functional), or a TensorFlow.js model.json (its weight shards beside it); files that hold weights start the check from them", Required = true };
        var x = new Option<string?>("--x") { Description = "The inputs (.npy); or a .npz holding x and y; or a .csv holding features and target; for several inputs, a .npz with an array named after each input layer; a .npy alone for an autoencoder (targets = inputs); without --x, a synthetic batch made from the model's shapes" };
        var y = new Option<string?>("--y") { Description = "The targets (.npy, .npz or .csv); for several outputs, a .npz with an array named after each output layer; not needed when --x holds them" };
        var weights = new Option<string?>("--weights") { Description = "Initial weights: what model.save_weights() wrote (Keras 1/2 .h5, Keras 3 .weights.h5), a .keras, or a .npz of model.get_weights() (np.savez(path, *model.get_weights()))" };
        var freshWeights = new Option<bool>("--fresh-weights") { Description = "Start from weights drawn from the model's initializers, not the weights the model file holds (for a model already trained)" };
        var loss = new Option<string?>("--loss") { Description = $"{Loss.Registry.Describe()}, for every output (default: the model file's)" };
        var fromLogits = new Option<bool>("--from-logits") { Description = "The model outputs logits (no softmax/sigmoid)" };
        var targetColumn = new Option<string?>("--target-column") { Description = "The target column of a .csv given as --x (default: the last)" };
        var batchSize = new Option<int>("--batch-size") { Description = "Samples of the synthetic batch made when --x is not given", DefaultValueFactory = _ => Check.SyntheticBatch.DefaultBatchSize };
        var noIsolate = new Option<bool>("--no-isolate") { Description = "On a failure, do not retrain with one component changed at a time to find the likely cause" };
        command.Options.Add(model);
        command.Options.Add(x);
        command.Options.Add(y);
        command.Options.Add(weights);
        command.Options.Add(freshWeights);
        command.Options.Add(loss);
        command.Options.Add(fromLogits);
        command.Options.Add(targetColumn);
        command.Options.Add(batchSize);
        command.Options.Add(noIsolate);
        options.AddTo(command);
        command.SetAction(parse => OneBatchCli.Guarded(stderr, () =>
        {
            var settings = options.Read(parse);
            int samples = parse.GetValue(batchSize);
            if (samples < 1)
            {
                throw new UsageException($"--batch-size must be at least 1; got {samples}.");
            }

            if (parse.GetValue(x) is null && parse.GetValue(y) is not null)
            {
                throw new UsageException("--y was given without --x: give the inputs too, or neither for a synthetic batch.");
            }

            if (parse.GetValue(x) is not null && parse.GetResult(batchSize) is { Implicit: false })
            {
                throw new UsageException("--batch-size sizes the synthetic batch made when --x is not given; the batch in --x has its own size.");
            }

            if (parse.GetValue(freshWeights) && parse.GetValue(weights) is not null)
            {
                throw new UsageException("--fresh-weights draws the initial weights from the model's initializers, so it cannot be given with --weights.");
            }

            var files = new CheckFiles(
                parse.GetValue(model)!, parse.GetValue(x), parse.GetValue(y), parse.GetValue(weights),
                parse.GetValue(loss), parse.GetValue(fromLogits), parse.GetValue(targetColumn)) { BatchSize = samples, FreshWeights = parse.GetValue(freshWeights), Optimizer = settings.Optimizer };
            return CheckRunner.Run(CheckCaseLoader.Load(files, settings.Seed), settings, stdout, stderr, interactive, isolate: !parse.GetValue(noIsolate));
        }));
        return command;
    }
}
