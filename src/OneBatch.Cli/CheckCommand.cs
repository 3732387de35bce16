using System.CommandLine;
using OneBatch.IO;

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
        var inputs = new ModelInputOptions(modelRequired: true);
        var noIsolate = new Option<bool>("--no-isolate") { Description = "On a failure, do not retrain with one component changed at a time to find the likely cause" };
        inputs.AddTo(command);
        command.Options.Add(noIsolate);
        options.AddTo(command);
        command.SetAction(parse => OneBatchCli.Guarded(stderr, () =>
        {
            var settings = options.Read(parse);
            var files = inputs.Read(parse, settings.Optimizer) with { MaxMemory = settings.MaxMemory };
            OutputTargets.CheckNotInputs(settings.ReportPath, settings.PlotPath, files);
            return CheckRunner.Run(CheckCaseLoader.Load(files, settings.Seed), settings, stdout, stderr, interactive, isolate: !parse.GetValue(noIsolate));
        }));
        return command;
    }
}
