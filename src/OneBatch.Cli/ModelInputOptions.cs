using System.CommandLine;
using System.Globalization;
using OneBatch.IO;
using OneBatch.IO.Keras;
using OneBatch.Losses;

namespace OneBatch.Cli;

/// <summary>
/// The options that name the user's own model and batch (<c>--model [--x X --y Y | --batch-size N] [--weights W]
/// [--fresh-weights] [--loss L] [--from-logits] [--target-column C]</c>), and their checks against each other: what
/// <c>check</c> and <c>sweep</c> both take, stated once.
/// </summary>
internal sealed class ModelInputOptions
{
    private readonly Option<string?> _model;
    private readonly Option<string?> _x = new("--x") { CustomParser = OptionValue.FileName, Description = "The inputs (.npy); or a .npz holding x and y; or a .csv holding features and target; for several inputs, a .npz with an array named after each input layer; a .npy alone for an autoencoder (targets = inputs); without --x, a synthetic batch made from the model's shapes" };
    private readonly Option<string?> _y = new("--y") { CustomParser = OptionValue.FileName, Description = "The targets (.npy, .npz or .csv); for several outputs, a .npz with an array named after each output layer; not needed when --x holds them" };
    private readonly Option<string?> _weights = new("--weights") { CustomParser = OptionValue.FileName, Description = "Initial weights: what model.save_weights() wrote (Keras 1/2 .h5, Keras 3 .weights.h5), a .keras, or a .npz of model.get_weights() (np.savez(path, *model.get_weights()))" };
    private readonly Option<bool> _freshWeights = new("--fresh-weights") { Description = "Start from weights drawn from the model's initializers, not the weights the model file holds (for a model already trained)" };
    private readonly Option<string?> _loss = new("--loss") { CustomParser = OptionValue.Text, Description = $"{Loss.Registry.Describe()}, for every output (default: the model file's)" };
    private readonly Option<bool> _fromLogits = new("--from-logits") { Description = "The model outputs logits (no softmax/sigmoid)" };
    private readonly Option<string?> _targetColumn = new("--target-column") { CustomParser = OptionValue.Text, Description = "The target column of a .csv given as --x (default: the last)" };
    private readonly Option<int> _batchSize = new("--batch-size") { CustomParser = OptionValue.Int, Description = "Samples of the synthetic batch made when --x is not given", DefaultValueFactory = _ => Check.SyntheticBatch.DefaultBatchSize };

    /// <param name="modelRequired">False for a command that can also run on a demo instead (its parser then cannot require --model).</param>
    public ModelInputOptions(bool modelRequired)
    {
        _model = new Option<string?>("--model") { CustomParser = OptionValue.FileName, Description = "The model: a Keras 3 .keras, a Keras 2 full-model .h5 (model.save), JSON from model.to_json() (Keras 1, 2 or 3, Sequential or Functional), or a TensorFlow.js model.json (its weight shards beside it); files that hold weights start the check from them", Required = modelRequired };
    }

    public void AddTo(Command command)
    {
        command.Options.Add(_model);
        command.Options.Add(_x);
        command.Options.Add(_y);
        command.Options.Add(_weights);
        command.Options.Add(_freshWeights);
        command.Options.Add(_loss);
        command.Options.Add(_fromLogits);
        command.Options.Add(_targetColumn);
        command.Options.Add(_batchSize);
    }

    /// <summary>True when --model was given.</summary>
    public bool HasModel(ParseResult parse) => parse.GetValue(_model) is not null;

    /// <summary>The files to load, once the options agree with each other (else a <see cref="UsageException"/>).</summary>
    public CheckFiles Read(ParseResult parse, OptimizerSettings optimizer)
    {
        string model = parse.GetValue(_model) ?? throw new UsageException("--model is missing: name the model file.");
        int samples = parse.GetValue(_batchSize);
        if (samples < 1)
        {
            throw new UsageException(string.Create(CultureInfo.InvariantCulture, $"--batch-size must be at least 1; got {samples}."));
        }

        if (parse.GetValue(_x) is null && parse.GetValue(_y) is not null)
        {
            throw new UsageException("--y was given without --x: give the inputs too, or neither for a synthetic batch.");
        }

        if (parse.GetValue(_x) is not null && parse.GetResult(_batchSize) is { Implicit: false })
        {
            throw new UsageException("--batch-size sizes the synthetic batch made when --x is not given; the batch in --x has its own size.");
        }

        if (parse.GetValue(_freshWeights) && parse.GetValue(_weights) is not null)
        {
            throw new UsageException("--fresh-weights draws the initial weights from the model's initializers, so it cannot be given with --weights.");
        }

        return new CheckFiles(
            model, parse.GetValue(_x), parse.GetValue(_y), parse.GetValue(_weights),
            parse.GetValue(_loss), parse.GetValue(_fromLogits), parse.GetValue(_targetColumn)) { BatchSize = samples, FreshWeights = parse.GetValue(_freshWeights), Optimizer = optimizer };
    }
}
